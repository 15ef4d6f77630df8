"""up while up is a no-op; down then up keeps data (runs after every other test: it stops the cloud)."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
from conftest import REGIONS, USER_CLOUDS, devcloud, endpoint

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGw5nkXs2JvPqV4xWbq3LSu5WfHRyF8pDmB6sQpY8XvJ test@lifecycle"


@pytest.mark.lifecycle
def test_up_while_up_is_a_noop():
    t = time.monotonic()
    out = devcloud("up").stdout
    assert "nothing to do" in out
    print("up while up: %.1fs" % (time.monotonic() - t))


@pytest.mark.lifecycle
def test_down_then_up_keeps_data(session_for, clouds, clouds_yaml):
    s = session_for("devcloud-fip")
    r2 = endpoint("compute", "RegionTwo")
    name = "lifecycle-" + uuid.uuid4().hex[:8]
    s.post("/os-keypairs", endpoint_filter=r2, json={"keypair": {"name": name, "public_key": KEY}})
    swift = endpoint("object-store", "RegionOne")
    assert s.put("/" + name, endpoint_filter=swift).status_code in (201, 202)
    try:
        devcloud("down")
        assert devcloud("status", check=False).returncode == 3
        t = time.monotonic()
        out = devcloud("up").stdout
        print("warm start: %.1fs\n%s" % (time.monotonic() - t, out))
        assert "databases (cached)" in out and "resources: flavors, networks, image (cached)" in out
        assert devcloud("status").returncode == 0
        assert "networks as each project sees them" in out
        servers_boot_everywhere_at_once(clouds_yaml)
        # a fresh session: tokens issued before the restart are still valid (fernet keys kept)
        assert s.get("/os-keypairs/%s" % name, endpoint_filter=r2).json()["keypair"]["name"] == name
        assert s.get("/%s" % name, endpoint_filter=swift).status_code in (200, 204)
    finally:
        s.delete("/os-keypairs/%s" % name, endpoint_filter=r2, raise_exc=False)
        s.delete("/%s" % name, endpoint_filter=swift, raise_exc=False)


def servers_boot_everywhere_at_once(clouds_yaml):
    """Right after a warm up, a server in each of the 6 user cloud regions at once, without naming a network (as
    `make demo` does): nova asks neutron for the project's networks, and a neutron worker that had just started
    answered its first such requests with empty lists ("Unable to automatically allocate a network", 2 of 6 regions
    before `up` waited for the users' network view)."""
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    name = "lifecycle-boot-" + uuid.uuid4().hex[:8]

    def boot(target):
        c = _cloud.connect(cloud=target[0], region_name=target[1], config=config)
        try:
            c.create_server(name, image="devcloud-tiny", flavor=c.get_flavor_by_ram(512), auto_ip=False)
            return None
        except Exception as e:  # noqa: BLE001 - reported per region below
            return "%s %s: %s" % (target[0], target[1], e)
        finally:
            for server in c.search_servers(name):
                c.delete_server(server.id, wait=True)

    targets = [(cloud, region) for cloud in USER_CLOUDS for region in REGIONS]
    with ThreadPoolExecutor(len(targets)) as pool:
        failures = [f for f in pool.map(boot, targets) if f]
    assert failures == []
