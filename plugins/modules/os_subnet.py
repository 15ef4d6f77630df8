#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_subnet
short_description: Add, change or remove a neutron subnet
version_added: 0.6.0
description:
  - Makes sure a subnet of the project is present with the given attributes, or absent.
  - Only the options given are compared and changed. The network, CIDR, IP version, IPv6 modes, subnet pool and
    segment are fixed once the subnet is made (a task asking other values fails, naming them, and changes nothing).
  - Allocation pools and host routes compare as sets; DNS servers in order (neutron tries them in order).
  - The same options as C(openstack.cloud.subnet).
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
    description: The subnet's name, unique within the project.
    type: str
    required: true
  network:
    description: The network (name or id) of the subnet; needed to make it.
    type: str
    aliases: [network_name]
  cidr:
    description: The subnet's prefix, for example V(192.168.10.0/24); needed to make it unless a subnet pool gives it.
    type: str
  ip_version:
    description: V(4) or V(6). Default - the version of O(cidr), else V(4).
    type: int
    choices: [4, 6]
  allocation_pools:
    description: The address ranges neutron hands out, each a mapping with V(start) and V(end).
    type: list
    elements: dict
  allocation_pool_start:
    description: The first address of one allocation pool (with O(allocation_pool_end)).
    type: str
  allocation_pool_end:
    description: The last address of that pool.
    type: str
  description:
    description: The subnet's description.
    type: str
  disable_gateway_ip:
    description: The subnet has no gateway.
    type: bool
    default: false
    aliases: [no_gateway_ip]
  dns_nameservers:
    description: The DNS servers its DHCP hands out, in order.
    type: list
    elements: str
  extra_attrs:
    description: Other API fields of the subnet, sent and compared as given.
    type: dict
    default: {}
    aliases: [extra_specs]
  gateway_ip:
    description: The gateway's address (default - neutron's choice, the first address).
    type: str
  host_routes:
    description: Static routes its DHCP hands out.
    type: list
    elements: dict
    suboptions:
      destination:
        description: The destination prefix.
        type: str
        required: true
      nexthop:
        description: The next hop's address.
        type: str
        required: true
  ipv6_address_mode:
    description: How IPv6 addresses are given; fixed once made.
    type: str
    choices: [dhcpv6-stateful, dhcpv6-stateless, slaac]
  ipv6_ra_mode:
    description: How router advertisements are sent; fixed once made.
    type: str
    choices: [dhcpv6-stateful, dhcpv6-stateless, slaac]
  is_dhcp_enabled:
    description: Whether neutron serves DHCP on it.
    type: bool
    default: true
    aliases: [enable_dhcp]
  network_segment:
    description: The id of the network segment the subnet is on (routed provider networks).
    type: str
  prefix_length:
    description: The prefix length of a subnet taken from a subnet pool.
    type: str
  project:
    description: The project (name or id); another project than the token's needs an admin token.
    type: str
  subnet_pool:
    description: The subnet pool (name or id) the prefix comes from.
    type: str
  use_default_subnet_pool:
    description: Take the prefix from the default subnet pool.
    type: bool
    aliases: [use_default_subnetpool]
  tags:
    description: The subnet's tags (all of them).
    type: list
    elements: str
  state:
    description: V(present) makes or changes the subnet, V(absent) deletes it.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: A subnet for the project's network
  polystack.cloud.os_subnet:
    cloud: devcloud-fip
    name: app-subnet
    network: app-net
    cidr: 192.168.50.0/24
    dns_nameservers: [9.9.9.9, 1.1.1.1]
    allocation_pools:
      - start: 192.168.50.10
        end: 192.168.50.200
"""

RETURN = r"""
id:
  description: The subnet's id; null when absent.
  returned: always
  type: str
subnet:
  description: The subnet after the task (in check mode, as the real run would leave it); null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: The subnet's id.
      type: str
    name:
      description: The subnet's name.
      type: str
    network_id:
      description: Its network.
      type: str
    cidr:
      description: Its prefix.
      type: str
    ip_version:
      description: V(4) or V(6).
      type: int
    gateway_ip:
      description: Its gateway; null without one.
      type: str
    enable_dhcp:
      description: Whether DHCP is served.
      type: bool
    is_dhcp_enabled:
      description: The same (openstacksdk's name).
      type: bool
    allocation_pools:
      description: The ranges handed out.
      type: list
      elements: dict
    dns_nameservers:
      description: The DNS servers.
      type: list
      elements: str
    host_routes:
      description: The static routes.
      type: list
      elements: dict
    ipv6_address_mode:
      description: The IPv6 address mode.
      type: str
    ipv6_ra_mode:
      description: The IPv6 router advertisement mode.
      type: str
    subnetpool_id:
      description: The pool the prefix came from.
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
