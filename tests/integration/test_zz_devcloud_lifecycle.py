"""up while up is a no-op; down then up keeps data (runs after every other test: it stops the cloud)."""

import time
import uuid

import pytest
from conftest import devcloud, endpoint

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGw5nkXs2JvPqV4xWbq3LSu5WfHRyF8pDmB6sQpY8XvJ test@lifecycle"


@pytest.mark.lifecycle
def test_up_while_up_is_a_noop():
    t = time.monotonic()
    out = devcloud("up").stdout
    assert "nothing to do" in out
    print("up while up: %.1fs" % (time.monotonic() - t))


@pytest.mark.lifecycle
def test_down_then_up_keeps_data(session_for, clouds):
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
        # a fresh session: tokens issued before the restart are still valid (fernet keys kept)
        assert s.get("/os-keypairs/%s" % name, endpoint_filter=r2).json()["keypair"]["name"] == name
        assert s.get("/%s" % name, endpoint_filter=swift).status_code in (200, 204)
    finally:
        s.delete("/os-keypairs/%s" % name, endpoint_filter=r2, raise_exc=False)
        s.delete("/%s" % name, endpoint_filter=swift, raise_exc=False)
