#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_server_info
short_description: List servers of an OpenStack cloud, with their public and private addresses
version_added: 0.1.0
description:
  - Lists the servers of one cloud-region (server-side filters), normalized, each with C(public_v4),
    C(public_v6), C(private_v4) and C(interface_ip) decided the same way as M(polystack.cloud.os_server) does.
  - None found gives an empty list, not a failure.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
  - polystack.cloud.openstack.info_module
options:
  all_projects:
    description:
      - List the servers of every project (an admin operation).
    type: bool
    default: false
  detailed:
    description:
      - Add the addresses (C(public_v4), C(private_v4), ...), which costs network lookups per server.
    type: bool
    default: true
  filters:
    description:
      - Only the servers whose result contains these keys with these values, as openstack.cloud matches them; a
        mapping is matched as a subset of the result's mapping (see the examples).
      - Matched on the results (nova's list API would refuse most keys, C(id) or C(metadata) among them).
    type: dict
  name:
    description:
      - Only the server of this name (exact match) or id; or, a shell glob such as C(web-*), the servers whose
        name or id matches it (as openstack.cloud's O(name) does).
    type: str
    aliases: [server]
"""

EXAMPLES = r"""
- name: Where is web1 on each cloud
  polystack.cloud.os_server_info:
    cloud: "{{ item }}"
    name: web1
  loop: [devcloud-fip, devcloud-direct]
  register: found

- name: The running web servers (metadata group=web), whatever their names
  polystack.cloud.os_server_info:
    cloud: devcloud-fip
    filters:
      status: ACTIVE
      metadata:
        group: web

- name: Every server whose name starts with web-
  polystack.cloud.os_server_info:
    cloud: devcloud-fip
    name: "web-*"
"""

RETURN = r"""
servers:
  description: The servers found, normalized (the same keys as RV(polystack.cloud.os_server#module:server)).
  returned: always
  type: list
  elements: dict
  sample: [{"id": "3f1e...", "name": "web1", "status": "ACTIVE", "public_v4": "172.24.4.10",
            "private_v4": "10.0.0.5", "interface_ip": "172.24.4.10"}]
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _filters
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ServerInfoModule(CloudModule):
    argument_spec = dict(
        all_projects=dict(type="bool", default=False),
        detailed=dict(type="bool", default=True),
        filters=dict(type="dict"),
        name=dict(type="str", aliases=["server"]),
    )

    def run(self):
        p, cloud = self.params, self.cloud
        nova_filters = {"all_tenants": "1"} if p["all_projects"] else {}
        # a plain name is nova's (?name=, exact here); a glob (web-*) is matched on every server's name and id
        name = None if _filters.is_glob(p["name"]) else p["name"]
        # detailed: with their addresses (public_v4 ...), which take network requests; else as nova shows them
        servers = cloud.search_servers(name, filters=nova_filters, bare=not p["detailed"])
        pattern = p["name"] if name is None else None
        self.exit(False, servers=_filters.select(servers, pattern, p["filters"]))


def main():
    ServerInfoModule()()


if __name__ == "__main__":
    main()
