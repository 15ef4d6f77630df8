#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_network.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import NeutronModule


class NetworkModule(NeutronModule):
    kind = "network"
    result_key = "network"
    argument_spec = dict(
        name=dict(type="str", required=True),
        admin_state_up=dict(type="bool"),
        description=dict(type="str"),
        dns_domain=dict(type="str"),
        external=dict(type="bool"),
        is_default=dict(type="bool"),
        is_vlan_transparent=dict(type="bool"),
        mtu=dict(type="int", aliases=["mtu_size"]),
        port_security_enabled=dict(type="bool"),
        project=dict(type="str"),
        provider_network_type=dict(type="str"),
        provider_physical_network=dict(type="str"),
        provider_segmentation_id=dict(type="int"),
        shared=dict(type="bool"),
        tags=dict(type="list", elements="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )

    def ensure(self):
        return _neutron.ensure_network(self.cloud, self.params, self.check_mode)


def main():
    NetworkModule()()


if __name__ == "__main__":
    main()
