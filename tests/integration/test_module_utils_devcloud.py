"""module_utils against the real devcloud: every cloud-region connects, the application credential
works, the token cache saves the auth round trip, http_debug leaks no secret, and the seed's snippets run."""

import json
import os
import stat
import subprocess
import sys
import uuid

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
from ansible_collections.polystack.cloud.plugins.module_utils._errors import AmbiguousResource, AuthError
from conftest import REGIONS, ROOT, USER_CLOUDS

ALL = USER_CLOUDS + ("devcloud-admin",)


@pytest.fixture
def connect(clouds_yaml, tmp_path, monkeypatch):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    config = _config.CloudConfig(config_file=clouds_yaml, env={})

    def make(cloud, region=None, **kw):
        return _cloud.connect(cloud=cloud, region_name=region, config=config, **kw)

    return make


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("cloud", ALL)
def test_every_cloud_region_connects(connect, cloud, region):
    c = connect(cloud, region)
    assert c.region_name == region
    assert c.current_project_id
    assert c.has_service("compute") and c.has_service("object-store") and c.has_service("block-storage")
    assert c.has_service("volumev3")  # the legacy name finds cinder too
    assert not c.has_service("dns")  # a service the devcloud does not run
    image = c.get_image("devcloud-tiny")
    assert image.name == image["name"] == "devcloud-tiny"  # munch: dotted and item access
    assert c.get_image(image.id).id == image.id
    assert isinstance(c.list_containers(), list)


def test_application_credential_authenticates_as_its_project(connect):
    app = connect("devcloud-appcred")
    admin = connect("devcloud-admin")
    project = admin.request("identity", "GET", "/projects/%s" % app.current_project_id).json()["project"]
    assert project["name"] == "appcred-project"
    assert type(app.session.plugin).__name__ == "ApplicationCredential"


def test_seed_snippets_find_an_image_and_a_flavor_by_ram(connect):
    # from ../shared/seeds/000: cloud.get_image(...), cloud.get_flavor_by_ram(512)
    expect = {"RegionOne": "m1.tiny", "RegionTwo": "v2-standard-1"}  # flavors are named differently per region
    for region in REGIONS:
        cloud = connect("devcloud-fip", region, strict=True)
        flavor = cloud.get_flavor_by_ram(512)
        assert flavor.name == expect[region] and flavor.ram >= 512
        assert cloud.get_flavor_by_ram(2048).ram == 2048
        image = cloud.get_image("devcloud-tiny")
        assert image.status == "active"


def test_pagination_and_server_side_filters(connect, monkeypatch):
    c = connect("devcloud-admin")
    c.list_flavors()  # authenticated
    sent = c.session.requests
    assert [n.name for n in c.search_networks("public")] == ["public"]
    assert c.session.requests - sent == 1  # ?name=public, not a listing of every network
    everything = {kind: sorted(i["id"] for i in c.list(kind)) for kind in ("flavor", "network", "image")}
    monkeypatch.setattr(_cloud, "PAGE", 1)  # one item per page: every link must be followed
    for kind, ids in everything.items():
        sent = c.session.requests
        assert sorted(i["id"] for i in c.list(kind)) == ids, kind
        assert c.session.requests - sent >= len(ids), kind  # one page per item: the links were followed
    assert len(everything["flavor"]) == 4 and len(everything["network"]) >= 4  # several pages each


def test_ambiguous_names_list_the_candidates(connect):
    c = connect("devcloud-fip")
    name = "dup-" + uuid.uuid4().hex[:8]
    ids = [
        c.request(
            "image", "POST", "/v2/images", json={"name": name, "disk_format": "raw", "container_format": "bare"}
        ).json()["id"]
        for _name in "ab"
    ]
    try:
        with pytest.raises(AmbiguousResource) as err:
            c.get_image(name)
        for i in ids:
            assert i in str(err.value)
        assert "cloud devcloud-fip" in str(err.value)
    finally:
        for i in ids:
            c.request("image", "DELETE", "/v2/images/%s" % i)


def test_wrong_password_is_a_clear_error(clouds, connect):
    auth = dict(clouds["devcloud-fip"]["auth"], password="wrong-password-123")
    c = _cloud.connect(
        auth=auth,
        cloud_name="devcloud-fip-wrong",
        token_cache=False,
        config=_config.CloudConfig(config_file=None, env={}, dirs=[]),
    )
    with pytest.raises(AuthError) as err:
        c.list_flavors()
    assert "authentication refused" in str(err.value) and "devcloud-fip-wrong" in str(err.value)
    assert "wrong-password-123" not in str(err.value)


SCRIPT = """
import json, os, sys
sys.path.insert(0, %(src)r)
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
if os.environ.get("HTTP_DEBUG"):
    _cloud.enable_logging(http_debug=True, path=os.environ["HTTP_DEBUG"])
c = _cloud.connect(cloud=sys.argv[1], config=_config.CloudConfig(config_file=%(clouds)r, env={}))
c.list_flavors()
cache = c.session.token_cache
print(json.dumps({"requests": c.session.requests, "auth": c.session.auth_requests,
                  "token": c.session.session.get_token(), "cache": cache and cache.path}))
"""


def run_task(clouds_yaml, cloud, env):
    """One Ansible-task-like process: a fresh interpreter that connects and lists flavors."""
    code = SCRIPT % {"src": os.path.join(ROOT, "tests", "output", "src"), "clouds": clouds_yaml}
    out = subprocess.run(
        [sys.executable, "-c", code, cloud],
        env=dict(os.environ, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_token_cache_saves_the_auth_round_trip(clouds_yaml, tmp_path):
    env = {"POLYSTACK_CACHE_DIR": str(tmp_path / "cache")}
    first = run_task(clouds_yaml, "devcloud-fip", env)
    second = run_task(clouds_yaml, "devcloud-fip", env)
    assert first["auth"] == 1 and second["auth"] == 0
    # the first process: POST /v3/auth/tokens + GET (auth_url ends in /v3: no version discovery);
    # the second: just GET /flavors/detail
    assert second["requests"] == 1 and first["requests"] == 2
    assert second["token"] == first["token"]
    assert stat.S_IMODE(os.stat(first["cache"]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(first["cache"])).st_mode) == 0o700
    # other credentials never share the file
    other = run_task(clouds_yaml, "devcloud-direct", env)
    assert other["auth"] == 1 and other["cache"] != first["cache"] and other["token"] != first["token"]
    # switched off: every process authenticates
    off = run_task(clouds_yaml, "devcloud-fip", dict(env, POLYSTACK_TOKEN_CACHE="0"))
    assert off["auth"] == 1


@pytest.mark.parametrize("cloud", ["devcloud-fip", "devcloud-appcred"])
def test_http_debug_log_has_no_secret(clouds, clouds_yaml, tmp_path, cloud):
    log = tmp_path / "http.log"
    got = run_task(clouds_yaml, cloud, {"POLYSTACK_TOKEN_CACHE": "0", "HTTP_DEBUG": str(log)})
    text = log.read_text()
    assert "GET" in text and "/flavors/detail" in text and "auth/tokens" in text  # it did log the HTTP
    auth = clouds[cloud]["auth"]
    secrets = [got["token"], auth.get("password"), auth.get("application_credential_secret")]
    for secret in filter(None, secrets):
        assert secret not in text


def test_microversion_negotiation_is_cached(connect):
    c = connect("devcloud-fip", "RegionTwo")
    assert c.session.negotiate("compute", "2.79") == "2.79"
    low, high = c.session.version_range("compute")
    assert low == "2.1" and tuple(map(int, high.split("."))) >= (2, 79)
    assert c.session.negotiate("compute", "2.9999") == high  # capped at what the cloud offers
    assert c.session.negotiate("network", "2.0") is None  # neutron has no microversions
    # the next task (a new process, here a new session) asks nothing: discovery comes from the cache
    again = connect("devcloud-fip", "RegionTwo")
    assert again.session.negotiate("compute", "2.79") == "2.79" and again.session.requests == 0
    # the cache is per region: RegionOne discovers for itself
    other = connect("devcloud-fip", "RegionOne")
    assert other.session.negotiate("compute", "2.79") == "2.79" and other.session.requests >= 1
    # and the negotiated version is what the request carries
    resp = c.request("compute", "GET", "/servers", microversion="2.79")
    assert resp.headers["OpenStack-API-Version"] == "compute 2.79"


def test_facade_create_update_delete_round_trip(connect):
    import time

    c = connect("devcloud-fip", "RegionTwo")
    tag = uuid.uuid4().hex[:8]
    kp = c.create_keypair("kp-" + tag)  # generated by nova: the private key comes back once
    assert kp.private_key.startswith("-----BEGIN") and kp.fingerprint
    assert c.get_keypair("kp-" + tag).fingerprint == kp.fingerprint
    assert c.delete_keypair("kp-" + tag) is True and c.delete_keypair("kp-" + tag) is False

    net = c.create_network("net-" + tag)
    assert c.get_network("net-" + tag).id == net.id and net.location.region_name == "RegionTwo"
    assert c.update("network", net.id, {"description": "changed"}).description == "changed"
    port = c.create_port("net-" + tag, name="port-" + tag)
    assert port.network_id == net.id and port.status == "DOWN"
    assert c.update_port("port-" + tag, description="p").description == "p"
    assert c.delete_port("port-" + tag) and c.delete_network(net.id) and c.get_network(net.id) is None

    fip = c.create_floating_ip("public")
    assert fip.floating_ip_address.startswith("172.24.8.") and fip.port_id is None
    assert c.get_floating_ip(fip.floating_ip_address).id == fip.id
    assert c.delete_floating_ip(fip.id) is True

    container = "c-" + tag
    assert c.create_container(container)["x-container-object-count"] == "0"
    c.create_object(container, "dir/o bj", data=b"hello", metadata={"k": "v"})
    headers, body = c.get_object(container, "dir/o bj")
    assert body == b"hello" and headers["x-object-meta-k"] == "v"
    assert [o.name for o in c.list_objects(container)] == ["dir/o bj"]
    assert c.delete_object(container, "dir/o bj") and c.delete_container(container)
    assert c.get_container(container) is None

    server = c.create_server("srv-" + tag, "devcloud-tiny", c.get_flavor_by_ram(512), network="private")
    try:
        deadline = time.monotonic() + 120
        while c.get_server(server.id).status != "ACTIVE" and time.monotonic() < deadline:
            time.sleep(0.5)
        got = c.get_server("srv-" + tag)
        assert got.status == "ACTIVE" and list(got.addresses) == ["private"]
        assert got.flavor and got.project_id == c.current_project_id
    finally:
        assert c.delete_server(server.id) is True


def test_strict_results_hold_only_the_declared_model(connect):
    loose = connect("devcloud-admin").get_flavor("m1.tiny")
    strict = connect("devcloud-admin", strict=True).get_flavor("m1.tiny")
    assert loose.is_public is True and strict.is_public is True and strict.ram == 512
    assert "os-flavor-access:is_public" in loose and "os-flavor-access:is_public" not in strict
    assert "links" in strict.properties
    net = connect("devcloud-admin", strict=True).get_network("public")
    assert net.is_router_external is True and "router:external" not in net


def test_http_debug_masks_generated_private_keys_and_admin_passwords(connect, tmp_path):
    import logging

    log = tmp_path / "debug.log"
    handler = _cloud.enable_logging(http_debug=True, path=str(log))
    c = connect("devcloud-fip")
    tag = uuid.uuid4().hex[:8]
    try:
        kp = c.create_keypair("kp-" + tag)
        server = c.create_server("srv-" + tag, "devcloud-tiny", c.get_flavor_by_ram(512), network="private")
    finally:
        for name in ("polystack.cloud", "keystoneauth"):
            logging.getLogger(name).removeHandler(handler)
        handler.close()
    try:
        text = log.read_text()
        assert "os-keypairs" in text and "/servers" in text
        assert kp.private_key.splitlines()[1] not in text  # the generated private key
        assert server.properties.get("adminPass") and server.properties["adminPass"] not in text
        assert "***" in text
    finally:
        c.delete_keypair("kp-" + tag)
        c.delete_server(server.id)


def test_the_kept_network_listing_is_listed_again_for_a_network_made_meanwhile(connect):
    c, other = connect("devcloud-fip"), connect("devcloud-fip")
    assert c.find_visible_network("private") is not None  # lists and keeps the project's networks
    name = "mu-net-%s" % uuid.uuid4().hex[:8]
    made = other.create_network(name)  # another client: c's kept listing does not have it
    try:
        assert c.find_visible_network(name)["id"] == made["id"]
        assert c.find_visible_network(made["id"])["name"] == name
    finally:
        other.delete_network(made["id"])
    assert c.find_visible_network("mu-net-none-%s" % uuid.uuid4().hex[:8]) is None


def test_has_service_honours_has_service_false(clouds, tmp_path, monkeypatch):
    """clouds.yaml's has_<service>: false wins over the catalog (as openstacksdk reads it): the devcloud's catalog
    has a network endpoint, the cloud says its users cannot use it."""
    import yaml

    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    conf = dict(clouds["devcloud-fip"], has_network=False, has_object_store="false")
    path = tmp_path / "clouds.yaml"
    path.write_text(yaml.safe_dump({"clouds": {"rel-no-network": conf, "devcloud-fip": clouds["devcloud-fip"]}}))
    config = _config.CloudConfig(config_file=str(path), env={})
    limited = _cloud.connect(cloud="rel-no-network", region_name="RegionOne", config=config)
    plain = _cloud.connect(cloud="devcloud-fip", region_name="RegionOne", config=config)
    assert plain.has_service("network") and plain.has_service("object-store")
    assert not limited.has_service("network") and not limited.has_service("object-store")
    assert limited.has_service("compute")


def test_api_errors_are_requests_http_errors(connect):
    """The talk's `except requests.exceptions.HTTPError` catches our errors; 404 and 400 have their classes, and
    each carries status, request id, cloud, region and the answer."""
    import requests
    from ansible_collections.polystack.cloud.plugins.module_utils._errors import BadRequest, CloudError, NotFound

    c = connect("devcloud-fip", "RegionOne")
    with pytest.raises(requests.exceptions.HTTPError) as caught:
        c.request("compute", "GET", "/servers/%s" % uuid.uuid4())
    e = caught.value
    assert isinstance(e, NotFound) and isinstance(e, CloudError)
    assert e.status == 404 and e.response.status_code == 404 and e.request_id
    assert e.cloud == "devcloud-fip" and e.region == "RegionOne"
    with pytest.raises(BadRequest) as caught:
        c.request("image", "POST", "/v2/images", json={"name": "rel-" + "x" * 300})  # glance: name too long
    assert caught.value.status == 400 and "image POST" in str(caught.value)
