#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_security_group_rule_info.yml, beside this file.

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
