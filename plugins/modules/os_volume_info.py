#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_volume_info.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class VolumeInfoModule(CloudModule):
    argument_spec = dict(
        all_projects=dict(type="bool"),
        details=dict(type="bool"),
        name=dict(type="str"),
        status=dict(type="str"),
    )

    def run(self):
        p = self.params
        filters = {"name": p["name"], "status": p["status"], "all_tenants": 1 if p["all_projects"] else None}
        self.exit(False, volumes=self.cloud.list_volumes(filters, details=p["details"] is not False))


def main():
    VolumeInfoModule()()


if __name__ == "__main__":
    main()
