#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_floating_ip_info.yml, beside this file.

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
