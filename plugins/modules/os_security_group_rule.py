#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_security_group_rule
short_description: Add or remove one rule of a security group
version_added: 0.6.0
description:
  - Makes sure a group has a rule that does what the options say, or has none.
  - A rule is found by what it does, the way neutron compares rules, not by how it is written - protocol names
    or numbers (V(icmpv6) is V(ipv6-icmp) is V(58)), V(any) or V(0) or none for every protocol, V(-1) or none or
    V(1)-V(65535) (or V(0)-V(65535), as some clouds report it) for every port, a host address with or without
    V(/32) or V(/128), V(0.0.0.0/0) or V(::/0) for any address - so a second run reports no change.
  - Neutron cannot change a rule; the description of an existing rule is not compared.
  - The same options as C(openstack.cloud.security_group_rule).
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes.
  diff_mode:
    support: full
    description: Shows the rule before and after.
options:
  security_group:
    description:
      - The group (name or id) the rule belongs to, looked up in O(project).
    type: str
    required: true
  description:
    description: The rule's description (used when the rule is made).
    type: str
  direction:
    description: V(ingress) or V(egress).
    type: str
    choices: [egress, ingress]
    default: ingress
  ether_type:
    description:
      - V(IPv4) or V(IPv6). Default - the version of O(remote_ip_prefix), else V(IPv6) for an IPv6-only protocol
        such as V(ipv6-icmp), else V(IPv4) (openstack.cloud's default).
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
  project:
    description:
      - The project (name or id) of the group; another project than the token's needs an admin token.
    type: str
  protocol:
    description:
      - A protocol name (V(tcp), V(udp), V(icmp), V(ipv6-icmp), V(icmpv6), V(gre), ...), a number 0-255, or
        V(any) (V(0) also means any, as in openstack.cloud).
    type: str
  remote_group:
    description:
      - The security group (name or id) whose members the rule admits.
      - Mutually exclusive with O(remote_ip_prefix).
    type: str
  remote_ip_prefix:
    description:
      - The addresses the rule admits, in CIDR notation; a host address alone means that host (V(/32) or V(/128)).
      - Mutually exclusive with O(remote_group).
    type: str
  state:
    description: V(present) makes the rule, V(absent) deletes every rule of the group that does the same.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: Admit SSH from one host (written without /32, still idempotent)
  polystack.cloud.os_security_group_rule:
    cloud: devcloud-fip
    security_group: ssh-and-ping
    protocol: tcp
    port_range_min: 22
    port_range_max: 22
    remote_ip_prefix: 192.0.2.10

- name: Any ICMP, written the way openstack.cloud playbooks often do
  polystack.cloud.os_security_group_rule:
    cloud: devcloud-fip
    security_group: ssh-and-ping
    protocol: icmp
    port_range_min: -1
    port_range_max: -1
    remote_ip_prefix: 0.0.0.0/0
"""

RETURN = r"""
rule:
  description: The rule after the task (in check mode, as the real run would make it); null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: The rule's id (not in check mode for a rule not made yet).
      type: str
    security_group_id:
      description: The group's id.
      type: str
    direction:
      description: V(ingress) or V(egress).
      type: str
    ether_type:
      description: V(IPv4) or V(IPv6).
      type: str
    ethertype:
      description: The same, as neutron names it.
      type: str
    protocol:
      description: The protocol as neutron stores it; null for any.
      type: str
    port_range_min:
      description: The first port or the ICMP type; null for any.
      type: int
    port_range_max:
      description: The last port or the ICMP code; null for any.
      type: int
    remote_ip_prefix:
      description: The admitted addresses; null when the rule names a group or admits any.
      type: str
    remote_group_id:
      description: The admitted group's id.
      type: str
    remote_address_group_id:
      description: The admitted address group's id.
      type: str
    description:
      description: The rule's description.
      type: str
    project_id:
      description: The rule's project.
      type: str
    tenant_id:
      description: The same, under its old name.
      type: str
    created_at:
      description: When the rule was made.
      type: str
    updated_at:
      description: When it last changed.
      type: str
    revision_number:
      description: Neutron's revision of the rule.
      type: int
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import NeutronModule


class SecurityGroupRuleModule(NeutronModule):
    kind = "security_group_rule"
    result_key = "rule"
    argument_spec = dict(
        security_group=dict(type="str", required=True),
        description=dict(type="str"),
        direction=dict(type="str", default="ingress", choices=["egress", "ingress"]),
        ether_type=dict(type="str", choices=["IPv4", "IPv6"], aliases=["ethertype"]),
        port_range_min=dict(type="int"),
        port_range_max=dict(type="int"),
        project=dict(type="str"),
        protocol=dict(type="str"),
        remote_group=dict(type="str"),
        remote_ip_prefix=dict(type="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )
    module_kwargs = dict(mutually_exclusive=[["remote_ip_prefix", "remote_group"]])

    def create_lock_key(self):
        p = self.params
        return ("network", "security_group_rule", p["security_group"]) if p["state"] == "present" else None

    def ensure(self):
        return _neutron.ensure_security_group_rule(self.cloud, self.params, self.check_mode)


def main():
    SecurityGroupRuleModule()()


if __name__ == "__main__":
    main()
