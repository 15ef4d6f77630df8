"""Segment uploads of a new object: the file read once, each segment hashed while sent and checked against the ETag
swift answers. The devcloud's swift always stores what it was sent, so a segment whose stored MD5 differs from
the bytes sent (a corrupting proxy) is faked here; the happy path is proven on the devcloud by
tests/integration/test_os_object_large.py."""

import hashlib
import json

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _object_store as swift
from ansible_collections.polystack.cloud.plugins.module_utils._errors import HTTPError, NotFound

MiB = 1024 * 1024


class Resp:
    def __init__(self, status=201, headers=None, body=b""):
        self.status_code = status
        self.headers = headers or {}
        self.content = body

    def json(self):
        return json.loads(self.content or b"[]")


class FakeSwift:
    """Just enough of a Cloud for _object_store: containers, segment PUTs that read their body, a manifest."""

    name = "fake"
    region_name = "RegionOne"

    def __init__(self, corrupt_index=None):
        self.corrupt_index = corrupt_index
        self.calls = []
        self.stored = {}

    def request(self, service, method, path, params=None, data=None, headers=None, **kwargs):
        self.calls.append((method, path, dict(params or {}), dict(headers or {})))
        if method == "HEAD" and path.count("/") == 1:
            if path.endswith("_segments") and not any(p.endswith("_segments") for p in self.stored):
                raise NotFound("no container", status=404)
            return Resp(204)
        if method in ("GET", "HEAD"):
            raise NotFound("not found", status=404)
        if method == "PUT" and (params or {}).get("multipart-manifest") == "put":
            self.stored[path] = json.loads(data)
            return Resp(201)
        if method == "PUT" and data is not None and not isinstance(data, bytes):
            got = b""
            while True:
                block = data.read(256 * 1024)
                if not block:
                    break
                got += block
            md5 = hashlib.md5(got).hexdigest()
            if self.corrupt_index is not None and path.endswith("/%08d" % self.corrupt_index):
                md5 = hashlib.md5(got + b"!").hexdigest()
            self.stored[path] = got
            return Resp(201, {"Etag": md5})
        self.stored[path] = data
        return Resp(201)


@pytest.fixture
def big_file(tmp_path):
    path = tmp_path / "blob"
    path.write_bytes(b"".join(bytes([i]) * MiB for i in range(5)) + b"tail")
    return str(path)


def lazy_plan(path, segment_size):
    cloud = FakeSwift()
    desired, current = swift.object_state(cloud, "c", "o", filename=path, segment_size=segment_size)
    return cloud, desired, current


def test_a_new_object_is_planned_without_reading_the_file(big_file):
    cloud, desired, current = lazy_plan(big_file, 2 * MiB)
    assert current is None
    assert desired["is_slo"] and desired["existing"] == {}
    assert [length for _o, length, _m in desired["segments"]] == [2 * MiB, 2 * MiB, MiB + 4]
    assert all(md5 is None for _o, _l, md5 in desired["segments"])


def test_segments_are_hashed_while_sent_and_the_manifest_has_their_md5(big_file):
    cloud, desired, _current = lazy_plan(big_file, 2 * MiB)
    sent = swift.upload(cloud, "c", "o", desired, filename=big_file)
    assert sent == 3
    with open(big_file, "rb") as f:
        data = f.read()
    want = [hashlib.md5(data[i : i + 2 * MiB]).hexdigest() for i in range(0, len(data), 2 * MiB)]
    manifest = cloud.stored["/c/o"]
    assert [m["etag"] for m in manifest] == want
    assert [m["size_bytes"] for m in manifest] == [2 * MiB, 2 * MiB, MiB + 4]
    # no ETag header on a segment whose hash was not known before sending
    segment_puts = [c for c in cloud.calls if c[0] == "PUT" and "/slo/" in c[1]]
    assert len(segment_puts) == 3 and all("ETag" not in c[3] for c in segment_puts)
    assert b"".join(cloud.stored[m["path"]] for m in manifest) == data


def test_a_segment_stored_with_another_md5_fails_and_no_manifest_is_written(big_file):
    cloud, desired, _current = lazy_plan(big_file, 2 * MiB)
    cloud.corrupt_index = 1
    with pytest.raises(HTTPError) as e:
        swift.upload(cloud, "c", "o", desired, filename=big_file, threads=1)
    assert "swift stored a segment whose MD5 is" in str(e.value) and "/00000001" in str(e.value)
    assert "/c/o" not in cloud.stored


def test_a_file_slice_starts_over_with_its_hash(big_file):
    piece = swift.FileSlice(big_file, MiB, MiB + 10, hashing=True)
    try:
        first = piece.read(1000)
        assert piece.tell() == 1000 and len(piece) == MiB + 10 - 1000
        piece.seek(0)
        assert piece.tell() == 0
        whole = b""
        while True:
            block = piece.read(4096)
            if not block:
                break
            whole += block
        assert whole[:1000] == first and len(whole) == MiB + 10
        assert piece.hash.hexdigest() == hashlib.md5(whole).hexdigest()
        with pytest.raises(OSError):
            piece.seek(5)
    finally:
        piece.close()
