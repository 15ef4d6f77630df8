#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_subnet_info
short_description: List the subnets of an OpenStack cloud
version_added: 0.6.0
description:
  - The subnets the project sees, all of them or those whose name or id is O(name) (a shell glob such as V(app-*)
    too), and that contain O(filters).
  - The same options as C(openstack.cloud.subnets_info); as there, O(filters) is matched on the results as a subset
    (nested mappings recursively), so any key of a result can be filtered on.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Reads only.
  diff_mode:
    support: none
    description: Changes nothing.
options:
  name:
    description: A name or id, or a shell glob of them.
    type: str
    aliases: [subnet]
  filters:
    description: Keys and values the results must have (neutron's names or openstacksdk's).
    type: dict
"""

EXAMPLES = r"""
- name: The subnets of every cloud
  polystack.cloud.os_subnet_info:
    cloud: "{{ item }}"
  loop: [devcloud-fip, devcloud-direct]
  register: found
"""

RETURN = r"""
subnets:
  description: The subnets found, sorted as the cloud lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The subnet's id.
      type: str
    name:
      description: Its name.
      type: str
    network_id:
      description: Its network.
      type: str
    cidr:
      description: Its prefix.
      type: str
    ip_version:
      description: 4 or 6.
      type: int
    gateway_ip:
      description: Its gateway.
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
      description: Its DNS servers.
      type: list
      elements: str
    host_routes:
      description: Its static routes.
      type: list
      elements: dict
    project_id:
      description: Its project.
      type: str
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class InfoModule(CloudModule):
    argument_spec = dict(
        name=dict(type="str", aliases=["subnet"]),
        filters=dict(type="dict"),
    )

    def run(self):
        found = _neutron.list_resources(self.cloud, "subnet", self.params["name"], self.params["filters"])
        self.exit(False, subnets=found)


def main():
    InfoModule()()


if __name__ == "__main__":
    main()
