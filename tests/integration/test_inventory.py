"""The inventory plugin polystack.cloud.openstack on the devcloud: servers booted in both regions of devcloud-fip
(floating IPs) and devcloud-direct (routable provider network) appear with the right ansible_host; a source on a
closed port of 127.0.0.1 is reported while all others populate (fail_on_errors false and true, exit codes);
keyed_groups, groups and compose work; a playbook reaches the hosts' variables; the cache serves each source."""

import json
import os
import socket
import subprocess
import threading
import uuid

import pytest
import yaml
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
from conftest import BIN, ROOT

HERE = os.path.join(ROOT, "tests", "integration", "inventory")
RUN = uuid.uuid4().hex[:6]
PREFIX = "inv-%s-" % RUN
BAD = "inv-bad/RegionOne"
# (cloud, region, short name, role): "dup" twice, on two clouds, to prove names never overwrite each other
SERVERS = [
    ("devcloud-fip", "RegionOne", "web1", "web"),
    ("devcloud-fip", "RegionTwo", "db1", "db"),
    ("devcloud-direct", "RegionOne", "web2", "web"),
    ("devcloud-fip", "RegionOne", "dup", "web"),
    ("devcloud-direct", "RegionTwo", "dup", "db"),
]
SOURCES = ["devcloud-fip/RegionOne", "devcloud-fip/RegionTwo", "devcloud-direct/RegionOne", "devcloud-direct/RegionTwo"]


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture(scope="module")
def workdir(clouds, tmp_path_factory):
    """clouds.yaml with the two user clouds and a bad one; openstack.yml beside it."""
    path = tmp_path_factory.mktemp("inventory")
    bad = {
        "auth": {
            "auth_url": "http://127.0.0.1:%d/v3" % closed_port(),
            "username": "nobody",
            "password": "inv-not-a-secret",
            "project_name": "none",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "regions": ["RegionOne"],
    }
    config = {"clouds": {"devcloud-fip": clouds["devcloud-fip"], "devcloud-direct": clouds["devcloud-direct"]}}
    config["clouds"]["inv-bad"] = bad
    with open(path / "clouds.yaml", "w") as f:
        yaml.safe_dump(config, f)
    with open(os.path.join(HERE, "openstack.yml")) as f:
        base = yaml.safe_load(f)
    write_inventory(path, "default", base)
    return path


def write_inventory(workdir, variant, base=None, **changes):
    """workdir/<variant>/openstack.yml: the base file with changes; clouds.yaml is found one level up."""
    if base is None:
        with open(os.path.join(HERE, "openstack.yml")) as f:
            base = yaml.safe_load(f)
    data = dict(base, **changes)
    data["clouds_yaml_path"] = [os.path.join("..", "clouds.yaml")]
    directory = workdir / variant
    directory.mkdir(exist_ok=True)
    with open(directory / "openstack.yml", "w") as f:
        yaml.safe_dump(data, f)
    return str(directory / "openstack.yml")


@pytest.fixture(scope="module")
def servers(clouds_yaml):
    """Boot the servers concurrently (fake driver, with auto_ip) and delete them, and their floating IPs, after."""
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    made, errors = {}, []

    def boot(cloud, region, short, role):
        try:
            c = _cloud.connect(cloud=cloud, region_name=region, config=config)
            server = c.create_server(
                PREFIX + short,
                image="devcloud-tiny",
                flavor=c.get_flavor_by_ram(256),
                wait=True,
                timeout=300,
                auto_ip=True,
                metadata={"role": role, "inv_run": RUN},
            )
            made[(cloud, region, short)] = (c, server)
        except Exception as e:  # reported below, after every thread ended
            errors.append("%s/%s %s: %s" % (cloud, region, short, e))

    threads = [threading.Thread(target=boot, args=spec) for spec in SERVERS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors, errors
        yield dict((k, v[1]) for k, v in made.items())
    finally:
        leftovers = []

        def delete(c, server):
            try:
                c.delete_server(server["id"], wait=True, delete_ips=True)
            except Exception as e:
                leftovers.append("%s: %s" % (server["name"], e))

        threads = [threading.Thread(target=delete, args=v) for v in made.values()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for cloud, region in {(s[0], s[1]) for s in SERVERS}:  # nothing of this run is left behind
            c = _cloud.connect(cloud=cloud, region_name=region, config=config)
            for server in c.search_servers(filters={"name": "^" + PREFIX}):
                c.delete_server(server["id"], wait=True, delete_ips=True)
        assert not leftovers, leftovers


def ansible(tool, *args, env=None):
    full = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    for key in ("OS_CLOUD", "OS_CLIENT_CONFIG_FILE", "ANSIBLE_CONFIG", "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"):
        full.pop(key, None)
    full.update(env or {})
    proc = subprocess.run(
        [os.path.join(BIN, tool), *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=600, check=False
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-4000:]
    assert "inv-not-a-secret" not in proc.stdout + proc.stderr
    return proc


def plain(value):
    """ansible-inventory --list writes strings that come from the cloud (not trusted as templates: a server name
    is never run as Jinja) as {"__ansible_unsafe": "..."}; the plain values."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def inventory_list(path, *extra, env=None):
    proc = ansible("ansible-inventory", "-i", path, "--list", *extra, env=env)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return plain(json.loads(proc.stdout)), proc


def together(*calls):
    """Run independent ansible commands at once (each waits seconds for the bad source); their results, in order."""
    results = [None] * len(calls)
    errors = []

    def run(i, call):
        try:
            results[i] = call()
        except BaseException as e:  # re-raised in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def mine(listing, summary=True):
    hostvars = listing["_meta"]["hostvars"]
    return dict(
        (h, v if summary else dict((k, x) for k, x in v.items() if k != "polystack_inventory"))
        for h, v in hostvars.items()
        if v["openstack"]["name"].startswith(PREFIX)
    )


def bad_source_warned(stderr):
    text = " ".join(stderr.split())  # warnings are wrapped
    return "source %s failed" % BAD in text and "cannot reach the identity service of cloud inv-bad" in text


def test_every_cloud_and_region_with_its_address(workdir, servers):
    path = str(workdir / "default" / "openstack.yml")
    (listing, proc), graph = together(
        lambda: inventory_list(path), lambda: ansible("ansible-inventory", "-i", path, "--graph", "run_" + RUN)
    )
    hosts = mine(listing)
    assert len(hosts) == len(SERVERS), sorted(hosts)
    for (cloud, region, short), server in servers.items():
        name = PREFIX + short
        host = server["id"] if short == "dup" else name  # the shared name: each host by its server's id
        assert host in hosts, (host, sorted(hosts))
        v = hosts[host]
        assert v["openstack"]["id"] == server["id"] and v["openstack"]["name"] == name
        assert (v["openstack"]["cloud"], v["openstack"]["region"]) == (cloud, region)
        assert v["inv_where"] == "%s/%s" % (cloud, region)  # compose
        if cloud == "devcloud-fip":  # the floating IP auto_ip gave it
            assert server["public_v4"].startswith("172.24.") and server["public_v4"] != server["private_v4"]
            assert v["ansible_host"] == server["public_v4"] and v["openstack"]["floating_ips"] == [server["public_v4"]]
            assert v["openstack"]["private_v4"] == server["private_v4"] and v["inv_reach"] == "floating"
        else:  # the address on the routable provider network
            assert server["public_v4"].startswith("172.25.") and v["ansible_host"] == server["public_v4"]
            assert v["openstack"]["floating_ips"] == [] and v["inv_reach"] == "routable"
        assert v["openstack"]["interface_ip"] == v["ansible_host"]
        assert v["openstack"]["image"]["name"] == "devcloud-tiny"
        assert v["openstack"]["flavor"]["name"] == ("m1.tiny" if region == "RegionOne" else "v2-mini")
        assert v["openstack"]["project"]["name"] == ("fip-project" if cloud == "devcloud-fip" else "direct-project")
        assert v["openstack"]["metadata"]["inv_run"] == RUN
    ids = dict((short, s["id"]) for (_c, _r, short), s in servers.items() if short != "dup")
    dups = sorted(s["id"] for (_c, _r, short), s in servers.items() if short == "dup")

    def members(group):
        return set(listing.get(group, {}).get("hosts", []))

    # no overwrite: both servers named <prefix>dup are hosts, in the group of their shared name
    assert members(PREFIX + "dup") == set(dups)
    run = members("run_" + RUN)
    assert run == set(hosts)
    # keyed_groups (sanitized by Ansible), groups, legacy groups
    assert members("role_web") & run == {
        PREFIX + "web1",
        PREFIX + "web2",
        servers[("devcloud-fip", "RegionOne", "dup")]["id"],
    }
    assert members("role_db") & run == {PREFIX + "db1", servers[("devcloud-direct", "RegionTwo", "dup")]["id"]}
    assert members("inv_fip") & run == {
        PREFIX + "web1",
        PREFIX + "db1",
        servers[("devcloud-fip", "RegionOne", "dup")]["id"],
    }
    assert PREFIX + "web1" in members("devcloud-fip_RegionOne") and PREFIX + "web2" in members(
        "devcloud-direct_RegionOne"
    )
    assert PREFIX + "web1" in members("meta-role_web") and PREFIX + "db1" in members("flavor-v2-mini")
    assert PREFIX + "web1" in members("image-devcloud-tiny") and PREFIX + "web1" in members("instance-" + ids["web1"])
    children = set(listing["devcloud-fip"].get("hosts", [])) & run
    assert children == {PREFIX + "web1", PREFIX + "db1", servers[("devcloud-fip", "RegionOne", "dup")]["id"]}
    # the bad source: a warning naming it and why; the variable listing failed sources; the others all read
    assert bad_source_warned(proc.stderr), proc.stderr
    summary = next(iter(hosts.values()))["polystack_inventory"]
    assert summary["failed_sources"] == [BAD]
    assert "cannot reach the identity service" in summary["sources"][BAD]["error"]
    for source in SOURCES:
        assert summary["sources"][source]["status"] == "ok", summary["sources"][source]
        assert summary["sources"][source]["requests"] >= 1

    assert graph.returncode == 0, graph.stderr
    for short in ("web1", "db1", "web2"):
        assert "|--" + PREFIX + short in graph.stdout
    for server_id in dups:
        assert "|--" + server_id in graph.stdout
    assert bad_source_warned(graph.stderr)


def test_fail_on_errors_decides_only_the_exit_status(workdir, servers):
    strict = {"ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true"}  # Ansible's switch: a failed source is fatal
    lenient = write_inventory(workdir, "lenient", fail_on_errors=False)
    failing = write_inventory(workdir, "failing", fail_on_errors=True)

    (lenient_listing, lenient_proc), (listing, proc), failed = together(
        lambda: inventory_list(lenient, env=strict),
        lambda: inventory_list(failing),
        lambda: ansible("ansible-inventory", "-i", failing, "--list", env=strict),
    )
    # fail_on_errors false: the source parses (exit status 0), whatever Ansible's switch says
    assert len(mine(lenient_listing)) == len(SERVERS) and bad_source_warned(lenient_proc.stderr)
    assert "Failed to parse" not in lenient_proc.stderr

    # fail_on_errors true: the other sources still populate, groups and all (Ansible warns that the source failed) ...
    assert len(mine(listing)) == len(SERVERS) and bad_source_warned(proc.stderr)
    assert (
        PREFIX + "web1" in listing["devcloud-fip_RegionOne"]["hosts"] and "devcloud-fip" in listing["all"]["children"]
    )
    text = " ".join(proc.stderr.split())
    assert "1 of 5 sources failed (fail_on_errors is true" in text and "Failed to parse inventory" in text

    # ... and with Ansible's switch on, the run fails: non-zero exit status, the failed source named
    proc = failed
    assert proc.returncode != 0 and proc.stdout.strip() == ""
    text = " ".join(proc.stderr.split())
    assert "inv-bad/RegionOne: cannot reach the identity service" in text and bad_source_warned(proc.stderr)


def test_playbook_reaches_the_hosts_variables(workdir, servers):
    proc = ansible(
        "ansible-playbook",
        "-i",
        str(workdir / "default" / "openstack.yml"),
        os.path.join(HERE, "playbook.yml"),
        "--limit",
        "run_" + RUN,
        "-e",
        json.dumps({"run": RUN, "expected_hosts": len(SERVERS)}),
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    recap = proc.stdout.split("PLAY RECAP", 1)[1]
    assert recap.count("failed=0") == len(SERVERS), recap
    for (cloud, region, short), server in servers.items():
        host = server["id"] if short == "dup" else PREFIX + short
        assert "%s %s%s %s/%s %s" % (host, PREFIX, short, cloud, region, server["public_v4"]) in proc.stdout


def test_cache_serves_each_source(workdir, servers, tmp_path):
    cache = tmp_path / "cache"
    path = write_inventory(
        workdir,
        "cached",
        cache=True,
        cache_plugin="ansible.builtin.jsonfile",
        cache_connection=str(cache),
        cache_timeout=600,
    )

    def read(*extra):
        listing, proc = inventory_list(path, *extra)
        hosts = mine(listing, summary=False)
        summary = listing["_meta"]["hostvars"][next(iter(hosts))]["polystack_inventory"]
        return hosts, summary, proc

    first, summary, _proc = read()
    assert [summary["sources"][s]["status"] for s in SOURCES] == ["ok"] * 4
    assert all(summary["sources"][s]["requests"] >= 1 for s in SOURCES)
    assert summary["sources"][BAD]["status"] == "failed"
    assert len(os.listdir(cache)) == len(SOURCES)  # one cache entry per source that answered

    second, summary, proc = read()
    assert [summary["sources"][s]["status"] for s in SOURCES] == ["cached"] * 4
    assert [summary["sources"][s]["requests"] for s in SOURCES] == [0] * 4
    assert summary["sources"][BAD]["status"] == "failed" and bad_source_warned(proc.stderr)  # asked again
    assert second == first  # the same hosts and variables, from the cache

    third, summary, _proc = read("--flush-cache")
    assert [summary["sources"][s]["status"] for s in SOURCES] == ["ok"] * 4
    assert set(third) == set(first)


def test_os_cloud_and_regions(workdir, servers):
    base = {
        "plugin": "polystack.cloud.openstack",
        "regions": ["RegionTwo"],
        "keyed_groups": [{"key": "openstack.metadata.inv_run", "prefix": "run"}],
    }
    path = write_inventory(workdir, "os_cloud", base)
    listing, proc = inventory_list(path, env={"OS_CLOUD": "devcloud-direct"})
    summary = listing["_meta"]["hostvars"][next(iter(listing["_meta"]["hostvars"]))]["polystack_inventory"]
    assert list(summary["sources"]) == ["devcloud-direct/RegionTwo"] and summary["failed_sources"] == []
    hosts = mine(listing)
    # alone in this inventory, the server named <prefix>dup is named after itself
    assert list(hosts) == [PREFIX + "dup"]
    assert hosts[PREFIX + "dup"]["ansible_host"] == servers[("devcloud-direct", "RegionTwo", "dup")]["public_v4"]
    assert "failed" not in " ".join(proc.stderr.split())
