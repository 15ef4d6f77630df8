#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_object_info
short_description: List containers and objects of an OpenStack object store (swift)
version_added: 0.1.0
description:
  - Without O(container), lists the project's containers; with it, the container's objects (or the one named).
  - Missing containers or objects give empty lists, not a failure.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
  - polystack.cloud.openstack.info_module
options:
  container:
    description:
      - List this container's objects. Without it, list the containers.
    type: str
  name:
    description:
      - Only the object of this name (with its metadata). Needs O(container).
    type: str
    aliases: [object]
  prefix:
    description:
      - Only containers (or objects) whose name starts with this.
    type: str
"""

EXAMPLES = r"""
- name: Containers on each cloud
  polystack.cloud.os_object_info:
    cloud: "{{ item }}"
  loop: [devcloud-fip, devcloud-direct]
  register: stores

- name: Backups of today
  polystack.cloud.os_object_info:
    cloud: devcloud-fip
    container: backups
    prefix: "{{ ansible_date_time.date }}/"
"""

RETURN = r"""
containers:
  description: The containers found (when O(container) is not given).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "backups", "count": 3, "bytes": 1024}]
objects:
  description:
    - The objects found (when O(container) is given), as swift lists them.
    - With O(name), the object as RV(polystack.cloud.os_object#module:object) shows it (its metadata, and
      openstack.cloud's keys from swift's answer).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "db.sql.gz", "bytes": 1024, "hash": "5d41402abc4b2a76b9719d911017c592",
            "content_type": "application/gzip", "last_modified": "2026-11-22T03:30:00.000000"}]
"""

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
