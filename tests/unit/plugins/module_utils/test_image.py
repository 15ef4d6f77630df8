"""Image logic that a real cloud cannot show on demand: the upload path per cloud profile, a wait that
times out (and says where the image is), hashing while streaming."""

import hashlib

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _image
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError, WaitTimeout
from ansible_collections.polystack.cloud.tests.unit.plugins.module_utils.fake_transport import FakeTransport


@pytest.fixture
def fake():
    transport = FakeTransport()
    yield transport
    transport.close()


def glance(fake, methods=("glance-direct", "web-download"), statuses=("active",), **config):
    """A Cloud whose glance offers these import methods and answers these statuses for image i1 in turn."""
    fake.on("GET", r"^/v2/info/import$", (200, {"import-methods": {"value": list(methods)}}))
    fake.on("GET", r"^/v2/images/i1$", *[(200, {"id": "i1", "name": "img", "status": s}) for s in statuses])
    return fake.cloud(**config)


@pytest.mark.parametrize(
    "config,wanted,url,methods,expect",
    [
        ({}, "auto", None, ["glance-direct"], "put"),
        ({"image_api_use_tasks": True}, "auto", None, ["glance-direct"], "glance-direct"),  # profile forces import
        ({}, "auto", "http://x/i", ["web-download"], "web-download"),
        ({}, "glance-direct", None, ["glance-direct"], "glance-direct"),
    ],
)
def test_upload_path(fake, config, wanted, url, methods, expect):
    assert _image.choose_method(glance(fake, methods, **config), wanted, url) == expect


def test_an_import_method_the_cloud_lacks_is_named(fake):
    with pytest.raises(
        ConfigError, match="does not offer the image import method web-download .*offers: glance-direct"
    ):
        _image.choose_method(glance(fake, ["glance-direct"]), "auto", "http://x/i")


def test_a_wait_that_times_out_says_where_the_image_is(fake):
    with pytest.raises(WaitTimeout) as err:
        _image.wait_active(glance(fake, statuses=["importing"]), "i1", 0)
    assert "is still importing" in str(err.value) and "it was not deleted" in str(err.value) and "i1" in str(err.value)


def test_an_import_is_waited_for_until_glance_lets_go_of_the_image(fake):
    """Glance says active before its import task drops its lock on the image; a delete in that window fails in
    glance. The wait goes on until the lock is gone."""
    locked = {"id": "i1", "name": "img", "status": "active", "os_glance_import_task": "t1"}
    fake.on("GET", r"^/v2/images/i1$", (200, locked), (200, locked), (200, {"id": "i1", "status": "active"}))
    image = _image.wait_active(fake.cloud(), "i1", 30)
    assert "os_glance_import_task" not in image
    assert len(fake.requests("GET", r"^/v2/images/i1$")) == 3


def test_an_active_image_whose_lock_stays_is_returned_at_the_deadline(fake):
    """A lock glance never drops does not turn an active image into a failure: at the deadline active is enough."""
    locked = {"id": "i1", "name": "img", "status": "active", "os_glance_import_task": "t1"}
    fake.on("GET", r"^/v2/images/i1$", (200, locked))
    image = _image.wait_active(fake.cloud(), "i1", 0)
    assert image["status"] == "active"


def test_hashes_while_streaming(tmp_path):
    path = tmp_path / "f"
    data = b"x" * (3 * 1024 * 1024 + 7)
    path.write_bytes(data)
    reader = _image.HashingReader(str(path), ["sha512", "md5"])
    assert len(reader) == len(data)
    got = b""
    while True:
        block = reader.read(65536)
        if not block:
            break
        got += block
    reader.close()
    assert got == data and reader.hexdigests() == {
        "sha512": hashlib.sha512(data).hexdigest(),
        "md5": hashlib.md5(data).hexdigest(),
    }
    # a retry rewinds it to the start only, and the hashes start again with the data
    reader = _image.HashingReader(str(path), ["md5"])
    reader.read(1000)
    assert reader.tell() == 1000 and reader.seek(0) == 0 and len(reader) == len(data)
    while reader.read(65536):
        pass
    reader.close()
    assert reader.hexdigests() == {"md5": hashlib.md5(data).hexdigest()}
    with pytest.raises(OSError):
        reader.seek(10)
