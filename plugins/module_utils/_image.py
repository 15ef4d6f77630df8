# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Image business logic on a Cloud: hash a file once, create the image record, upload the data the way
the cloud takes it (PUT /file, interoperable import glance-direct, or web-download from a URL), wait.

The file is streamed: memory does not grow with its size.  Its hash is computed while reading, once: before
uploading when an image of that name exists (to compare, with that image's ``os_hash_algo``, or MD5 for an image
that has only ``checksum``), otherwise during the upload (to verify what glance stored), with glance's default
``os_hash_algo`` only (sha512): each algorithm costs the client a core's time per GiB sent, and glance computes
MD5 itself.  A cloud that hashes with another algorithm has the file read once more to verify.

``ensure_present`` and ``ensure_absent`` are the engine os_image and the Python API's create_image share: one
image of a name holding one content (idempotent by content), its fields set by one JSON patch.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import re
import time
import uuid

from ansible_collections.polystack.cloud.plugins.module_utils import _progress
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    AmbiguousResource,
    CloudError,
    ConfigError,
    Conflict,
    HTTPError,
    NotFound,
    WaitTimeout,
)

DISK_FORMATS = ("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop")
CONTAINER_FORMATS = ("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed")
DEFAULT_HASH_ALGO = "sha512"
READ_BLOCK = 1024 * 1024
JSON_PATCH = {"Content-Type": "application/openstack-images-v2.1-json-patch"}
# image fields set at creation or by JSON patch, as glance names them
CORE = ("disk_format", "container_format", "min_disk", "min_ram", "visibility", "protected", "owner", "tags")


class HashingReader:
    """Reads a file in blocks, feeding every hash on the way; requests streams it (Content-Length known).

    transfer: a _progress.Transfer counting what is read (what requests sends), less what a rewind sends again."""

    def __init__(self, path, algos, transfer=None):
        self.f = open(path, "rb")
        self.size = os.path.getsize(path)
        self.left = self.size
        self.hashes = dict((a, hashlib.new(a)) for a in algos)
        self.transfer = transfer

    def __len__(self):
        return self.left

    def read(self, n=-1):
        n = READ_BLOCK if n is None or n < 0 else min(n, READ_BLOCK)
        data = self.f.read(n)
        self.left -= len(data)
        for h in self.hashes.values():
            h.update(data)
        if self.transfer is not None:
            self.transfer.add(len(data))
        return data

    def tell(self):
        return self.size - self.left

    def seek(self, offset, whence=0):
        """Back to the start only (a retried upload): the hashes start again with the data."""
        if offset != 0 or whence != 0:
            raise OSError("a hashing stream rewinds to its start only")
        if self.transfer is not None:
            self.transfer.add(-self.tell())  # sent again from the start: counted once
        self.f.seek(0)
        self.left = self.size
        self.hashes = dict((a, hashlib.new(a)) for a in self.hashes)
        return 0

    def hexdigests(self):
        return dict((a, h.hexdigest()) for a, h in self.hashes.items())

    def close(self):
        self.f.close()


def require_v2(cloud):
    version = str(cloud.config.get("image_api_version") or "2")
    if not version.startswith("2"):
        raise ConfigError(
            "cloud %s says image_api_version %s: only glance's v2 API is supported (v1 was removed from "
            "glance in 2018); set image_api_version: 2 for this cloud if it offers v2" % (cloud.name, version)
        )


def check_file(filename):
    if not os.path.exists(filename):
        raise ConfigError("filename %s does not exist" % filename)
    if not os.path.isfile(filename):
        raise ConfigError("filename %s is not a file" % filename)
    if not os.access(filename, os.R_OK):
        raise ConfigError("filename %s is not readable" % filename)


def hash_file(filename, algos, label=None):
    """The file's hashes; the read is progress for async_status (phase hash, under label)."""
    reading = _progress.Transfer(label or filename, phase="hash")
    reader = HashingReader(filename, algos, transfer=reading)
    reading.start(reader.size)
    try:
        while reader.read(READ_BLOCK):
            pass
    finally:
        reader.close()
    reading.finish()
    return reader.hexdigests()


def import_methods(cloud):
    try:
        body = cloud.request("image", "GET", "/v2/info/import").json()
        return list((body.get("import-methods") or {}).get("value") or [])
    except (HTTPError, ValueError):
        return []


def choose_method(cloud, wanted, url=None):
    """put, glance-direct or web-download: what was asked, else what fits the cloud and the input."""
    methods = import_methods(cloud)
    if url:
        method = "web-download"
    elif wanted and wanted != "auto":
        method = wanted
    elif cloud.config.get("image_api_use_tasks"):
        method = "glance-direct"  # clouds that take images only through an import task
    else:
        method = "put"
    if method != "put" and method not in methods:
        raise ConfigError(
            "cloud %s region %s does not offer the image import method %s (it offers: %s)"
            % (cloud.name, cloud.region_name, method, ", ".join(methods) or "none")
        )
    return method


def create_record(cloud, body):
    """POST the image record with an id of our own: glance's way to make a repeated POST harmless (a POST
    whose answer was lost is looked up by that id instead of making a second image)."""
    body = dict(body, id=body.get("id") or str(uuid.uuid4()))

    def find():
        try:
            return cloud.request("image", "GET", "/v2/images/%s" % body["id"]).json()
        except NotFound:
            return None

    resp, found = cloud.session.create("image", "/v2/images", find, json=body)
    return found if found is not None else resp.json()


def upload_data(cloud, image_id, method, filename=None, url=None, algos=(DEFAULT_HASH_ALGO,), transfer=None):
    """Send the data; returns the hashes computed on the way (empty for web-download). transfer: the
    _progress.Transfer that counts the bytes sent (progress for async_status; size, duration, throughput)."""
    if method == "web-download":
        cloud.request(
            "image", "POST", "/v2/images/%s/import" % image_id, json={"method": {"name": "web-download", "uri": url}}
        )
        return {}
    transfer = transfer or _progress.Transfer(image_id)
    reader = HashingReader(filename, algos, transfer=transfer)
    headers = {"Content-Type": "application/octet-stream"}
    transfer.start(reader.size)
    try:
        if method == "put":
            try:
                cloud.request("image", "PUT", "/v2/images/%s/file" % image_id, data=reader, headers=headers)
            except Conflict:
                # a retried PUT whose first attempt was stored (its answer lost) finds the image active:
                # the hashes of the whole file let the caller check that glance holds exactly this data
                if get_image(cloud, image_id).get("status") != "active":
                    raise
                reader.seek(0)
                while reader.read(READ_BLOCK):
                    pass
        else:
            cloud.request("image", "PUT", "/v2/images/%s/stage" % image_id, data=reader, headers=headers)
            transfer.finish()  # the data is staged; glance's import is waited for after
            cloud.request("image", "POST", "/v2/images/%s/import" % image_id, json={"method": {"name": method}})
    finally:
        reader.close()
    if transfer.seconds is None:
        transfer.finish()
    return reader.hexdigests()


def get_image(cloud, image_id):
    return cloud.request("image", "GET", "/v2/images/%s" % image_id).json()


IMPORT_LOCK = "os_glance_import_task"  # the property glance's import task holds the image by, until its last step


def wait_active(cloud, image_id, timeout, label=None):
    """Poll until active (and, after an import, released by glance's import task); a failed import or a timeout
    says where the image is (and never deletes it). Each poll is progress for async_status (status, seconds
    waited), under label (the image's name) or its id."""
    deadline = time.time() + timeout
    pacer = _progress.Pacer(first=0.2)
    waiting = _progress.Wait(label or image_id, timeout, "active")
    while True:
        image = get_image(cloud, image_id)
        status = image.get("status")
        waiting.update(status)
        # glance marks an imported image active before its import task lets go of the image (the task's last
        # step drops the os_glance_import_task lock): a delete in between fails in glance with a 500 (seen on the
        # devcloud 2026-12-07). So an import is done once that lock is gone too; at the deadline active is enough.
        if status == "active" and (not image.get(IMPORT_LOCK) or time.time() > deadline):
            return image
        if status in ("killed", "deleted", "deactivated"):
            raise HTTPError(
                "image %s (%s) on cloud %s region %s is %s after its upload"
                % (image.get("name"), image_id, cloud.name, cloud.region_name, status),
                cloud=cloud.name,
                region=cloud.region_name,
                service="image",
            )
        if status == "queued" and image.get("os_glance_failed_import"):
            raise HTTPError(
                "image %s (%s) on cloud %s region %s: the import failed in store(s) %s"
                % (image.get("name"), image_id, cloud.name, cloud.region_name, image["os_glance_failed_import"]),
                cloud=cloud.name,
                region=cloud.region_name,
                service="image",
            )
        if time.time() > deadline:
            raise WaitTimeout(
                "image %s (%s) on cloud %s region %s is still %s after %ds: it was not deleted; "
                "wait longer (timeout) or look at it with os_image_info"
                % (image.get("name"), image_id, cloud.name, cloud.region_name, status, timeout),
                cloud=cloud.name,
                region=cloud.region_name,
            )
        # active and still locked: the import task is at its last step, its lock goes within moments
        pacer.pause(at_most=0.2 if status == "active" else None)


def patch_ops(current, wanted_core, wanted_props, wanted_tags):
    """JSON patch operations taking the image from current to wanted (only what the user set)."""
    ops = []
    for key, value in wanted_core.items():
        if value is None or key == "tags":
            continue
        if current.get(key) != value:
            ops.append({"op": "replace" if key in current else "add", "path": "/" + key, "value": value})
    for key, value in (wanted_props or {}).items():
        value = str(value) if not isinstance(value, (bool, int, float, list, dict)) else value
        if current.get(key) != value:
            ops.append({"op": "replace" if key in current else "add", "path": "/" + key, "value": value})
    if wanted_tags is not None and sorted(current.get("tags") or []) != sorted(set(wanted_tags)):
        ops.append({"op": "replace", "path": "/tags", "value": sorted(set(wanted_tags))})
    return ops


def apply_patch(cloud, image_id, ops):
    # only add and replace (an add of a property that is there replaces it, in the v2.1 patch format):
    # the same patch twice gives the same image, so it is retried like a PUT
    return cloud.request(
        "image", "PATCH", "/v2/images/%s" % image_id, json=ops, headers=JSON_PATCH, idempotent=True
    ).json()


def delete(cloud, image):
    if image.get("protected"):
        apply_patch(cloud, image["id"], [{"op": "replace", "path": "/protected", "value": False}])
    cloud.request("image", "DELETE", "/v2/images/%s" % image["id"], ok=(404,))


def set_active(cloud, image_id, active):
    action = "reactivate" if active else "deactivate"
    cloud.request("image", "POST", "/v2/images/%s/actions/%s" % (image_id, action))


# -- the engine: one image of a name, holding one content (os_image and the Python API's create_image) -----------

UPLOADING = ("queued", "saving", "importing", "uploading")  # a record whose data is not (all) there yet


class ContentChanged(CloudError):
    """An image of that name holds other content than the file or URL given (on_content_change=fail)."""

    def __init__(self, message, image, cloud=None, region=None):
        super(ContentChanged, self).__init__(message, cloud=cloud, region=region)
        self.image = image

    def to_result(self):
        out = super(ContentChanged, self).to_result()
        out["image"] = self.image
        return out


def find(cloud, name):
    """The raw glance document of the image of that name (or id), or None; AmbiguousResource if several."""
    found = cloud.search_images(name)
    if len(found) > 1:
        raise AmbiguousResource("image", name, found, cloud=cloud.name, region=cloud.region_name)
    return get_image(cloud, found[0]["id"]) if found else None


def same_content(cloud, current, filename=None, url=None, label=None):
    """(same, what differs) between the image and the file (its hash with the image's algorithm, else MD5) or
    the URL it was downloaded from (recorded as the property polystack_source_url)."""
    if url:
        same = current.get("polystack_source_url") == url
        return same, "source url %s" % (current.get("polystack_source_url") or "unknown")
    algo, stored = stored_hash(current)
    algo = algo or DEFAULT_HASH_ALGO
    mine = hash_file(filename, [algo], label=label)[algo]
    return stored == mine, "%s %s... in the cloud, %s... in the file" % (algo, (stored or "none")[:16], mine[:16])


def stored_hash(image):
    """(algorithm, value) glance keeps of the image's data: its os_hash_algo and os_hash_value, or MD5 and its
    checksum (a glance before Rocky); (None, None) for an image without data."""
    if image.get("os_hash_algo") and image.get("os_hash_value"):
        return image["os_hash_algo"], image["os_hash_value"]
    if image.get("checksum"):
        return "md5", image["checksum"]
    return None, None


def _result(changed, before, after, uploaded=False, planned=False, transfer=None):
    """What the engine did (or, planned, would do): raw glance documents before and after."""
    return dict(changed=changed, before=before, after=after, uploaded=uploaded, planned=planned, transfer=transfer)


def ensure_absent(cloud, name, check_mode=False):
    require_v2(cloud)
    current = find(cloud, name)
    if current is not None and not check_mode:
        delete(cloud, current)
    return _result(current is not None, current, None)


def ensure_present(
    cloud,
    name,
    filename=None,
    url=None,
    on_content_change="fail",
    fields=None,
    check_mode=False,
    image_id=None,
    checksum=None,
    volume=None,
):
    """Make the image `name` hold the file's (or URL's) content, with these fields; the same content is not
    uploaded again. fields: the core fields (min_disk, min_ram, visibility, protected, owner), properties,
    tags, disk_format, container_format, upload_method, active, wait, timeout (see image_fields).

    Other content under that name: on_content_change fail (ContentChanged), ignore (kept), or replace (uploaded
    into a new image, the old one deleted after). Returns _result(); in check mode nothing is sent.

    openstack.cloud's image options: image_id (the image is that one; a new one gets that id), checksum (the
    MD5 the content must have: a file that has another is refused before anything is sent, an existing image
    with another fails as other content does), volume (a new image is made from that cinder volume)."""
    fields = image_fields(**(fields or {}))
    require_v2(cloud)
    check_source(name, filename, checksum)
    if url:
        fields["properties"]["polystack_source_url"] = url
    fields["image_id"] = image_id
    before = current = find(cloud, image_id or name)
    if checksum and not (filename or url):
        check_checksum(cloud, current, checksum)
    if volume and current is None:
        return from_volume(cloud, name, volume, fields, check_mode)
    has_data = current is not None and current.get("status") not in UPLOADING
    replace_old = None
    if has_data and (filename or url):
        same, detail = same_content(cloud, current, filename, url, label=name)
        if not same and on_content_change == "fail":
            raise ContentChanged(
                "image %s (%s) on cloud %s region %s holds other content than %s (%s): set on_content_change=replace "
                "to replace it, or ignore to keep it"
                % (current["name"], current["id"], cloud.name, cloud.region_name, filename or url, detail),
                cloud.normalize("image", current),
            )
        if not same and on_content_change == "replace":
            replace_old, current, has_data = current, None, False
    if current is not None and has_data:
        return update_fields(cloud, current, fields, check_mode)
    if filename or url:
        return upload_new(cloud, name, current, replace_old, before, filename, url, fields, check_mode)
    if current is None:
        raise ConfigError(
            "image %s does not exist on cloud %s region %s: give filename or url to upload it"
            % (name, cloud.name, cloud.region_name)
        )
    return update_fields(cloud, current, fields, check_mode)  # a record without data, none given: its fields


def check_source(name, filename, checksum=None):
    """The file to upload is readable, and has the MD5 `checksum` if one is given: before anything is created."""
    if filename:
        check_file(filename)
        if checksum and hash_file(filename, ["md5"], label=name)["md5"] != checksum.lower():
            raise ConfigError("checksum %s is not the MD5 of filename %s" % (checksum, filename))


def check_checksum(cloud, current, checksum):
    """An existing image that the task names by checksum alone (no content to upload) must hold that content."""
    if current is not None and current.get("checksum") not in (None, checksum):
        raise ContentChanged(
            "image %s (%s) on cloud %s region %s has checksum %s, the task says %s: give filename to upload that "
            "content" % (current["name"], current["id"], cloud.name, cloud.region_name, current["checksum"], checksum),
            cloud.normalize("image", current),
        )


def image_fields(
    core=None,
    properties=None,
    tags=None,
    disk_format=None,
    container_format="bare",
    upload_method="auto",
    active=True,
    wait=True,
    timeout=3600,
):
    """The wanted fields of an image, defaults filled in (None: not managed)."""
    return dict(
        core=dict(core or {}),
        properties=dict((str(k), v) for k, v in (properties or {}).items()),
        tags=tags,
        disk_format=disk_format,
        container_format=container_format or "bare",
        upload_method=upload_method or "auto",
        active=active,
        wait=wait,
        timeout=timeout,
    )


def update_fields(cloud, current, fields, check_mode=False):
    """The content is right: the fields (a JSON patch), and active or not."""
    ops = patch_ops(current, fields["core"], fields["properties"], fields["tags"])
    want_active = fields["active"]
    toggle = (current.get("status") == "deactivated") if want_active else (current.get("status") == "active")
    after = dict(current)
    for op in ops:
        after[op["path"][1:]] = op["value"]
    if toggle:
        after["status"] = "active" if want_active else "deactivated"
    changed = bool(ops) or toggle
    if changed and not check_mode:
        if ops:
            after = apply_patch(cloud, current["id"], ops)
        if toggle:
            set_active(cloud, current["id"], want_active)
            after = get_image(cloud, current["id"])
    return _result(changed, current, after)


def upload_new(cloud, name, record, replace_old, before, filename, url, fields, check_mode=False):
    """Upload into a new image (or into `record`, one an interrupted run left without data); replace_old: the
    image this one replaces, deleted once the new one is there. A failed upload deletes the record it made (a
    timeout keeps it: it may still finish)."""
    disk_format = fields["disk_format"] or cloud.config.get("image_format") or "qcow2"
    method = choose_method(cloud, fields["upload_method"], url)
    body = dict((k, v) for k, v in fields["core"].items() if v is not None)
    body.update(fields["properties"])
    body.update(name=name, disk_format=disk_format, container_format=fields["container_format"])
    if fields.get("image_id"):
        body["id"] = fields["image_id"]
    if fields["tags"] is not None:
        body["tags"] = sorted(set(fields["tags"]))
    if check_mode:
        return _result(True, before, planned_image(body, fields["active"], filename, name), True, planned=True)
    created = None
    if record is None:
        record = created = create_record(cloud, body)
    transfer = _progress.Transfer(name) if filename else None
    try:
        hashes = upload_data(cloud, record["id"], method, filename, url, transfer=transfer)
        if fields["wait"]:
            image = wait_active(cloud, record["id"], fields["timeout"], label=name)
            check_stored(cloud, image, hashes, filename, label=name)
        else:
            image = get_image(cloud, record["id"])
    except CloudError as e:
        if created is not None and not isinstance(e, WaitTimeout):
            delete(cloud, created)  # nothing half-made is left behind
        raise
    if not fields["active"] and image.get("status") == "active":
        set_active(cloud, image["id"], False)
        image = get_image(cloud, image["id"])
    if replace_old is not None:
        delete(cloud, replace_old)
    return _result(True, before, image, True, transfer=transfer.stats() if transfer is not None else None)


def resolve_owner(cloud, owner, domain=None):
    """The owning project's id from its name or id (openstack.cloud's owner/project, owner_domain/project_domain):
    an id as given; the token's own project by name without asking keystone; another project by name from
    keystone (an admin's call: others get a message saying to give the id)."""
    if not owner or re.match(r"^[0-9a-fA-F]{32}$", owner) or re.match(r"^[0-9a-fA-F-]{36}$", owner):
        return owner
    if owner == cloud.session.project_name and (not domain or domain in cloud.session.project_domain):
        return cloud.current_project_id
    params = {"name": owner}
    if domain:
        params["domain_id"] = _domain_id(cloud, domain)
    try:
        found = cloud.request("identity", "GET", "/v3/projects", params=params).json().get("projects") or []
    except CloudError as e:
        raise ConfigError(
            "owner %s: keystone did not list projects for this user (%s): give the project's id" % (owner, e)
        ) from None
    if len(found) != 1:
        raise ConfigError(
            "owner %s: %d projects of that name%s on cloud %s: give the project's id%s"
            % (owner, len(found), " in domain %s" % domain if domain else "", cloud.name,
               "" if domain else " or owner_domain")
        )  # fmt: skip
    return found[0]["id"]


def _domain_id(cloud, domain):
    try:
        found = cloud.request("identity", "GET", "/v3/domains", params={"name": domain}).json().get("domains") or []
    except CloudError:
        found = []  # a user who may not list domains: the value is taken as the domain's id
    return found[0]["id"] if len(found) == 1 else domain


def from_volume(cloud, name, volume, fields, check_mode=False):
    """A new image made by cinder from a volume's bytes (os-volume_upload_image), then given the fields. The
    volume must be available (cinder's rule; an attached one would need force)."""
    vol = cloud.get_volume(volume)
    if vol is None:
        raise NotFound("volume: no volume %s on cloud %s region %s" % (volume, cloud.name, cloud.region_name))
    if vol.get("status") != "available":
        raise CloudError("volume %s is %s: an image is made from an available volume" % (volume, vol.get("status")))
    disk_format = fields["disk_format"] or "raw"  # the volume's bytes as they are
    body = {"image_name": name, "disk_format": disk_format, "container_format": fields["container_format"]}
    if check_mode:
        planned = dict(body, name=body.pop("image_name"), size=vol["size"] * 1024**3)
        planned = dict((k, v) for k, v in dict(planned, **fields["core"]).items() if v is not None)
        planned.pop("size")
        return _result(True, None, planned_image(planned, fields["active"], None, name), True, planned=True)
    resp = cloud.request(
        "block-storage", "POST", "/volumes/%s/action" % vol["id"], json={"os-volume_upload_image": body}
    ).json()
    image_id = resp["os-volume_upload_image"]["image_id"]
    image = (
        wait_active(cloud, image_id, fields["timeout"], label=name) if fields["wait"] else get_image(cloud, image_id)
    )
    result = update_fields(cloud, image, fields)
    return _result(True, None, result["after"], True)


def check_stored(cloud, image, hashes, filename=None, label=None):
    """glance's hash of what it stored must be the hash of what was sent (a stream sent twice, cut short ...).
    hashes: those computed while sending; a cloud that hashes with another algorithm has the file read again for
    it (web-download: nothing was sent, nothing to compare)."""
    algo, stored = stored_hash(image)
    if not hashes or stored is None:
        return
    if algo not in hashes:
        if not filename:
            return
        hashes = dict(hashes, **hash_file(filename, [algo], label=label))
    if stored != hashes[algo]:
        raise CloudError(
            "image %s (%s) on cloud %s: glance stored other data than was sent (%s %s, sent %s)"
            % (image.get("name"), image["id"], cloud.name, algo, stored, hashes[algo])
        )


def planned_image(body, active, filename=None, label=None):
    """Check mode's image: as far as it is known before it exists (glance's defaults, the file's hashes); what
    only the cloud decides (the id) is left out."""
    after = dict(
        dict(min_disk=0, min_ram=0, protected=False, visibility="shared"),
        **body,
        status="active" if active else "deactivated",
    )
    if filename:
        hashes = hash_file(filename, [DEFAULT_HASH_ALGO, "md5"], label=label)
        after.update(checksum=hashes["md5"], os_hash_value=hashes[DEFAULT_HASH_ALGO])
    return after


# glance's own fields: what is not one of these (nor set by glance) is a property
GLANCE_FIELDS = {
    "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo", "os_hash_value",
    "owner", "size", "virtual_size", "min_ram", "min_disk", "disk_format", "container_format", "created_at",
    "updated_at", "tags", "self", "file", "schema", "direct_url", "locations", "stores",
}  # fmt: skip
DIFF_FIELDS = ("id", "name", "status", "checksum", "os_hash_value", "disk_format", "container_format", "min_disk",
               "min_ram", "visibility", "protected")  # fmt: skip


def diff_view(image):
    """What a diff shows of a glance document: the fields a task manages, its tags and its properties ({} for
    no image), so that before and after compare key for key."""
    if not image:
        return {}
    out = dict((k, image.get(k)) for k in DIFF_FIELDS)
    out["tags"] = sorted(image.get("tags") or [])
    out["properties"] = dict(
        (k, v) for k, v in image.items() if k not in GLANCE_FIELDS and not k.startswith("os_glance")
    )
    return out


def boot_refs(cloud, kernel=None, ramdisk=None):
    """The kernel_id/ramdisk_id properties of an AMI-style image, from the names (or ids) of its kernel and
    ramdisk images; a missing one is a ConfigError naming the option (before anything is changed)."""
    props = {}
    for option, prop, ref in (("kernel", "kernel_id", kernel), ("ramdisk", "ramdisk_id", ramdisk)):
        if ref:
            found = cloud.get_image(ref)
            if found is None:
                raise ConfigError(
                    "%s image %r not found on cloud %s region %s" % (option, ref, cloud.name, cloud.region_name)
                )
            props[prop] = found["id"]
    return props


# -- the Python API's image calls (Cloud inherits them) -----------------------------------------------------------


class ImageCalls:
    """shade's and openstacksdk's names for image uploads and updates, over the functions above."""

    def create_image(
        self,
        name,
        filename=None,
        wait=False,
        timeout=3600,
        disk_format=None,
        container_format=None,
        tags=None,
        url=None,
        on_content_change="fail",
        upload_method="auto",
        **meta,
    ):
        """Upload a file (or have glance fetch url) as the image `name`, the way this cloud takes images (PUT,
        or the import glance-direct / web-download); the image. Idempotent by content: an image of that name
        with the same bytes is not uploaded again (its fields are updated). wait: until it is active.

        meta: the image's fields (min_disk, min_ram, visibility, protected, owner) and properties (os_distro=...,
        or properties={...}). Other content under that name: on_content_change fail (the default, a
        CloudError), ignore (kept), replace (a new image, the old one deleted once it is there). disk_format:
        the cloud's image_format (profile), else qcow2; container_format: bare."""
        props = dict(meta.pop("properties", None) or {}, **meta.pop("meta", None) or {})
        if "is_protected" in meta:
            meta["protected"] = meta.pop("is_protected")
        core = dict((k, meta.pop(k)) for k in CORE if k in meta and k not in ("disk_format", "tags"))
        props.update(meta)
        fields = dict(
            core=core,
            properties=props,
            tags=tags,
            disk_format=disk_format,
            container_format=container_format,
            upload_method=upload_method,
            wait=wait,
            timeout=timeout,
        )
        result = ensure_present(self, name, filename, url, on_content_change, fields)
        return self.normalize("image", result["after"])

    def update_image_properties(self, name_or_id=None, image=None, meta=None, **properties):
        """Set properties (and fields: min_ram, visibility ...) of an image given by name, id or result; the
        image. Only what differs is sent (one JSON patch)."""
        current = get_image(self, self._require("image", image or name_or_id)["id"])
        props = dict(meta or {}, **properties)
        core = dict((k, props.pop(k)) for k in CORE if k in props and k not in ("disk_format", "tags"))
        fields = image_fields(core=core, properties=props, active=current.get("status") != "deactivated")
        return self.normalize("image", update_fields(self, current, fields)["after"])

    def delete_image(self, name_or_id, wait=False, timeout=3600):
        """Delete an image (by name, id or result); wait: until glance no longer shows it. False if there was
        no such image."""
        image = self.get("image", name_or_id)
        if image is None or not self.delete("image", image["id"]):
            return False
        if wait:
            self._wait_gone("image", image["id"], timeout)
        return True
