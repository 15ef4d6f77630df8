#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_subnet.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import NeutronModule


class SubnetModule(NeutronModule):
    kind = "subnet"
    result_key = "subnet"
    argument_spec = dict(
        name=dict(type="str", required=True),
        network=dict(type="str", aliases=["network_name"]),
        cidr=dict(type="str"),
        ip_version=dict(type="int", choices=[4, 6]),
        allocation_pools=dict(type="list", elements="dict"),
        allocation_pool_start=dict(type="str"),
        allocation_pool_end=dict(type="str"),
        description=dict(type="str"),
        disable_gateway_ip=dict(type="bool", default=False, aliases=["no_gateway_ip"]),
        dns_nameservers=dict(type="list", elements="str"),
        extra_attrs=dict(type="dict", default={}, aliases=["extra_specs"]),
        gateway_ip=dict(type="str"),
        host_routes=dict(
            type="list",
            elements="dict",
            options=dict(destination=dict(type="str", required=True), nexthop=dict(type="str", required=True)),
        ),
        ipv6_address_mode=dict(type="str", choices=["dhcpv6-stateful", "dhcpv6-stateless", "slaac"]),
        ipv6_ra_mode=dict(type="str", choices=["dhcpv6-stateful", "dhcpv6-stateless", "slaac"]),
        is_dhcp_enabled=dict(type="bool", default=True, aliases=["enable_dhcp"]),
        network_segment=dict(type="str"),
        prefix_length=dict(type="str"),
        project=dict(type="str"),
        subnet_pool=dict(type="str"),
        use_default_subnet_pool=dict(type="bool", aliases=["use_default_subnetpool"]),
        tags=dict(type="list", elements="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )
    module_kwargs = dict(required_together=[["allocation_pool_start", "allocation_pool_end"]])

    def ensure(self):
        return _neutron.ensure_subnet(self.cloud, self.params, self.check_mode)


def main():
    SubnetModule()()


if __name__ == "__main__":
    main()
