#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_object_info.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _normalize
from ansible_collections.polystack.cloud.plugins.module_utils import _object_store as swift
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ObjectInfoModule(CloudModule):
    argument_spec = dict(
        container=dict(type="str"),
        name=dict(type="str", aliases=["object"]),
        prefix=dict(type="str"),
    )

    def run(self):
        p, cloud = self.params, self.cloud
        if p["name"] and not p["container"]:
            raise ConfigError("name needs container: which container is the object in?")
        if not p["container"]:
            containers = [c for c in cloud.list_containers() if not p["prefix"] or c["name"].startswith(p["prefix"])]
            self.exit(False, containers=containers, objects=[])
        swift.validate_container_name(p["container"])
        if p["name"]:
            found = swift.head_object(cloud, p["container"], p["name"])
            if found:  # its view and openstacksdk's keys from the HEAD answer, as os_object returns it
                headers = found.pop("headers")
                found = _normalize.swift_object(found, headers)
            self.exit(False, containers=[], objects=[found] if found else [])
        self.exit(False, containers=[], objects=swift.list_objects(cloud, p["container"], prefix=p["prefix"]))


def main():
    ObjectInfoModule()()


if __name__ == "__main__":
    main()
