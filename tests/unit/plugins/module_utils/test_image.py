"""Image logic that a real cloud cannot show on demand: the upload path per cloud profile, a wait that
times out (and says where the image is), hashing while streaming."""

import hashlib

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _image
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError, WaitTimeout


class Resp:
    def __init__(self, body):
        self.body = body

    def json(self):
        return self.body


class FakeCloud:
    name, region_name = "fake", "R1"

    def __init__(self, config, methods=("glance-direct", "web-download"), statuses=()):
        self.config = config
        self.methods = list(methods)
        self.statuses = list(statuses)

    def request(self, service, method, path, **kw):
        if path == "/v2/info/import":
            return Resp({"import-methods": {"value": self.methods}})
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return Resp({"id": "i1", "name": "img", "status": status})


@pytest.mark.parametrize(
    "config,wanted,url,methods,expect",
    [
        ({}, "auto", None, ["glance-direct"], "put"),
        ({"image_api_use_tasks": True}, "auto", None, ["glance-direct"], "glance-direct"),  # profile forces import
        ({}, "auto", "http://x/i", ["web-download"], "web-download"),
        ({}, "glance-direct", None, ["glance-direct"], "glance-direct"),
    ],
)
def test_upload_path(config, wanted, url, methods, expect):
    assert _image.choose_method(FakeCloud(config, methods), wanted, url) == expect


def test_an_import_method_the_cloud_lacks_is_named():
    with pytest.raises(
        ConfigError, match="does not offer the image import method web-download .*offers: glance-direct"
    ):
        _image.choose_method(FakeCloud({}, ["glance-direct"]), "auto", "http://x/i")


def test_a_wait_that_times_out_says_where_the_image_is():
    with pytest.raises(WaitTimeout) as err:
        _image.wait_active(FakeCloud({}, statuses=["importing"]), "i1", 0)
    assert "is still importing" in str(err.value) and "it was not deleted" in str(err.value) and "i1" in str(err.value)


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
