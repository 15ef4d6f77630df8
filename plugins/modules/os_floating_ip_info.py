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
      - Only the floating IP on this port (name or id).
    type: str
  project:
    description:
      - Only floating IPs of this project (an admin sees other projects'). Its id, or the name of the project
        the cloud's credentials are scoped to.
    type: str
    aliases: [project_id]
  router:
    description:
      - Only floating IPs routed by this router (name or id).
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

from ansible_collections.polystack.cloud.plugins.module_utils import _compute
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class FloatingIpInfoModule(CloudModule):
    argument_spec = dict(
        description=dict(type="str"),
        fixed_ip_address=dict(type="str"),
        floating_ip_address=dict(type="str"),
        floating_network=dict(type="str"),
        port=dict(type="str"),
        project=dict(type="str", aliases=["project_id"]),
        router=dict(type="str"),
        status=dict(type="str", choices=["ACTIVE", "DOWN", "ERROR", "active", "down", "error"]),
    )

    def run(self):
        filters = _compute.floating_ip_filters(self.cloud, self.params)
        self.exit(False, floating_ips=[] if filters is None else self.cloud.list_floating_ips(filters))


def main():
    FloatingIpInfoModule()()


if __name__ == "__main__":
    main()
