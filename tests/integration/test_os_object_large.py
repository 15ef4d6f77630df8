"""os_object with a large file: a 64 MiB file in 8 MiB segments becomes an SLO that downloads back
byte-identical, and an interrupted upload is completed by a re-run that sends only what is missing."""

import hashlib
import uuid

from conftest import adhoc, endpoint

SEGMENT = 8 * 1024 * 1024


def os_object(clouds_yaml, **args):
    result = adhoc(clouds_yaml, "polystack.cloud.os_object", **args)
    assert not result.get("failed"), result.get("msg")
    return result


def test_large_object_round_trip_and_resume(clouds_yaml, session_for, tmp_path):
    path = tmp_path / "big.bin"
    with open(path, "wb") as f:
        for i in range(64):
            f.write(hashlib.sha256(b"%d" % i).digest() * 32768)  # 1 MiB each, all different
    md5 = hashlib.md5(path.read_bytes()).hexdigest()
    container = "polytest-large-" + uuid.uuid4().hex[:8]
    args = dict(cloud="devcloud-direct", container=container, name="big.bin", filename=str(path), segment_size=SEGMENT)
    s = session_for("devcloud-direct")
    swift = endpoint("object-store", "RegionOne")
    try:
        first = os_object(clouds_yaml, **args)
        assert first["changed"] and first["object"]["is_slo"] and first["segments_uploaded"] == 8
        resp = s.get("/%s/big.bin" % container, endpoint_filter=swift)
        assert hashlib.md5(resp.content).hexdigest() == md5 and len(resp.content) == 64 * 1024 * 1024

        # an interruption: the manifest and three segments never made it
        segs = s.get("/%s_segments?format=json" % container, endpoint_filter=swift).json()
        assert len(segs) == 8
        s.delete("/%s/big.bin?multipart-manifest=get" % container, endpoint_filter=swift)
        for seg in segs[2:5]:
            s.delete("/%s_segments/%s" % (container, seg["name"]), endpoint_filter=swift)
        again = os_object(clouds_yaml, **args)
        assert again["changed"] and again["segments_uploaded"] == 3
        resp = s.get("/%s/big.bin" % container, endpoint_filter=swift)
        assert hashlib.md5(resp.content).hexdigest() == md5

        # unchanged: nothing sent
        third = os_object(clouds_yaml, **args)
        assert not third["changed"] and third["segments_uploaded"] == 0
    finally:
        os_object(
            clouds_yaml, cloud="devcloud-direct", container=container, state="absent", delete_with_all_objects=True
        )
        os_object(
            clouds_yaml,
            cloud="devcloud-direct",
            container=container + "_segments",
            state="absent",
            delete_with_all_objects=True,
        )
