#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_network_info
short_description: List the networks of an OpenStack cloud
version_added: 0.6.0
description:
  - The networks the project sees, all of them or those whose name or id is O(name) (a shell glob such as V(app-*)
    too), and that contain O(filters).
  - The same options as C(openstack.cloud.networks_info); as there, O(filters) is matched on the results as a subset
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
  filters:
    description: Keys and values the results must have (neutron's names or openstacksdk's).
    type: dict
"""

EXAMPLES = r"""
- name: The networks of every cloud
  polystack.cloud.os_network_info:
    cloud: "{{ item }}"
  loop: [devcloud-fip, devcloud-direct]
  register: found
"""

RETURN = r"""
networks:
  description: The networks found, sorted as the cloud lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The network's id.
      type: str
    name:
      description: Its name.
      type: str
    status:
      description: Its status.
      type: str
    subnets:
      description: The ids of its subnets.
      type: list
      elements: str
    is_router_external:
      description: Whether floating IPs come from it.
      type: bool
    is_shared:
      description: Whether every project may use it.
      type: bool
    shared:
      description: The same (neutron's name).
      type: bool
    mtu:
      description: Its MTU.
      type: int
    project_id:
      description: Its project.
      type: str
    tags:
      description: Its tags.
      type: list
      elements: str
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class InfoModule(CloudModule):
    argument_spec = dict(
        name=dict(type="str"),
        filters=dict(type="dict"),
    )

    def run(self):
        found = _neutron.list_resources(self.cloud, "network", self.params["name"], self.params["filters"])
        self.exit(False, networks=found)


def main():
    InfoModule()()


if __name__ == "__main__":
    main()
