#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_port
short_description: Add, change or remove a neutron port
version_added: 0.6.0
description:
  - Makes sure a port of the project is present with the given addresses, security groups and attributes, or
    absent.
  - Only the options given are compared and changed. A fixed IP given by subnet alone matches whatever address
    neutron chose on that subnet; an address pair without a MAC matches the port's MAC. The network and MAC address
    are fixed once the port is made.
  - Security groups are given by name or id; one that does not exist fails the task before anything is made.
  - The same options as C(openstack.cloud.port).
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
    description: The port's name, unique within the project.
    type: str
    required: true
  network:
    description: The network (name or id) of the port; needed to make it.
    type: str
  fixed_ips:
    description: The port's addresses, each with V(ip_address) and/or V(subnet_id) (a subnet name or id).
    type: list
    elements: dict
    suboptions:
      ip_address:
        description: The address.
        type: str
      subnet_id:
        description: The subnet (name or id).
        type: str
  allowed_address_pairs:
    description: Other addresses the port may send from, each with V(ip_address) and optionally V(mac_address).
    type: list
    elements: dict
    suboptions:
      ip_address:
        description: The address or prefix.
        type: str
      mac_address:
        description: The MAC address (default - the port's).
        type: str
  binding_profile:
    description: The binding profile (admin only).
    type: dict
  binding_vnic_type:
    description: The VNIC type.
    type: str
    choices: [normal, direct, direct-physical, macvtap, baremetal, virtio-forwarder]
    aliases: [vnic_type]
  description:
    description: The port's description.
    type: str
  device_id:
    description: The id of the device that uses the port.
    type: str
  device_owner:
    description: The owner of the device (V(compute:nova), ...).
    type: str
  dns_domain:
    description: The port's DNS domain.
    type: str
  dns_name:
    description: The port's DNS name.
    type: str
  extra_dhcp_opts:
    description: Extra DHCP options, each with V(opt_name) and V(opt_value) (and V(ip_version)).
    type: list
    elements: dict
  is_admin_state_up:
    description: Whether the port is up.
    type: bool
    aliases: [admin_state_up]
  is_port_security_enabled:
    description: Whether port security (security groups, anti-spoofing) applies.
    type: bool
    aliases: [port_security_enabled]
  mac_address:
    description: The port's MAC address; fixed once made.
    type: str
  no_security_groups:
    description: The port has no security group (the same as O(security_groups=[])).
    type: bool
    default: false
  project:
    description: The project (name or id); another project than the token's needs an admin token.
    type: str
  security_groups:
    description: The port's security groups (names or ids), all of them.
    type: list
    elements: str
  tags:
    description: The port's tags (all of them).
    type: list
    elements: str
  state:
    description: V(present) makes or changes the port, V(absent) deletes it.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: A port with a fixed address and a security group
  polystack.cloud.os_port:
    cloud: devcloud-fip
    name: app-vip
    network: app-net
    fixed_ips:
      - subnet_id: app-subnet
        ip_address: 192.168.50.5
    security_groups: [ssh-and-ping]
"""

RETURN = r"""
port:
  description: The port after the task (in check mode, as the real run would leave it); null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: The port's id.
      type: str
    name:
      description: The port's name.
      type: str
    network_id:
      description: Its network.
      type: str
    fixed_ips:
      description: Its addresses (subnet_id, ip_address).
      type: list
      elements: dict
    mac_address:
      description: Its MAC address.
      type: str
    security_groups:
      description: The ids of its security groups.
      type: list
      elements: str
    security_group_ids:
      description: The same (openstacksdk's name).
      type: list
      elements: str
    allowed_address_pairs:
      description: Its allowed address pairs.
      type: list
      elements: dict
    admin_state_up:
      description: Whether it is up.
      type: bool
    port_security_enabled:
      description: Whether port security applies.
      type: bool
    device_id:
      description: The device that uses it.
      type: str
    device_owner:
      description: The device's owner.
      type: str
    status:
      description: Its status.
      type: str
    project_id:
      description: Its project.
      type: str
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
