#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_router.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import NeutronModule

FIXED_IPS = dict(
    type="list",
    elements="dict",
    options=dict(
        ip_address=dict(type="str", aliases=["ip"]),
        subnet_id=dict(type="str", required=True, aliases=["subnet"]),
    ),
)


class RouterModule(NeutronModule):
    kind = "router"
    result_key = "router"
    argument_spec = dict(
        name=dict(type="str", required=True),
        network=dict(type="str"),
        enable_snat=dict(type="bool"),
        external_fixed_ips=FIXED_IPS,
        external_gateway_info=dict(
            type="dict",
            options=dict(network=dict(type="str"), enable_snat=dict(type="bool"), external_fixed_ips=FIXED_IPS),
        ),
        interfaces=dict(type="list", elements="raw"),
        is_admin_state_up=dict(type="bool", default=True, aliases=["admin_state_up"]),
        description=dict(type="str"),
        project=dict(type="str"),
        tags=dict(type="list", elements="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )

    def ensure(self):
        return _neutron.ensure_router(self.cloud, self.params, self.check_mode)


def main():
    RouterModule()()


if __name__ == "__main__":
    main()
