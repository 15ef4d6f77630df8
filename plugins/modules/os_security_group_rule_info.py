#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_security_group_rule_info
short_description: List security group rules of an OpenStack cloud
version_added: 0.6.0
description:
  - The rules the project sees, of one group or of all, that match the options given.
  - Options compare as rules do in M(polystack.cloud.os_security_group_rule) - V(icmpv6) finds V(ipv6-icmp) rules,
    a host address finds its V(/32) rule, V(-1) finds rules for any port.
  - The same options as C(openstack.cloud.security_group_rule_info).
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Reads only.
  diff_mode:
    support: none
    description: Changes nothing.
options:
  security_group:
    description: Only the rules of this group (name or id).
    type: str
  id:
    description: Only the rule of this id.
    type: str
    aliases: [rule]
  description:
    description: Only rules with this description.
    type: str
  direction:
    description: Only V(ingress) or V(egress) rules.
    type: str
    choices: [egress, ingress]
  ether_type:
    description: Only V(IPv4) or V(IPv6) rules.
    type: str
    choices: [IPv4, IPv6]
    aliases: [ethertype]
  port_range_min:
    description: Only rules whose range starts here (V(-1) - any).
    type: int
  port_range_max:
    description: Only rules whose range ends here (V(-1) - any).
    type: int
  project:
    description: Only rules of this project (name or id).
    type: str
  protocol:
    description: Only rules of this protocol (name or number, V(any)).
    type: str
  remote_group:
    description: Only rules admitting this group (name or id).
    type: str
  remote_ip_prefix:
    description: Only rules admitting this prefix.
    type: str
  revision_number:
    description: Only rules at this revision.
    type: int
"""

EXAMPLES = r"""
- name: The ingress TCP rules of a group
  polystack.cloud.os_security_group_rule_info:
    cloud: devcloud-fip
    security_group: ssh-and-ping
    direction: ingress
    protocol: tcp
"""

RETURN = r"""
security_group_rules:
  description: The rules found.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The rule's id.
      type: str
    security_group_id:
      description: Its group.
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
      description: Its protocol; null for any.
      type: str
    port_range_min:
      description: The first port or ICMP type.
      type: int
    port_range_max:
      description: The last port or ICMP code.
      type: int
    remote_ip_prefix:
      description: The admitted prefix.
      type: str
    remote_group_id:
      description: The admitted group.
      type: str
    description:
      description: Its description.
      type: str
    project_id:
      description: Its project.
      type: str
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class SecurityGroupRuleInfoModule(CloudModule):
    argument_spec = dict(
        security_group=dict(type="str"),
        id=dict(type="str", aliases=["rule"]),
        description=dict(type="str"),
        direction=dict(type="str", choices=["egress", "ingress"]),
        ether_type=dict(type="str", choices=["IPv4", "IPv6"], aliases=["ethertype"]),
        port_range_min=dict(type="int"),
        port_range_max=dict(type="int"),
        project=dict(type="str"),
        protocol=dict(type="str"),
        remote_group=dict(type="str"),
        remote_ip_prefix=dict(type="str"),
        revision_number=dict(type="int"),
    )

    def run(self):
        self.exit(False, security_group_rules=_neutron.list_rules(self.cloud, self.params))


def main():
    SecurityGroupRuleInfoModule()()


if __name__ == "__main__":
    main()
