#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_subnet_info.yml, beside this file.

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
