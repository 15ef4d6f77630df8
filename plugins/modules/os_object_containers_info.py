#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_object_containers_info.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _object_store as swift
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ObjectContainersInfoModule(CloudModule):
    argument_spec = dict(
        name=dict(type="str", aliases=["container"]),
        prefix=dict(type="str"),
    )

    def run(self):
        containers = swift.containers_info(self.cloud, name=self.params["name"], prefix=self.params["prefix"])
        self.exit(False, containers=containers)


def main():
    ObjectContainersInfoModule()()


if __name__ == "__main__":
    main()
