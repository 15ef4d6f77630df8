"""Block storage on the devcloud's cinder, in both regions (issue 17 item 4): os_volume (empty, from an image, from a
snapshot, grown, deleted; check mode and diff agree with the real run; a second run changes nothing), os_volume_info,
os_server booting from a new volume, from an existing one and automatically on a zero-disk flavor, attaching volumes
at boot and later and detaching them, the inventory's expand_hostvars volume data, and the Python API's calls.
Under openstack.cloud's module names too (polystack.cloud.volume, volume_info, server), as a ported playbook runs."""

import json
import os
import uuid

import pytest
import yaml
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
from conftest import BIN, run_tool
from test_inventory import plain

CLOUD = "devcloud-fip"
ZERO_DISK = {"RegionOne": "m1.nodisk", "RegionTwo": "v2-volume-1"}
SMALL = {"RegionOne": "m1.tiny", "RegionTwo": "v2-mini"}


@pytest.fixture
def connect(clouds_yaml, tmp_path, monkeypatch):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    return lambda region: _cloud.connect(cloud=CLOUD, region_name=region, config=config)


def play(tmp_path, clouds_yaml, tasks, check_diff=True):
    """Run the tasks (each registered by its name) with --diff; {name: result}, and the output."""
    for task in tasks:
        task["register"] = "r_" + task["name"].replace(" ", "_")
    names = [t["name"] for t in tasks]
    content = "{{ {%s} | to_json }}" % ", ".join("'%s': r_%s" % (n, n.replace(" ", "_")) for n in names)
    report = {"name": "report", "ansible.builtin.copy": {"dest": str(tmp_path / "out.json"), "content": content}}
    report["ansible.builtin.copy"]["mode"] = "0600"
    book = [{"name": "block storage", "hosts": "localhost", "gather_facts": False, "tasks": tasks + [report]}]
    (tmp_path / "play.yml").write_text(yaml.safe_dump(book, sort_keys=False))
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, PATH=BIN + os.pathsep + os.environ["PATH"])
    proc = run_tool(["ansible-playbook", "--diff", str(tmp_path / "play.yml")], env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Traceback" not in out, out[-5000:]
    return json.loads((tmp_path / "out.json").read_text()), out


def check_then_real(name, module, args):
    """The same task in check mode, for real, and again: three tasks."""
    return [
        {"name": name + " check", module: dict(args), "check_mode": True},
        {"name": name, module: dict(args)},
        {"name": name + " again", module: dict(args)},
    ]


def assert_predicted(results, name):
    check, real, again = results[name + " check"], results[name], results[name + " again"]
    assert check["changed"] and real["changed"] and not again["changed"], (check, real, again)
    decided = {"volumes"} if name.startswith("boot") else set()  # ids nova gives to the root volume it makes
    for key, value in check["diff"]["after"].items():
        if key not in decided and key not in ("public_v4", "private_v4"):
            assert real["diff"]["after"][key] == value, (name, key, check["diff"]["after"], real["diff"]["after"])


@pytest.mark.parametrize("region", ["RegionOne", "RegionTwo"])
def test_os_volume_life_cycle(tmp_path, clouds_yaml, connect, region):
    p = "polytest-vol-%s" % uuid.uuid4().hex[:6]
    c = connect(region)
    base = {"cloud": CLOUD, "region_name": region}
    tasks = check_then_real("empty", "polystack.cloud.os_volume", dict(base, name=p, size=1, metadata={"tier": 1}))
    tasks += check_then_real("grow", "polystack.cloud.os_volume", dict(base, name=p, size=2, description="grown"))
    tasks += check_then_real("from image", "polystack.cloud.volume", dict(base, name=p + "-img", image="devcloud-tiny"))
    tasks += [{"name": "info", "polystack.cloud.volume_info": dict(base, name=p)}]
    tasks += [{"name": "summary", "polystack.cloud.os_volume_info": dict(base, name=p, details=False)}]
    tasks += [{"name": "shrink", "polystack.cloud.os_volume": dict(base, name=p, size=1), "ignore_errors": True}]
    try:
        results, out = play(tmp_path, clouds_yaml, tasks)
        for name in ("empty", "grow", "from image"):
            assert_predicted(results, name)
        made = results["empty"]["volume"]
        assert made["size"] == 1 and made["status"] == "available" and made["metadata"] == {"tier": "1"}
        assert results["grow"]["volume"]["size"] == 2 and results["grow"]["volume"]["description"] == "grown"
        assert results["grow"]["diff"]["before"]["size"] == 1 and results["grow"]["diff"]["after"]["size"] == 2
        from_image = results["from image"]["volume"]
        assert from_image["is_bootable"] is True and from_image["image_id"] == c.get_image("devcloud-tiny")["id"]
        assert from_image["size"] == 1  # the smallest size the 64 KiB image fits in
        # openstack.cloud 2.6.0's keys of a volume, all there
        for key in ("attachments", "availability_zone", "consistency_group_id", "created_at", "description",
                    "extended_replication_status", "group_id", "host", "id", "image_id", "is_bootable",
                    "is_encrypted", "is_multiattach", "metadata", "migration_id", "migration_status", "name",
                    "project_id", "replication_driver_data", "replication_status", "scheduler_hints", "size",
                    "snapshot_id", "source_volume_id", "status", "updated_at", "user_id", "volume_image_metadata",
                    "volume_type", "backup_id", "consumes_quota", "shared_targets", "volume_type_id"):  # fmt: skip
            assert key in made, key
        assert [v["id"] for v in results["info"]["volumes"]] == [made["id"]]
        summary = results["summary"]["volumes"]
        assert [v["id"] for v in summary] == [made["id"]] and summary[0]["size"] is None
        shrink = results["shrink"]
        assert shrink["failed"] and "cannot shrink" in shrink["msg"] and "Traceback" not in out

        # from a snapshot, then the snapshot's volume, all by name
        snap = c.create_volume_snapshot(made["id"], name=p + "-snap")
        tasks = check_then_real(
            "from snapshot", "polystack.cloud.os_volume", dict(base, name=p + "-s", snapshot=p + "-snap")
        )
        tasks += check_then_real("delete", "polystack.cloud.os_volume", dict(base, name=p + "-s", state="absent"))
        results, out = play(tmp_path, clouds_yaml, tasks)
        assert_predicted(results, "from snapshot")
        assert results["from snapshot"]["volume"]["snapshot_id"] == snap["id"]
        assert results["from snapshot"]["volume"]["size"] == 2  # the snapshot's size
        assert (
            results["delete check"]["changed"]
            and results["delete"]["changed"]
            and not results["delete again"]["changed"]
        )
        assert results["delete"]["diff"]["after"] == {} and results["delete"]["volume"] is None
        assert c.get_volume(p + "-s") is None
    finally:
        for snap in c.list_volume_snapshots():
            if snap["name"].startswith(p):
                c.delete_volume_snapshot(snap["id"])
        for vol in c.list_volumes():
            if vol["name"].startswith(p):
                c.delete_volume(vol["id"], force=True)


@pytest.mark.parametrize("region", ["RegionOne", "RegionTwo"])
def test_server_boots_from_volumes_and_attaches(tmp_path, clouds_yaml, connect, region):
    p = "polytest-bfv-%s" % uuid.uuid4().hex[:6]
    c = connect(region)
    base = {"cloud": CLOUD, "region_name": region}
    server = dict(base, image="devcloud-tiny", auto_ip=False)
    tasks = [{"name": "data", "polystack.cloud.os_volume": dict(base, name=p + "-data", size=1)}]
    tasks += [{"name": "root", "polystack.cloud.os_volume": dict(base, name=p + "-root", image="devcloud-tiny")}]
    # a zero-disk flavor: nova refuses an image boot, so it boots from a volume made from the image, automatically
    tasks += check_then_real(
        "boot auto", "polystack.cloud.os_server", dict(server, name=p + "-auto", flavor=ZERO_DISK[region])
    )
    tasks += check_then_real("boot bfv", "polystack.cloud.server", dict(
        server, name=p + "-bfv", flavor=SMALL[region], boot_from_volume=True, volume_size=2, terminate_volume=True,
        volumes=[p + "-data"]))  # fmt: skip
    tasks += check_then_real("boot volume", "polystack.cloud.os_server", dict(
        base, name=p + "-vol", flavor=ZERO_DISK[region], boot_volume=p + "-root", auto_ip=False))  # fmt: skip
    # the data volume is on the bfv server now: attaching it to another one fails clearly, in check mode too
    attach = {"polystack.cloud.os_server": dict(base, name=p + "-vol", auto_ip=False, volumes=[p + "-data"])}
    tasks += [dict(attach, name="attach busy check", check_mode=True, ignore_errors=True)]
    tasks += [dict(attach, name="attach busy", ignore_errors=True)]
    nameless = set(v["id"] for v in c.list_volumes() if not v.get("name"))  # root volumes nova made before
    try:
        _boot_and_attach(tmp_path, clouds_yaml, c, p, base, tasks, region)
    finally:
        for name in ("-auto", "-bfv", "-vol"):
            s = c.get_server(p + name)
            if s:
                c.delete_server(s["id"], wait=True)
        for vol in c.list_volumes():
            if vol["name"].startswith(p):
                c.delete_volume(vol["id"], force=True)
    # what the servers left: the automatic and terminate_volume root volumes went with them, the named ones stay
    leftover = [v for v in c.list_volumes() if p in (v.get("name") or "") or not (v.get("name") or v["id"] in nameless)]
    assert leftover == [], [(v["name"], v["status"]) for v in leftover]


def _boot_and_attach(tmp_path, clouds_yaml, c, p, base, tasks, region):
    results, out = play(tmp_path, clouds_yaml, tasks)
    for name in ("attach busy check", "attach busy"):
        assert results[name]["failed"] and "only an available volume can be attached" in results[name]["msg"], name
    for name in ("boot auto", "boot bfv", "boot volume"):
        check, real = results[name + " check"], results[name]
        assert check["changed"] and real["changed"] and not results[name + " again"]["changed"], name
    auto = results["boot auto"]
    assert auto["boot"]["mode"] == "image-to-volume" and "no root disk" in auto["boot"]["reason"]
    assert auto["boot"]["terminate_volume"] is True and auto["server"]["status"] == "ACTIVE"
    assert auto["server"]["image"]["id"] is None and len(auto["server"]["attached_volumes"]) == 1
    bfv = results["boot bfv"]
    assert bfv["boot"] == dict(bfv["boot"], mode="image-to-volume", volume_size=2, terminate_volume=True)
    data_id = results["data"]["volume"]["id"]
    assert data_id in bfv["diff"]["after"]["volumes"] and len(bfv["diff"]["after"]["volumes"]) == 2
    assert data_id in results["boot bfv check"]["diff"]["after"]["volumes"]
    vol = results["boot volume"]
    root_id = results["root"]["volume"]["id"]
    assert vol["boot"]["mode"] == "volume" and vol["diff"]["after"]["volumes"] == [root_id]
    assert results["boot volume check"]["diff"]["after"]["volumes"] == [root_id]

    # move the data volume: detach it from the bfv server (detach_volumes), attach it to the volume-booted one
    tasks = check_then_real("detach", "polystack.cloud.os_server", dict(
        base, name=p + "-bfv", auto_ip=False, volumes=[], detach_volumes=True))  # fmt: skip
    tasks += check_then_real("attach", "polystack.cloud.os_server", dict(
        base, name=p + "-vol", auto_ip=False, volumes=[p + "-data"]))  # fmt: skip
    tasks += [{"name": "in use", "polystack.cloud.os_volume": dict(base, name=p + "-data", state="absent"),
               "ignore_errors": True}]  # fmt: skip
    results, out = play(tmp_path, clouds_yaml, tasks)
    assert_predicted(results, "detach")
    assert_predicted(results, "attach")
    assert len(results["detach"]["diff"]["after"]["volumes"]) == 1  # the root volume stays
    data_id = c.get_volume(p + "-data")["id"]
    assert sorted(results["attach"]["diff"]["after"]["volumes"]) == sorted([data_id, c.get_volume(p + "-root")["id"]])
    assert c.get_volume(p + "-data")["attachments"][0]["server_id"] == results["attach"]["server"]["id"]
    in_use = results["in use"]
    assert in_use["failed"] and "attached to server" in in_use["msg"] and c.get_volume(p + "-data") is not None

    # the inventory's expand_hostvars: the attached volumes' full documents
    inv = tmp_path / "openstack.yml"
    inv.write_text(yaml.safe_dump({"plugin": "polystack.cloud.openstack", "only_clouds": [CLOUD],
                                   "expand_hostvars": True}))  # fmt: skip
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, POLYSTACK_CACHE_DIR=str(tmp_path / "cache"))
    proc = run_tool(["ansible-inventory", "-i", str(inv), "--list"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    hostvars = plain(json.loads(proc.stdout)["_meta"]["hostvars"])
    mine = [h["openstack"] for h in hostvars.values() if h["openstack"]["name"] == p + "-vol"
            and h["openstack"]["region"] == region]  # fmt: skip
    assert len(mine) == 1, sorted(hostvars)
    volumes = sorted(mine[0]["volumes"], key=lambda v: v["name"])
    assert [v["name"] for v in volumes] == [p + "-data", p + "-root"] and volumes[0]["status"] == "in-use"
    assert volumes[0]["attachments"][0]["server_id"] == mine[0]["id"] and "volume_type" in volumes[0]


def test_python_api_attach_and_detach(connect):
    c = connect("RegionTwo")
    p = "polytest-api-%s" % uuid.uuid4().hex[:6]
    flavor = c.get_flavor_by_ram(256)
    server = c.create_server(p, image="devcloud-tiny", flavor=flavor, auto_ip=False, wait=True)
    try:
        volume = c.create_volume(1, name=p, wait=True)
        assert volume.status == "available" and volume["size"] == 1
        attached = c.attach_volume(server, volume, wait=True)
        assert attached.status == "in-use" and attached.attachments[0]["server_id"] == server.id
        assert c.attach_volume(server, attached)["status"] == "in-use"  # attached already: nothing to do
        assert [v["id"] for v in c.get_server(server.id)["volumes"]] == [volume.id]
        detached = c.detach_volume(server, volume, wait=True)
        assert detached.status == "available" and detached.attachments == []
        assert c.delete_volume(p, wait=True) is True and c.get_volume(p) is None
        assert c.delete_volume(p) is False
    finally:
        c.delete_server(server.id, wait=True)
        if c.get_volume(p):
            c.delete_volume(p, force=True)
