#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_port.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import NeutronModule


class PortModule(NeutronModule):
    kind = "port"
    result_key = "port"
    argument_spec = dict(
        name=dict(type="str", required=True),
        network=dict(type="str"),
        fixed_ips=dict(
            type="list", elements="dict", options=dict(ip_address=dict(type="str"), subnet_id=dict(type="str"))
        ),
        allowed_address_pairs=dict(
            type="list", elements="dict", options=dict(ip_address=dict(type="str"), mac_address=dict(type="str"))
        ),
        binding_profile=dict(type="dict"),
        binding_vnic_type=dict(
            type="str",
            choices=["normal", "direct", "direct-physical", "macvtap", "baremetal", "virtio-forwarder"],
            aliases=["vnic_type"],
        ),
        description=dict(type="str"),
        device_id=dict(type="str"),
        device_owner=dict(type="str"),
        dns_domain=dict(type="str"),
        dns_name=dict(type="str"),
        extra_dhcp_opts=dict(type="list", elements="dict"),
        is_admin_state_up=dict(type="bool", aliases=["admin_state_up"]),
        is_port_security_enabled=dict(type="bool", aliases=["port_security_enabled"]),
        mac_address=dict(type="str"),
        no_security_groups=dict(type="bool", default=False),
        project=dict(type="str"),
        security_groups=dict(type="list", elements="str"),
        tags=dict(type="list", elements="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )
    module_kwargs = dict(mutually_exclusive=[["no_security_groups", "security_groups"]])

    def ensure(self):
        return _neutron.ensure_port(self.cloud, self.params, self.check_mode)


def main():
    PortModule()()


if __name__ == "__main__":
    main()
