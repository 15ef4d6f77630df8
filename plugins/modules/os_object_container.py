#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_object_container.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _object_store as swift
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ObjectContainerModule(CloudModule):
    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["container"]),
        metadata=dict(type="dict"),
        # names of metadata keys, not secrets
        delete_metadata_keys=dict(type="list", elements="str", aliases=["keys"], no_log=False),
        read_ACL=dict(type="str"),
        write_ACL=dict(type="str"),
        delete_with_all_objects=dict(type="bool", default=False),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )

    def create_lock_key(self):
        # two parallel runs would both find no container: one lock per container name (the one os_object takes)
        return ("object-store", "container", self.params["name"]) if self.params["state"] == "present" else None

    def run(self):
        p = self.params
        if p["state"] == "absent":
            changed, before = swift.ensure_container_absent(
                self.cloud, p["name"], with_objects=p["delete_with_all_objects"], check_mode=self.check_mode
            )
            self.exit(changed, diff={"before": before, "after": {}}, container=None)
        changed, before, after, container = swift.ensure_container_present(
            self.cloud,
            p["name"],
            metadata=p["metadata"],
            delete_metadata_keys=p["delete_metadata_keys"],
            read_acl=p["read_ACL"],
            write_acl=p["write_ACL"],
            check_mode=self.check_mode,
        )
        self.exit(changed, diff={"before": before, "after": after}, container=container)


def main():
    ObjectContainerModule()()


if __name__ == "__main__":
    main()
