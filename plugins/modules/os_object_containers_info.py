#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_object_containers_info
short_description: List the object store (swift) containers of a project, or read one
version_added: 0.1.0
description:
  - Returns one container by name (every key swift tells about it), or the project's containers, all or those
    whose name starts with a prefix (the keys swift's listing tells; the others are null, as in
    C(openstack.cloud.object_containers_info)).
  - The options of C(openstack.cloud.object_containers_info), so that playbooks port by changing the FQCN
    (C(polystack.cloud.object_containers_info) is this module too).
  - A container named that does not exist gives an empty list (openstack.cloud's module fails).
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Reads only.
  diff_mode:
    support: none
    description: Nothing changes, there is no diff.
options:
  name:
    description:
      - The name of one container to return. It may not contain C(/) or be C(.) or C(..).
    type: str
    aliases: [container]
  prefix:
    description:
      - Return only the containers whose name starts with this (ignored when O(name) is given).
    type: str
"""

EXAMPLES = r"""
- name: Every container of the project
  polystack.cloud.os_object_containers_info:
    cloud: mycloud
  register: all_containers

- name: One container, with its metadata and ACLs
  polystack.cloud.os_object_containers_info:
    cloud: mycloud
    name: web-assets
  register: one

- name: The containers whose name starts with web-
  polystack.cloud.os_object_containers_info:
    cloud: mycloud
    prefix: web-
"""

RETURN = r"""
containers:
  description:
    - The containers found (an empty list when none).
    - Read by name, a container has every key; from the listing (no O(name)), only RV(containers[].name),
      RV(containers[].id), RV(containers[].count), RV(containers[].bytes), RV(containers[].object_count),
      RV(containers[].bytes_used) and RV(containers[].last_modified) are filled in, the others are null
      (RV(containers[].metadata) is empty).
  returned: always
  type: list
  elements: dict
  contains:
    bytes:
      description: The bytes stored in the container (swift's C(X-Container-Bytes-Used)).
      type: int
    bytes_used:
      description: The same as RV(containers[].bytes) (polystack's name).
      type: int
    content_type:
      description: The type of swift's container listing.
      type: str
    count:
      description: The number of objects in the container.
      type: int
    history_location:
      description: The container that keeps old versions of its objects (C(X-History-Location)), else null.
      type: str
    id:
      description: The container's id, which is its name.
      type: str
    if_none_match:
      description: Always null (a request header of openstacksdk's model, kept for its key).
      type: str
    is_content_type_detected:
      description: Whether swift guesses content types from object names (C(X-Detect-Content-Type)), else null.
      type: bool
    is_newest:
      description: Always null (a request header of openstacksdk's model, kept for its key).
      type: bool
    meta_temp_url_key:
      description:
        - C(********) when the container has a temporary URL key, else null.
        - The key itself is never returned (whoever reads it can sign URLs to the container).
      type: str
    meta_temp_url_key_2:
      description: C(********) when the container has a second temporary URL key, else null.
      type: str
    metadata:
      description: The container's metadata, keys in lower case (as swift keeps them).
      type: dict
    name:
      description: The container's name.
      type: str
    object_count:
      description: The same as RV(containers[].count) (polystack's name).
      type: int
    read_ACL:
      description: The ACL that grants read access, null when there is none.
      type: str
    storage_policy:
      description: The container's storage policy.
      type: str
    sync_key:
      description: C(********) when the container has a sync key, else null (never the key).
      type: str
    sync_to:
      description: Where the container is synchronised to, else null.
      type: str
    timestamp:
      description: When the container was created (swift's C(X-Timestamp)); null in check mode for a
        container not made yet.
      type: str
    versions_location:
      description: The container that keeps old versions of its objects (C(X-Versions-Location)), else null.
      type: str
    write_ACL:
      description: The ACL that grants write access, null when there is none.
      type: str
    last_modified:
      description: When the container last changed; only from the listing (without O(name)), else absent.
      type: str
"""

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
