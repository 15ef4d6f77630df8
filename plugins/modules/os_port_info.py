#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_port_info
short_description: List the ports of an OpenStack cloud
version_added: 0.6.0
description:
  - The ports the project sees, all of them or those whose name or id is O(name) (a shell glob such as V(app-*)
    too), and that contain O(filters).
  - The same options as C(openstack.cloud.port_info); as there, O(filters) is matched on the results as a subset
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
    aliases: [port]
  filters:
    description: Keys and values the results must have (neutron's names or openstacksdk's).
    type: dict
"""

EXAMPLES = r"""
- name: The ports of every cloud
  polystack.cloud.os_port_info:
    cloud: "{{ item }}"
  loop: [devcloud-fip, devcloud-direct]
  register: found
"""

RETURN = r"""
ports:
  description: The ports found, sorted as the cloud lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The port's id.
      type: str
    name:
      description: Its name.
      type: str
    network_id:
      description: Its network.
      type: str
    fixed_ips:
      description: Its addresses.
      type: list
      elements: dict
    mac_address:
      description: Its MAC address.
      type: str
    security_groups:
      description: The ids of its security groups.
      type: list
      elements: str
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
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class InfoModule(CloudModule):
    argument_spec = dict(
        name=dict(type="str", aliases=["port"]),
        filters=dict(type="dict"),
    )

    def run(self):
        found = _neutron.list_resources(self.cloud, "port", self.params["name"], self.params["filters"])
        self.exit(False, ports=found)


def main():
    InfoModule()()


if __name__ == "__main__":
    main()
