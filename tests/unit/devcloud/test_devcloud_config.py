"""The devcloud's generated configuration: loopback only, regions kept apart, the gotchas of
../shared/devcloud-notes.md encoded (each of these cost a failure once)."""

import configparser
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "devcloud"))
from dc import cli, templates  # noqa: E402
from dc import layout as L  # noqa: E402

SECRETS = {
    "admin": "adm-S3cret",
    "appcred_secret": "app-S3cret",
    "swift_hash": "h",
    "service": {n: n + "-S3cret" for n in ("nova", "neutron", "glance", "placement", "swift", "cinder")},
    "users": {n: n + "-S3cret" for n in ("fip-user", "direct-user", "appcred-user")},
}


@pytest.fixture
def files(tmp_path):
    return templates.render(L.Paths(str(tmp_path)), SECRETS)


def parse(text):
    cp = configparser.RawConfigParser(strict=False, interpolation=None)
    cp.read_string(text)
    return cp


def test_every_listener_is_on_loopback(files):
    for path, text in files.items():
        if path.endswith(".ini") and "[uwsgi]" in text:
            socket = [ln for ln in text.splitlines() if ln.startswith("http-socket")]
            assert socket and socket[0].split("=")[1].strip().startswith("127.0.0.1:"), path
        elif "bind_ip" in text:
            assert parse(text)["DEFAULT"]["bind_ip"] == "127.0.0.1", path


def test_ports_and_names_are_unique(tmp_path):
    svcs = L.services(L.Paths(str(tmp_path)))
    names = [s.name for s in svcs]
    ports = [s.port for s in svcs if s.port]
    assert len(names) == len(set(names))
    assert len(ports) == len(set(ports))
    assert {s.region for s in svcs if s.name.startswith(("nova", "neutron", "placement", "cinder"))} == set(L.REGIONS)


def test_regions_do_not_share_queues_or_databases(files, tmp_path):
    etc = os.path.join(str(tmp_path), "etc")
    r1 = parse(files[os.path.join(etc, "RegionOne", "nova", "nova.conf")])
    r2 = parse(files[os.path.join(etc, "RegionTwo", "nova", "nova.conf")])
    for section, key in (
        ("DEFAULT", "transport_url"),
        ("database", "connection"),
        ("api_database", "connection"),
        ("DEFAULT", "host"),
        ("DEFAULT", "state_path"),
    ):
        assert r1[section][key] != r2[section][key], (section, key)
    assert r2["placement"]["region_name"] == r2["neutron"]["region_name"] == "RegionTwo"
    n2 = parse(files[os.path.join(etc, "RegionTwo", "neutron", "neutron.conf")])
    assert n2["nova"]["region_name"] == "RegionTwo"
    assert n2["DEFAULT"]["transport_url"] == r2["DEFAULT"]["transport_url"]
    c1 = parse(files[os.path.join(etc, "RegionOne", "cinder", "cinder.conf")])
    c2 = parse(files[os.path.join(etc, "RegionTwo", "cinder", "cinder.conf")])
    for section, key in (("DEFAULT", "transport_url"), ("database", "connection"), ("DEFAULT", "state_path")):
        assert c1[section][key] != c2[section][key], (section, key)
    assert c2["DEFAULT"]["transport_url"] == r2["DEFAULT"]["transport_url"]
    assert r2["cinder"]["os_region_name"] == c2["nova"]["region_name"] == "RegionTwo"
    assert c1["filevol"]["filevol_dir"] != c2["filevol"]["filevol_dir"]
    assert len(set(cli.DATABASES)) == len(cli.DATABASES) == 14


def test_nova_compute_has_no_database(files, tmp_path):
    for region in L.REGIONS:
        conf = parse(files[os.path.join(str(tmp_path), "etc", region, "nova", "nova-compute.conf")])
        assert not conf.has_section("database") and not conf.has_section("api_database")
        assert conf["DEFAULT"]["compute_driver"] == "fake.FakeDriverWithoutFakeNodes"


def test_uwsgi_closes_connections_and_nova_paste_comes_first(files, tmp_path):
    uwsgi = [t for p, t in files.items() if os.sep + "uwsgi" + os.sep in p]
    assert len(uwsgi) == 2 + 4 * len(L.REGIONS)
    assert all("add-header = Connection: close" in t for t in uwsgi)
    nova = files[os.path.join(str(tmp_path), "etc", "uwsgi", "nova-api-r2.ini")]
    assert "env = OS_NOVA_CONFIG_FILES=api-paste.ini;" in nova
    cinder = files[os.path.join(str(tmp_path), "etc", "uwsgi", "cinder-api-r2.ini")]
    assert (
        "pyargv = --config-file %s" % os.path.join(str(tmp_path), "etc", "RegionTwo", "cinder", "cinder.conf") in cinder
    )


def test_secrets_stay_out_of_command_lines(tmp_path, monkeypatch):
    """keystone-manage bootstrap gets the admin password from the environment, not argv."""
    calls = []
    monkeypatch.setattr(cli, "run", lambda argv, log, env=None, **kw: calls.append((argv, env)) or 0)
    p = L.Paths(str(tmp_path))
    os.makedirs(os.path.join(p.data, "keystone", "fernet-keys"))
    os.makedirs(os.path.join(p.data, "keystone", "credential-keys"))
    assert cli.keystone_setup(p, SECRETS) == "bootstrapped"
    ((argv, env),) = calls
    assert "bootstrap" in argv and SECRETS["admin"] not in " ".join(argv)
    assert env == {"OS_BOOTSTRAP_PASSWORD": SECRETS["admin"]}
    calls.clear()
    assert cli.keystone_setup(p, SECRETS) == "cached" and calls == []


def test_install_hash_ignores_build_leftovers(tmp_path, monkeypatch):
    before = cli.install_hash()
    leftovers = os.path.join(L.HERE, "noopmech", "build", "lib", "stray.py")
    try:
        os.makedirs(os.path.dirname(leftovers), exist_ok=True)
        with open(leftovers, "w") as f:
            f.write("x = 1\n")
        assert cli.install_hash() == before
    finally:
        os.unlink(leftovers)


def test_dry_run_reports_changed_configs_without_writing(tmp_path):
    """`up` first checks whether anything changed; that check must not write, or the restart is skipped."""
    p = L.Paths(str(tmp_path))
    for src in templates.copied_files(p).values():  # the wheels' paste files
        os.makedirs(os.path.dirname(src), exist_ok=True)
        with open(src, "w") as f:
            f.write("[pipeline:main]\n")
    changed = cli.write_configs(p, SECRETS, dry_run=True)
    assert changed and not any(os.path.exists(path) for path in changed)
    assert sorted(cli.write_configs(p, SECRETS)) == sorted(changed)
    assert cli.write_configs(p, SECRETS, dry_run=True) == []


def test_extra_computes_are_hosts_of_their_own(files, tmp_path):
    """`devcloud computes N`: each extra nova-compute reads its region's nova-compute.conf and then its own file,
    which gives it a host name, a node identity (state_path) and a log file no other compute has."""
    p = L.Paths(str(tmp_path))
    seen_hosts, seen_state, seen_logs, seen_names = set(), set(), set(), set()
    base_names = {s.name for s in L.services(p)}
    for region in L.REGIONS:
        base = parse(files[os.path.join(p.etc, region, "nova", "nova-compute.conf")])["DEFAULT"]
        seen_hosts.add(base["host"])
        seen_state.add(base["state_path"])
        svcs = L.extra_computes(p, region)
        assert len(svcs) == L.MAX_COMPUTES - 1
        for k, svc in enumerate(svcs, start=2):
            own = os.path.join(p.etc, region, "nova", "nova-compute-c%d.conf" % k)
            # the region's file first, the compute's own last: oslo.config lets the later file win
            assert svc.argv[-4:] == ["--config-file", base_name(p, region), "--config-file", own]
            assert svc.region == region and svc.name not in base_names
            conf = parse(templates.extra_compute_conf(p, region, k))["DEFAULT"]
            seen_hosts.add(conf["host"])
            seen_state.add(conf["state_path"])
            seen_logs.add(conf["log_file"])
            seen_names.add(svc.name)
            assert conf["instances_path"].startswith(conf["state_path"])
            assert os.path.isabs(conf["log_file"])  # with log_dir set, a relative log_file would land elsewhere
            assert L.extra_compute_name(region, k) == (svc.name, conf["host"])
    count = len(L.REGIONS) * L.MAX_COMPUTES
    assert len(seen_hosts) == len(seen_state) == count
    assert len(seen_logs) == len(seen_names) == count - len(L.REGIONS)


def base_name(p, region):
    return os.path.join(p.etc, region, "nova", "nova-compute.conf")
