#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_object
short_description: Put objects and containers in an OpenStack object store (swift)
version_added: 0.1.0
description:
  - Makes sure an object holds the content of a file (or of O(data)), or is absent; without O(name), makes
    sure a container is present (with the given access) or absent.
  - An object whose content has not changed is not uploaded again (MD5/ETag for plain objects; the segment
    ETags of the manifest for large objects), so a re-run reports C(changed=false).
  - Files bigger than O(segment_size) are uploaded as Static Large Objects, in segments stored in the
    container C(<container>_segments) and sent in parallel; a re-run after an interrupted upload sends only
    the segments that are missing or differ. Deleting such an object deletes its segments.
  - Run with C(async), an upload reports its progress while it runs (bytes sent of the total, throughput), which
    M(ansible.builtin.async_status) returns under C(progress) and the callback P(polystack.cloud.progress#callback)
    prints at every poll (the collection's guide I(Long tasks a user can watch) shows how).
    Every upload's result says its size, duration and throughput (RV(transfer)).
  - The options of C(openstack.cloud.object) and of Ansible 2.9's C(os_object), so that playbooks port by
    changing the FQCN.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes (the file is hashed, nothing is sent).
  diff_mode:
    support: full
    description: Shows the object's (or container's) state before and after.
options:
  container:
    description:
      - The container's name. It may not contain C(/).
    type: str
    required: true
  container_access:
    description:
      - Make the container readable by anyone (V(public)) or only by the project (V(private)).
      - Not changed when not given.
    type: str
    choices: [private, public]
    aliases: [access]
  content_type:
    description:
      - The object's content type. Not changed when not given.
    type: str
  create_container:
    description:
      - Create the container when it is missing. When false and the container is missing, the task fails.
    type: bool
    default: true
  data:
    description:
      - The object's content, as a string. Mutually exclusive with O(filename).
    type: str
  delete_with_all_objects:
    description:
      - When deleting a container (O(state=absent) without O(name)), delete its objects too. Otherwise a
        container that is not empty is not deleted and the task fails.
    type: bool
    default: false
  filename:
    description:
      - A file whose content the object must hold, read on the host that runs the task.
      - Mutually exclusive with O(data).
    type: path
  metadata:
    description:
      - Metadata the object must have (other keys it has are kept). Keys are case-insensitive.
    type: dict
  name:
    description:
      - The object's name. Without it, the task is about the container.
    type: str
    aliases: [object]
  segment_size:
    description:
      - Files bigger than this many bytes are uploaded as Static Large Objects in segments of this size.
      - Defaults to the cloud's maximum object size (from its C(/info)), at most 5 GiB.
    type: int
  state:
    description:
      - Whether the object (or, without O(name), the container) should exist.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: Store a backup in every cloud
  polystack.cloud.os_object:
    cloud: "{{ item }}"
    container: backups
    name: db.sql.gz
    filename: /var/backups/db.sql.gz
  loop: [devcloud-fip, devcloud-direct]

- name: A large file, in 100 MiB segments
  polystack.cloud.os_object:
    cloud: devcloud-fip
    container: images
    name: disk.qcow2
    filename: disk.qcow2
    segment_size: 104857600

- name: A public container
  polystack.cloud.os_object:
    cloud: devcloud-fip
    container: www
    container_access: public

- name: Remove a container and everything in it
  polystack.cloud.os_object:
    cloud: devcloud-fip
    container: old
    state: absent
    delete_with_all_objects: true
"""

RETURN = r"""
container:
  description: The container after the task; null when it was deleted.
  returned: always
  type: dict
  contains:
    access:
      description: V(public) or V(private).
      type: str
    bytes_used:
      description: Bytes stored in the container.
      type: int
    name:
      description: The container's name.
      type: str
    object_count:
      description: Objects in the container.
      type: int
object:
  description: The object after the task; null when it is absent or the task is about the container.
  returned: always
  type: dict
  contains:
    accept_ranges:
      description: swift's C(Accept-Ranges) header; null when swift did not send it.
      type: str
    access_control_allow_origin:
      description: swift's C(Access-Control-Allow-Origin) header; null when swift did not send it.
      type: str
    container:
      description: Its container.
      type: str
    content_disposition:
      description: swift's C(Content-Disposition) header; null when swift did not send it.
      type: str
    content_encoding:
      description: swift's C(Content-Encoding) header; null when swift did not send it.
      type: str
    content_length:
      description: Its size in bytes (swift's C(Content-Length)).
      type: int
    content_type:
      description: Its content type.
      type: str
    copy_from:
      description: 'A request header of openstacksdk''s (C(X-Copy-From)): never in swift''s answer,
        null.'
      type: str
    delete_after:
      description: 'A request header of openstacksdk''s (C(X-Delete-After)): never in swift''s answer,
        null. swift answers with RV(object.delete_at).'
      type: int
    delete_at:
      description: When swift deletes it, a UNIX time (C(X-Delete-At)); null when it does not expire.
      type: str
    etag:
      description: The MD5 of its content (for a large object, swift's ETag of the manifest), without
        quotes.
      type: str
    expires_at:
      description: swift's C(Expires) header; null when swift did not send it.
      type: str
    id:
      description: 'Its id: its name.'
      type: str
    if_match:
      description: 'A request header of openstacksdk''s (C(If-Match)): never in swift''s answer, null.'
      type: list
      elements: str
    if_modified_since:
      description: 'A request header of openstacksdk''s (C(If-Modified-Since)): never in swift''s
        answer, null.'
      type: str
    if_none_match:
      description: 'A request header of openstacksdk''s (C(If-None-Match)): never in swift''s answer,
        null.'
      type: list
      elements: str
    if_unmodified_since:
      description: 'A request header of openstacksdk''s (C(If-Unmodified-Since)): never in swift''s
        answer, null.'
      type: str
    is_content_type_detected:
      description: 'A request header of openstacksdk''s (C(X-Detect-Content-Type)): never in swift''s
        answer, null.'
      type: bool
    is_newest:
      description: 'A request header of openstacksdk''s (C(X-Newest)): never in swift''s answer, null.'
      type: bool
    is_slo:
      description: Whether it is a Static Large Object.
      type: bool
    is_static_large_object:
      description: 'swift''s C(X-Static-Large-Object): true for a Static Large Object, else null.'
      type: bool
    last_modified_at:
      description: When its content or metadata last changed (swift's C(Last-Modified)).
      type: str
    manifest:
      description: The segments' C(container/prefix) of a dynamic large object (C(X-Object-Manifest)),
        else null.
      type: str
    metadata:
      description: Its metadata (lower-case keys).
      type: dict
    multipart_manifest:
      description: 'A request header of openstacksdk''s (C(multipart-manifest)): never in swift''s
        answer, null.'
      type: str
    name:
      description: Its name.
      type: str
    object_manifest:
      description: The same as RV(object.manifest).
      type: str
    range:
      description: 'A request header of openstacksdk''s (C(Range)): never in swift''s answer, null.'
      type: dict
    segments:
      description: How many segments it has (0 for a plain object).
      type: int
    signature:
      description: 'A request header of openstacksdk''s (C(signature)): never in swift''s answer,
        null.'
      type: str
    size:
      description: Its size in bytes.
      type: int
    symlink_target:
      description: swift's C(X-Symlink-Target) header; null when swift did not send it.
      type: str
    symlink_target_account:
      description: swift's C(X-Symlink-Target-Account) header; null when swift did not send it.
      type: str
    timestamp:
      description: swift's C(X-Timestamp) of its last change, UNIX time.
      type: str
    transfer_encoding:
      description: swift's C(Transfer-Encoding) header; null when swift did not send it.
      type: str
segments_uploaded:
  description: How many segments this run sent (a re-run after an interruption sends only the missing ones).
  returned: always
  type: int
transfer:
  description:
    - What this run's upload sent, how long it took and how fast, from the first byte sent to the object stored
      (for a large object, its manifest).
    - A re-run after an interruption counts only the segments it sent.
  returned: when the object's content was uploaded (not in check mode)
  type: dict
  contains:
    bytes:
      description: Bytes sent.
      type: int
      sample: 1073741824
    seconds:
      description: Duration of the upload, in seconds.
      type: float
      sample: 9.512
    bytes_per_second:
      description: Throughput, RV(transfer.bytes) divided by RV(transfer.seconds).
      type: int
      sample: 112882040
"""

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
