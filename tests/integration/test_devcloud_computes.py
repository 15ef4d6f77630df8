"""`devcloud computes N`: more fake hypervisors per region, known to nova and placement when it returns; back to one
with `computes 1`, which leaves no service, hypervisor or resource provider of the extras behind."""

from conftest import REGIONS, devcloud, endpoint


def hosts(session, region):
    """(nova-compute services up, hypervisors, resource providers) of a region, by host name."""
    compute, placement = endpoint("compute", region), endpoint("placement", region)
    services = session.get("/os-services?binary=nova-compute", endpoint_filter=compute).json()["services"]
    hypervisors = session.get("/os-hypervisors", endpoint_filter=compute).json()["hypervisors"]
    providers = session.get(
        "/resource_providers", endpoint_filter=placement, headers={"OpenStack-API-Version": "placement 1.0"}
    ).json()["resource_providers"]
    return (
        sorted(s["host"] for s in services if s["state"] == "up"),
        sorted(h["hypervisor_hostname"] for h in hypervisors),
        sorted(r["name"] for r in providers),
    )


def test_computes_adds_hypervisors_and_takes_them_back(session_for):
    admin = session_for("devcloud-admin")
    short = {"RegionOne": "r1", "RegionTwo": "r2"}
    bad = devcloud("computes", "13", check=False)
    assert bad.returncode != 0 and "between 1 and 12" in bad.stdout + bad.stderr
    try:
        devcloud("computes", "2")
        for region in REGIONS:
            want = ["devcloud-%s" % short[region], "devcloud-%s-c2" % short[region]]
            assert hosts(admin, region) == (want, want, want), region
    finally:
        devcloud("computes", "1")
    for region in REGIONS:
        one = ["devcloud-%s" % short[region]]
        assert hosts(admin, region) == (one, one, one), region
