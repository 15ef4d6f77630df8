# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Image business logic on a Cloud: hash a file once, create the image record, upload the data the way
the cloud takes it (PUT /file, interoperable import glance-direct, or web-download from a URL), wait.

The file is streamed: memory does not grow with its size.  Its hashes (MD5 for ``checksum`` and the
cloud's ``os_hash_algo``, sha512 by default) are computed while reading, once: before uploading when an
image of that name exists (to compare), otherwise during the upload (to verify what glance stored).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import time
import uuid

from ansible_collections.polystack.cloud.plugins.module_utils import _progress
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
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


def upload_data(cloud, image_id, method, filename=None, url=None, algos=(DEFAULT_HASH_ALGO, "md5"), transfer=None):
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


def wait_active(cloud, image_id, timeout, label=None):
    """Poll until active; a failed import or a timeout says where the image is (and never deletes it). Each poll
    is progress for async_status (status, seconds waited), under label (the image's name) or its id."""
    deadline = time.time() + timeout
    delay = 0.2
    waiting = _progress.Wait(label or image_id, timeout, "active")
    while True:
        image = get_image(cloud, image_id)
        status = image.get("status")
        waiting.update(status)
        if status == "active":
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
        time.sleep(delay)
        delay = min(delay * 1.5, 2.0)


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
