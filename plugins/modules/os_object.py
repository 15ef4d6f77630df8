#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_object.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _normalize
from ansible_collections.polystack.cloud.plugins.module_utils import _object_store as swift
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ObjectModule(CloudModule):
    argument_spec = dict(
        container=dict(type="str", required=True),
        container_access=dict(type="str", choices=["private", "public"], aliases=["access"]),
        content_type=dict(type="str"),
        create_container=dict(type="bool", default=True),
        data=dict(type="str"),
        delete_with_all_objects=dict(type="bool", default=False),
        filename=dict(type="path"),
        metadata=dict(type="dict"),
        name=dict(type="str", aliases=["object"]),
        segment_size=dict(type="int"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )
    module_kwargs = dict(mutually_exclusive=[["data", "filename"]])

    def create_lock_key(self):
        # the container is made with its first object: one lock per container
        return ("object-store", "container", self.params["container"]) if self.params["state"] == "present" else None

    def run(self):
        p = self.params
        swift.validate_container_name(p["container"])
        swift.validate_segment_size(p["segment_size"])
        if p["name"] is None:
            for option in ("filename", "data", "content_type", "metadata"):
                if p[option] is not None:
                    raise ConfigError("%s is about an object: give name too" % option)
            return self.run_container()
        return self.run_object()

    def absent(self, changed, before):
        self.exit(changed, diff={"before": before, "after": {}}, container=None, object=None, segments_uploaded=0)

    def run_container(self):
        p = self.params
        if p["state"] == "absent":
            result = swift.ensure_container_absent(
                self.cloud, p["container"], p["delete_with_all_objects"], self.check_mode,
                with_segments_container=True, view=swift.container_view,
            )  # fmt: skip
            self.absent(*result)
        changed, before, after = swift.ensure_container(
            self.cloud, p["container"], p["container_access"], p["create_container"], self.check_mode
        )
        self.exit(changed, diff={"before": before, "after": after}, container=after, object=None, segments_uploaded=0)

    def run_object(self):
        p, cloud = self.params, self.cloud
        container, name = p["container"], p["name"]
        if p["state"] == "absent":
            self.absent(*swift.ensure_object_absent(cloud, container, name, self.check_mode))
        result = swift.ensure_object(
            cloud,
            container,
            name,
            filename=p["filename"],
            data=p["data"],
            segment_size=p["segment_size"],
            content_type=p["content_type"],
            metadata=p["metadata"],
            create_container=p["create_container"],
            container_access=p["container_access"],
            check_mode=self.check_mode,
        )
        extra = {"transfer": result["transfer"]} if result["transfer"] is not None else {}
        self.exit(
            result["changed"],
            diff={"before": result["before"], "after": result["after"]},
            container=result["container"],
            object=_normalize.swift_object(result["after"], result["headers"]),
            segments_uploaded=result["uploaded"],
            **extra,
        )


def main():
    ObjectModule()()


if __name__ == "__main__":
    main()
