"""The devcloud really runs servers: in every user cloud and region a server goes ACTIVE with the
address its network model promises (floating IP ACTIVE behind a router, or a routable fixed IP)."""

import time
import uuid

import pytest
from conftest import REGIONS, USER_CLOUDS, endpoint


def wait_for(fn, timeout=120, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("cloud", USER_CLOUDS)
def test_boot_and_public_address(session_for, cloud, region):
    s = session_for(cloud)
    compute, network = endpoint("compute", region), endpoint("network", region)
    flavors = s.get("/flavors/detail", endpoint_filter=compute).json()["flavors"]
    # a flavor with a root disk: the zero-disk ones boot only from a volume (tests/integration/test_block_storage.py)
    flavor = min((f for f in flavors if f["ram"] >= 512 and f["disk"]), key=lambda f: (f["ram"], f["name"]))
    image = s.get("/v2/images?name=devcloud-tiny", endpoint_filter=endpoint("image", region)).json()["images"][0]
    name = "test-boot-%s" % uuid.uuid4().hex[:8]
    server = s.post(
        "/servers",
        endpoint_filter=compute,
        json={"server": {"name": name, "imageRef": image["id"], "flavorRef": flavor["id"]}},
    ).json()["server"]
    fip = None
    try:

        def active():
            srv = s.get("/servers/%s" % server["id"], endpoint_filter=compute).json()["server"]
            assert srv["status"] != "ERROR", srv.get("fault")
            return srv if srv["status"] == "ACTIVE" else None

        srv = wait_for(active, what="server ACTIVE")
        nets = {n["name"]: n for n in s.get("/v2.0/networks", endpoint_filter=network).json()["networks"]}
        if cloud == "devcloud-direct":
            # on the routable provider network: the fixed address is the public one
            assert list(srv["addresses"]) == ["provider"]
            assert srv["addresses"]["provider"][0]["addr"].startswith("172.25.")
            assert not nets["provider"]["router:external"]
        else:
            assert list(srv["addresses"]) == ["private"]
            port = s.get("/v2.0/ports?device_id=%s" % server["id"], endpoint_filter=network).json()["ports"][0]
            assert port["status"] == "ACTIVE"  # bound without any L2 agent
            fip = s.post(
                "/v2.0/floatingips",
                endpoint_filter=network,
                json={"floatingip": {"floating_network_id": nets["public"]["id"], "port_id": port["id"]}},
            ).json()["floatingip"]
            assert fip["floating_ip_address"].startswith("172.24.")
            # the project's mechanism driver plays the L3 agent: associated means ACTIVE
            got = s.get("/v2.0/floatingips/%s" % fip["id"], endpoint_filter=network).json()["floatingip"]
            assert got["status"] == "ACTIVE"
            assert got["fixed_ip_address"] == srv["addresses"]["private"][0]["addr"]
    finally:
        if fip:
            s.delete("/v2.0/floatingips/%s" % fip["id"], endpoint_filter=network)
        s.delete("/servers/%s" % server["id"], endpoint_filter=compute)
        wait_for(
            lambda: s.get("/servers/%s" % server["id"], endpoint_filter=compute, raise_exc=False).status_code == 404,
            what="server deleted",
        )
