#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_server_info.yml, beside this file.

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
        if p["detailed"]:  # their images' names too, as openstack.cloud's detailed servers have them (filters
            cloud.add_image_names(servers)  # can match them: openstack.cloud filters the detailed servers)
        self.exit(False, servers=_filters.select(servers, pattern, p["filters"]))


def main():
    ServerInfoModule()()


if __name__ == "__main__":
    main()
