#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_object_container
short_description: Create, update or delete an object store (swift) container with its metadata and ACLs
version_added: 0.1.0
description:
  - Makes sure a swift container is present with the given metadata and read and write ACLs, or absent.
  - Only what is given is compared and set; metadata keys not named are kept. A second run with the same
    options reports C(changed=false).
  - The options of C(openstack.cloud.object_container), so that playbooks port by changing the FQCN
    (C(polystack.cloud.object_container) is this module too).
  - Differences from C(openstack.cloud.object_container), on purpose. A metadata key with C(_) is refused
    (swift drops such a header without a word, so the key would never be set), and so is a non-ASCII key
    (values may be any UTF-8 text). The temporary URL and sync
    keys are returned as C(********), never in clear. ACLs are compared the way swift stores them (C(.r:*, .rlistings)
    is C(.r:*,.rlistings)).
  - Deleting a container deletes that container only; M(polystack.cloud.os_object) also deletes the
    C(<name>_segments) container its large uploads made.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes (and refuses what it would refuse).
  diff_mode:
    support: full
    description: Shows the container's name, metadata, ACLs and counts before and after.
options:
  name:
    description:
      - The container's name. It may not contain C(/) or be C(.) or C(..).
    type: str
    required: true
    aliases: [container]
  metadata:
    description:
      - Metadata to set on the container (keys are case-insensitive; other keys are kept).
      - A key whose value is empty is removed (swift does that with an empty value).
    type: dict
  delete_metadata_keys:
    description:
      - Metadata keys to remove from the container (case-insensitive).
      - A key also in O(metadata) is set, not removed.
    type: list
    elements: str
    aliases: [keys]
  read_ACL:
    description:
      - The ACL that grants read access, for example C(.r:*,.rlistings) for public access;
        an empty string makes the container private.
      - Not changed when not given.
    type: str
  write_ACL:
    description:
      - The ACL that grants write access; an empty string removes it. Not changed when not given.
    type: str
  delete_with_all_objects:
    description:
      - With O(state=absent), also delete the container's objects. Without it, deleting a container that
        holds objects fails (in check mode too) and nothing is deleted.
    type: bool
    default: false
  state:
    description:
      - Whether the container should be present or absent.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: A container anyone can read and list
  polystack.cloud.os_object_container:
    cloud: mycloud
    name: web-assets
    read_ACL: ".r:*,.rlistings"
    metadata:
      Cache-Control: no-cache
      owner: web-team

- name: Remove a metadata key
  polystack.cloud.os_object_container:
    cloud: mycloud
    name: web-assets
    delete_metadata_keys:
      - owner

- name: Delete the container and everything in it
  polystack.cloud.os_object_container:
    cloud: mycloud
    name: web-assets
    state: absent
    delete_with_all_objects: true
"""

RETURN = r"""
container:
  description:
    - The container after the task (in check mode, what a real run would make); null when O(state=absent).
    - openstack.cloud's keys (openstacksdk's Container) and polystack's (RV(container.object_count),
      RV(container.bytes_used)).
  returned: always
  type: dict
  contains:
    bytes:
      description: The bytes stored in the container (swift's C(X-Container-Bytes-Used)).
      type: int
    bytes_used:
      description: The same as RV(container.bytes) (polystack's name).
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
      description: The same as RV(container.count) (polystack's name).
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
"""

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
