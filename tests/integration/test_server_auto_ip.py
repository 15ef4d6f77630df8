"""Cloud.create_server(..., wait=True, auto_ip=True) as in the seed demo, on every network model of the
devcloud and in both regions; delete_ips deletes only what auto_ip allocated; concurrent boots never share
a floating IP; failures leave nothing behind."""

import threading
import uuid

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
from ansible_collections.polystack.cloud.plugins.module_utils._errors import CloudError, WaitTimeout
from conftest import REGIONS


@pytest.fixture
def connect(clouds_yaml, tmp_path, monkeypatch):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    return lambda cloud, region=None: _cloud.connect(cloud=cloud, region_name=region, config=config)


def leftovers(c, tag):
    servers = [s for s in c.list_servers() if tag in s.name]
    fips = [f for f in c.list_floating_ips() if tag in (f.description or "")]
    return servers, fips


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("cloud", ["devcloud-fip", "devcloud-direct"])
def test_seed_demo_boot_with_auto_ip(connect, cloud, region):
    c = connect(cloud, region)
    name = "polytest-srv-" + uuid.uuid4().hex[:8]
    flavor = c.get_flavor_by_ram(512)
    unrelated = c.create_floating_ip("public") if cloud == "devcloud-fip" else None
    server = c.create_server(name, image="devcloud-tiny", flavor=flavor, wait=True, auto_ip=True)
    try:
        assert server.status == "ACTIVE" and server.name == name
        fips = c.list_floating_ips({"port_id": c.list_ports({"device_id": server.id})[0].id})
        if cloud == "devcloud-fip":
            assert len(fips) == 1 and server.public_v4 == fips[0].floating_ip_address
            assert server.public_v4.startswith("172.24.") and server.private_v4.startswith("10.0.0.")
        else:  # the routable provider network: no floating IP allocated
            assert fips == [] and server.public_v4.startswith("172.25.") and server.private_v4 == server.public_v4
        assert server.interface_ip == server.public_v4
    finally:
        assert c.delete_server(server.id, wait=True, delete_ips=True)
    assert c.get_server(server.id) is None
    if unrelated:
        assert c.get_floating_ip(unrelated.id) is not None  # delete_ips leaves other floating IPs alone
        c.delete_floating_ip(unrelated.id)
    assert leftovers(c, server.id) == ([], [])


def test_concurrent_boots_never_share_a_floating_ip(connect):
    c = connect("devcloud-fip")
    tag = uuid.uuid4().hex[:8]
    results, errors = {}, []

    def boot(i):
        try:
            mine = connect("devcloud-fip")
            results[i] = mine.create_server(
                "polytest-conc-%s-%d" % (tag, i), image="devcloud-tiny", flavor="m1.tiny", wait=True, auto_ip=True
            )
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=boot, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        addresses = [r.public_v4 for r in results.values()]
        assert len(addresses) == 4 and len(set(addresses)) == 4 and all(addresses)
    finally:
        for r in results.values():
            c.delete_server(r.id, wait=True, delete_ips=True)


@pytest.mark.parametrize("how", ["floating ip failure", "timeout"])
def test_a_failed_create_leaves_nothing_behind(connect, how):
    c = connect("devcloud-fip", "RegionTwo")
    name = "polytest-fail-" + uuid.uuid4().hex[:8]
    ports_before = {p.id for p in c.list_ports()}
    fips_before = {f.id for f in c.list_floating_ips()}
    if how == "timeout":
        with pytest.raises(WaitTimeout):
            c.create_server(name, image="devcloud-tiny", flavor="v2-standard-1", wait=True, timeout=0)
    else:
        with pytest.raises(CloudError, match="no external network 'no-such-pool'"):
            c.create_server(name, image="devcloud-tiny", flavor="v2-standard-1", wait=True, ip_pool="no-such-pool")
    assert c.search_servers(name) == []
    assert {p.id for p in c.list_ports()} == ports_before
    assert {f.id for f in c.list_floating_ips()} == fips_before
