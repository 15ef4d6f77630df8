"""`devcloud reset` deletes what tests and demos created in the user projects and keeps the bootstrap."""

import time
import uuid
import warnings

from conftest import REGIONS, devcloud, endpoint

ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGw5nkXs2JvPqV4xWbq3LSu5WfHRyF8pDmB6sQpY8XvJ test@reset"


def snapshot(session_for):
    """What the bootstrap made, as seen by each user cloud."""
    out = {}
    for cloud in ("devcloud-fip", "devcloud-direct", "devcloud-appcred"):
        s = session_for(cloud)
        for region in REGIONS:
            net = endpoint("network", region)
            out[cloud, region] = (
                sorted(n["id"] for n in s.get("/v2.0/networks", endpoint_filter=net).json()["networks"]),
                sorted(r["id"] for r in s.get("/v2.0/routers", endpoint_filter=net).json()["routers"]),
                sorted(
                    f["id"] for f in s.get("/flavors", endpoint_filter=endpoint("compute", region)).json()["flavors"]
                ),
            )
        out[cloud, "images"] = sorted(
            i["id"] for i in s.get("/v2/images", endpoint_filter=endpoint("image", "RegionOne")).json()["images"]
        )
    return out


def test_reset_deletes_created_resources_and_keeps_bootstrap(session_for):
    # Start from the bootstrap alone: what earlier tests left (each of them checks its own leftovers) is not what
    # this test is about, but it is reported, so a leak stays visible in the summary.
    first = devcloud("reset").stdout
    if "reset: deleted nothing" not in first:
        warnings.warn(
            "devcloud reset before the test found leftovers of earlier tests: %s" % first.strip()[-2000:], stacklevel=1
        )
    before = snapshot(session_for)
    tag = uuid.uuid4().hex[:8]
    fip = session_for("devcloud-fip")
    r2 = endpoint("compute", "RegionTwo")
    fip.post("/os-keypairs", endpoint_filter=r2, json={"keypair": {"name": "kp-" + tag, "public_key": ED25519}})
    net1 = endpoint("network", "RegionOne")
    extra = fip.post("/v2.0/networks", endpoint_filter=net1, json={"network": {"name": "net-" + tag}}).json()["network"]
    public = fip.get("/v2.0/networks?name=public", endpoint_filter=net1).json()["networks"][0]
    flip = fip.post(
        "/v2.0/floatingips", endpoint_filter=net1, json={"floatingip": {"floating_network_id": public["id"]}}
    ).json()["floatingip"]

    direct = session_for("devcloud-direct")
    swift = endpoint("object-store", "RegionOne")
    assert direct.put("/c-" + tag, endpoint_filter=swift).status_code in (201, 202)
    assert direct.put("/c-%s/o" % tag, endpoint_filter=swift, data=b"data").status_code == 201

    app = session_for("devcloud-appcred")
    image = endpoint("image", "RegionOne")
    img = app.post(
        "/v2/images",
        endpoint_filter=image,
        json={"name": "img-" + tag, "disk_format": "raw", "container_format": "bare"},
    ).json()

    # a volume (and its snapshot) in RegionTwo's cinder: deleted whatever their state
    vol2 = endpoint("block-storage", "RegionTwo")
    vol = fip.post("/volumes", endpoint_filter=vol2, json={"volume": {"name": "vol-" + tag, "size": 1}}).json()[
        "volume"
    ]
    for _attempt in range(120):
        if fip.get("/volumes/%s" % vol["id"], endpoint_filter=vol2).json()["volume"]["status"] != "creating":
            break
        time.sleep(0.5)
    snap = fip.post(
        "/snapshots", endpoint_filter=vol2, json={"snapshot": {"volume_id": vol["id"], "name": "snap-" + tag}}
    ).json()["snapshot"]

    out = devcloud("reset").stdout
    assert "reset: deleted" in out
    assert "volume vol-%s (RegionTwo)" % tag in out and "snapshot snap-%s (RegionTwo)" % tag in out, out
    assert fip.get("/volumes/%s" % vol["id"], endpoint_filter=vol2, raise_exc=False).status_code == 404
    assert fip.get("/snapshots/%s" % snap["id"], endpoint_filter=vol2, raise_exc=False).status_code == 404
    # by name too, so that a leak found by a reset says whose it is
    assert "container c-%s" % tag in out and "image img-%s" % tag in out, out

    assert fip.get("/os-keypairs", endpoint_filter=r2).json()["keypairs"] == []
    assert fip.get("/v2.0/networks/%s" % extra["id"], endpoint_filter=net1, raise_exc=False).status_code == 404
    assert fip.get("/v2.0/floatingips/%s" % flip["id"], endpoint_filter=net1, raise_exc=False).status_code == 404
    assert direct.get("/c-" + tag, endpoint_filter=swift, raise_exc=False).status_code == 404
    assert app.get("/v2/images/%s" % img["id"], endpoint_filter=image, raise_exc=False).status_code == 404
    assert snapshot(session_for) == before

    # nothing left to delete: a second reset succeeds and deletes nothing
    assert "reset: deleted nothing" in devcloud("reset").stdout
