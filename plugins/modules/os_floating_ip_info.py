#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_floating_ip_info
short_description: List floating IPs of an OpenStack cloud (neutron)
version_added: 0.1.0
description:
  - Lists the floating IPs the project can see in one cloud-region, filtered on the server side.
  - None found gives an empty list, not a failure.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
  - polystack.cloud.openstack.info_module
options:
  description:
    description:
      - Only floating IPs with exactly this description.
    type: str
  fixed_ip_address:
    description:
      - Only the floating IP on this fixed address.
    type: str
  floating_ip_address:
    description:
      - Only this floating IP.
    type: str
  floating_network:
    description:
      - Only floating IPs of this external network (name or id).
    type: str
  port:
    description:
      - Only the floating IP on this port (id).
    type: str
  status:
    description:
      - Only floating IPs in this status (upper or lower case, as openstack.cloud spells it).
    type: str
    choices: [ACTIVE, DOWN, ERROR, active, down, error]
"""

EXAMPLES = r"""
- name: Floating IPs of each cloud
  polystack.cloud.os_floating_ip_info:
    cloud: "{{ item }}"
  loop: [devcloud-fip, devcloud-appcred]
  register: fips
"""

RETURN = r"""
floating_ips:
  description: The floating IPs found, normalized.
  returned: always
  type: list
  elements: dict
  sample: [{"id": "0a6c...", "floating_ip_address": "172.24.4.10", "fixed_ip_address": "10.0.0.5",
            "port_id": "5d2e...", "network_id": "2f1c...", "status": "ACTIVE"}]
"""

from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class FloatingIpInfoModule(CloudModule):
    argument_spec = dict(
        fixed_ip_address=dict(type="str"),
        floating_ip_address=dict(type="str"),
        floating_network=dict(type="str"),
        port=dict(type="str"),
        description=dict(type="str"),
        status=dict(type="str", choices=["ACTIVE", "DOWN", "ERROR", "active", "down", "error"]),
    )

    def run(self):
        p, cloud = self.params, self.cloud
        filters = {}
        for option, key in (
            ("fixed_ip_address", "fixed_ip_address"),
            ("floating_ip_address", "floating_ip_address"),
            ("port", "port_id"),
            ("status", "status"),
            ("description", "description"),
        ):
            if p[option]:
                filters[key] = p[option].upper() if option == "status" else p[option]
        if p["floating_network"]:
            net = cloud.get_network(p["floating_network"])
            if net is None:
                self.exit(False, floating_ips=[])
            filters["floating_network_id"] = net["id"]
        self.exit(False, floating_ips=cloud.list_floating_ips(filters))


def main():
    FloatingIpInfoModule()()


if __name__ == "__main__":
    main()
