"""Sessions: auth plugin loading errors, bounded retries with Retry-After, error translation, the token
cache's keys and permissions, and the secret masking of logs (HTTP faults from the shared fake transport,
fake_transport.py)."""

import logging
import os
import stat
import threading
import time

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _config, _errors, _secrets, _session
from ansible_collections.polystack.cloud.tests.unit.plugins.module_utils.fake_transport import FakeTransport


@pytest.fixture(scope="module")
def transport():
    fake = FakeTransport()
    yield fake
    fake.close()


@pytest.fixture
def fake(transport):
    transport.reset()
    return transport


@pytest.fixture
def server(fake):
    return fake.url


@pytest.fixture
def session(fake, monkeypatch):
    monkeypatch.setattr(_session, "MAX_RETRY_AFTER", 0.2)  # keep the test fast; the cap is what is tested
    cfg = _config.CloudConfig(env={}, dirs=[])
    region = cfg.get_one(
        auth={"endpoint": fake.url},
        auth_type="none",
        cloud_name="fake",
        compute_endpoint_override=fake.url,
        image_endpoint_override=fake.url + "/v2",
        network_endpoint_override=fake.url,
    )
    return _session.CloudSession(region, token_cache=False)


def test_unknown_auth_type_lists_what_keystoneauth_offers():
    cfg = _config.CloudConfig(env={}, dirs=[])
    region = cfg.get_one(auth={"auth_url": "http://x", "token": "t"}, auth_type="v3nosuch", cloud_name="c")
    with pytest.raises(_errors.ConfigError, match="unknown auth_type 'v3nosuch'; keystoneauth1 offers: .*v3password"):
        _session.CloudSession(region, token_cache=False)


def test_unknown_auth_option_is_named():
    cfg = _config.CloudConfig(env={}, dirs=[])
    auth = {
        "auth_url": "http://x",
        "application_credential_id": "i",
        "application_credential_secret": "s",
        "projekt_name": "p",
    }
    region = cfg.get_one(auth=auth, auth_type="v3applicationcredential", cloud_name="c")
    with pytest.raises(
        _errors.ConfigError, match="does not take auth.projekt_name; it takes: .*application_credential_id"
    ):
        _session.CloudSession(region, token_cache=False)


@pytest.mark.parametrize(
    "method,statuses,retried",
    [
        ("GET", [503, 502, 200], True),
        ("DELETE", [504, 200], True),
        ("POST", [429, 200], True),  # refused, not run: safe to send again
        ("POST", [413, 200], True),
        ("POST", [503], False),  # might have run: never re-POSTed blindly
    ],
)
def test_retries(session, method, statuses, retried, fake):
    fake.script = [(s, {"Retry-After": "1"} if s in (429, 413) else {}, b"{}") for s in statuses]
    if retried:
        assert session.request("compute", method, "/servers").status_code == 200
        assert len(fake.seen) == len(statuses)
    else:
        with pytest.raises(_errors.HTTPError) as err:
            session.request("compute", method, "/servers")
        assert err.value.status == 503 and len(fake.seen) == 1


def test_retries_are_bounded(session, fake):
    fake.script = [(503, {}, b"busy")] * 10
    t = time.monotonic()
    with pytest.raises(_errors.HTTPError) as err:
        session.request("compute", "GET", "/servers")
    assert err.value.status == 503 and len(fake.seen) == _session.MAX_RETRIES + 1
    assert time.monotonic() - t < 5


def test_retry_after_is_honoured_and_capped():
    assert _session.retry_delay("2", 0) == 2.0
    assert _session.retry_delay("3600", 0) == _session.MAX_RETRY_AFTER
    assert _session.retry_delay(None, 3) == 4.0
    assert _session.retry_delay("Wed, 21 Oct 2015 07:28:00 GMT", 0) == 0.0  # a date in the past
    assert _session.retry_delay("soon", 1) == 1.0


@pytest.mark.parametrize(
    "status,headers,body,cls,text",
    [
        (
            404,
            {"x-openstack-request-id": "req-1"},
            b'{"itemNotFound": {"message": "Server x could not be found."}}',
            _errors.NotFound,
            "Server x could not be found. [request id req-1]",
        ),
        (
            409,
            {"x-compute-request-id": "req-2"},
            b'{"NeutronError": {"message": "IP in use", "type": "X"}}',
            _errors.Conflict,
            "IP in use [request id req-2]",
        ),
        (
            400,
            {"x-trans-id": "tx3"},
            b"<html><h1>Bad Request</h1><p>Invalid header</p></html>",
            _errors.HTTPError,
            "Bad Request Invalid header [request id tx3]",
        ),
        (
            403,
            {},
            b'{"error": {"message": "You are not authorized", "code": 403}}',
            _errors.AuthError,
            "You are not authorized",
        ),
        (400, {}, b'{"errors": [{"detail": "JSON does not validate"}]}', _errors.HTTPError, "JSON does not validate"),
    ],
)
def test_errors_keep_status_request_id_and_server_message(session, status, headers, body, cls, text, fake):
    headers = dict(headers, **{"Content-Type": "application/json" if body.startswith(b"{") else "text/html"})
    fake.script = [(status, headers, body)]
    with pytest.raises(cls) as err:
        session.request("compute", "GET", "/servers/x")
    e = err.value
    assert e.status == status and e.method == "GET" and e.url.endswith("/servers/x") and e.service == "compute"
    assert str(e).endswith(text + " (cloud fake)")
    assert e.to_result()["status"] == status


def test_token_cache_file_is_private_and_expires(tmp_path):
    cache = _session.TokenCache("k", directory=str(tmp_path / "tokens"))
    cache.save({"state": "s", "expires_at": time.time() + 3600})
    assert stat.S_IMODE(os.stat(cache.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cache.directory).st_mode) == 0o700
    assert cache.load()["state"] == "s"
    cache.save_extra("discovery", {"RegionOne|compute": {"range": ["2.1", "2.90"]}})  # beside, not over, the token
    assert cache.load()["state"] == "s" and cache.load_extra("discovery")["RegionOne|compute"]["range"][1] == "2.90"
    os.chmod(cache.path, 0o644)  # readable by others: not trusted
    assert cache.load() is None
    os.chmod(cache.path, 0o600)
    cache.save({"state": "s", "expires_at": time.time() + 60})  # inside the expiry margin
    assert cache.load() is None


def test_cache_key_never_shared_between_credentials():
    cfg = _config.CloudConfig(env={}, dirs=[])
    base = {"auth_url": "http://k/v3", "username": "u", "password": "p", "project_id": "x", "user_domain_id": "d"}
    keys = {
        _session.cache_key(cfg.get_one(auth=dict(base, **change), cloud_name="c"))
        for change in ({}, {"password": "q"}, {"project_id": "y"}, {"auth_url": "http://other/v3"})
    }
    assert len(keys) == 4


def test_secret_filter_masks_known_values_and_secret_fields():
    f = _secrets.SecretFilter()
    f.add("hunter2-secret", "gAAAAABtokenvalue")
    line = (
        'REQ: curl -X POST -d \'{"auth": {"password": "hunter2-secret"}}\' X-Auth-Token: gAAAAABtokenvalue '
        'X-Subject-Token: abc123def "application_credential_secret": "zzz9"'
    )
    masked = f.mask(line)
    for secret in ("hunter2-secret", "gAAAAABtokenvalue", "abc123def", "zzz9"):
        assert secret not in masked
    record = logging.LogRecord(
        "keystoneauth.session", logging.DEBUG, __file__, 1, "RESP: %s", ("hunter2-secret",), None
    )
    f.filter(record)
    assert "hunter2-secret" not in record.getMessage()


def test_a_retried_file_body_is_sent_whole_again(session, tmp_path, fake):
    path = tmp_path / "body"
    path.write_bytes(b"hello world")
    fake.script = [(503, {}, b""), (201, {}, b"{}")]
    with open(path, "rb") as body:
        assert session.request("compute", "PUT", "/o", data=body).status_code == 201
    assert fake.bodies == [b"hello world", b"hello world"]


def test_a_stream_that_cannot_rewind_is_not_retried(session, fake):
    class Stream:
        def __init__(self):
            self.parts = [b"abc"]

        def read(self, n=-1):
            return self.parts.pop() if self.parts else b""

        def __len__(self):
            return 3

        def tell(self):
            raise OSError("not seekable")

    fake.script = [(503, {}, b""), (201, {}, b"{}")]
    with pytest.raises(_errors.HTTPError) as err:
        session.request("compute", "PUT", "/o", data=Stream())
    assert err.value.status == 503 and len(fake.seen) == 1


def test_a_versioned_endpoint_override_is_not_doubled(session, fake):
    session.request("image", "GET", "/v2/images")
    assert fake.seen[-1] == ("GET", "/v2/images")


@pytest.mark.parametrize("content", ['["a list"]', '{"state": 5}', "not json", '{"state": "x", "expires_at": "soon"}'])
def test_a_damaged_cache_file_is_a_miss(tmp_path, content):
    cache = _session.TokenCache("k", directory=str(tmp_path))
    with open(cache.path, "w") as f:
        f.write(content)
    os.chmod(cache.path, 0o600)
    assert cache.load() is None


def test_cache_key_is_keyed_per_user(tmp_path, monkeypatch):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path))
    cfg = _config.CloudConfig(env={}, dirs=[])
    region = cfg.get_one(auth={"auth_url": "u", "user_id": "i", "password": "p"}, cloud_name="c")
    import hashlib
    import json

    first = _session.cache_key(region)
    assert first == _session.cache_key(region)  # stable
    plain = hashlib.sha256(
        json.dumps(
            {"auth_type": "password", "auth": region.auth, "verify": "True", "cert": "None"}, sort_keys=True
        ).encode()
    ).hexdigest()
    assert first != plain  # not a bare hash of the password
    key_file = tmp_path / "tokens" / ".key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_listing_ends_when_the_api_repeats_its_next_link(session, fake):
    from ansible_collections.polystack.cloud.plugins.module_utils import _cloud

    page = b'{"images": [{"id": "a", "name": "a"}], "next": "/v2/images?marker=a"}'
    fake.script = [(200, {"Content-Type": "application/json"}, page)] * 5
    cloud = _cloud.Cloud.__new__(_cloud.Cloud)
    cloud.session, cloud.name, cloud.region_name, cloud.strict, cloud._location = session, "fake", None, False, None
    cloud._location = {"cloud": "fake", "region_name": None, "project": {"id": None}}
    assert [i.id for i in cloud.list_images()] == ["a"]
    assert len(fake.seen) == 2  # the first page, and the repeat that ended it


def test_nova_names_are_matched_exactly(session, fake):
    from ansible_collections.polystack.cloud.plugins.module_utils import _cloud

    body = b'{"servers": [{"id": "1", "name": "web+1"}, {"id": "2", "name": "web+10"}]}'
    # twice: servers are listed at os_server's microversion, which may take a version discovery first
    fake.script = [(200, {"Content-Type": "application/json"}, body)] * 2
    cloud = _cloud.Cloud.__new__(_cloud.Cloud)
    cloud.session, cloud.name, cloud.region_name, cloud.strict = session, "fake", None, False
    cloud._location = {"cloud": "fake", "region_name": None, "project": {"id": None}}
    # bare: as nova answers them (the default adds their addresses, which takes network requests)
    assert [s.id for s in cloud.search_servers("web+1", bare=True)] == ["1"]
    # ^web\+1$: nova takes ?name= as a regex (after the compute version discovery, if any)
    assert any("name=%5Eweb%5C%2B1%24" in seen[1] for seen in fake.seen)
    fake.script = [(200, {"Content-Type": "application/json"}, body)] * 2
    assert [s.id for s in cloud.search_servers({"name": "web+10"}, bare=True)] == ["2"]  # a resource, as it came


@pytest.mark.parametrize(
    "auth_type,version,url,expect",
    [
        ("password", "3", "https://k/v3", "v3password"),  # no discovery request
        ("password", "3", "https://k", "password"),  # unversioned auth_url: let keystoneauth1 discover
        ("password", "2.0", "https://k/v2.0", "v2password"),
        ("token", "3", "https://k/v3/", "v3token"),
        ("v3applicationcredential", "3", "https://k/v3", "v3applicationcredential"),
    ],
)
def test_identity_version_picks_the_plugin(auth_type, version, url, expect):
    cfg = _config.CloudConfig(env={}, dirs=[])
    auth = {
        "auth_url": url,
        "user_id": "u",
        "password": "p",
        "token": "t",
        "application_credential_id": "i",
        "application_credential_secret": "s",
    }
    region = cfg.get_one(auth=auth, auth_type=auth_type, cloud_name="c", identity_api_version=version)
    assert _session.effective_auth_type(region) == expect


def test_a_catalog_service_type_can_be_renamed(server):
    cfg = _config.CloudConfig(env={}, dirs=[])
    region = cfg.get_one(
        auth={"endpoint": server}, auth_type="none", cloud_name="c", block_storage_service_type="volumev3"
    )
    s = _session.CloudSession(region, token_cache=False)
    assert s.adapter("block-storage").service_type == "volumev3"


@pytest.mark.parametrize(
    ("auth_type", "cls"),
    [("v3password", "Password"), ("v3applicationcredential", "ApplicationCredential"), ("password", "Password")],
)
def test_common_auth_types_load_without_stevedore(monkeypatch, auth_type, cls):
    def no_stevedore(name):
        raise AssertionError("stevedore asked for %s" % name)

    monkeypatch.setattr(_session.ks_loading, "get_plugin_loader", no_stevedore)
    loader = _session._plugin_loader(auth_type)
    assert type(loader).__name__ == cls
    assert "auth_url" in {o.dest for o in loader.get_options()}


def test_other_auth_types_still_go_through_stevedore(monkeypatch):
    asked = []
    monkeypatch.setattr(_session.ks_loading, "get_plugin_loader", asked.append)
    _session._plugin_loader("v3oidcpassword")
    assert asked == ["v3oidcpassword"]


def test_enable_logging_twice_logs_each_line_once(tmp_path):
    import io

    stream = io.StringIO()
    try:
        _session.enable_logging(debug=True, stream=stream)
        _session.enable_logging(debug=True, stream=stream)
        logging.getLogger(_session.LOG.name).info("once please")
        assert stream.getvalue().count("once please") == 1
        assert sum(1 for h in _session.LOG.handlers if getattr(h, "_polystack", False)) == 1
    finally:
        for handler in [h for h in _session.LOG.handlers if getattr(h, "_polystack", False)]:
            _session.LOG.removeHandler(handler)
            logging.getLogger("keystoneauth").removeHandler(handler)


def test_the_debug_log_file_is_private(tmp_path):
    fresh, loose = tmp_path / "fresh.log", tmp_path / "loose.log"
    loose.write_text("")
    loose.chmod(0o644)
    try:
        for path in (fresh, loose):
            _session.enable_logging(debug=True, path=str(path))
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        for handler in [h for h in _session.LOG.handlers if getattr(h, "_polystack", False)]:
            _session.LOG.removeHandler(handler)
            logging.getLogger("keystoneauth").removeHandler(handler)
            handler.close()


def test_html_error_pages_are_read_as_text():
    body = (
        b"<html><head><title>415 Unsupported Media Type</title></head><body><h1>415</h1>Image disk_format qcow2 "
        b"does not match &#x27;raw&#x27; &amp; more</body></html>"
    )
    text = _errors.server_message(body, "text/html")
    assert "'raw' & more" in text and "&#x27;" not in text and "<h1>" not in text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("password: hunter22", "password: ***"),
        ('"os_password": "x1"', '"os_password": "***"'),
        ("auth_token=abc", "auth_token=***"),
        ("client_secret='a b'", "client_secret=***"),
        # harmless text stays readable
        ("tokens: 5", "tokens: 5"),
        ("password_expires_at: 2026-01-01", "password_expires_at: 2026-01-01"),
        ("passwords=3", "passwords=3"),
        ('{"token": {"expires_at": "x"}}', '{"token": {"expires_at": "x"}}'),
    ],
)
def test_the_masker_masks_secrets_not_harmless_text(text, masked):
    assert _secrets.mask(text) == masked


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("boom", "boom (cloud c1, region r1)"),
        ("x not found on cloud c1 region r1", "x not found on cloud c1 region r1"),
        ("x not found on cloud c1", "x not found on cloud c1 (region r1)"),
    ],
)
def test_an_error_names_its_cloud_and_region_once(message, shown):
    assert str(_errors.CloudError(message, cloud="c1", region="r1")) == shown


def keystone(fake, slow=0.3):
    """The fake as keystone too: each POST /v3/auth/tokens issues the next token (tok-1, tok-2 ...) with a catalog
    whose compute is the fake; slow: how long issuing one takes (a real keystone is not instant either)."""
    issued = []

    def tokens(path, body, headers):
        time.sleep(slow)
        issued.append("tok-%d" % (len(issued) + 1))
        endpoint = {"id": "e1", "interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": fake.url}
        domain = {"id": "default", "name": "Default"}
        token = {
            "methods": ["password"],
            "expires_at": "2099-01-01T00:00:00.000000Z",
            "issued_at": "2026-01-01T00:00:00.000000Z",
            "user": {"id": "u1", "name": "user", "domain": domain},
            "project": {"id": "p1", "name": "project", "domain": domain},
            "catalog": [{"id": "c1", "type": "compute", "name": "nova", "endpoints": [endpoint]}],
        }
        return 201, {"token": token}, {"X-Subject-Token": issued[-1]}

    fake.on("POST", r"^/v3/auth/tokens$", tokens)
    region = _config.CloudConfig(env={}, dirs=[]).get_one(
        auth={
            "auth_url": fake.url + "/v3",
            "username": "user",
            "password": "secret",
            "project_name": "project",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        auth_type="v3password",
        cloud_name="fake",
        region_name="RegionOne",
    )
    return _session.CloudSession(region, token_cache=False), issued


def test_threads_that_get_a_401_together_share_one_new_token(fake):
    """The token expires while two threads of one session (the inventory's lookups) have requests in flight: both
    get a 401. keystoneauth1's own retry lets only the first thread's invalidate() count, and the other got its 401
    back (the inventory lost a source in CI, 2026-12-07); here both requests succeed, with one new token."""
    session, issued = keystone(fake)
    session.authenticate()
    assert issued == ["tok-1"]

    def things(path, body, headers):
        return (401, {"error": {"code": 401}}) if headers.get("X-Auth-Token") == "tok-1" else (200, {"ok": True})

    fake.on("GET", r"^/things", things)
    fake.gate("GET", r"^/things", 2, when=lambda headers: headers.get("X-Auth-Token") == "tok-1")
    results = []

    def get(n):
        try:
            results.append(session.request("compute", "GET", "/things?n=%d" % n).json())
        except Exception as e:  # noqa: BLE001 - what the test reports
            results.append(e)

    threads = [threading.Thread(target=get, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [{"ok": True}, {"ok": True}]
    assert issued == ["tok-1", "tok-2"]  # one re-authentication for both
