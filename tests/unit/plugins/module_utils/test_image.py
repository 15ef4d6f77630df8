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


def test_a_locked_active_image_is_polled_again_soon(fake, monkeypatch):
    """Active with the import lock: the task is at its last step, so the next poll comes within 0.2 s, however long
    the wait has been (a pause in proportion to a long wait would add up to 2 s here)."""
    locked = {"id": "i1", "name": "img", "status": "active", "os_glance_import_task": "t1"}
    fake.on("GET", r"^/v2/images/i1$", (200, locked), (200, {"id": "i1", "status": "active"}))
    pauses = []
    monkeypatch.setattr(_image._progress.Pacer, "pause", lambda self, at_most=None: pauses.append(at_most))
    _image.wait_active(fake.cloud(), "i1", 30)
    assert pauses == [0.2]


def _uploadable(tmp_path, fake, stored):
    """A file, and a glance that takes its data by PUT and then shows image i1 with `stored` (its hash fields)."""
    path = tmp_path / "img.raw"
    path.write_bytes(b"polystack" * 100000)
    fake.on("PUT", r"^/v2/images/i1/file$", (204, None))
    fake.on("GET", r"^/v2/images/i1$", (200, dict({"id": "i1", "name": "img", "status": "active"}, **stored)))
    return str(path), path.read_bytes()


def test_an_upload_hashes_with_glance_s_default_algorithm_only(tmp_path, fake, monkeypatch):
    """MD5 as well cost the client a core's time per GiB for nothing: glance computes it itself."""
    path, data = _uploadable(tmp_path, fake, {})
    made = []
    real = _image.hashlib.new
    monkeypatch.setattr(_image.hashlib, "new", lambda name, *a: made.append(name) or real(name, *a))
    hashes = _image.upload_data(fake.cloud(), "i1", "put", filename=path)
    assert made == ["sha512"] and hashes == {"sha512": hashlib.sha512(data).hexdigest()}


def test_what_glance_stored_is_verified_without_a_second_read_on_a_default_cloud(tmp_path, fake, monkeypatch):
    path, data = _uploadable(tmp_path, fake, {})
    image = {"id": "i1", "name": "img", "os_hash_algo": "sha512", "os_hash_value": hashlib.sha512(data).hexdigest()}
    monkeypatch.setattr(_image, "hash_file", lambda *a, **k: pytest.fail("the file was read again"))
    _image.check_stored(fake.cloud(), image, {"sha512": hashlib.sha512(data).hexdigest()}, path)


@pytest.mark.parametrize(
    "stored_as",
    [
        {"os_hash_algo": "sha256"},  # glance's hashing_algorithm set to another one
        {"checksum": "md5"},  # a glance before Rocky: MD5 only
    ],
)
def test_a_cloud_hashing_otherwise_has_the_file_read_again_to_verify(tmp_path, fake, stored_as):
    path, data = _uploadable(tmp_path, fake, {})
    algo = stored_as.get("os_hash_algo", "md5")
    right = hashlib.new(algo, data).hexdigest()
    image = {"id": "i1", "name": "img"}
    image.update({"os_hash_algo": algo, "os_hash_value": right} if "os_hash_algo" in stored_as else {"checksum": right})
    sent = {"sha512": hashlib.sha512(data).hexdigest()}
    _image.check_stored(fake.cloud(), image, sent, path)  # the same data: passes
    wrong = dict(image, **({"os_hash_value": "0" * 64} if "os_hash_algo" in stored_as else {"checksum": "0" * 32}))
    with pytest.raises(_image.CloudError, match="glance stored other data than was sent \\(%s 0000" % algo):
        _image.check_stored(fake.cloud(), wrong, sent, path)


def test_the_same_content_is_compared_with_md5_only_where_glance_has_nothing_else(tmp_path, fake):
    path, data = _uploadable(tmp_path, fake, {})
    old = {"id": "i1", "name": "img", "checksum": hashlib.md5(data).hexdigest()}
    assert _image.same_content(fake.cloud(), old, path)[0]
    new = {"os_hash_algo": "sha512", "os_hash_value": hashlib.sha512(data).hexdigest(), "checksum": "stale"}
    assert _image.same_content(fake.cloud(), dict(old, **new), path)[0]
    assert not _image.same_content(fake.cloud(), dict(old, os_hash_value="0" * 128, os_hash_algo="sha512"), path)[0]
