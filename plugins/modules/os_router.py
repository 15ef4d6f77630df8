#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_router
short_description: Add, change or remove a neutron router, its external gateway and its interfaces
version_added: 0.6.0
description:
  - Makes sure a router of the project is present with the given external gateway and internal interfaces, or
    absent.
  - With O(interfaces), the router's internal interfaces become exactly those listed (missing ones are added,
    others removed); without it they are left as they are.
  - O(state=absent) removes the router's interfaces, then the router; the subnets and networks stay.
  - A router this task creates is deleted again when one of its interfaces cannot be added.
  - The same options as C(openstack.cloud.router).
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes, interfaces included.
  diff_mode:
    support: full
    description: Shows the gateway and interfaces before and after.
options:
  name:
    description: The router's name, unique within the project.
    type: str
    required: true
  network:
    description: The external network (name or id) of the router's gateway.
    type: str
  enable_snat:
    description: Whether the gateway does source NAT (neutron's default - yes); needs O(network).
    type: bool
  external_fixed_ips:
    description: The gateway's addresses on the external network; needs O(network).
    type: list
    elements: dict
    suboptions:
      ip_address:
        description: The address (default - neutron's choice).
        type: str
        aliases: [ip]
      subnet_id:
        description: The external subnet (name or id).
        type: str
        required: true
        aliases: [subnet]
  external_gateway_info:
    description:
      - The gateway as one mapping (V(network), V(enable_snat), V(external_fixed_ips)); the options of the same
        names win over its keys.
    type: dict
    suboptions:
      network:
        description: The external network (name or id).
        type: str
      enable_snat:
        description: Whether the gateway does source NAT.
        type: bool
      external_fixed_ips:
        description: The gateway's addresses.
        type: list
        elements: dict
        suboptions:
          ip_address:
            description: The address.
            type: str
            aliases: [ip]
          subnet_id:
            description: The external subnet (name or id).
            type: str
            required: true
            aliases: [subnet]
  interfaces:
    description:
      - The router's internal interfaces. Each is a subnet (name or id) - the router takes the subnet's gateway
        address - or a mapping with V(subnet), and V(net) and V(portip) for another address (a port is made on
        V(net) with V(portip) and attached).
    type: list
    elements: raw
  is_admin_state_up:
    description: Whether the router is up.
    type: bool
    default: true
    aliases: [admin_state_up]
  description:
    description: The router's description.
    type: str
  project:
    description: The project (name or id); another project than the token's needs an admin token.
    type: str
  tags:
    description: The router's tags (all of them).
    type: list
    elements: str
  state:
    description: V(present) makes or changes the router, V(absent) removes its interfaces and deletes it.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: A router from the project's subnet to the external network
  polystack.cloud.os_router:
    cloud: devcloud-fip
    name: app-router
    network: public
    interfaces:
      - app-subnet
"""

RETURN = r"""
router:
  description: The router after the task (in check mode, as the real run would leave it); null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: The router's id.
      type: str
    name:
      description: The router's name.
      type: str
    admin_state_up:
      description: Whether it is up.
      type: bool
    external_gateway_info:
      description: Its gateway (network_id, enable_snat, external_fixed_ips); null without one.
      type: dict
    status:
      description: Its status.
      type: str
    project_id:
      description: Its project.
      type: str
    routes:
      description: Its extra routes.
      type: list
      elements: dict
    tags:
      description: Its tags.
      type: list
      elements: str
    location:
      description: Where it is (cloud, region, project).
      type: dict
"""

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
