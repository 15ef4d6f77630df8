"""plugin_utils/_inventory.fetch on the fake transport: what a real cloud cannot show on demand (the order in which
one source's lookups run). What the inventory lists is tested on the devcloud (tests/integration/test_inventory*)."""

import threading

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils._errors import HTTPError
from ansible_collections.polystack.cloud.plugins.plugin_utils import _inventory as inv
from ansible_collections.polystack.cloud.tests.unit.plugins.module_utils.fake_transport import FakeTransport

SERVER = {
    "id": "srv-1",
    "name": "web",
    "status": "ACTIVE",
    "tenant_id": "project-1",
    "image": {"id": "img-1"},
    "flavor": {"original_name": "m1.tiny", "ram": 512, "vcpus": 1, "disk": 1},
    "addresses": {"private": [{"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed"}]},
    "metadata": {},
}


@pytest.fixture
def fake(monkeypatch):
    transport = FakeTransport()
    # auth_type none has no token to say which project the source is scoped to
    monkeypatch.setattr(inv, "_project", lambda cloud: {"id": "project-1", "name": "p"})
    transport.on("GET", r"^/servers/detail", (200, {"servers": [SERVER]}))
    transport.on("GET", r"^/v2\.0/networks", (200, {"networks": [{"id": "net-1", "name": "private"}]}))
    transport.on("GET", r"^/v2\.0/floatingips", (200, {"floatingips": []}))
    yield transport
    transport.close()


def test_the_images_lookup_does_not_wait_for_the_addresses_lookup(fake, monkeypatch):
    """Both lookups need only the servers and ask different services: a source waits for the slower of the two,
    not their sum. Proved without timing: the addresses' lookup goes on only once the images' has started, which
    one after the other (addresses first) never happens."""
    images_started = threading.Event()
    real_images, real_addresses = inv._images, inv._addresses

    def images(cloud, raws):
        images_started.set()
        return real_images(cloud, raws)

    def addresses(cloud, raws):
        assert images_started.wait(20), "the images' lookup waited for the addresses' to end"
        return real_addresses(cloud, raws)

    fake.on("GET", r"^/v2/images\?", (200, {"images": [{"id": "img-1", "name": "cirros"}]}))
    monkeypatch.setattr(inv, "_images", images)
    monkeypatch.setattr(inv, "_addresses", addresses)
    cloud = fake.cloud()
    got = inv.fetch(cloud)
    (server,) = got["servers"]
    assert server["image"]["name"] == "cirros"  # the images' answer reached the host record
    assert server["private_v4"] == "10.0.0.5"  # and the addresses' one
    assert len(fake.requests("GET", r"^/v2/images\?")) == 1
    assert len(fake.requests("GET", r"^/v2\.0/networks")) == 1
    # the session counted every request, from both threads
    assert cloud.session.requests == len(fake.seen)


def test_a_failing_images_lookup_fails_the_source(fake):
    """An error in the lookup run beside the addresses' reaches the caller, as it did one after the other."""
    fake.on("GET", r"^/v2/images\?", (500, {"message": "glance is down"}))
    cloud = fake.cloud(api_timeout=5)
    with pytest.raises(HTTPError, match="image GET .*/v2/images.*500.*glance is down"):
        inv.fetch(cloud)


def test_a_server_nova_shows_as_deleted_is_no_host(fake):
    """Between a server's delete and its row going, nova lists it as DELETED: no host for it, unless the source's
    server_filters ask for deleted servers."""
    gone = dict(SERVER, id="srv-2", name="old", status="DELETED")
    fake.reset()  # this nova lists both
    fake.on("GET", r"^/servers/detail", (200, {"servers": [SERVER, gone]}))
    fake.on("GET", r"^/v2\.0/networks", (200, {"networks": [{"id": "net-1", "name": "private"}]}))
    fake.on("GET", r"^/v2\.0/floatingips", (200, {"floatingips": []}))
    fake.on("GET", r"^/v2/images\?", (200, {"images": []}))
    assert [s["name"] for s in inv.fetch(fake.cloud())["servers"]] == ["web"]
    asked = inv.fetch(fake.cloud(), server_filters={"status": "DELETED"})["servers"]
    assert [s["name"] for s in asked] == ["web", "old"]  # the fake ignores the filter: nothing dropped
