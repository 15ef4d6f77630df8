"""_compute's pure helpers (module_utils/_compute.py); the service calls run against the devcloud in
tests/integration (test_server_*, test_check_vs_real.py, test_openstack_cloud_options.py)."""

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _compute
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError
from ansible_collections.polystack.cloud.tests.unit.plugins.module_utils.fake_transport import FakeTransport


def test_metadata_text_is_openstack_clouds_key_value_list():
    assert _compute.metadata_strings("a=1, b = two,c=") == {"a": "1", "b": "two", "c": ""}
    assert _compute.metadata_strings({"port": 80, "on": True}) == {"port": "80", "on": "True"}
    assert _compute.metadata_strings(None) == {}


@pytest.mark.parametrize("bad", ["a:1", "=1", "a=1,,b=2", ["a", "b"], 5])
def test_metadata_that_is_neither_is_refused(bad):
    with pytest.raises(ConfigError, match="metadata"):
        _compute.metadata_strings(bad)


@pytest.mark.parametrize(
    "value, is_id",
    [("0123456789abcdef0123456789abcdef", True), ("01234567-89ab-cdef-0123-456789abcdef", True),
     ("demo", False), ("0123456789abcdef", False)],
)  # fmt: skip
def test_a_project_id_is_told_from_a_name(value, is_id):
    assert bool(_compute.PROJECT_ID.match(value)) is is_id


@pytest.fixture
def fake():
    transport = FakeTransport()
    yield transport
    transport.close()


def lagging_nova(
    fake, neutron_fips=({"floating_ip_address": "192.0.2.7", "port_id": "p1", "fixed_ip_address": "10.0.0.5"},)
):
    """A cloud whose nova cache still shows a floating IP neutron deleted (192.0.2.9) and not yet the one neutron
    attached since (192.0.2.7): what a real cloud shows for a moment after a floating IP is replaced, which the
    devcloud cannot hold still for a test. The server s1 has one port, p1, on the private network n1."""
    fips = [dict(f, id="f%d" % i, network_id="ext") for i, f in enumerate(neutron_fips)]
    port = {"id": "p1", "network_id": "n1", "mac_address": "fa:16:3e:00:00:01", "device_id": "s1"}
    fake.on("GET", r"^/v2\.0/ports\?", (200, {"ports": [port]}))
    fake.on(
        "GET", r"^/v2\.0/networks", (200, {"networks": [{"id": "n1", "name": "private", "router:external": False}]})
    )
    fake.on("GET", r"^/v2\.0/floatingips\?.*port_id=p1", (200, {"floatingips": fips}))
    fake.on("GET", r"^/v2\.0/floatingips\?.*floating_ip_address=192\.0\.2\.9", (200, {"floatingips": []}))
    fake.on("GET", r"^/v2\.0/floatingips\?.*floating_ip_address=192\.0\.2\.7", (200, {"floatingips": fips}))
    return fake.cloud()


def lagging_server():
    fixed = {"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed"}
    stale = {"addr": "192.0.2.9", "version": 4, "OS-EXT-IPS:type": "floating"}
    return {"id": "s1", "name": "web", "status": "ACTIVE", "addresses": {"private": [fixed, stale]}}


def test_a_stale_floating_address_is_replaced_by_neutrons_in_the_result(fake):
    cloud = lagging_nova(fake)
    result = dict(lagging_server(), public_v4="192.0.2.9")
    _compute.reconcile_floating(cloud, result)
    assert result["public_v4"] == "192.0.2.7"
    floating = [a["addr"] for a in result["addresses"]["private"] if a["OS-EXT-IPS:type"] == "floating"]
    assert floating == ["192.0.2.7"]


def test_a_floating_ip_neutron_attached_that_nova_does_not_show_confirms_the_public_address(fake):
    """Without it, auto_ip would allocate a second floating IP while nova's cache lags, and leak one."""
    cloud = lagging_nova(fake)
    server = lagging_server()
    result = dict(server, public_v4="192.0.2.9")
    assert _compute.public_address_confirmed(cloud, server, result) is True
    assert result["public_v4"] == "192.0.2.7"  # and the result says the true address


def test_no_floating_ip_in_neutron_does_not_confirm_novas_stale_address():
    nothing = FakeTransport()
    try:
        cloud = lagging_nova(nothing, neutron_fips=())
        server = lagging_server()
        assert _compute.public_address_confirmed(cloud, server, dict(server, public_v4="192.0.2.9")) is False
    finally:
        nothing.close()


def _deleting(fake, *answers):
    fake.on("GET", r"^/servers/s1$", *answers)
    return fake.cloud()


DELETED = (200, {"server": {"id": "s1", "name": "b", "status": "DELETED"}})
GONE = (404, {"itemNotFound": {"code": 404, "message": "Instance s1 could not be found."}})


def test_a_deletion_is_waited_for_until_nova_no_longer_shows_the_server(fake, monkeypatch):
    """nova shows a server as DELETED (by id and in its listing) for a moment before it is gone: the wait ends at the
    404, so that a listing right after (the multicloud_server role's check of who still uses the keypair) does not
    find it; while DELETED, the next poll comes within 0.2 s."""
    pauses = []
    monkeypatch.setattr(_compute._progress.Pacer, "pause", lambda self, at_most=None: pauses.append(at_most))
    cloud = _deleting(fake, DELETED, DELETED, GONE)
    assert _compute.wait_for_server(cloud, "s1", 30, want=None) is None
    assert len(fake.requests("GET", r"^/servers/s1$")) == 3 and pauses == [0.2, 0.2]


def test_a_server_still_deleted_at_the_deadline_counts_as_gone(fake):
    assert _compute.wait_for_server(_deleting(fake, DELETED), "s1", 0, want=None) is None


def test_a_listing_leaves_out_a_server_being_deleted_unless_asked_for(fake):
    live = {"id": "s2", "name": "a", "status": "ACTIVE"}
    fake.on("GET", r"^/servers/detail", (200, {"servers": [live, DELETED[1]["server"]]}))
    cloud = fake.cloud()
    assert [s["id"] for s in cloud.list("server", raw=True)] == ["s2"]
    assert [s["id"] for s in cloud.list("server", {"status": "DELETED"}, raw=True)] == ["s2", "s1"]
    assert [s["id"] for s in cloud.list("server", {"deleted": True}, raw=True)] == ["s2", "s1"]
