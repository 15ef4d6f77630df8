#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_security_group
short_description: Add, change or remove a security group and, declaratively, its rules
version_added: 0.6.0
description:
  - Makes sure a neutron security group of the project is present with the given description, or absent.
  - With O(rules), the group's rules become exactly those listed. Rules are compared the way neutron compares
    them, whatever the spelling - protocol names or numbers (V(icmpv6) is V(ipv6-icmp) is V(58)), V(any) or V(0)
    or none for every protocol, V(-1) or none or V(1)-V(65535) for every port, a host address with or without
    V(/32), V(0.0.0.0/0) for any address - so a second run reports no change.
  - Without O(rules) the group's rules are left as they are (a new group has neutron's default egress rules).
  - The same options as C(openstack.cloud.security_group) (O(security_group_rules) is an alias of O(rules)).
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes, rules included.
  diff_mode:
    support: full
    description: Shows the group's description and rules before and after.
options:
  name:
    description:
      - The group's name, unique within the project (a name that several groups of the project share fails).
    type: str
    required: true
  description:
    description:
      - The group's description.
    type: str
  project:
    description:
      - The project (name or id) the group belongs to; another project than the token's needs an admin token.
      - Names are looked up in this project only.
    type: str
  stateful:
    description:
      - Whether the group is stateful (connection tracking). Neutron's default is stateful.
    type: bool
  rules:
    description:
      - The group's rules. When given, rules not listed are deleted (neutron's default egress rules too, unless
        listed) and listed rules that are missing are created, all of them in one request.
      - When not given, the group's rules are not changed.
    type: list
    elements: dict
    aliases: [security_group_rules]
    suboptions:
      description:
        description: The rule's description (not compared, since neutron cannot change a rule).
        type: str
      direction:
        description: V(ingress) or V(egress).
        type: str
        choices: [egress, ingress]
        default: ingress
      ether_type:
        description:
          - V(IPv4) or V(IPv6). Default - the version of O(rules[].remote_ip_prefix), else V(IPv6) for an IPv6-only
            protocol such as V(ipv6-icmp), else V(IPv4).
        type: str
        choices: [IPv4, IPv6]
        aliases: [ethertype]
      port_range_min:
        description:
          - The first port (TCP, UDP, DCCP, SCTP, UDP-Lite), or the ICMP type. V(-1) means any.
          - Given alone for a port protocol, the rule is for that one port.
        type: int
      port_range_max:
        description: The last port, or the ICMP code. V(-1) means any.
        type: int
      protocol:
        description: A protocol name (V(tcp), V(udp), V(icmp), V(ipv6-icmp), ...), a number 0-255, or V(any).
        type: str
      remote_group:
        description:
          - The security group (name or id) whose members the rule admits; the group's own name may be given.
          - Mutually exclusive with O(rules[].remote_ip_prefix).
        type: str
      remote_ip_prefix:
        description: The addresses the rule admits, in CIDR notation (a host address alone means that host).
        type: str
  state:
    description:
      - V(present) makes the group (and its rules), V(absent) deletes it.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: A group that admits SSH and ping from anywhere, on every cloud
  polystack.cloud.os_security_group:
    cloud: "{{ item }}"
    name: ssh-and-ping
    description: SSH and ICMP from anywhere
    rules:
      - protocol: tcp
        port_range_min: 22
        remote_ip_prefix: 0.0.0.0/0
      - protocol: icmp
        remote_ip_prefix: 0.0.0.0/0
      - protocol: ipv6-icmp
      - direction: egress
        ether_type: IPv4
      - direction: egress
        ether_type: IPv6
  loop: [devcloud-fip, devcloud-direct]

- name: Remove it
  polystack.cloud.os_security_group:
    cloud: devcloud-fip
    name: ssh-and-ping
    state: absent
"""

RETURN = r"""
security_group:
  description: The group after the task (in check mode, as the real run would leave it); null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: The group's id.
      type: str
    name:
      description: The group's name.
      type: str
    description:
      description: The group's description.
      type: str
    project_id:
      description: The project the group belongs to.
      type: str
    tenant_id:
      description: The same, under its old name.
      type: str
    stateful:
      description: Whether the group is stateful.
      type: bool
    security_group_rules:
      description: The group's rules as neutron shows them.
      type: list
      elements: dict
    rules:
      description: The same list (polystack.cloud's name).
      type: list
      elements: dict
    tags:
      description: The group's tags.
      type: list
      elements: str
    created_at:
      description: When the group was made.
      type: str
    updated_at:
      description: When it last changed.
      type: str
    revision_number:
      description: Neutron's revision of the group.
      type: int
    location:
      description: Where the group is (cloud, region, project).
      type: dict
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import NeutronModule

RULE_OPTIONS = dict(
    description=dict(type="str"),
    direction=dict(type="str", default="ingress", choices=["egress", "ingress"]),
    ether_type=dict(type="str", choices=["IPv4", "IPv6"], aliases=["ethertype"]),
    port_range_min=dict(type="int"),
    port_range_max=dict(type="int"),
    protocol=dict(type="str"),
    remote_group=dict(type="str"),
    remote_ip_prefix=dict(type="str"),
)


class SecurityGroupModule(NeutronModule):
    kind = "security_group"
    result_key = "security_group"
    argument_spec = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        project=dict(type="str"),
        stateful=dict(type="bool"),
        rules=dict(type="list", elements="dict", options=RULE_OPTIONS, aliases=["security_group_rules"]),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )

    def ensure(self):
        return _neutron.ensure_security_group(self.cloud, self.params, self.check_mode)


def main():
    SecurityGroupModule()()


if __name__ == "__main__":
    main()
