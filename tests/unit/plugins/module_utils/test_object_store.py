"""Segment uploads of a new object: the file read once, each segment hashed while sent and checked against the ETag
swift answers. The devcloud's swift always stores what it was sent, so a segment whose stored MD5 differs from
the bytes sent (a corrupting proxy) is faked here; the happy path is proven on the devcloud by
tests/integration/test_os_object_large.py."""

import hashlib

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _object_store as swift
from ansible_collections.polystack.cloud.plugins.module_utils._errors import HTTPError
from ansible_collections.polystack.cloud.tests.unit.plugins.module_utils.fake_transport import (
    FakeTransport,
    swift_store,
)

MiB = 1024 * 1024


@pytest.fixture
def fake():
    transport = FakeTransport()
    yield transport
    transport.close()


@pytest.fixture
def big_file(tmp_path):
    path = tmp_path / "blob"
    path.write_bytes(b"".join(bytes([i]) * MiB for i in range(5)) + b"tail")
    return str(path)


def lazy_plan(fake, path, segment_size):
    cloud = fake.cloud()
    desired, current = swift.object_state(cloud, "c", "o", filename=path, segment_size=segment_size)
    return cloud, desired, current


def test_a_new_object_is_planned_without_reading_the_file(fake, big_file):
    swift_store(fake)
    cloud, desired, current = lazy_plan(fake, big_file, 2 * MiB)
    assert current is None
    assert desired["is_slo"] and desired["existing"] == {}
    assert [length for _o, length, _m in desired["segments"]] == [2 * MiB, 2 * MiB, MiB + 4]
    assert all(md5 is None for _o, _l, md5 in desired["segments"])


def test_segments_are_hashed_while_sent_and_the_manifest_has_their_md5(fake, big_file):
    store = swift_store(fake)
    cloud, desired, _current = lazy_plan(fake, big_file, 2 * MiB)
    sent = swift.upload(cloud, "c", "o", desired, filename=big_file)
    assert sent == 3
    with open(big_file, "rb") as f:
        data = f.read()
    want = [hashlib.md5(data[i : i + 2 * MiB]).hexdigest() for i in range(0, len(data), 2 * MiB)]
    manifest = store["/c/o"]
    assert [m["etag"] for m in manifest] == want
    assert [m["size_bytes"] for m in manifest] == [2 * MiB, 2 * MiB, MiB + 4]
    # no ETag header on a segment whose hash was not known before sending
    segment_puts = [headers for _path, headers, _body in fake.sent("PUT", "/slo/")]
    assert len(segment_puts) == 3 and all("ETag" not in h and "Etag" not in h for h in segment_puts)
    assert b"".join(store[m["path"]] for m in manifest) == data


def test_a_segment_stored_with_another_md5_fails_and_no_manifest_is_written(fake, big_file):
    store = swift_store(fake, corrupt="/00000001$")
    cloud, desired, _current = lazy_plan(fake, big_file, 2 * MiB)
    with pytest.raises(HTTPError) as e:
        swift.upload(cloud, "c", "o", desired, filename=big_file, threads=1)
    assert "swift stored a segment whose MD5 is" in str(e.value) and "/00000001" in str(e.value)
    assert "/c/o" not in store


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
