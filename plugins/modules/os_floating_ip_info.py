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
  contains:
    created_at:
      description: When it was created.
      type: str
    description:
      description: Its description.
      type: str
    dns_domain:
      description: Its DNS domain (neutron's dns extension), else null.
      type: str
    dns_name:
      description: Its DNS name (neutron's dns extension), else null.
      type: str
    fixed_ip_address:
      description: The fixed address it points at; null when it is not attached.
      type: str
    floating_ip_address:
      description: The floating address.
      type: str
    floating_network_id:
      description: The external network it comes from (the same as RV(floating_ips[].network_id)).
      type: str
    id:
      description: Its id.
      type: str
    location:
      description: Where it is (cloud, region_name, project).
      type: dict
    name:
      description: 'Its name: neutron gives floating IPs none, so null (as openstacksdk has it).'
      type: str
    network_id:
      description: The external network it comes from (neutron's C(floating_network_id)).
      type: str
    port_details:
      description: The attached port's details (neutron's C(fip-port-details) extension), else null.
      type: dict
    port_id:
      description: The port it is attached to; null when it is not attached.
      type: str
    project_id:
      description: The project that owns it.
      type: str
    properties:
      description: neutron's other keys, as neutron named them.
      type: dict
    qos_policy_id:
      description: Its QoS policy (neutron's qos extension), else null.
      type: str
    revision_number:
      description: neutron's revision of it.
      type: int
    router_id:
      description: The router that routes it; null when it is not attached.
      type: str
    status:
      description: Its status (C(ACTIVE), C(DOWN), C(ERROR)).
      type: str
    subnet_id:
      description: The external subnet it was allocated from, when neutron says; else null.
      type: str
    tags:
      description: Its tags.
      type: list
      elements: str
    updated_at:
      description: When it last changed.
      type: str
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
