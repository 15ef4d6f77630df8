"""Every generated cloud and region authenticates with keystoneauth1 and lists flavors, networks,
images and containers, and each cloud looks the way its network model says."""

import pytest
from conftest import REGIONS, USER_CLOUDS, endpoint

ALL_CLOUDS = USER_CLOUDS + ("devcloud-admin",)
# flavor names differ per region, the way they differ between public clouds; one of each region has no root disk
FLAVORS = {
    "RegionOne": {"m1.tiny", "m1.small", "m1.medium", "m1.nodisk"},
    "RegionTwo": {"v2-mini", "v2-standard-1", "v2-standard-2", "v2-volume-1"},
}
NETWORKS = {
    "devcloud-fip": {"private", "public"},
    "devcloud-direct": {"provider", "public"},
    "devcloud-appcred": {"private", "public"},
}


def test_clouds_yaml_offers_the_documented_clouds(clouds):
    assert set(ALL_CLOUDS) <= set(clouds)
    for name in ALL_CLOUDS:
        assert clouds[name]["regions"] == list(REGIONS)
    assert clouds["devcloud-appcred"]["auth_type"] == "v3applicationcredential"
    assert "password" not in clouds["devcloud-appcred"]["auth"]
    assert clouds["devcloud-direct"]["networks"] == [
        {"name": "provider", "routes_externally": True, "default_interface": True}
    ]


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("cloud", ALL_CLOUDS)
def test_cloud_region_lists_everything(session_for, cloud, region):
    s = session_for(cloud)
    assert s.get_token()
    catalog_regions = {e["region_id"] for svc in s.auth.get_access(s).service_catalog.catalog for e in svc["endpoints"]}
    assert set(REGIONS) <= catalog_regions

    flavors = s.get("/flavors", endpoint_filter=endpoint("compute", region)).json()["flavors"]
    assert {f["name"] for f in flavors} == FLAVORS[region]

    nets = {n["name"] for n in s.get("/v2.0/networks", endpoint_filter=endpoint("network", region)).json()["networks"]}
    if cloud == "devcloud-admin":
        assert {"public", "provider", "private"} <= nets
    else:
        assert nets == NETWORKS[cloud]

    images = s.get("/v2/images", endpoint_filter=endpoint("image", region)).json()["images"]
    assert "devcloud-tiny" in {i["name"] for i in images}

    resp = s.get("?format=json", endpoint_filter=endpoint("object-store", region))
    assert resp.status_code in (200, 204)
    assert isinstance(resp.json() if resp.status_code == 200 else [], list)
    # the account is the token's own project
    assert resp.url.split("?")[0].rstrip("/").endswith("AUTH_" + s.get_project_id())


def test_regions_have_their_own_compute_and_network(session_for):
    s = session_for("devcloud-admin")
    urls = {}
    for region in REGIONS:
        for stype in ("compute", "network", "placement", "image", "object-store"):
            urls[region, stype] = s.get_endpoint(**endpoint(stype, region))
    for stype in ("compute", "network", "placement"):
        assert urls["RegionOne", stype] != urls["RegionTwo", stype]
    # image and object-store are shared between the regions, as on some public clouds
    for stype in ("image", "object-store"):
        assert urls["RegionOne", stype] == urls["RegionTwo", stype]
    for region in REGIONS:
        hyp = s.get("/os-hypervisors", endpoint_filter=endpoint("compute", region)).json()["hypervisors"]
        assert [h["hypervisor_hostname"] for h in hyp] != []
