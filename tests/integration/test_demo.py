"""The main job: playbooks/multi_cloud_demo.yml (what `make demo` runs) on the devcloud's user clouds in both
regions. The first run makes, on every cloud region at once, our image, our key, a server on the smallest flavor
with at least 512 MiB and a public address (floating IP or routable network), and an object, and prints the table;
the cloud shows exactly what the table says. playbooks/cleanup.yml --check shows what it would delete and deletes
nothing. A second run with cleanup=true (make demo CLEANUP=1) changes nothing before its cleanup, then leaves
nothing named demo-* behind. Bad input (an unknown cloud, no cloud) fails with a message that names it."""

import hashlib
import json
import os
import re
import subprocess

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _compute, _config, _network
from conftest import BIN, REGIONS, ROOT, USER_CLOUDS

PLAYBOOK = os.path.join(ROOT, "playbooks", "multi_cloud_demo.yml")
CLEANUP = os.path.join(ROOT, "playbooks", "cleanup.yml")
WORKDIR = os.path.expanduser("~/.cache/polystack/demo")  # the playbook's default, shared with make demo
CLOUDS = " ".join(USER_CLOUDS)
HEADER = ["cloud", "region", "server", "public address", "image id", "flavor"]
CLEANUP_PLAY = "Multi-cloud demo | clean up (cleanup=true)"
FAILED_PLAY = "Multi-cloud demo | the cloud regions that failed"
FLOATING = {"devcloud-fip": True, "devcloud-appcred": True, "devcloud-direct": False}  # the devcloud's models


def playbook(clouds_yaml, *args, timeout=1500):
    env = dict(
        os.environ,
        PATH=BIN + os.pathsep + os.environ["PATH"],
        OS_CLIENT_CONFIG_FILE=clouds_yaml,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_FORKS="12",  # as make demo: every cloud region at once
    )
    for name in ("ANSIBLE_CONFIG", "OS_CLOUD", "ANSIBLE_STDOUT_CALLBACK", "ANSIBLE_CALLBACK_RESULT_FORMAT"):
        env.pop(name, None)
    proc = subprocess.run(
        [os.path.join(BIN, "ansible-playbook"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proc, proc.stdout + proc.stderr


def plays(out):
    """{play name: its output} in the order they ran."""
    parts = re.split(r"^PLAY \[(.*)\] \**$", out, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def table(out):
    """The rows of the demo's table (the debug of the task 'Show every cloud region's server')."""
    after = out.split("TASK [Show every cloud region's server]", 1)[1]
    shown = json.JSONDecoder().raw_decode(after[after.index("{") :])[0]["msg"]
    rows = [re.split(r"\s{2,}", line.strip()) for line in shown]
    assert rows[0] == HEADER, shown
    return rows[1:]


@pytest.fixture(scope="module")
def connect(clouds_yaml, tmp_path_factory):
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    cache = {}

    def make(cloud, region):
        if (cloud, region) not in cache:
            cache[cloud, region] = _cloud.connect(cloud=cloud, region_name=region, config=config)
        return cache[cloud, region]

    return make


@pytest.fixture(scope="module")
def first_run(clouds_yaml):
    proc, out = playbook(clouds_yaml, PLAYBOOK, "-e", json.dumps({"clouds": CLOUDS}))
    assert proc.returncode == 0, out[-10000:]
    return out


def test_first_run_makes_the_same_server_on_every_cloud_region(first_run, connect):
    out = first_run
    assert "Traceback" not in out and "PRIVATE KEY" not in out
    assert "6 cloud regions, all at once" in out
    rows = table(out)
    assert sorted((r[0], r[1]) for r in rows) == sorted((c, r) for c in USER_CLOUDS for r in REGIONS), rows
    with open(os.path.join(WORKDIR, "base-image.raw"), "rb") as f:
        image_md5 = hashlib.md5(f.read()).hexdigest()
    with open(os.path.join(WORKDIR, "id_ed25519.pub")) as f:
        our_key = f.read().split()[:2]
    for cloud, region, name, address, image_id, flavor in rows:
        c = connect(cloud, region)
        assert name == "demo-server"
        server = c.get_server("demo-server")
        assert server is not None and server.status == "ACTIVE", (cloud, region)
        assert _compute.server_addresses(c, server)["public_v4"] == address, (cloud, region)
        # our own image (the same bytes everywhere), our key
        assert server.image.id == image_id
        image = c.get_image("demo-base-image")
        assert image.id == image_id and image.checksum == image_md5 and image.disk_format == "raw"
        assert server.key_name == "demo-key"
        assert c.get_keypair("demo-key").public_key.split()[:2] == our_key
        # the smallest flavor with at least 512 MiB of this region (RegionTwo's smallest has 256 MiB)
        smallest = c.get_flavor_by_ram(512)
        assert server.flavor.original_name == smallest.name and flavor == "%s (%d MiB)" % (smallest.name, smallest.ram)
        # a public address the way the cloud's network model needs one
        marked = c.list_floating_ips({"description": _network.MARK % server.id})
        if FLOATING[cloud]:
            assert [f.floating_ip_address for f in marked] == [address], (cloud, region)
        else:
            fixed = [a["addr"] for addrs in server.addresses.values() for a in addrs]
            assert marked == [] and address in fixed, (cloud, region)
        # SSH and ping open (issue 20): the server is in the demo's group, which has exactly its rules; these
        # projects have a network to boot on, so the demo made none
        assert [g["name"] for g in server.security_groups] == ["demo-ssh"], (cloud, region)
        rules = c.get_security_group("demo-ssh").security_group_rules
        assert {(r["protocol"], r["port_range_min"]) for r in rules if r["direction"] == "ingress"} == {
            ("tcp", 22), ("icmp", None), ("ipv6-icmp", None)}  # fmt: skip
        assert c.get_network("demo-net") is None
        # the object about it
        text = c.request("object-store", "GET", "/demo-objects/%s/demo-server.txt" % region).text
        assert server.id in text and address in text and image_id in text


def test_cleanup_check_mode_shows_and_keeps(first_run, clouds_yaml, connect):
    proc, out = playbook(clouds_yaml, CLEANUP, "--check", "-e", "clouds=devcloud-fip:RegionOne")
    assert proc.returncode == 0, out[-8000:]
    said = re.search(r'"msg": "devcloud-fip RegionOne: would delete (.*)"', out)
    assert said, out[-4000:]
    assert "servers demo-server;" in said.group(1) and "keypairs demo-key;" in said.group(1)
    assert "images demo-base-image;" in said.group(1) and "containers demo-objects;" in said.group(1)
    assert connect("devcloud-fip", "RegionOne").get_server("demo-server") is not None


def test_cleanup_check_mode_counts_a_shared_image_once(first_run, clouds_yaml):
    """devcloud-fip's two regions share one glance: the demo's image is one image, said once (by the first
    region of the play), not once per region; each region's own server is said by each."""
    proc, out = playbook(clouds_yaml, CLEANUP, "--check", "-e", "clouds=devcloud-fip")
    assert proc.returncode == 0, out[-8000:]
    said = dict(re.findall(r'"msg": "devcloud-fip (Region\w+): would delete (.*)"', out))
    assert sorted(said) == ["RegionOne", "RegionTwo"], out[-4000:]
    assert [r for r in sorted(said) if "images demo-base-image;" in said[r]] == ["RegionOne"], said
    assert all("servers demo-server;" in said[r] for r in said), said


def test_second_run_changes_nothing_then_cleans_up(first_run, clouds_yaml, connect):
    ids = {}
    for cloud in USER_CLOUDS:
        for region in REGIONS:
            ids[cloud, region] = connect(cloud, region).get_server("demo-server").id
    proc, out = playbook(clouds_yaml, PLAYBOOK, "-e", json.dumps({"clouds": CLOUDS, "cleanup": True}))
    assert proc.returncode == 0, out[-10000:]
    assert "Traceback" not in out
    ran = plays(out)
    assert list(ran)[-2:] == [CLEANUP_PLAY, FAILED_PLAY]
    for name, text in list(ran.items())[:-2]:
        assert "changed:" not in text, "the second run changed something in %r:\n%s" % (name, text)
    assert rows_equal(table(out), table(first_run))
    deleted = re.findall(r'"msg": "(devcloud-\w+ Region\w+): deleted (.*)"', ran[CLEANUP_PLAY])
    assert len(deleted) == 6, deleted
    for cloud in USER_CLOUDS:
        for region in REGIONS:
            c = connect(cloud, region)
            assert [s.name for s in c.list_servers() if s.name.startswith("demo-")] == []
            assert c.list_floating_ips({"description": _network.MARK % ids[cloud, region]}) == []
            assert [k.name for k in c.list_keypairs() if k.name.startswith("demo-")] == []
            assert [i.name for i in c.search_images("demo-base-image")] == []
            assert [x["name"] for x in c.search_containers("demo-")] == []
            assert [g.name for g in c.list_security_groups() if g.name.startswith("demo-")] == []


def test_cleanup_reaches_a_cloud_region_that_failed(clouds_yaml, connect):
    """cleanup=true deletes what a failed cloud region made before it failed (Ansible drops a failed host from
    the plays that follow: the demo rescues the failure, cleans up, then fails the region). devcloud-appcred's
    RegionTwo gets an instance quota of 0: its image and keypair are made, its server is refused."""
    prefix = "rel-demo-fail-%s-" % os.urandom(3).hex()
    broken = connect("devcloud-appcred", "RegionTwo")
    admin = connect("devcloud-admin", "RegionTwo")
    path = "/os-quota-sets/%s" % broken.current_project_id
    saved = admin.request("compute", "GET", path).json()["quota_set"]["instances"]
    admin.request("compute", "PUT", path, json={"quota_set": {"instances": 0}})
    try:
        clouds = "devcloud-fip:RegionOne devcloud-appcred:RegionTwo"
        proc, out = playbook(
            clouds_yaml, PLAYBOOK, "-e", json.dumps({"clouds": clouds, "cleanup": True, "prefix": prefix})
        )
    finally:
        admin.request("compute", "PUT", path, json={"quota_set": {"instances": saved}})
    assert proc.returncode != 0, out[-6000:]
    assert "Traceback" not in out
    ran = plays(out)
    rows = dict(((r[0], r[1]), r) for r in table(out))
    assert rows["devcloud-appcred", "RegionTwo"][2] == "FAILED (see above)", rows
    assert rows["devcloud-fip", "RegionOne"][2] == prefix + "server", rows
    assert "devcloud-appcred@RegionTwo" in ran[CLEANUP_PLAY]  # the failed region was cleaned up too
    assert re.search(r"fatal: \[devcloud-appcred@RegionTwo\].*[Qq]uota", ran[FAILED_PLAY]), ran[FAILED_PLAY]
    for cloud, region in (("devcloud-fip", "RegionOne"), ("devcloud-appcred", "RegionTwo")):
        c = connect(cloud, region)
        assert [s.name for s in c.list_servers() if s.name.startswith(prefix)] == []
        assert [k.name for k in c.list_keypairs() if k.name.startswith(prefix)] == []
        assert [i.name for i in c.list_images() if (i.name or "").startswith(prefix)] == []
        assert [x["name"] for x in c.search_containers(prefix)] == []


def rows_equal(a, b):
    return sorted(a) == sorted(b)


@pytest.mark.parametrize(
    "args,says",
    [
        (["-e", "clouds=devcloud-nope"], "cloud devcloud-nope is not in"),
        (["-e", "clouds=devcloud-fip,devcloud-nope:RegionTwo"], "its clouds are: devcloud-admin, devcloud-appcred"),
        ([], "Which clouds? Name them with -e clouds="),
    ],
)
def test_bad_clouds_are_named(args, says, clouds_yaml):
    # from the installed collection, by its FQCN, as a user of the released collection runs it
    proc, out = playbook(clouds_yaml, "polystack.cloud.multi_cloud_demo", *args, timeout=300)
    assert proc.returncode == 2, out
    assert says in out, out
    assert "Traceback" not in out
    assert "demo-server" not in out  # nothing was started


@pytest.fixture
def fresh_project(clouds, connect, tmp_path):
    """A new project on the floating-IP cloud (devcloud-fip's keystone), with a member: no network of its own, as
    a new project on a public cloud. A clouds.yaml with the devcloud's clouds and this one, `fresh`."""
    admin = connect("devcloud-admin", "RegionOne")
    name = "rel-fresh-%s" % os.urandom(3).hex()
    password = os.urandom(12).hex()
    project = admin.request(
        "identity",
        "POST",
        "/v3/projects",
        json={
            "project": {"name": name, "domain_id": "default", "description": "test_demo: a project without a network"}
        },
    ).json()
    project_id = project["project"]["id"]
    user = admin.request(
        "identity",
        "POST",
        "/v3/users",
        json={"user": {"name": name, "password": password, "domain_id": "default", "default_project_id": project_id}},
    ).json()
    user_id = user["user"]["id"]
    try:
        role = admin.request("identity", "GET", "/v3/roles", params={"name": "member"}).json()["roles"][0]["id"]
        admin.request("identity", "PUT", "/v3/projects/%s/users/%s/roles/%s" % (project_id, user_id, role))
        fresh = json.loads(json.dumps(clouds["devcloud-fip"]))
        fresh["auth"].update(username=name, password=password, project_name=name)
        fresh["auth"].pop("project_id", None)
        path = tmp_path / "clouds.yaml"
        path.write_text(json.dumps({"clouds": dict(clouds, fresh=fresh)}))
        path.chmod(0o600)
        yield str(path), _config.CloudConfig(config_file=str(path), env={})
    finally:
        admin.request("identity", "DELETE", "/v3/users/%s" % user_id)
        admin.request("identity", "DELETE", "/v3/projects/%s" % project_id)


def test_a_project_without_a_network_gets_one_and_loses_it_in_cleanup(fresh_project):
    """Issue 20 item 4: on a cloud region where the project has no network of its own (a new project on a
    floating-IP cloud), the demo makes the network, subnet and router to the external network it needs, boots the
    server there with a floating IP, changes nothing the second time, and its cleanup removes them all."""
    clouds_yaml, config = fresh_project
    prefix = "rel-fresh-demo-%s-" % os.urandom(3).hex()
    extra = {"clouds": "fresh:RegionOne fresh:RegionTwo", "prefix": prefix}
    proc, out = playbook(clouds_yaml, PLAYBOOK, "-e", json.dumps(extra))
    assert proc.returncode == 0, out[-10000:]
    for region in REGIONS:
        c = _cloud.connect(cloud="fresh", region_name=region, config=config)
        network = c.get_network(prefix + "net")
        assert network is not None and network.project_id == c.current_project_id, region
        router = c.get_router(prefix + "net")
        assert router.external_gateway_info["network_id"] == c.get_network("public").id
        assert [p.fixed_ips[0]["ip_address"] for p in c.list_router_interfaces(router, "internal")] == ["192.168.199.1"]
        server = c.get_server(prefix + "server")
        result = c.server_result(server)
        assert list(server.addresses) == [prefix + "net"] and result["public_v4"].startswith("172.24."), result
    again, out2 = playbook(clouds_yaml, PLAYBOOK, "-e", json.dumps(dict(extra, cleanup=True)))
    assert again.returncode == 0, out2[-10000:]
    for name, text in list(plays(out2).items())[:-2]:
        assert "changed:" not in text, "the second run changed something in %r:\n%s" % (name, text)
    for region in REGIONS:
        c = _cloud.connect(cloud="fresh", region_name=region, config=config)
        left = [(kind, r["name"]) for kind in ("network", "subnet", "router", "port", "security_group")
                for r in c.list(kind, raw=True) if (r.get("name") or "").startswith(prefix)]  # fmt: skip
        left += [("server", s.name) for s in c.list_servers() if s.name.startswith(prefix)]
        left += [("floating ip", f.floating_ip_address) for f in c.list_floating_ips()]
        assert left == [], (region, left)
