"""Nothing lost (issue: the hostile review's data loss): an object name never reaches outside its container, and a
large object's segments are never left behind, on the devcloud's swift.

- os_object with a name of '../<other container>/<object>' (or '.', '..', '', a container of '..') fails with a
  clear error, in check mode too, and the other container's object is untouched, overwritten by nothing and not
  deleted (before the fix it was overwritten, then deleted by state=absent);
- a segmented (SLO) object replaced by a plain one leaves no segment behind, nor does the Python API's delete."""

import json
import os
import subprocess
import uuid

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config, _object_store
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError
from conftest import BIN, ROOT


@pytest.fixture
def cloud(clouds_yaml, tmp_path, monkeypatch):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    return _cloud.connect(cloud="devcloud-fip", region_name="RegionOne", config=config)


@pytest.fixture
def two_containers(cloud):
    tag = uuid.uuid4().hex[:6]
    mine, victim = "confine-%s-mine" % tag, "confine-%s-victim" % tag
    cloud.create_container(mine)
    cloud.create_container(victim)
    cloud.create_object(victim, "precious", data=b"keep me")
    yield mine, victim
    for container in (mine, victim, _object_store.segments_container(mine)):
        for obj in cloud.list_objects(container) if cloud.get_container(container) else []:
            cloud.delete_object(container, obj["name"])
        cloud.delete_container(container)


def os_object(clouds_yaml, args, *flags):
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1")
    proc = subprocess.run(
        [
            os.path.join(BIN, "ansible"),
            "localhost",
            *flags,
            "-m",
            "polystack.cloud.os_object",
            "-a",
            json.dumps(dict({"cloud": "devcloud-fip", "region_name": "RegionOne"}, **args)),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.parametrize("mode", [(), ("--check",)], ids=["real", "check"])
def test_a_name_that_climbs_out_of_its_container_is_refused(cloud, clouds_yaml, two_containers, mode):
    mine, victim = two_containers
    cases = [
        ({"container": mine, "name": "../%s/precious" % victim, "data": "evil"}, "reach outside its container"),
        ({"container": mine, "name": "../%s/precious" % victim, "state": "absent"}, "reach outside its container"),
        ({"container": mine, "name": "a/./b", "data": "x"}, "reach outside its container"),
        ({"container": mine, "name": "..", "state": "absent"}, "reach outside its container"),
        ({"container": mine, "name": "", "data": "x"}, "must be a non-empty string"),
        ({"container": "..", "name": "precious", "state": "absent"}, "may not be '.' or '..'"),
        ({"container": ".", "state": "absent", "delete_with_all_objects": True}, "may not be '.' or '..'"),
    ]
    for args, message in cases:
        rc, out = os_object(clouds_yaml, args, *mode)
        assert rc != 0 and message in out and "Traceback" not in out, (args, out[-2000:])
    headers, body = cloud.get_object(victim, "precious")
    assert body == b"keep me"
    assert [o["name"] for o in cloud.list_objects(mine)] == []


def test_the_python_api_refuses_them_too(cloud, two_containers):
    mine, victim = two_containers
    for call in (
        lambda: cloud.delete_object(mine, "../%s/precious" % victim),
        lambda: cloud.create_object(mine, "../%s/precious" % victim, data=b"evil"),
        lambda: cloud.get_object(mine, ""),
        lambda: cloud.delete_container(".."),
    ):
        with pytest.raises(ConfigError):
            call()
    assert cloud.get_object(victim, "precious")[1] == b"keep me"


def segments_of(cloud, container, name):
    return [
        o["name"]
        for o in _object_store.list_objects(cloud, _object_store.segments_container(container), prefix=name + "/slo/")
    ]


def test_a_large_object_replaced_by_a_plain_one_leaves_no_segment(cloud, clouds_yaml, two_containers, tmp_path):
    mine, _victim = two_containers
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024 + 5))
    rc, out = os_object(
        clouds_yaml, {"container": mine, "name": "big", "filename": str(big), "segment_size": 1024 * 1024}
    )
    assert rc == 0 and '"is_slo": true' in out, out[-2000:]
    assert len(segments_of(cloud, mine, "big")) == 4
    rc, out = os_object(clouds_yaml, {"container": mine, "name": "big", "data": "small now"})
    assert rc == 0 and '"is_slo": false' in out, out[-2000:]
    assert segments_of(cloud, mine, "big") == []
    assert cloud.get_object(mine, "big")[1] == b"small now"


def test_the_python_apis_delete_takes_the_segments(cloud, clouds_yaml, two_containers, tmp_path):
    mine, _victim = two_containers
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(2 * 1024 * 1024 + 1))
    rc, out = os_object(
        clouds_yaml, {"container": mine, "name": "big", "filename": str(big), "segment_size": 1024 * 1024}
    )
    assert rc == 0 and len(segments_of(cloud, mine, "big")) == 3, out[-2000:]
    assert cloud.delete_object(mine, "big") is True
    assert segments_of(cloud, mine, "big") == [] and cloud.get_object(mine, "big") is None
