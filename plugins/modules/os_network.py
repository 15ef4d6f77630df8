#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_network
short_description: Add, change or remove a neutron network
version_added: 0.6.0
description:
  - Makes sure a network of the project is present with the given attributes, or absent.
  - Only the options given are compared and changed; the provider attributes and VLAN transparency are fixed once
    the network is made (a task asking other values fails, naming them, and changes nothing).
  - Deleting a network deletes its subnets with it; neutron refuses while ports other than its own use it.
  - The same options as C(openstack.cloud.network).
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes.
  diff_mode:
    support: full
    description: Shows the attributes the task names, before and after.
options:
  name:
    description: The network's name, unique within the project.
    type: str
    required: true
  admin_state_up:
    description: Whether the network is up.
    type: bool
  description:
    description: The network's description.
    type: str
  dns_domain:
    description: The DNS domain of the network's ports.
    type: str
  external:
    description: Whether floating IPs come from it (C(router:external)); admin only.
    type: bool
  is_default:
    description: Whether it is the default external network (auto-allocated topology); admin only.
    type: bool
  is_vlan_transparent:
    description: Whether VLAN tags pass through; fixed once made.
    type: bool
  mtu:
    description: The network's MTU.
    type: int
    aliases: [mtu_size]
  port_security_enabled:
    description: The default port security of its new ports.
    type: bool
  project:
    description:
      - The project (name or id) the network belongs to; another project than the token's needs an admin token.
    type: str
  provider_network_type:
    description: The provider network type (V(flat), V(vlan), V(vxlan), V(geneve), ...); admin only, fixed once made.
    type: str
  provider_physical_network:
    description: The physical network it maps to; admin only, fixed once made.
    type: str
  provider_segmentation_id:
    description: The VLAN or tunnel id; admin only, fixed once made.
    type: int
  shared:
    description: Whether every project may use it; admin only.
    type: bool
  tags:
    description: The network's tags (all of them).
    type: list
    elements: str
  state:
    description: V(present) makes or changes the network, V(absent) deletes it.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: A private network for the project
  polystack.cloud.os_network:
    cloud: devcloud-fip
    name: app-net
    port_security_enabled: true
    mtu: 1450
"""

RETURN = r"""
id:
  description: The network's id; null when absent.
  returned: always
  type: str
network:
  description: The network after the task (in check mode, as the real run would leave it); null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: The network's id.
      type: str
    name:
      description: The network's name.
      type: str
    admin_state_up:
      description: Whether it is up.
      type: bool
    is_admin_state_up:
      description: The same (openstacksdk's name).
      type: bool
    is_router_external:
      description: The same (openstacksdk's name).
      type: bool
    shared:
      description: Whether every project may use it.
      type: bool
    is_shared:
      description: The same (openstacksdk's name).
      type: bool
    mtu:
      description: Its MTU.
      type: int
    port_security_enabled:
      description: The default port security of its ports.
      type: bool
    is_port_security_enabled:
      description: The same (openstacksdk's name).
      type: bool
    project_id:
      description: Its project.
      type: str
    status:
      description: V(ACTIVE), V(DOWN), V(BUILD) or V(ERROR).
      type: str
    subnets:
      description: The ids of its subnets.
      type: list
      elements: str
    subnet_ids:
      description: The same (openstacksdk's name).
      type: list
      elements: str
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
