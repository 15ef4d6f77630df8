"""Faults of the real services (they disturb everything else on the devcloud: marked lifecycle, so they run after
all other tests; each is short and the service is brought back at once with `devcloud up`, then checked with
`devcloud status`).

* nova-compute of RegionTwo stops just before a boot: nova accepts the server and schedules it (the compute
  still counts as up), but nobody builds it.  Expected: the task fails when its timeout is up, saying which
  server is stuck in which state on which cloud and region; it asked nova to delete the server; once the compute
  is back, that server is gone (nothing leaked).
* keystone stops between the tasks of a run and is started again.  Expected: a task whose token is cached
  (and was validated by nova before) still works; a task that needs a new token fails after its bounded
  retries with "cannot reach the identity service of cloud ..." (no traceback, nothing made); once keystone
  is back, the run goes on: the same task succeeds and there is exactly one of each resource.
"""

import os
import sys
import time
import uuid

import pytest
from conftest import ROOT, devcloud
from reliability.runner import KEY, module_env, run_module
from reliability.scenarios import connect, remove_named

sys.path.insert(0, os.path.join(ROOT, "devcloud"))
from dc import layout, procs  # noqa: E402  (the devcloud's own process tooling: pid files, stop)

RUN = uuid.uuid4().hex[:6]


def stop_service(name):
    p = layout.Paths.from_env()
    svc = next(s for s in layout.services(p) if s.name == name)
    assert procs.stop(os.path.join(p.run, svc.name + ".pid"), svc.argv[-1]), "%s was not running" % name


def restore():
    t = time.time()
    devcloud("up", timeout=900)
    assert devcloud("status", check=False).returncode == 0, devcloud("status", check=False).stdout
    return time.time() - t


def wait_gone(cloud, name, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not cloud.search_servers(name):
            return True
        time.sleep(3)
    return False


@pytest.mark.lifecycle
def test_nova_compute_stopped_mid_boot(clouds_yaml, tmp_path):
    name = "rel-svc-%s-boot" % RUN
    args = dict(
        cloud="devcloud-fip",
        region_name="RegionTwo",
        name=name,
        image="devcloud-tiny",
        flavor_ram=256,
        auto_ip=True,
        delete_ips=True,
        timeout=30,
    )
    cache = str(tmp_path / "cache")
    cloud = connect(clouds_yaml, "devcloud-fip", "RegionTwo", cache_dir=cache)
    try:
        stop_service("nova-compute-r2")
        try:
            failed = run_module("polystack.cloud.os_server", args, clouds_yaml, cache_dir=cache)
        finally:
            print("nova-compute-r2 back after %.0fs" % restore())
        assert failed.rc != 0 and "Traceback" not in failed.out, failed
        for word in ("devcloud-fip", "RegionTwo", "BUILD", "after 30s"):
            assert word in failed.msg, "%r not in %s" % (word, failed.msg)
        # the failed task asked nova to delete what it made: gone once the compute works again (which also
        # shows that the compute is back: it is the one that deletes a server it was given)
        made = (failed.data.get("cleanup") or {}).get("server")
        assert made, failed.data  # the result says which server the task made (and that it asked to delete it)
        assert wait_gone(cloud, name), "server %s is still there after the compute came back" % name
        assert [f for f in cloud.list_floating_ips() if made in (f.get("description") or "")] == []
        assert cloud.list_ports({"device_id": made}) == []
    finally:
        left = remove_named(clouds_yaml, name, regions=("RegionTwo",))
    assert left == [], left


@pytest.mark.lifecycle
def test_keystone_restarted_mid_run(clouds_yaml, tmp_path):
    name = "rel-svc-%s-ks" % RUN
    warm = str(tmp_path / "warm")  # the token cache of the run (filled before keystone goes)
    keypair = dict(cloud="devcloud-fip", name=name + "-kp", public_key=KEY)
    obj = dict(cloud="devcloud-fip", container=name, name="o", data="x")

    def task(module, args, cached=True):
        env = module_env(clouds_yaml, cache_dir=warm, POLYSTACK_TOKEN_CACHE="1" if cached else "0")
        return run_module("polystack.cloud." + module, args, clouds_yaml, env=env)

    try:
        assert task("os_keypair_info", {"cloud": "devcloud-fip"}).ok  # a token, cached and known to nova
        stop_service("keystone")  # (uwsgi may serve on for a while after SIGTERM: down once its port is closed)
        try:
            while procs.port_open(layout.SHARED_PORTS["keystone"]):
                time.sleep(0.2)
            t = time.time()
            with_token = task("os_keypair", keypair)
            without_token = task("os_object", obj, cached=False)
            outage = time.time() - t
        finally:
            restore()
        for result in (with_token, without_token):
            assert "Traceback" not in result.out and "internal error" not in result.msg, result.out[-3000:]
        # the cached token still works: nova validated it before keystone went
        assert with_token.ok and with_token.data["changed"], with_token
        # a new token cannot be had: a clear failure after the bounded retries, nothing made
        assert not without_token.ok, without_token
        assert "cannot reach the identity service of cloud devcloud-fip" in without_token.msg, without_token.msg
        c = connect(clouds_yaml, "devcloud-fip", cache_dir=warm)
        assert c.get_container(name) is None
        # keystone back: the same run goes on (a new token), and there is one of each
        again = task("os_object", obj, cached=False)
        assert again.ok and again.data["changed"], again
        assert task("os_keypair", keypair).data.get("changed") is False
        assert len([k for k in c.list_keypairs() if k.name == name + "-kp"]) == 1
        assert [o["name"] for o in c.list_objects(name)] == ["o"]
        print("tasks without keystone: %.0fs" % outage)
    finally:
        task("os_keypair", dict(keypair, state="absent"))
        task("os_object", dict(cloud="devcloud-fip", container=name, state="absent", delete_with_all_objects=True))
        left = remove_named(clouds_yaml, name, regions=("RegionOne",))
    assert left == [], left
