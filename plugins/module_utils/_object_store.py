# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Object store business logic on a Cloud: containers, plain objects and Static Large Objects.

Large objects (bigger than the segment size: the given one, else the cloud's max object size from
/info, capped at 5 GiB) are uploaded as an SLO: segments ``<name>/slo/<segment_size>/<index>`` in the
container ``<container>_segments``, sent in parallel by a bounded thread pool, each with its ETag
checked by swift, then a manifest.  Segment names are deterministic, so a re-run after an interrupted
upload sends only the segments that are missing or differ.  The file is hashed once (per segment MD5s
in one pass) when there is something to compare with; a new object's file is read once, each segment hashed
while it is sent and checked against swift's ETag.  Nothing holds more than one read buffer per thread.

``ensure_object`` and ``ensure_container`` are the engine os_object and the Python API's create_object share:
what exists is compared with what is wanted, and only the difference is sent (nothing in check mode).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import mimetypes
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.polystack.cloud.plugins.module_utils import _normalize, _progress
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError, HTTPError, NotFound

try:
    from urllib.parse import quote, urlparse
except ImportError:  # pragma: no cover
    from urllib import quote

    from urlparse import urlparse

MAX_SEGMENT = 5 * 1024**3
READ_BLOCK = 1024 * 1024
UPLOAD_THREADS = 4


def q(name):
    return quote(name, safe="")


# Every swift URL of this collection is built by these two functions, which refuse a name that could reach
# outside what the user named: an empty name is the container (or the account) itself, and '.' or '..' path
# segments are resolved away by HTTP clients and proxies (urllib3 removes them), so 'c' + '../other/x' would be
# another container's object and '..' the account.
def container_path(container):
    validate_container_name(container)
    return "/" + q(container)


def account_path():
    """The account itself (the container listing): the swift endpoint, nothing appended."""
    return ""


def obj_path(container, name):
    validate_object_name(name)
    return "%s/%s" % (container_path(container), quote(name, safe="/"))


def content_type_for(name, given=None):
    """The Content-Type an upload of name gets: the one given, else what swift's proxy guesses from the name
    (Python's mimetypes, application/octet-stream when it cannot): what check mode predicts."""
    return given or mimetypes.guess_type(name)[0] or "application/octet-stream"


def validate_container_name(name):
    if not isinstance(name, str) or not name or "/" in name or name in (".", ".."):
        raise ConfigError(
            "container name %r is not valid: it must be non-empty, may not contain '/' and may not be '.' or '..'"
            % (name,)
        )
    if len(name.encode("utf-8")) > 256:
        raise ConfigError("container name %r is longer than 256 bytes" % name)


def validate_object_name(name):
    if not isinstance(name, str) or not name:
        raise ConfigError("object name %r is not valid: it must be a non-empty string" % (name,))
    if any(part in (".", "..") for part in name.split("/")):
        raise ConfigError(
            "object name %r is not valid: a '.' or '..' path segment would reach outside its container "
            "(HTTP clients resolve it to another container or the account)" % (name,)
        )
    if len(name.encode("utf-8")) > 1024:
        raise ConfigError("object name %r is longer than 1024 bytes" % name)


# -- info ---------------------------------------------------------------------------------------------------


def swift_info(cloud):
    """The cluster's /info (at the root of the swift endpoint), {} when it is disabled."""
    endpoint = cloud.session.endpoint("object-store") or ""
    parsed = urlparse(endpoint)
    root = "%s://%s" % (parsed.scheme, parsed.netloc)
    prefix = parsed.path.split("/v1")[0] if "/v1" in parsed.path else ""
    try:
        return cloud.request("object-store", "GET", root + prefix + "/info").json()
    except (HTTPError, ValueError):
        return {}


# swift's default limits on metadata (a cluster says its own in /info)
META_LIMITS = {
    "max_meta_name_length": 128,
    "max_meta_value_length": 256,
    "max_meta_count": 90,
    "max_meta_overall_size": 4096,
}


def validate_header_text(what, value):
    """Metadata and content types travel as HTTP headers: a line break would end the header (requests refuses
    it with "Invalid leading whitespace", which names no option), a NUL is refused by every server."""
    text = str(value)
    if any(c in text for c in "\r\n\0"):
        raise ConfigError("%s must be one line of text: it is sent as an HTTP header (no line breaks or NUL)" % what)


def validate_metadata(cloud, metadata):
    """Metadata within the cluster's limits, checked before anything is made (swift would refuse it later)."""
    if not metadata:
        return
    info = swift_info(cloud).get("swift") or {}
    limits = dict((k, int(info.get(k) or v)) for k, v in META_LIMITS.items())
    where = "on cloud %s region %s" % (cloud.name, cloud.region_name)
    for key, value in metadata.items():
        validate_header_text("metadata key %r" % str(key)[:40], key)
        validate_header_text("metadata %s" % str(key)[:40], value)
        if not str(key).isascii():
            raise ConfigError("metadata key %r is not ASCII: swift keys are HTTP header names" % str(key)[:40])
        # a header name with '_' is dropped on its way into swift (its WSGI server cannot tell '_' from '-'):
        # the key would never be set, and every run would report a change
        if "_" in str(key):
            raise ConfigError(
                "metadata key %r holds '_': swift drops such header names without a word; use '-' instead "
                "(%r)" % (str(key)[:40], str(key)[:40].replace("_", "-"))
            )
        if len(str(key).encode("utf-8")) > limits["max_meta_name_length"]:
            raise ConfigError(
                "metadata key %r is longer than the %d bytes swift allows %s"
                % (str(key)[:40] + "...", limits["max_meta_name_length"], where)
            )
        if len(str(value).encode("utf-8")) > limits["max_meta_value_length"]:
            raise ConfigError(
                "metadata %s: the value (%d bytes) is longer than the %d bytes swift allows %s"
                % (key, len(str(value).encode("utf-8")), limits["max_meta_value_length"], where)
            )
    if len(metadata) > limits["max_meta_count"]:
        raise ConfigError("metadata has %d keys, swift allows %d %s" % (len(metadata), limits["max_meta_count"], where))
    size = sum(len(str(k).encode("utf-8")) + len(str(v).encode("utf-8")) for k, v in metadata.items())
    if size > limits["max_meta_overall_size"]:
        raise ConfigError(
            "metadata has %d bytes in all, swift allows %d %s" % (size, limits["max_meta_overall_size"], where)
        )


def default_segment_size(cloud):
    max_file = (swift_info(cloud).get("swift") or {}).get("max_file_size") or MAX_SEGMENT
    return min(int(max_file), MAX_SEGMENT)


# -- containers ------------------------------------------------------------------------------------------------


def get_container(cloud, name):
    try:
        resp = cloud.request("object-store", "HEAD", container_path(name))
    except NotFound:
        return None
    h = dict((k.lower(), v) for k, v in resp.headers.items())
    read = h.get("x-container-read", "")
    return {
        "name": name,
        "object_count": int(h.get("x-container-object-count", 0)),
        "bytes_used": int(h.get("x-container-bytes-used", 0)),
        "access": "public" if ".r:*" in read else "private",
        "read_acl": read,
        "write_acl": h.get("x-container-write", ""),
        "metadata": dict(
            (k[len("x-container-meta-") :], header_text(v)) for k, v in h.items() if k.startswith("x-container-meta-")
        ),
        # swift's whole answer (lower-cased): the openstack.cloud keys of os_object_container's result
        "headers": h,
    }


def header_text(value):
    """A header value as swift meant it: swift sends UTF-8, which HTTP clients read as latin-1."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeError, AttributeError):
        return value


def header_bytes(value):
    """A header value as swift takes it, UTF-8 on the wire: HTTP clients send a str as latin-1 (or refuse it)
    and keystoneauth1 takes only ASCII bytes, so UTF-8's bytes go as the latin-1 str that encodes to them."""
    return value if value.isascii() else value.encode("utf-8").decode("latin-1")


def object_meta_headers(metadata):
    """An object's metadata as the headers that set it; values in UTF-8 on the wire (header_bytes)."""
    return dict(("X-Object-Meta-%s" % k, header_bytes(str(v))) for k, v in (metadata or {}).items())


def access_headers(access):
    return {"X-Container-Read": ".r:*,.rlistings" if access == "public" else ""}


def put_container(cloud, name, access=None, headers=None):
    headers = dict(access_headers(access) if access else {}, **(headers or {})) or None
    cloud.request("object-store", "PUT", container_path(name), headers=headers)


def set_container_access(cloud, name, access):
    cloud.request("object-store", "POST", container_path(name), headers=access_headers(access), idempotent=True)


def list_objects(cloud, container, prefix=None):
    out, marker = [], None
    while True:
        params = {"format": "json", "limit": 1000}
        if marker:
            params["marker"] = marker
        if prefix:
            params["prefix"] = prefix
        try:
            resp = cloud.request("object-store", "GET", container_path(container), params=params)
        except NotFound:
            return []
        page = resp.json() if resp.status_code == 200 and resp.content else []
        out.extend(page)
        if len(page) < 1000:
            return out
        marker = page[-1]["name"]


def delete_container(cloud, name, with_objects=False, with_segments_container=True):
    """Delete a container; with_objects also deletes its objects (SLO segments included).

    The container of its segments (made by uploads in segments) goes with it: emptied too with with_objects
    (what is left there are segments of interrupted uploads), else only when it is empty.
    with_segments_container=False leaves that other container alone (os_object_container deletes only the
    container the user named, as openstack.cloud's object_container does)."""
    if with_objects:
        for obj in list_objects(cloud, name):
            delete_object(cloud, name, obj["name"])
    try:
        cloud.request("object-store", "DELETE", container_path(name))
    except NotFound:
        return False
    except HTTPError as e:
        if e.status == 409:
            raise HTTPError(
                "container %s on cloud %s is not empty: set delete_with_all_objects=true to delete its objects too"
                % (name, cloud.name),
                status=409,
                cloud=cloud.name,
                region=cloud.region_name,
                service="object-store",
            ) from None
        raise
    if not with_segments_container:
        return True
    segments = get_container(cloud, segments_container(name))
    if segments is not None and (with_objects or not segments["object_count"]):
        delete_container(cloud, segments_container(name), with_objects=with_objects)
    return True


# -- objects -------------------------------------------------------------------------------------------------------


def head_object(cloud, container, name):
    try:
        resp = cloud.request("object-store", "HEAD", obj_path(container, name))
    except NotFound:
        return None
    h = dict((k.lower(), v) for k, v in resp.headers.items())
    return {
        "container": container,
        "name": name,
        "etag": h.get("etag", "").strip('"'),
        "size": int(h.get("content-length", 0)),
        "content_type": h.get("content-type"),
        "is_slo": h.get("x-static-large-object", "").lower() == "true",
        "metadata": dict(
            (k[len("x-object-meta-") :], header_text(v)) for k, v in h.items() if k.startswith("x-object-meta-")
        ),
        "headers": h,  # all of swift's answer, for the result's openstacksdk keys (_normalize.swift_object)
    }


def slo_manifest(cloud, container, name):
    resp = cloud.request("object-store", "GET", obj_path(container, name), params={"multipart-manifest": "get"})
    return resp.json()


def segment_plan(path, segment_size, label=None):
    """One pass over the file: [(offset, length, md5)] per segment and the whole file's md5. The read is progress
    for async_status (phase hash, under label): a large file takes seconds before anything is sent."""
    whole = hashlib.md5()
    plan = []
    size = os.path.getsize(path)
    reading = _progress.Transfer(label or path, phase="hash")
    reading.start(size)
    with open(path, "rb") as f:
        offset = 0
        while offset < size or (size == 0 and not plan):
            length = min(segment_size, size - offset)
            h = hashlib.md5()
            left = length
            while left > 0:
                block = f.read(min(READ_BLOCK, left))
                if not block:
                    raise ConfigError("%s changed size while being read" % path)
                h.update(block)
                whole.update(block)
                left -= len(block)
                reading.add(len(block))
            plan.append((offset, length, h.hexdigest()))
            offset += length
            if size == 0:
                break
    reading.finish()
    return plan, whole.hexdigest(), size


class FileSlice:
    """A read-only view of [offset, offset+length) of a file, streamed (requests sends Content-Length).

    hashing: the MD5 of what was read, for a segment sent before its hash is known (checked against the ETag
    swift answers). seek(0) starts the slice (and its hash) over, so a retried PUT sends the same bytes.
    transfer: a _progress.Transfer counting what is read (what requests sends), less what a rewind sends again."""

    def __init__(self, path, offset, length, hashing=False, transfer=None):
        self.f = open(path, "rb")
        self.offset = offset
        self.length = length
        self.hashing = hashing
        self.transfer = None
        self.seek(0)
        self.transfer = transfer

    def __len__(self):
        return self.left

    def tell(self):
        return self.length - self.left

    def seek(self, pos, whence=0):
        if pos != 0 or whence != 0:
            raise OSError("a file slice can only start over")
        if self.transfer is not None:
            self.transfer.add(-self.tell())  # sent again from the start: counted once
        self.f.seek(self.offset)
        self.left = self.length
        self.hash = hashlib.md5() if self.hashing else None

    def read(self, n=-1):
        if self.left <= 0:
            return b""
        n = self.left if n is None or n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        if self.hash is not None:
            self.hash.update(data)
        if self.transfer is not None:
            self.transfer.add(len(data))
        return data

    def close(self):
        self.f.close()


def segments_container(container):
    return container + "_segments"


def segment_name(name, segment_size, index):
    return "%s/slo/%d/%08d" % (name, segment_size, index)


def object_state(cloud, container, name, filename=None, data=None, segment_size=None):
    """What the object would be (desired) and what it is (current), without uploading anything."""
    current = head_object(cloud, container, name)
    if filename is not None:
        if not os.path.isfile(filename):
            raise ConfigError("filename %s does not exist or is not a file" % filename)
        if not os.access(filename, os.R_OK):
            raise ConfigError("filename %s is not readable" % filename)
        size = os.path.getsize(filename)
        segment_size = segment_size or default_segment_size(cloud)
        if size > segment_size:
            existing = None
            if current is None:
                existing = list_objects(
                    cloud, segments_container(container), prefix="%s/slo/%d/" % (name, segment_size)
                )
            if current is None and not existing:
                # a new object with no segment of an earlier try: nothing to compare, so the file is read once,
                # each segment hashed while it is sent and checked against the ETag swift answers
                plan = [(off, min(segment_size, size - off), None) for off in range(0, size, segment_size)]
                desired = {"size": size, "is_slo": True, "segment_size": segment_size, "segments": plan, "md5": None}
                desired["existing"] = {}
            else:
                plan, md5, size = segment_plan(filename, segment_size, label="%s/%s" % (container, name))
                desired = {"size": size, "is_slo": True, "segment_size": segment_size, "segments": plan, "md5": md5}
        else:
            plan, md5, size = segment_plan(filename, max(size, 1), label="%s/%s" % (container, name))
            desired = {"size": size, "is_slo": False, "etag": md5, "md5": md5}
    else:
        payload = data if isinstance(data, bytes) else (data or "").encode("utf-8")
        md5 = hashlib.md5(payload).hexdigest()
        desired = {"size": len(payload), "is_slo": False, "etag": md5, "md5": md5, "data": payload}
    return desired, current


def content_matches(cloud, container, name, desired, current):
    if current is None:
        return False
    if desired["is_slo"]:
        if not current["is_slo"]:
            return False
        manifest = slo_manifest(cloud, container, name)
        want = [
            ("/%s/%s" % (segments_container(container), segment_name(name, desired["segment_size"], i)), md5, length)
            for i, (_o, length, md5) in enumerate(desired["segments"])
        ]
        have = [(m.get("name"), m.get("hash"), m.get("bytes")) for m in manifest]
        return want == have
    return not current["is_slo"] and current["etag"] == desired["etag"]


def upload(
    cloud,
    container,
    name,
    desired,
    filename=None,
    content_type=None,
    metadata=None,
    threads=UPLOAD_THREADS,
    replaces_slo=False,
    transfer=None,
):
    """Upload the object as planned; returns how many segments were sent (0 for a plain object). replaces_slo:
    the object there now is a large one, whose segments a plain upload leaves unused. transfer: the
    _progress.Transfer that counts the bytes sent (progress for async_status; size, duration, throughput)."""
    transfer = transfer or _progress.Transfer("%s/%s" % (container, name))
    headers = object_meta_headers(metadata)
    if content_type:
        headers["Content-Type"] = content_type
    if not desired["is_slo"]:
        _upload_plain(cloud, container, name, desired, filename, headers, transfer)
        if replaces_slo:  # its segments are nobody's now
            delete_unused_segments(cloud, container, name)
        return 0
    seg_container = segments_container(container)
    if get_container(cloud, seg_container) is None:
        put_container(cloud, seg_container)
    todo = _segments_to_send(cloud, seg_container, name, desired)
    transfer.start(sum(length for _i, _off, length, _md5 in todo))  # what this run sends (a re-run: what is missing)
    sent_md5 = _send_segments(cloud, seg_container, name, desired["segment_size"], filename, todo, threads, transfer)
    desired["segments"] = [
        (off, length, md5 or sent_md5[i]) for i, (off, length, md5) in enumerate(desired["segments"])
    ]
    manifest = _put_manifest(cloud, container, name, seg_container, desired, headers)
    transfer.finish()  # the manifest stored: the object is there
    # segments of an earlier upload of this object (other segment size, or more segments) are now unused
    delete_unused_segments(cloud, container, name, keep=set(m["path"].split("/", 2)[2] for m in manifest))
    return len(todo)


def _upload_plain(cloud, container, name, desired, filename, headers, transfer):
    """One PUT, its ETag set so that swift checks what it stored."""
    headers = dict(headers, ETag=desired["etag"])
    transfer.start(desired["size"])
    if filename is not None:
        body = FileSlice(filename, 0, desired["size"], transfer=transfer)
        try:
            cloud.request("object-store", "PUT", obj_path(container, name), data=body, headers=headers)
        finally:
            body.close()
    else:
        cloud.request("object-store", "PUT", obj_path(container, name), data=desired["data"], headers=headers)
        transfer.add(len(desired["data"]))  # bytes in memory, sent at once
    transfer.finish()


def _segments_to_send(cloud, seg_container, name, desired):
    """[(index, offset, length, md5 or None)] of the segments swift does not hold already (a re-run resumes)."""
    size = desired["segment_size"]
    if desired.get("existing") is not None:  # listed a moment ago by object_state
        existing = desired["existing"]
    else:
        prefix = "%s/slo/%d/" % (name, size)
        existing = dict((o["name"], (o["hash"], o["bytes"])) for o in list_objects(cloud, seg_container, prefix=prefix))
    return [
        (i, off, length, md5)
        for i, (off, length, md5) in enumerate(desired["segments"])
        if md5 is None or existing.get(segment_name(name, size, i)) != (md5, length)
    ]


def _send_segments(cloud, seg_container, name, size, filename, todo, threads, transfer):
    """Send the segments in parallel; {index: md5} of those hashed while sent. The first failure stops the
    others from starting and is raised here, in the caller's thread."""
    sent_md5, errors = {}, []
    lock = threading.Lock()

    def send(item):
        with lock:
            if errors:
                return
        try:
            got = _send_segment(cloud, seg_container, name, size, filename, item, transfer)
            if got is not None:
                with lock:
                    sent_md5[item[0]] = got
        except Exception as e:  # collected and raised below, in the caller's thread
            with lock:
                errors.append(e)

    if todo:
        with ThreadPoolExecutor(max_workers=max(1, min(threads, len(todo)))) as pool:
            list(pool.map(send, todo))
    if errors:
        raise errors[0]
    return sent_md5


def _send_segment(cloud, seg_container, name, size, filename, item, transfer):
    """PUT one segment; its MD5 when it was hashed on the way (no MD5 known before), checked against the ETag
    swift answers."""
    index, offset, length, md5 = item
    body = FileSlice(filename, offset, length, hashing=md5 is None, transfer=transfer)
    path = obj_path(seg_container, segment_name(name, size, index))
    headers = {"Content-Length": str(length)}
    if md5:
        headers["ETag"] = md5  # swift refuses the segment if what it stored differs
    try:
        resp = cloud.request("object-store", "PUT", path, data=body, headers=headers)
        if md5 is not None:
            return None
        got = body.hash.hexdigest()
        stored = (resp.headers.get("Etag") or "").strip('"')
        if body.left or stored != got:
            raise HTTPError(
                "object-store PUT %s: %s"
                % (
                    path,
                    "%s changed size while being sent" % filename
                    if body.left
                    else "swift stored a segment whose MD5 is %s, the bytes sent hash to %s" % (stored, got),
                ),
                cloud=cloud.name,
                region=cloud.region_name,
                service="object-store",
                method="PUT",
            )
        return got
    finally:
        body.close()


def _put_manifest(cloud, container, name, seg_container, desired, headers):
    """The static large object's manifest, which joins the segments into the object; the manifest."""
    size = desired["segment_size"]
    manifest = [
        {"path": "/%s/%s" % (seg_container, segment_name(name, size, i)), "etag": md5, "size_bytes": length}
        for i, (_off, length, md5) in enumerate(desired["segments"])
    ]
    cloud.request(
        "object-store",
        "PUT",
        obj_path(container, name),
        params={"multipart-manifest": "put"},
        data=json.dumps(manifest).encode("utf-8"),
        headers=headers,
    )
    return manifest


def delete_unused_segments(cloud, container, name, keep=frozenset()):
    """Delete the segments this collection made for container/name (<container>_segments/<name>/slo/...) but
    those in keep: after a new upload replaced them, or after the object became a plain one. Only that prefix of
    that container: never a segment another object or client made."""
    seg_container = segments_container(container)
    for obj in list_objects(cloud, seg_container, prefix=name + "/slo/"):
        if obj["name"] not in keep:
            try:
                cloud.request("object-store", "DELETE", obj_path(seg_container, obj["name"]))
            except NotFound:
                pass


def set_object_metadata(cloud, container, name, metadata, content_type=None):
    headers = object_meta_headers(metadata)
    if content_type:
        headers["Content-Type"] = content_type
    # swift sets the metadata given (sending it twice is harmless): retried like a PUT
    cloud.request("object-store", "POST", obj_path(container, name), headers=headers, idempotent=True)


def delete_object(cloud, container, name):
    """Delete an object; for an SLO its segments too."""
    current = head_object(cloud, container, name)
    if current is None:
        return False
    params = {"multipart-manifest": "delete"} if current["is_slo"] else None
    try:
        cloud.request("object-store", "DELETE", obj_path(container, name), params=params)
    except NotFound:
        return False
    return True


# -- the engine: a container and an object as wanted (os_object and the Python API's create_object) -------------


def container_view(container):
    """What a container result shows (os_object's `container`, the diff)."""
    if not container:
        return {}
    return dict((k, container[k]) for k in ("name", "access", "object_count", "bytes_used"))


def object_view(obj, segments=0):
    """What an object result shows (os_object's `object`, the diff, create_object's answer); segments: how many
    its manifest lists (0 for a plain object)."""
    if not obj:
        return {}
    return {
        "container": obj["container"],
        "name": obj["name"],
        "etag": obj.get("etag"),
        "size": obj.get("size"),
        "is_slo": obj.get("is_slo", False),
        "segments": segments,
        "content_type": obj.get("content_type"),
        "metadata": obj.get("metadata") or {},
    }


def validate_segment_size(segment_size):
    if segment_size is not None and segment_size < 1:
        raise ConfigError("segment_size must be a positive number of bytes, not %d" % segment_size)


def ensure_container(cloud, name, access=None, create=True, check_mode=False):
    """(changed, before view, after view) for a container that must exist, with `access` (private or public) if
    given; create=False: a missing one is an error. In check mode nothing is sent and after is what it would be."""
    current = get_container(cloud, name)
    if current is None:
        if not create:
            raise ConfigError(
                "container %s does not exist on cloud %s region %s (create_container=false)"
                % (name, cloud.name, cloud.region_name)
            )
        if check_mode:
            return True, {}, {"name": name, "access": access or "private", "object_count": 0, "bytes_used": 0}
        put_container(cloud, name, access)
        return True, {}, container_view(get_container(cloud, name))
    before = container_view(current)
    if access and current["access"] != access:
        if not check_mode:
            set_container_access(cloud, name, access)
        return True, before, dict(before, access=access)
    return False, before, before


def ensure_object(
    cloud,
    container,
    name,
    filename=None,
    data=None,
    segment_size=None,
    content_type=None,
    metadata=None,
    create_container=True,
    container_access=None,
    check_mode=False,
):
    """Make container/name hold the file (or data), with this metadata and content type; without either, the
    object must exist and only its metadata and type change. Content that is there already is not sent again.

    Returns {changed, before, after (object views), container (its view), uploaded (segments sent), transfer
    (bytes, seconds, throughput of an upload, else None), headers (swift's HEAD answer after is from)}; in check
    mode nothing is sent and `after` is what a real run would make (headers None)."""
    desired, current = wanted_object(cloud, container, name, filename, data, segment_size, content_type, metadata)
    changed, _before, container_after = ensure_container(
        cloud, container, container_access, create_container, check_mode
    )
    same_content = desired is None or (
        current is not None and content_matches(cloud, container, name, desired, current)
    )
    wanted_meta = dict((str(k).lower(), str(v)) for k, v in (metadata or {}).items())
    have_meta = (current or {}).get("metadata") or {}
    before = object_view(current, len(slo_manifest(cloud, container, name)) if current and current["is_slo"] else 0)
    result = dict(changed=changed, before=before, after=before, container=container_after, uploaded=0, transfer=None)
    # the HEAD answer `after` was read from (None in check mode when it is a plan): the result's other keys
    result["headers"] = (current or {}).get("headers")
    meta_ok = all(have_meta.get(k) == v for k, v in wanted_meta.items())
    if same_content and meta_ok and (content_type is None or (current or {}).get("content_type") == content_type):
        return result
    merged_meta = dict(have_meta, **wanted_meta)
    result["changed"] = True
    if check_mode:
        result["after"] = planned_object(container, name, before, desired, merged_meta, content_type, same_content)
        result["headers"] = None
        return result
    if same_content:  # only metadata or content type: a POST, no upload
        set_object_metadata(cloud, container, name, merged_meta, content_type or current.get("content_type"))
    else:
        result["uploaded"], result["transfer"] = write_object(
            cloud, container, name, desired, current, filename, content_type, merged_meta
        )
    segments = len(desired["segments"]) if desired and desired["is_slo"] else 0
    stored = head_object(cloud, container, name)
    result["after"] = object_view(stored, segments)
    result["headers"] = (stored or {}).get("headers")
    return result


def wanted_object(cloud, container, name, filename, data, segment_size, content_type, metadata):
    """(desired content state or None, swift's HEAD of the object or None). The content is read and hashed
    first, and every option checked: bad input fails before anything is created. Without content the object
    must exist (only its metadata and type are managed)."""
    validate_segment_size(segment_size)
    validate_metadata(cloud, metadata)
    if content_type is not None:
        validate_header_text("content_type", content_type)
    if filename is not None or data is not None:
        return object_state(cloud, container, name, filename, data, segment_size)
    current = head_object(cloud, container, name)
    if current is None:
        raise ConfigError(
            "object %s/%s does not exist on cloud %s region %s: give filename or data to create it"
            % (container, name, cloud.name, cloud.region_name)
        )
    return None, current


def write_object(cloud, container, name, desired, current, filename, content_type, metadata):
    """Upload the content (plain or in segments); (segments sent, the transfer's stats)."""
    transfer = _progress.Transfer("%s/%s" % (container, name))
    uploaded = upload(
        cloud, container, name, desired, filename, content_type, metadata,
        replaces_slo=bool(current and current["is_slo"]), transfer=transfer,
    )  # fmt: skip
    return uploaded, transfer.stats()


def planned_object(container, name, before, desired, metadata, content_type, same_content):
    """Check mode's object: what the real run's HEAD would show, from the plan (nothing sent)."""
    after = dict(
        before or {"container": container, "name": name},
        metadata=metadata,
        size=desired["size"] if desired else before["size"],
        is_slo=bool(desired and desired["is_slo"]),
    )
    if same_content:  # a POST keeps the type, or sets the one given
        after["content_type"] = content_type or after.get("content_type")
    else:  # a PUT: the type given, else the one swift guesses from the name
        after["content_type"] = content_type_for(name, content_type)
    if desired and not desired["is_slo"]:
        after["etag"] = desired["etag"]
    after["segments"] = len(desired["segments"]) if desired and desired["is_slo"] else 0
    return after


# -- one container as wanted: metadata and ACLs (os_object_container, os_object_containers_info) ----------------

# openstacksdk's Container keys (openstack.cloud's object_container result) and the header each comes from
CONTAINER_HEADERS = [
    ("bytes", "x-container-bytes-used", int),
    ("count", "x-container-object-count", int),
    ("content_type", "content-type", None),
    ("history_location", "x-history-location", None),
    ("if_none_match", "if-none-match", None),
    ("is_content_type_detected", "x-detect-content-type", bool),
    ("is_newest", "x-newest", bool),
    ("meta_temp_url_key", "x-container-meta-temp-url-key", None),
    ("meta_temp_url_key_2", "x-container-meta-temp-url-key-2", None),
    ("storage_policy", "x-storage-policy", None),
    ("sync_key", "x-container-sync-key", None),
    ("sync_to", "x-container-sync-to", None),
    ("timestamp", "x-timestamp", None),
    ("versions_location", "x-versions-location", None),
]
# keys that let whoever reads them sign temporary URLs or push objects into the container: the result says
# whether one is set, never the key (check with swift itself if you need it)
SECRET_CONTAINER_KEYS = ("meta_temp_url_key", "meta_temp_url_key_2", "sync_key")
# metadata swift keeps under x-container-meta- that the result shows under its own key (masked)
SECRET_METADATA = ("temp-url-key", "temp-url-key-2")
MASKED = "********"
REFERRER_SYNONYMS = (".ref", ".referer", ".referrer")


def normalize_acl(acl, option="ACL"):
    """An ACL as swift stores it (swift's clean_acl, for the ACLs people write): items stripped, empty ones
    dropped, the referrer spellings as .r, '*.example.com' as '.example.com'. Compared on both sides, so that
    '.r:*, .rlistings' is not a change and check mode predicts what swift will show; what swift refuses with a
    400 (an unknown designator, a referrer without a host) is refused here first, in check mode too."""
    items = []
    for item in (acl or "").split(","):
        item = item.strip()
        if not item:
            continue
        if ":" in item:
            first, second = (part.strip() for part in item.split(":", 1))
            if first.startswith("."):
                if first in REFERRER_SYNONYMS or first == ".r":
                    first = ".r"
                    second = _clean_referrer(second, option, acl)
                else:
                    raise ConfigError(
                        "%s %r: unknown designator %r (swift knows .r and .rlistings)" % (option, acl, first)
                    )
            item = "%s:%s" % (first, second)
        elif item.startswith(".") and item not in (".rlistings", ".r"):
            raise ConfigError("%s %r: unknown designator %r (swift knows .r and .rlistings)" % (option, acl, item))
        items.append(item)
    return ",".join(items)


def _clean_referrer(value, option, acl):
    negative = value.startswith("-")
    host = value[1:].strip() if negative else value
    if host.startswith("*") and host != "*":
        host = host[1:]
    if not host or host == ".":
        raise ConfigError("%s %r: a referrer (.r:) needs a host or domain after it" % (option, acl))
    return ("-" if negative else "") + host


def container_metadata(container):
    """The user's metadata of a container (lower-case keys), without the secret keys swift keeps there."""
    return dict((k, v) for k, v in ((container or {}).get("metadata") or {}).items() if k not in SECRET_METADATA)


def container_state_view(container):
    """What os_object_container's diff shows (and check mode predicts): name, metadata, ACLs, counts."""
    if not container:
        return {}
    return {
        "name": container["name"],
        "metadata": container_metadata(container),
        "read_ACL": container.get("read_acl") or "",
        "write_ACL": container.get("write_acl") or "",
        "object_count": container.get("object_count", 0),
        "bytes_used": container.get("bytes_used", 0),
    }


def _typed(value, kind):
    if value is None or kind is None:
        return value
    if kind is bool:
        return str(value).lower() in ("true", "1", "yes")
    try:
        return kind(value)
    except ValueError:
        return None


def container_result(view, headers):
    """os_object_container's `container`: the view and openstacksdk's Container keys from swift's HEAD answer
    (headers lower-cased; None in check mode for a container not made yet: then the keys swift would add are
    None, as for a header swift does not send). Secret keys are masked."""
    out = dict(view)
    headers = headers or {}
    for key, header, kind in CONTAINER_HEADERS:
        value = _typed(headers.get(header), kind)
        out[key] = MASKED if key in SECRET_CONTAINER_KEYS and value else value
    if not headers:  # a plan: what a new container answers with
        out["bytes"], out["count"] = view.get("bytes_used", 0), view.get("object_count", 0)
    out["read_ACL"] = view.get("read_ACL") or None
    out["write_ACL"] = view.get("write_ACL") or None
    out["id"] = view["name"]
    return out


def listed_container(entry):
    """One container of the account listing ({name, count, bytes, last_modified}) with the keys
    os_object_containers_info returns (the ones only a HEAD tells are None, as in openstack.cloud's)."""
    view = {
        "name": entry["name"],
        "metadata": {},
        "read_ACL": None,
        "write_ACL": None,
        "object_count": entry.get("count", 0),
        "bytes_used": entry.get("bytes", 0),
    }
    out = dict((key, None) for key, _header, _kind in CONTAINER_HEADERS)
    out.update(view, id=entry["name"], count=entry.get("count", 0), bytes=entry.get("bytes", 0))
    out["last_modified"] = entry.get("last_modified")
    return out


def list_containers(cloud, prefix=None):
    """The account's containers (with the given name prefix), following swift's pages."""
    out, marker = [], None
    while True:
        params = {"format": "json", "limit": 1000}
        if marker:
            params["marker"] = marker
        if prefix:
            params["prefix"] = prefix
        resp = cloud.request("object-store", "GET", account_path(), params=params)
        page = resp.json() if resp.status_code == 200 and resp.content else []
        out.extend(page)
        if len(page) < 1000:
            return out
        marker = page[-1]["name"]


def containers_info(cloud, name=None, prefix=None):
    """os_object_containers_info: the one container named (HEAD: every key; [] when there is none), else the
    account's containers, with a name prefix if given."""
    if name is not None:
        current = get_container(cloud, name)
        return [container_result(container_state_view(current), current["headers"])] if current else []
    return [listed_container(entry) for entry in list_containers(cloud, prefix)]


def plan_container(current, name, metadata=None, delete_metadata_keys=None, read_acl=None, write_acl=None):
    """(headers to send, the state after) for a container that must exist with this metadata and these ACLs.

    Metadata keys are case-insensitive (swift lower-cases them); metadata given is set, other keys are kept;
    delete_metadata_keys are removed unless metadata sets them (metadata wins, as in openstack.cloud). A value
    that is empty removes the key (that is what swift does with it). ACLs are set only when given ('' clears)."""
    before = container_state_view(current) or {
        "name": name,
        "metadata": {},
        "read_ACL": "",
        "write_ACL": "",
        "object_count": 0,
        "bytes_used": 0,
    }
    have = dict(before["metadata"])
    wanted = dict((str(k).lower(), str(v).strip()) for k, v in (metadata or {}).items())
    headers, after_meta = {}, dict(have)
    for key in sorted(set(k.lower() for k in (delete_metadata_keys or [])) - set(wanted)):
        if key in have:
            headers["X-Remove-Container-Meta-%s" % key] = "x"
            after_meta.pop(key)
    for key, value in sorted(wanted.items()):
        if not value:  # swift drops a key set to ''
            if key in have:
                headers["X-Remove-Container-Meta-%s" % key] = "x"
                after_meta.pop(key)
        elif have.get(key) != value:
            headers["X-Container-Meta-%s" % key] = value
            after_meta[key] = value
    after = dict(before, metadata=after_meta)
    for option, header, given in (
        ("read_ACL", "X-Container-Read", read_acl),
        ("write_ACL", "X-Container-Write", write_acl),
    ):
        if given is None:
            continue
        acl = normalize_acl(given, option)
        if normalize_acl(before[option], option) != acl:
            headers[header] = acl
            after[option] = acl
    return headers, after


def validate_container_options(cloud, metadata=None, delete_metadata_keys=None, read_acl=None, write_acl=None):
    """What swift would refuse, refused first (in check mode too), naming the option."""
    validate_metadata(cloud, metadata)
    for key in delete_metadata_keys or []:
        validate_header_text("delete_metadata_keys item %r" % str(key)[:40], key)
        if not str(key).strip():
            raise ConfigError("delete_metadata_keys holds an empty key: give the names of metadata keys to delete")
    for option, acl in (("read_ACL", read_acl), ("write_ACL", write_acl)):
        if acl is not None:
            validate_header_text(option, acl)
            if not acl.isascii():
                raise ConfigError(
                    "%s %r is not ASCII: swift ACLs name projects, users and hosts in ASCII" % (option, acl)
                )


def ensure_container_present(
    cloud, name, metadata=None, delete_metadata_keys=None, read_acl=None, write_acl=None, check_mode=False
):
    """(changed, before view, after view, container result) for a container that must exist as described
    (plan_container); in check mode nothing is sent and after is the plan."""
    validate_container_name(name)
    validate_container_options(cloud, metadata, delete_metadata_keys, read_acl, write_acl)
    current = get_container(cloud, name)
    before = container_state_view(current)
    headers, after = plan_container(current, name, metadata, delete_metadata_keys, read_acl, write_acl)
    changed = current is None or bool(headers)
    if check_mode or not changed:
        # the plan over what swift answered (a new container: None, its keys are swift's to fill in)
        return changed, before, after, container_result(after, current["headers"] if current else None)
    send = dict((k, header_bytes(v)) for k, v in headers.items())
    if current is None:
        # a new container: only what sets something (a removal means nothing yet)
        put_container(cloud, name, headers=dict((k, v) for k, v in send.items() if not k.startswith("X-Remove")))
    else:
        cloud.request("object-store", "POST", container_path(name), headers=send, idempotent=True)
    stored = get_container(cloud, name)
    if stored is None:  # deleted by someone else between the two requests
        raise NotFound(
            "container %s disappeared on cloud %s right after it was written" % (name, cloud.name),
            status=404,
            cloud=cloud.name,
            region=cloud.region_name,
            service="object-store",
        )
    view = container_state_view(stored)
    return True, before, view, container_result(view, stored["headers"])


def ensure_container_absent(cloud, name, with_objects=False, check_mode=False, with_segments_container=False,
                            view=container_state_view):  # fmt: skip
    """(changed, before view): the container named deleted; one that holds objects only with with_objects (check
    mode refuses as the real run would). The container of its segments goes too only with
    with_segments_container (os_object's container state; os_object_container deletes only what it names)."""
    validate_container_name(name)
    current = get_container(cloud, name)
    if current is None:
        return False, {}
    if current["object_count"] and not with_objects:
        raise ConfigError(
            "container %s on cloud %s region %s holds %d objects: set delete_with_all_objects=true to delete "
            "them too" % (name, cloud.name, cloud.region_name, current["object_count"]),
            result={"container": view(current)},
        )
    if not check_mode:
        delete_container(cloud, name, with_objects=with_objects, with_segments_container=with_segments_container)
    return True, view(current)


def ensure_object_absent(cloud, container, name, check_mode=False):
    """(changed, before view): the object deleted, with the segments of a large object."""
    current = head_object(cloud, container, name)
    if current is None:
        return False, {}
    if not check_mode:
        delete_object(cloud, container, name)
    return True, object_view(current)


# -- the Python API's object store calls (Cloud inherits them) ------------------------------------------------------

LISTING_PAGE = 1000


class ObjectCalls:
    """shade's and openstacksdk's names for containers and objects, over the functions above."""

    def list_containers(self):
        return self._swift_listing("")

    def get_container(self, name):
        """The container's metadata (HEAD) as a dict of lower-cased headers, or None."""
        try:
            resp = self.request("object-store", "HEAD", container_path(name))
        except NotFound:
            return None
        return self._munch(dict((k.lower(), v) for k, v in resp.headers.items()))

    def create_container(self, name, public=False):
        headers = {"X-Container-Read": ".r:*,.rlistings"} if public else None
        self.request("object-store", "PUT", container_path(name), headers=headers)
        return self.get_container(name)

    def delete_container(self, name):
        """Delete an empty container, and the container of its segments (<name>_segments) when that is empty
        too (large objects leave it behind); False if there was no such container."""
        return delete_container(self, name)

    def search_containers(self, prefix=None):
        return [c for c in self.list_containers() if not prefix or c["name"].startswith(prefix)]

    def update_container(self, name, public=None, metadata=None):
        headers = dict(("X-Container-Meta-%s" % k, header_bytes(str(v))) for k, v in (metadata or {}).items())
        if public is not None:
            headers["X-Container-Read"] = ".r:*,.rlistings" if public else ""
        self.request("object-store", "POST", container_path(name), headers=headers, idempotent=True)
        return self.get_container(name)

    def list_objects(self, container):
        return self._swift_listing(container_path(container))

    def search_objects(self, container, prefix=None):
        return [o for o in self.list_objects(container) if not prefix or o["name"].startswith(prefix)]

    def update_object(self, container, name, metadata):
        """Set the object's metadata (swift replaces all of it: pass every key to keep)."""
        validate_metadata(self, metadata)
        headers = object_meta_headers(metadata)
        self.request("object-store", "POST", obj_path(container, name), headers=headers, idempotent=True)

    def create_object(
        self,
        container,
        name,
        filename=None,
        data=None,
        segment_size=None,
        use_slo=True,
        metadata=None,
        content_type=None,
    ):
        """Store a file (or data: bytes or text) as container/name, the container made if missing; the object.

        A file bigger than segment_size (default: the cloud's largest object, at most 5 GiB) goes in segments,
        sent in parallel to <container>_segments and joined by a static large object manifest; a re-run sends
        only the segments missing or different, and content already there is not sent again."""
        if not use_slo:
            raise ConfigError("use_slo=False (dynamic large objects) is not supported: segments are joined by a SLO")
        if filename is None and data is None:
            data = b""
        result = ensure_object(
            self,
            container,
            name,
            filename=filename,
            data=data,
            segment_size=segment_size,
            content_type=content_type,
            metadata=metadata,
        )
        return self._munch(_normalize.swift_object(result["after"], result["headers"]))

    def get_object(self, container, name):
        """(headers, bytes) or None."""
        try:
            resp = self.request("object-store", "GET", obj_path(container, name))
        except NotFound:
            return None
        return self._munch(dict((k.lower(), v) for k, v in resp.headers.items())), resp.content

    def delete_object(self, container, name):
        """Delete the object; a large (SLO) object's segments too."""
        return delete_object(self, container, name)

    def _swift_listing(self, path):
        out, marker = [], None
        while True:
            params = {"format": "json", "limit": LISTING_PAGE}
            if marker:
                params["marker"] = marker
            page = self._json_list(self.request("object-store", "GET", path, params=params))
            out.extend(self._munch(c) for c in page)
            if len(page) < LISTING_PAGE:
                return out
            marker = page[-1]["name"]
