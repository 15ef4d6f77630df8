#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_security_group.yml, beside this file.

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
