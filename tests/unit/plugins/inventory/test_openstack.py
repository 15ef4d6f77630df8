"""The inventory plugin's rules without a cloud: host names (duplicates never overwrite), legacy group names,
the ansible_host rule, the bounded fan-out with per-source time limits, and error isolation in parse() with
faked sources (a broken configuration, a refused cloud, a hanging cloud, healthy ones)."""

import threading

import pytest
import yaml
from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.template import trust_as_template
from ansible_collections.polystack.cloud.plugins.inventory import openstack as plugin_module
from ansible_collections.polystack.cloud.plugins.module_utils._errors import AuthError
from ansible_collections.polystack.cloud.plugins.plugin_utils import _fanout
from ansible_collections.polystack.cloud.plugins.plugin_utils import _inventory as inv


def server(sid, name, cloud="c1", region="R1", **extra):
    out = {
        "id": sid,
        "name": name,
        "cloud": cloud,
        "region": region,
        "az": "nova",
        "metadata": {},
        "flavor": {"name": "m1.tiny"},
        "image": {"id": "img", "name": "cirros"},
        "public_v4": "",
        "public_v6": "",
        "private_v4": "10.0.0.%d" % (len(sid) % 200),
    }
    out.update(extra)
    return out


# -- host names ----------------------------------------------------------------------------------------------


def test_unique_names_are_host_names():
    got = inv.hostnames([server("id-1", "web"), server("id-2", "db", cloud="c2")])
    assert [(h, ng) for h, _s, ng in got] == [("web", False), ("db", False)]


def test_a_name_on_two_clouds_gives_two_hosts_by_id_and_a_group():
    a, b = server("id-1", "web", cloud="c1"), server("id-2", "web", cloud="c2")
    got = inv.hostnames([a, b, server("id-3", "db")])
    assert [(h, s["cloud"], ng) for h, s, ng in got] == [
        ("id-1", "c1", True),
        ("id-2", "c2", True),
        ("db", "c1", False),
    ]
    assert "web" in inv.legacy_groups(a, name_group=True) and "web" not in inv.legacy_groups(a)


def test_uuid_mode_names_every_host_by_id():
    got = inv.hostnames([server("id-1", "web"), server("id-2", "db")], mode="uuid")
    assert [(h, ng) for h, _s, ng in got] == [("id-1", True), ("id-2", True)]


def test_the_same_server_in_two_sources_is_one_host_from_the_first():
    first, again = server("id-1", "web", cloud="c1"), server("id-1", "web", cloud="c1-alias")
    got = inv.hostnames([first, again])
    assert [(h, s["cloud"]) for h, s, _ng in got] == [("web", "c1")]  # and its name stays unique


def test_a_server_without_a_name_is_named_by_its_id():
    assert [h for h, _s, _ng in inv.hostnames([server("id-1", "")])] == ["id-1"]


# -- groups and addresses ------------------------------------------------------------------------------------


def test_legacy_groups_as_the_old_script_spelled_them():
    s = server("id-1", "web", metadata={"group": "front", "groups": "a, b,", "role": "web"})
    assert inv.legacy_groups(s) == [
        "c1",
        "R1",
        "c1_R1",
        "front",
        "a",
        "b",
        "meta-group_front",
        "meta-groups_a, b,",
        "meta-role_web",
        "instance-id-1",
        "flavor-m1.tiny",
        "image-cirros",
        "nova",
        "R1_nova",
        "c1_R1_nova",
    ]
    bare = server("id-2", "x", region=None, az=None, flavor={"name": None}, image={"id": None, "name": None})
    assert inv.legacy_groups(bare) == ["c1", "instance-id-2"]


@pytest.mark.parametrize(
    "addresses, private, only_ipv4, expected",
    [
        (
            {"public_v4": "203.0.113.5", "private_v4": "10.0.0.5", "public_v6": "2001:db8::5"},
            False,
            False,
            "203.0.113.5",
        ),
        ({"public_v4": "203.0.113.5", "private_v4": "10.0.0.5"}, True, False, "10.0.0.5"),
        ({"public_v6": "2001:db8::5", "private_v4": "10.0.0.5"}, False, False, "2001:db8::5"),
        ({"public_v6": "2001:db8::5", "private_v4": "10.0.0.5"}, False, True, "10.0.0.5"),
        ({"public_v6": "2001:db8::5"}, False, True, ""),
        ({"public_v4": "203.0.113.5"}, True, False, "203.0.113.5"),
        ({}, False, False, ""),
    ],
)
def test_the_ansible_host_rule(addresses, private, only_ipv4, expected):
    assert inv.interface_ip(addresses, private=private, only_ipv4=only_ipv4) == expected


# -- the fan-out -----------------------------------------------------------------------------------------------


def test_fan_out_is_bounded_and_isolates_errors():
    lock = threading.Lock()
    state = {"now": 0, "most": 0}
    gate = threading.Barrier(3, timeout=30)

    def job(i):
        def run():
            with lock:
                state["now"] += 1
                state["most"] = max(state["most"], state["now"])
            try:
                if i < 3:
                    gate.wait()  # the first three run together: the bound lets three run at once
                if i == 4:
                    raise AuthError("refused", cloud="c4")
                return i * 10
            finally:
                with lock:
                    state["now"] -= 1

        return run

    got = _fanout.run([("s%d" % i, job(i)) for i in range(6)], workers=3)
    assert list(got) == ["s0", "s1", "s2", "s3", "s4", "s5"]
    assert [o.value for k, o in got.items() if o.ok] == [0, 10, 20, 30, 50]
    assert isinstance(got["s4"].error, AuthError) and not got["s4"].ok and not got["s4"].timed_out
    assert state["most"] == 3


def test_a_job_over_its_time_limit_gives_its_slot_to_the_next():
    release = threading.Event()
    try:
        got = _fanout.run([("hang", lambda: release.wait(60)), ("next", lambda: "done")], workers=1, timeout=0.2)
    finally:
        release.set()
    assert got["hang"].timed_out and not got["hang"].ok
    assert got["next"].ok and got["next"].value == "done"  # it ran although the only worker slot was taken


# -- parse(): error isolation with faked sources ---------------------------------------------------------------


class Display:
    verbosity = 0

    def __init__(self):
        self.warnings = []

    def warning(self, msg, *args, **kwargs):
        self.warnings.append(msg)

    def v(self, msg, *args, **kwargs):
        pass

    vvvv = v


class FakeSession:
    requests = 0


class FakeCloud:
    def __init__(self, source):
        self.name, self.region_name = source.cloud, source.region
        self.session = FakeSession()


DEFAULTS = {
    "plugin": "polystack.cloud.openstack",
    "all_projects": False,
    "clouds_yaml_path": [],
    "concurrency": 2,
    "expand_hostvars": False,
    "fail_on_errors": False,
    "inventory_hostname": "name",
    "legacy_groups": True,
    "only_clouds": [],
    "only_ipv4": False,
    "private": False,
    "regions": [],
    "server_filters": {},
    "show_all": False,
    "timeout": 1.0,
    "use_names": False,
    "cache": False,
    "strict": False,
    "compose": {},
    "groups": {},
    "keyed_groups": [],
    "use_extra_vars": False,
    "leading_separator": True,
}


@pytest.fixture
def faked(tmp_path, monkeypatch):
    """clouds: good (R1, R2), twin (R1; a server named like one of good's), refused, hanging, broken config."""
    auth = {
        "auth_url": "http://127.0.0.1:1/v3",
        "username": "u",
        "password": "unit-not-a-secret",
        "project_name": "p",
        "user_domain_name": "Default",
        "project_domain_name": "Default",
    }
    clouds = {
        "good": {"auth": auth, "regions": ["R1", "R2"]},
        "twin": {"auth": auth, "regions": ["R1"]},
        "refused": {"auth": auth, "regions": ["R1"]},
        "hanging": {"auth": auth, "regions": ["R1"]},
        "broken": {"auth": {"username": "u"}, "regions": ["R1"]},
    }
    path = tmp_path / "clouds.yaml"
    path.write_text(yaml.safe_dump({"clouds": clouds}))
    release = threading.Event()

    def fetch(cloud, **kwargs):
        cloud.session.requests = 2
        if cloud.name == "refused":
            raise AuthError("authentication refused by the cloud (password: unit-not-a-secret)", cloud=cloud.name)
        if cloud.name == "hanging":
            release.wait(60)
        servers = {
            ("good", "R1"): [server("g1", "web", "good", "R1", public_v4="203.0.113.1", metadata={"role": "web"})],
            ("good", "R2"): [
                server("g2", "db", "good", "R2", private_v4="10.0.0.2"),
                server("g3", "building", "good", "R2", private_v4=""),
            ],
            ("twin", "R1"): [server("t1", "web", "twin", "R1", public_v4="203.0.113.9")],
        }[(cloud.name, cloud.region_name)]
        return {"servers": servers, "project": {"id": "p", "name": "p"}, "fetched_at": 0}

    monkeypatch.setattr(inv, "connect", lambda config, source, app_name=None: FakeCloud(source))
    monkeypatch.setattr(inv, "fetch", fetch)
    monkeypatch.delenv("OS_CLOUD", raising=False)

    def parse(**options):
        plugin = plugin_module.InventoryModule()
        plugin._options = dict(DEFAULTS, **options)
        plugin.display = Display()
        plugin._configure = lambda _path: str(path)
        inventory = InventoryData()
        error = None
        try:
            plugin.parse(inventory, DataLoader(), str(tmp_path / "openstack.yml"))
        except AnsibleParserError as e:
            error = e
        return inventory, plugin.display.warnings, error

    yield parse
    release.set()


def test_failed_sources_are_reported_and_the_others_populate(faked):
    # the inventory file's expressions are trusted templates (Ansible's loader marks them so); the cloud's data is not
    key = trust_as_template("openstack.metadata.role")
    inventory, warnings, error = faked(keyed_groups=[{"key": key, "prefix": "role"}])
    assert error is None
    # the name shared by good and twin: two hosts by id, in the group of the name
    assert sorted(inventory.hosts) == ["db", "g1", "t1"]
    assert sorted(h.name for h in inventory.groups["web"].get_hosts()) == ["g1", "t1"]
    assert inventory.get_host("g1").vars["ansible_host"] == "203.0.113.1"
    assert inventory.get_host("db").vars["ansible_host"] == "10.0.0.2"  # no public address: the private one
    assert [h.name for h in inventory.groups["role_web"].get_hosts()] == ["g1"]
    assert [h.name for h in inventory.groups["good_R2"].get_hosts()] == ["db"]
    summary = inventory.groups["all"].vars["polystack_inventory"]
    assert summary["failed_sources"] == ["broken", "hanging/R1", "refused/R1"]  # clouds by name
    assert [summary["sources"][s]["status"] for s in ("good/R1", "good/R2", "twin/R1")] == ["ok", "ok", "ok"]
    assert summary["sources"]["hanging/R1"]["error"] == "no answer within the timeout of 1s"
    assert "auth_url" in summary["sources"]["broken"]["error"]
    # one warning per failed source, naming it and the reason, never the password
    failed = [w for w in warnings if " failed, its servers are not in the inventory: " in w]
    assert len(failed) == 3
    assert any("source refused/R1 failed" in w and "authentication refused" in w for w in failed)
    assert any("source hanging/R1 failed" in w and "timeout" in w for w in failed)
    assert any("source broken failed" in w and "auth_url" in w for w in failed)
    assert not any("unit-not-a-secret" in w for w in warnings)


def test_fail_on_errors_fails_the_source_after_populating(faked):
    inventory, warnings, error = faked(fail_on_errors=True, only_clouds=["good", "refused"])
    assert sorted(inventory.hosts) == ["db", "web"]  # alone with good, web is a unique name
    assert "good_R1" in [g.name for g in inventory.groups["all"].child_groups]  # linked to all despite the error
    assert error is not None and "1 of 3 sources failed" in str(error) and "refused/R1" in str(error)
    assert "unit-not-a-secret" not in str(error)
    assert len([w for w in warnings if "source refused/R1 failed" in w]) == 1


def test_regions_filter_and_only_clouds(faked):
    inventory, warnings, error = faked(only_clouds=["good", "twin"], regions=["R2"])
    assert error is None and warnings == [] and sorted(inventory.hosts) == ["db"]
    summary = inventory.groups["all"].vars["polystack_inventory"]
    assert list(summary["sources"]) == ["good/R2"]


def test_os_cloud_chooses_the_cloud(faked, monkeypatch):
    monkeypatch.setenv("OS_CLOUD", "twin")
    inventory, _warnings, error = faked()
    assert error is None and sorted(inventory.hosts) == ["web"]
    assert inventory.get_host("web").vars["openstack"]["cloud"] == "twin"


def test_unknown_clouds_are_an_error_naming_them(faked):
    _inventory, _warnings, error = faked(only_clouds=["good", "nope"])
    assert "only_clouds: unknown cloud nope; known clouds: broken, good, hanging, refused, twin" in str(error)


def test_servers_without_an_address_only_with_show_all(faked):
    inventory, _w, _e = faked(only_clouds=["good"])
    assert "building" not in inventory.hosts
    inventory, _w, _e = faked(only_clouds=["good"], show_all=True)
    assert "ansible_host" not in inventory.get_host("building").vars
    assert inventory.get_host("building").vars["openstack"]["interface_ip"] == ""


def test_private_and_use_names(faked):
    inventory, _w, _e = faked(only_clouds=["good"], private=True)
    assert inventory.get_host("web").vars["ansible_host"] == inventory.get_host("web").vars["openstack"]["private_v4"]
    inventory, _w, _e = faked(only_clouds=["good"], use_names=True)
    assert inventory.get_host("web").vars["ansible_host"] == "web"


@pytest.mark.parametrize(
    "name, wanted",
    [
        ("openstack.yml", True),
        ("openstack.yaml", True),
        ("prod.openstack.yml", True),
        ("clouds.yaml", True),
        ("clouds.yml", True),
        ("hosts.yml", False),
        ("openstack.json", False),
    ],
)
def test_inventory_file_names(tmp_path, name, wanted):
    path = tmp_path / name
    path.write_text("plugin: polystack.cloud.openstack\n")
    assert plugin_module.InventoryModule().verify_file(str(path)) is wanted
