#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_image
short_description: Upload, update, deactivate or delete an image on an OpenStack cloud (glance)
version_added: 0.1.0
description:
  - Makes sure an image of the given name holds the content of a file (or of a URL), with the given
    metadata; or is deactivated; or is absent.
  - Idempotent by content. The file is hashed once (with the cloud's hash algorithm, and MD5) and compared with
    the image's C(os_hash_value) and C(checksum); an unchanged file is not uploaded again. An image of the same
    name with other content is handled as O(on_content_change) says.
  - The upload is streamed (memory does not grow with the file) by the path the cloud takes, which is a direct
    C(PUT), or the interoperable import C(glance-direct), or C(web-download) from O(url).
  - A failed upload deletes the image record it created; a wait that times out never deletes the image and
    says where it is.
  - Run with C(async), an upload reports its progress while it runs (bytes sent of the total, throughput; then
    the image's status while glance makes it active), which M(ansible.builtin.async_status) returns under
    C(progress) and the callback P(polystack.cloud.progress#callback) prints at every poll (the collection's guide
    I(Long tasks a user can watch) shows how). Every upload's result says its size, duration and throughput
    (RV(transfer)).
  - The options of C(openstack.cloud.image) and Ansible 2.9's C(os_image), so that playbooks port by changing the FQCN.
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
    description: Shows the image's hash, formats and metadata before and after.
options:
  container_format:
    description:
      - The container format of a new image.
    type: str
    choices: [aki, ami, ari, bare, compressed, docker, ova, ovf]
    default: bare
  disk_format:
    description:
      - The disk format of a new image. Defaults to the cloud profile's C(image_format) (for example C(vhd) on
        Rackspace, C(raw) on DreamCompute), else C(qcow2).
    type: str
    choices: [aki, ami, ari, iso, ploop, qcow2, raw, vdi, vhd, vhdx, vmdk]
  filename:
    description:
      - The image file, read on the host that runs the task. Mutually exclusive with O(url).
      - The alias O(file) is the name the first C(os_image) examples used.
    type: path
    aliases: [file]
  is_protected:
    description:
      - Whether the image is protected from deletion.
    type: bool
    aliases: [protected]
  kernel:
    description:
      - The name or id of the kernel image (sets the C(kernel_id) property).
    type: str
  min_disk:
    description:
      - The minimum disk size, in GiB, a server needs for this image.
    type: int
  min_ram:
    description:
      - The minimum RAM, in MiB, a server needs for this image.
    type: int
  name:
    description:
      - The image's name (or, to act on one image among several of a name, its id).
    type: str
    required: true
  on_content_change:
    description:
      - What to do when an image of this name exists with other content than O(filename).
      - V(fail) stops with a message saying both hashes; V(replace) uploads a new image and then deletes the old
        one; V(ignore) keeps the existing image (its metadata is still managed).
    type: str
    choices: [fail, ignore, replace]
    default: fail
  owner:
    description:
      - The id of the project that owns the image.
    type: str
  properties:
    description:
      - Additional properties the image must have (other properties it has are kept).
    type: dict
  ramdisk:
    description:
      - The name or id of the ramdisk image (sets the C(ramdisk_id) property).
    type: str
  state:
    description:
      - V(present) makes sure the image exists and is active; V(inactive) that it exists and is deactivated
        (an admin operation on most clouds); V(absent) that it does not exist.
    type: str
    choices: [absent, inactive, present]
    default: present
  tags:
    description:
      - The image's tags, all of them. Not changed when not given.
    type: list
    elements: str
  upload_method:
    description:
      - How to send the data. V(auto) takes V(web-download) with O(url), V(glance-direct) on clouds whose profile
        says C(image_api_use_tasks), else a direct V(put).
    type: str
    choices: [auto, glance-direct, put, web-download]
    default: auto
  url:
    description:
      - A URL the cloud downloads the image from itself (glance's C(web-download) import). Mutually exclusive with
        O(filename). The URL is kept in the image property C(polystack_source_url) to know the image's content.
    type: str
  visibility:
    description:
      - Who can see the image.
    type: str
    choices: [community, private, public, shared]
"""

EXAMPLES = r"""
- name: Upload my own base image to every cloud
  polystack.cloud.os_image:
    cloud: "{{ item }}"
    name: debian-12
    filename: debian-12.qcow2
    disk_format: qcow2
    min_ram: 512
    properties:
      os_distro: debian
  loop: [devcloud-fip, devcloud-direct]

- name: Replace it when the file changed
  polystack.cloud.os_image:
    cloud: devcloud-fip
    name: debian-12
    filename: debian-12.qcow2
    disk_format: qcow2
    on_content_change: replace

- name: Remove it
  polystack.cloud.os_image:
    cloud: devcloud-fip
    name: debian-12
    state: absent
"""

RETURN = r"""
image:
  description: The image after the task (normalized); null when O(state=absent).
  returned: always
  type: dict
  contains:
    checksum:
      description: The MD5 of the image data.
      type: str
    disk_format:
      description: Its disk format.
      type: str
    hash_algo:
      description: The algorithm of RV(image.hash_value).
      type: str
      sample: sha512
    hash_value:
      description: The hash of the image data.
      type: str
    id:
      description: The image's id.
      type: str
    is_protected:
      description: Whether it is protected.
      type: bool
    location:
      description: Where it is (cloud, region_name, project).
      type: dict
    min_disk:
      description: Minimum disk in GiB.
      type: int
    min_ram:
      description: Minimum RAM in MiB.
      type: int
    name:
      description: Its name.
      type: str
    properties:
      description: Its other properties.
      type: dict
    size:
      description: Its size in bytes.
      type: int
    status:
      description: Its status (C(active), C(deactivated), or where an unfinished upload is).
      type: str
    tags:
      description: Its tags.
      type: list
      elements: str
    visibility:
      description: Its visibility.
      type: str
uploaded:
  description: Whether this run sent image data.
  returned: always
  type: bool
transfer:
  description:
    - What this run's upload of O(filename) sent, how long it took and how fast, from the first byte sent to the
      last one glance received (the wait for the image to become active is not part of it).
  returned: when this run uploaded O(filename) (not with O(url), whose data the cloud fetches itself; not in check
    mode)
  type: dict
  contains:
    bytes:
      description: Bytes sent.
      type: int
      sample: 1073741824
    seconds:
      description: Duration of the upload, in seconds.
      type: float
      sample: 11.204
    bytes_per_second:
      description: Throughput, RV(transfer.bytes) divided by RV(transfer.seconds).
      type: int
      sample: 95834725
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _image
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    AmbiguousResource,
    CloudError,
    ConfigError,
    WaitTimeout,
)
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule
from ansible_collections.polystack.cloud.plugins.module_utils._progress import Transfer

# glance's own fields: what is not one of these (nor set by glance) is a property
BASE = {
    "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo", "os_hash_value",
    "owner", "size", "virtual_size", "min_ram", "min_disk", "disk_format", "container_format", "created_at",
    "updated_at", "tags", "self", "file", "schema", "direct_url", "locations", "stores",
}  # fmt: skip


def view(image):
    if not image:
        return {}
    out = dict(
        (k, image.get(k))
        for k in (
            "id",
            "name",
            "status",
            "checksum",
            "os_hash_value",
            "disk_format",
            "container_format",
            "min_disk",
            "min_ram",
            "visibility",
            "protected",
        )
    )
    out["tags"] = sorted(image.get("tags") or [])
    out["properties"] = dict((k, v) for k, v in image.items() if k not in BASE and not k.startswith("os_glance"))
    return out


class ImageModule(CloudModule):
    argument_spec = dict(
        container_format=dict(type="str", default="bare", choices=list(_image.CONTAINER_FORMATS)),
        disk_format=dict(type="str", choices=list(_image.DISK_FORMATS)),
        filename=dict(type="path", aliases=["file"]),
        is_protected=dict(type="bool", aliases=["protected"]),
        kernel=dict(type="str"),
        min_disk=dict(type="int"),
        min_ram=dict(type="int"),
        name=dict(type="str", required=True),
        on_content_change=dict(type="str", default="fail", choices=["fail", "ignore", "replace"]),
        owner=dict(type="str"),
        properties=dict(type="dict"),
        ramdisk=dict(type="str"),
        state=dict(type="str", default="present", choices=["absent", "inactive", "present"]),
        tags=dict(type="list", elements="str"),
        upload_method=dict(type="str", default="auto", choices=["auto", "glance-direct", "put", "web-download"]),
        url=dict(type="str"),
        visibility=dict(type="str", choices=["community", "private", "public", "shared"]),
    )
    module_kwargs = dict(mutually_exclusive=[["filename", "url"]])

    def find(self):
        """The raw glance document of the image named (or with the id), or None."""
        found = self.cloud.search_images(self.params["name"])
        if len(found) > 1:
            raise AmbiguousResource(
                "image", self.params["name"], found, cloud=self.cloud.name, region=self.cloud.region_name
            )
        return _image.get_image(self.cloud, found[0]["id"]) if found else None

    def wanted(self):
        """(core fields, properties) the user set; None values are not managed."""
        p = self.params
        core = {
            "min_disk": p["min_disk"],
            "min_ram": p["min_ram"],
            "visibility": p["visibility"],
            "protected": p["is_protected"],
            "owner": p["owner"],
        }
        props = dict((str(k), v) for k, v in (p["properties"] or {}).items())
        for option, prop in (("kernel", "kernel_id"), ("ramdisk", "ramdisk_id")):
            if p[option]:
                ref = self.cloud.get_image(p[option])
                if ref is None:
                    raise ConfigError(
                        "%s image %r not found on cloud %s region %s"
                        % (option, p[option], self.cloud.name, self.cloud.region_name)
                    )
                props[prop] = ref["id"]
        if p["url"]:
            props["polystack_source_url"] = p["url"]
        return core, props

    def create_lock_key(self):
        return ("image", "image", self.params["name"]) if self.params["state"] != "absent" else None

    def run(self):
        p, cloud = self.params, self.cloud
        _image.require_v2(cloud)
        if p["filename"]:
            _image.check_file(p["filename"])  # before anything is created
        current = self.find()
        before = view(current)

        if p["state"] == "absent":
            if current is None:
                self.exit(False, diff={"before": {}, "after": {}}, image=None, uploaded=False)
            if not self.check_mode:
                _image.delete(cloud, current)
            self.exit(True, diff={"before": before, "after": {}}, image=None, uploaded=False)

        core, props = self.wanted()
        has_data = current is not None and current.get("status") not in ("queued", "saving", "importing", "uploading")
        replace_old = None
        if current is not None and has_data and (p["filename"] or p["url"]):
            same, detail = self.same_content(current)
            if not same:
                if p["on_content_change"] == "fail":
                    self.fail(
                        "image %s (%s) on cloud %s region %s holds other content than %s (%s): set "
                        "on_content_change=replace to replace it, or ignore to keep it"
                        % (
                            current["name"],
                            current["id"],
                            cloud.name,
                            cloud.region_name,
                            p["filename"] or p["url"],
                            detail,
                        ),
                        image=cloud.normalize("image", current),
                    )
                if p["on_content_change"] == "replace":
                    replace_old, current, has_data = current, None, False

        if current is None or not has_data:
            if not (p["filename"] or p["url"]):
                if current is None:
                    raise ConfigError(
                        "image %s does not exist on cloud %s region %s: give filename or url to "
                        "upload it" % (p["name"], cloud.name, cloud.region_name)
                    )
            else:
                return self.create(current, replace_old, core, props, before)

        # the content is right: metadata, and active or not
        ops = _image.patch_ops(current, core, props, p["tags"])
        want_active = p["state"] == "present"
        toggle = (current.get("status") == "deactivated") if want_active else (current.get("status") == "active")
        changed = bool(ops) or toggle
        after_doc = dict(current)
        for op in ops:
            after_doc[op["path"][1:]] = op["value"]
        if toggle:
            after_doc["status"] = "active" if want_active else "deactivated"
        if changed and not self.check_mode:
            if ops:
                after_doc = _image.apply_patch(cloud, current["id"], ops)
            if toggle:
                _image.set_active(cloud, current["id"], want_active)
                after_doc = _image.get_image(cloud, current["id"])
        self.exit(
            changed,
            diff={"before": before, "after": view(after_doc)},
            image=cloud.normalize("image", after_doc),
            uploaded=False,
        )

    def exit_planned_upload(self, body, before):
        """Check mode of an upload: the image the real run makes, as far as it is known before it exists (glance's
        defaults, the file's hashes); what only the cloud will decide (the id) is left out, never shown null."""
        p = self.params
        after = dict(
            dict(min_disk=0, min_ram=0, protected=False, visibility="shared"),
            **body,
            status="active" if p["state"] == "present" else "deactivated",
        )
        if p["filename"]:
            hashes = _image.hash_file(p["filename"], [_image.DEFAULT_HASH_ALGO, "md5"], label=p["name"])
            after.update(checksum=hashes["md5"], os_hash_value=hashes[_image.DEFAULT_HASH_ALGO])
        planned = dict((k, v) for k, v in view(after).items() if v is not None)
        self.exit(True, diff={"before": before, "after": planned}, image=after, uploaded=True)

    def same_content(self, current):
        p = self.params
        if p["url"]:
            same = current.get("polystack_source_url") == p["url"]
            return same, "source url %s" % (current.get("polystack_source_url") or "unknown")
        algo = current.get("os_hash_algo") or _image.DEFAULT_HASH_ALGO
        hashes = _image.hash_file(p["filename"], [algo, "md5"], label=p["name"])
        if current.get("os_hash_value"):
            same = current["os_hash_value"] == hashes[algo]
        else:
            same = current.get("checksum") == hashes["md5"]
        return same, "%s %s... in the cloud, %s... in the file" % (
            algo,
            (current.get("os_hash_value") or current.get("checksum") or "none")[:16],
            hashes[algo][:16],
        )

    def create(self, existing_record, replace_old, core, props, before):
        """Upload into a new image (or into a record an interrupted run left without data)."""
        p, cloud = self.params, self.cloud
        disk_format = p["disk_format"] or cloud.config.get("image_format") or "qcow2"
        method = _image.choose_method(cloud, p["upload_method"], p["url"])
        body = dict((k, v) for k, v in core.items() if v is not None)
        body.update(props)
        body.update(name=p["name"], disk_format=disk_format, container_format=p["container_format"])
        if p["tags"] is not None:
            body["tags"] = sorted(set(p["tags"]))
        if self.check_mode:
            self.exit_planned_upload(body, before)
        created = None
        if existing_record is not None:
            record = existing_record
        else:
            record = created = _image.create_record(cloud, body)
        transfer = Transfer(p["name"]) if p["filename"] else None
        try:
            hashes = _image.upload_data(
                cloud,
                record["id"],
                method,
                p["filename"],
                p["url"],
                algos=(_image.DEFAULT_HASH_ALGO, "md5"),
                transfer=transfer,
            )
            if not p["wait"]:
                image = _image.get_image(cloud, record["id"])
            else:
                image = _image.wait_active(cloud, record["id"], p["timeout"], label=p["name"])
                algo = image.get("os_hash_algo")
                if hashes and algo in hashes and image.get("os_hash_value") not in (None, hashes[algo]):
                    raise CloudError(
                        "image %s (%s) on cloud %s: glance stored other data than was sent (%s %s, "
                        "sent %s)" % (p["name"], record["id"], cloud.name, algo, image["os_hash_value"], hashes[algo])
                    )
        except CloudError as e:
            if created is not None and not isinstance(e, WaitTimeout):
                _image.delete(cloud, created)  # nothing half-made is left behind (a timeout keeps it: it may finish)
            raise
        if p["state"] == "inactive" and image.get("status") == "active":
            _image.set_active(cloud, image["id"], False)
            image = _image.get_image(cloud, image["id"])
        if replace_old is not None:
            _image.delete(cloud, replace_old)
        extra = {"transfer": transfer.stats()} if transfer is not None else {}
        self.exit(
            True,
            diff={"before": before, "after": view(image)},
            image=cloud.normalize("image", image),
            uploaded=True,
            **extra,
        )


def main():
    ImageModule()()


if __name__ == "__main__":
    main()
