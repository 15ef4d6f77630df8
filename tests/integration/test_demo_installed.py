"""The demo playbook runs from the installed collection, without the repository (issue 19): the collection tarball,
built from this checkout, installed into a throw-away collections path; from an empty directory, with a fresh HOME,
no ansible.cfg (ANSIBLE_CONFIG names a file that does not exist) and only that collections path, the command of the
docsite's front page (docs/index.rst) and of the collection's README, `ansible-playbook
polystack.cloud.multi_cloud_demo -e clouds=...`, on one devcloud cloud (both its regions) makes a server with a public
address in each region; the same with `-e cleanup=true` deletes everything it made. (`-e prefix=` names what it makes
after this run, so that other tests' demo-* resources are not touched.)"""

import json
import os
import re
import subprocess
import uuid

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
from conftest import BIN, REGIONS, ROOT

CLOUD = "devcloud-fip"
PREFIX = "dmi-%s-" % uuid.uuid4().hex[:6]


@pytest.fixture(scope="module")
def user(tmp_path_factory, clouds_yaml):
    """(run, env): an empty directory to run in, and the environment of a user who installed the tarball."""
    base = tmp_path_factory.mktemp("demo-installed")
    run, home, collections = base / "run", base / "home", base / "collections"
    run.mkdir()
    home.mkdir()
    env = {
        "PATH": BIN + os.pathsep + "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "ANSIBLE_CONFIG": str(base / "nowhere" / "ansible.cfg"),  # not the checkout's ansible.cfg, nor any other
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "OS_CLIENT_CONFIG_FILE": clouds_yaml,
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
    }
    galaxy = os.path.join(BIN, "ansible-galaxy")
    subprocess.run(
        [galaxy, "collection", "build", "--output-path", str(base), ROOT],
        cwd=str(run),
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    tarball = [str(base / p) for p in os.listdir(base) if p.endswith(".tar.gz")][0]
    subprocess.run(
        [galaxy, "collection", "install", "-p", str(collections), tarball],
        cwd=str(run),
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return run, env


def demo(user, *extra):
    run, env = user
    proc = subprocess.run(
        [os.path.join(BIN, "ansible-playbook"), "polystack.cloud.multi_cloud_demo", "-e", "clouds=" + CLOUD]
        + ["-e", "prefix=" + PREFIX, *extra],
        cwd=str(run),
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def left_behind(clouds_yaml):
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    left = []
    for region in REGIONS:
        c = _cloud.connect(cloud=CLOUD, region_name=region, config=config)
        left += [(region, s.name) for s in c.list_servers() if s.name.startswith(PREFIX)]
        left += [(region, k.name) for k in c.list_keypairs() if k.name.startswith(PREFIX)]
        left += [(region, i.name) for i in c.search_images() if (i.name or "").startswith(PREFIX)]
        left += [(region, x["name"]) for x in c.search_containers(PREFIX)]
    return left


def test_the_demo_runs_from_the_installed_collection_and_cleans_up(user, clouds_yaml):
    run, env = user
    installed = os.path.join(env["ANSIBLE_COLLECTIONS_PATH"], "ansible_collections", "polystack", "cloud")
    try:
        rc, out = demo(user)
        assert rc == 0, out[-8000:]
        assert "Traceback" not in out and "PRIVATE KEY" not in out
        # the installed copy ran (its included tasks and roles), on both regions of the cloud at once
        assert "included: %s/playbooks/tasks/targets.yml" % installed in out, out[-4000:]
        assert "2 cloud regions, all at once: %s@RegionOne, %s@RegionTwo" % (CLOUD, CLOUD) in out, out[-4000:]
        shown = json.JSONDecoder().raw_decode(out[out.index("{", out.index("TASK [Show every cloud region's")) :])
        rows = [re.split(r"\s{2,}", line.strip()) for line in shown[0]["msg"][1:]]
        assert sorted(r[1] for r in rows) == list(REGIONS), rows
        config = _config.CloudConfig(config_file=clouds_yaml, env={})
        for _cloud_name, region, name, address, image_id, _flavor in rows:
            server = _cloud.connect(cloud=CLOUD, region_name=region, config=config).get_server(name)
            assert name == PREFIX + "server" and server is not None and server.status == "ACTIVE", (region, name)
            assert server.public_v4 == address and address.startswith("172.24."), (region, address)
            assert server.image.id == image_id and server.key_name == PREFIX + "key"
        # what it made for the user is under the fresh HOME, and nothing was needed (or left) in the directory
        assert os.path.isfile(os.path.join(env["HOME"], ".cache", "polystack", "demo", "id_ed25519.pub"))
        assert os.listdir(run) == []

        rc, out = demo(user, "-e", "cleanup=true")
        assert rc == 0, out[-8000:]
        deleted = dict(re.findall(r'"msg": "%s (Region\w+): deleted (.*)"' % CLOUD, out))
        assert sorted(deleted) == list(REGIONS), out[-4000:]
        assert all("servers %sserver;" % PREFIX in said for said in deleted.values()), deleted
        assert left_behind(clouds_yaml) == []
    finally:
        if left_behind(clouds_yaml):  # a failure above: take away what the run made, then say what was left
            demo(user, "-e", "cleanup=true")
