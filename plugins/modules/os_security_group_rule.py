#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_security_group_rule.yml, beside this file.

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
