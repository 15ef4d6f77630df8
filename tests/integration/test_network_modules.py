"""The network neighbours (issue 20) on the devcloud: a complete project network - network, subnet, router to the
external network, security group with its rules - and a server reachable on its floating IP, on every cloud-region,
built in check mode (which predicts every change and makes nothing), for real, again (no change), and torn down
(twice: the second finds nothing to do), leaving nothing behind; then one test per known defect of the peer's
security_group_rule, each `ok` on its second run; names that never reach another project."""

import json
import os
import re
import subprocess
import sys
import uuid

import pytest
import yaml
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config, _neutron
from conftest import BIN, module_docs, recap, run_tool

pytestmark = pytest.mark.devcloud

REGIONS = [
    ("devcloud-fip", "RegionOne"),
    ("devcloud-fip", "RegionTwo"),
    ("devcloud-direct", "RegionOne"),
    ("devcloud-direct", "RegionTwo"),
]
BUILD_MODULES = ("os_network", "os_subnet", "os_router", "os_security_group", "os_port", "os_server")


@pytest.fixture
def connect(clouds_yaml, tmp_path, monkeypatch):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    return lambda cloud, region="RegionOne": _cloud.connect(cloud=cloud, region_name=region, config=config)


def playbook(tmp_path, clouds_yaml, plays, *args, name="play"):
    """Run plays; the registered results are written by each play's last task to <name>-<play>.json."""
    path = tmp_path / ("%s.yml" % name)
    path.write_text(yaml.safe_dump(plays, sort_keys=False))
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    proc = run_tool(["ansible-playbook", str(path)] + list(args), env)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out[-4000:]
    return proc.returncode, out


def build_tasks(prefix, state="present"):
    """The project network of the issue's "done when", for the cloud-region of the loop item."""
    common = {"cloud": "{{ item.0 }}", "region_name": "{{ item.1 }}"}
    present = state == "present"
    net = prefix + "net"
    tasks = [
        ("os_network", dict(name=net, mtu=1400, port_security_enabled=True)),
        ("os_subnet", dict(name=prefix + "sub", network=net, cidr="192.168.91.0/24", dns_nameservers=["192.0.2.53"],
                           allocation_pools=[{"start": "192.168.91.10", "end": "192.168.91.99"}])),
        ("os_router", dict(name=prefix + "rtr", network="public", interfaces=[prefix + "sub"])),
        ("os_security_group", dict(name=prefix + "sg", description="ssh and ping", rules=[
            {"protocol": "tcp", "port_range_min": 22, "remote_ip_prefix": "0.0.0.0/0"},
            {"protocol": "icmp", "remote_ip_prefix": "0.0.0.0/0"},
            {"direction": "egress", "ether_type": "IPv4"},
            {"direction": "egress", "ether_type": "IPv6"},
        ])),
        ("os_port", dict(name=prefix + "vip", network=net, security_groups=[prefix + "sg"],
                         fixed_ips=[{"subnet_id": prefix + "sub", "ip_address": "192.168.91.5"}])),
        ("os_server", dict(name=prefix + "srv", image="devcloud-tiny", flavor_ram=512, network=net,
                           security_groups=[prefix + "sg"], auto_ip=True, delete_fip=True)),
    ]  # fmt: skip
    if not present:
        tasks = [(m, {"name": o["name"], "state": "absent", **({"delete_fip": True} if m == "os_server" else {})})
                 for m, o in reversed(tasks)]  # fmt: skip
    return [
        {
            "name": module,
            "polystack.cloud.%s" % module: dict(common, **options, **({"state": state} if present else {})),
            "loop": [list(r) for r in REGIONS],
            "register": "r_%s" % module,
        }
        for module, options in tasks
    ]


def run_build(tmp_path, clouds_yaml, prefix, state, *args, name, only=None):
    """The build (or teardown) playbook, or only its task of one module; {module: registered loop result}."""
    tasks = [t for t in build_tasks(prefix, state) if only is None or t["name"] == only]
    registered = [t["register"] for t in tasks]
    report = {
        "name": "Report",
        "ansible.builtin.copy": {
            "dest": str(tmp_path / ("%s.json" % name)),
            "content": "{{ {%s} | to_json }}" % ", ".join("'%s': %s" % (r[2:], r) for r in registered),
            "mode": "0600",
        },
        "check_mode": False,
    }
    plays = [{"name": "project network", "hosts": "localhost", "gather_facts": False, "tasks": tasks + [report]}]
    rc, out = playbook(tmp_path, clouds_yaml, plays, *args, name=name)
    assert rc == 0, out[-5000:]
    return json.loads((tmp_path / ("%s.json" % name)).read_text())


def changed_by_module(results):
    return dict((m, [r["changed"] for r in res["results"]]) for m, res in results.items())


def leftovers(connect, prefix):
    """Every resource whose name starts with the prefix, on every cloud-region (servers, networks, ports, ...)."""
    found = []
    for cloud, region in REGIONS:
        c = connect(cloud, region)
        for kind in ("network", "subnet", "port", "router", "security_group"):
            found += ["%s %s %s/%s" % (kind, r["name"], cloud, region) for r in c.list(kind, raw=True)
                      if (r.get("name") or "").startswith(prefix)]  # fmt: skip
        found += ["server %s" % s["name"] for s in c.list_servers(bare=True) if s["name"].startswith(prefix)]
    return found


def test_a_project_network_on_every_cloud_region_twice_then_gone(tmp_path, clouds_yaml, connect):
    prefix = "nm-%s-" % uuid.uuid4().hex[:6]
    first = {}
    try:
        # module by module, as the playbook runs them: check mode first (it must find what the task names, as the
        # real run does, so the resources of the earlier tasks must be there), then the real run
        for module in BUILD_MODULES:
            check = run_build(tmp_path, clouds_yaml, prefix, "present", "--check", "--diff", name="c", only=module)
            assert all(r["changed"] for r in check[module]["results"]), check
            made = leftovers(connect, prefix)
            real = run_build(tmp_path, clouds_yaml, prefix, "present", "--diff", name="r", only=module)
            assert all(r["changed"] for r in real[module]["results"]), real
            assert len(leftovers(connect, prefix)) > len(made), "%s made nothing" % module
            first[module] = real[module]
            # what check mode predicted is what the real run did (ids aside: check mode cannot know them)
            for predicted, done in zip(check[module]["results"], real[module]["results"], strict=True):
                if module == "os_server":
                    continue  # os_server's check-vs-real is tests/integration/test_check_vs_real.py's
                after_check, after_real = dict(predicted["diff"]["after"]), dict(done["diff"]["after"])
                after_check.pop("id", None)
                after_real.pop("id", None)
                assert after_check == after_real, (module, after_check, after_real)

        for res in first["os_server"]["results"]:
            server = res["server"]
            assert server["public_v4"] and server["public_v4"] != server["private_v4"], server
            assert server["private_v4"].startswith("192.168.91."), server
        for res in first["os_router"]["results"]:
            gateway = res["router"]["external_gateway_info"]
            assert gateway and gateway["network_id"], res["router"]
        for res in first["os_security_group"]["results"]:
            rules = res["security_group"]["security_group_rules"]
            assert len(rules) == 4, rules  # the two listed ingress rules and the two egress ones, nothing else

        again = run_build(tmp_path, clouds_yaml, prefix, "present", "--check", name="again-check")
        assert not any(any(v) for v in changed_by_module(again).values()), changed_by_module(again)
        again = run_build(tmp_path, clouds_yaml, prefix, "present", name="again")
        assert not any(any(v) for v in changed_by_module(again).values()), changed_by_module(again)
    finally:
        gone = run_build(tmp_path, clouds_yaml, prefix, "absent", name="gone")
    assert all(all(v) for v in changed_by_module(gone).values()), changed_by_module(gone)
    gone = run_build(tmp_path, clouds_yaml, prefix, "absent", name="gone-again")
    assert not any(any(v) for v in changed_by_module(gone).values()), changed_by_module(gone)
    assert leftovers(connect, prefix) == []
    # the shared external network and the project's own network and router are still there
    c = connect("devcloud-fip")
    assert c.get_network("public") and c.get_network("private") and c.get("router", "router1")


def rule_play(tmp_path, clouds_yaml, group, spellings, name):
    """One rule written two ways (a peer defect's two spellings): each task runs twice."""
    tasks = []
    for i, spelling in enumerate(spellings):
        for n in (1, 2):
            tasks.append({
                "name": "spelling %d run %d" % (i, n),
                "polystack.cloud.os_security_group_rule": dict(cloud="devcloud-fip", security_group=group, **spelling),
                "register": "r%d_%d" % (i, n),
            })  # fmt: skip
    regs = ["r%d_%d" % (i, n) for i in range(len(spellings)) for n in (1, 2)]
    tasks.append({
        "name": "Report",
        "ansible.builtin.copy": {"dest": str(tmp_path / (name + ".json")), "mode": "0600",
                                 "content": "{{ [%s] | map(attribute='changed') | list | to_json }}" % ", ".join(regs)},
    })  # fmt: skip
    plays = [{"name": name, "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
    rc, out = playbook(tmp_path, clouds_yaml, plays, name=name)
    assert rc == 0, out[-4000:]
    return json.loads((tmp_path / (name + ".json")).read_text())


# each peer defect (issue 20): the rule as a playbook first writes it, then as the cloud reports it or as another
# playbook writes the same rule; the first task makes it, every other run is `ok`
DEFECTS = {
    "icmp with port_range -1": [
        {"protocol": "icmp", "port_range_min": -1, "port_range_max": -1, "remote_ip_prefix": "0.0.0.0/0"},
        {"protocol": "icmp", "remote_ip_prefix": "0.0.0.0/0"},
    ],
    "host prefix without /32": [
        {"protocol": "tcp", "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "198.51.100.7"},
        {"protocol": "tcp", "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "198.51.100.7/32"},
    ],
    "every port as 1-65535 or 0-65535": [
        {"protocol": "tcp", "port_range_min": 1, "port_range_max": 65535, "remote_ip_prefix": "203.0.113.0/24"},
        {"protocol": "tcp", "port_range_min": 0, "port_range_max": 65535, "remote_ip_prefix": "203.0.113.0/24"},
        {"protocol": "tcp", "remote_ip_prefix": "203.0.113.0/24"},
    ],
    "IPv6 any as ::/0 with the ethertype from the prefix": [
        {"protocol": "tcp", "port_range_min": 443, "remote_ip_prefix": "::/0"},
        {"protocol": "tcp", "port_range_min": 443, "port_range_max": 443, "ether_type": "IPv6",
         "remote_ip_prefix": "::/0"},
    ],
    "protocol names and numbers, icmpv6 and ipv6-icmp": [
        {"protocol": "icmpv6", "remote_ip_prefix": "2001:db8::/64"},
        {"protocol": "ipv6-icmp", "ether_type": "IPv6", "remote_ip_prefix": "2001:db8::/64"},
        {"protocol": "58", "remote_ip_prefix": "2001:db8::/64"},
    ],
    "udp by number, host without mask": [
        {"protocol": "17", "port_range_min": 53, "remote_ip_prefix": "192.0.2.1"},
        {"protocol": "udp", "port_range_min": 53, "port_range_max": 53, "remote_ip_prefix": "192.0.2.1/32"},
    ],
    "any protocol as any, 0 or none": [
        {"protocol": "any", "remote_ip_prefix": "10.20.0.0/16"},
        {"protocol": "0", "remote_ip_prefix": "10.20.0.0/16"},
        {"remote_ip_prefix": "10.20.0.0/16"},
    ],
}  # fmt: skip


@pytest.fixture
def group(connect):
    c = connect("devcloud-fip")
    name = "nm-rules-%s" % uuid.uuid4().hex[:6]
    _neutron.ensure_security_group(c, {"name": name, "rules": []})
    yield name
    _neutron.ensure_security_group(c, {"name": name, "state": "absent"})
    assert not c.search("security_group", name)


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_each_peer_rule_defect_is_ok_on_the_second_run(tmp_path, clouds_yaml, connect, group, defect):
    changed = rule_play(tmp_path, clouds_yaml, group, DEFECTS[defect], "defect")
    assert changed == [True] + [False] * (len(changed) - 1), changed
    rules = connect("devcloud-fip").get("security_group", group)["security_group_rules"]
    assert len(rules) == 1, rules  # one rule, however it was written


def test_declared_rules_in_another_spelling_change_nothing(connect, group):
    """The group's declarative rules, written as the cloud does not store them, are `ok` on the next run."""
    c = connect("devcloud-fip")
    first = [
        {"protocol": "tcp", "port_range_min": 80, "remote_ip_prefix": "192.0.2.10"},
        {"protocol": "icmp", "port_range_min": -1, "port_range_max": -1},
        {"protocol": "udp", "port_range_min": 1, "port_range_max": 65535, "remote_group": group},
    ]
    second = [
        {"protocol": "6", "port_range_min": 80, "port_range_max": 80, "remote_ip_prefix": "192.0.2.10/32"},
        {"protocol": "1", "ether_type": "IPv4"},
        {"protocol": "17", "remote_group": group},
    ]
    changed, _r1, _d4 = _neutron.ensure_security_group(c, {"name": group, "rules": first})
    assert changed
    for spelling in (first, second):
        changed, after, diff = _neutron.ensure_security_group(c, {"name": group, "rules": spelling})
        assert not changed, diff
    assert len(after["security_group_rules"]) == 3


def test_a_name_never_reaches_another_projects_resource(connect):
    """An admin token lists every project's groups and networks: the admin's task on a name the user's project has
    makes its own, in its own project, and deleting by that name leaves the user's alone."""
    user, admin = connect("devcloud-fip"), connect("devcloud-admin")
    name = "nm-scope-%s" % uuid.uuid4().hex[:6]
    try:
        _c1, mine, _d1 = _neutron.ensure_security_group(user, {"name": name, "description": "the user's"})
        _c2, net, _d2 = _neutron.ensure_network(user, {"name": name})
        changed, theirs, _d3 = _neutron.ensure_security_group(admin, {"name": name, "description": "the admin's"})
        assert changed and theirs["id"] != mine["id"] and theirs["project_id"] == admin.current_project_id
        changed, _r1, _d4 = _neutron.ensure_network(admin, {"name": name, "state": "absent"})
        assert not changed  # the admin project has no network of that name
        assert _neutron.ensure_security_group(admin, {"name": name, "state": "absent"})[0]
        assert user.get("security_group", name)["description"] == "the user's"
        assert user.get_network(name)["id"] == net["id"]
    finally:
        _neutron.ensure_security_group(user, {"name": name, "state": "absent"})
        _neutron.ensure_network(user, {"name": name, "state": "absent"})
        _neutron.ensure_security_group(admin, {"name": name, "state": "absent"})


def test_what_a_task_names_and_cannot_find_fails_before_anything_is_made(tmp_path, clouds_yaml, connect):
    prefix = "nm-miss-%s-" % uuid.uuid4().hex[:6]
    cases = [
        ("os_subnet", dict(name=prefix + "sub", network="no-such-net", cidr="192.168.92.0/24"), "option network"),
        ("os_router", dict(name=prefix + "rtr", network="public", interfaces=["no-such-subnet"]), "interfaces[0]"),
        ("os_port", dict(name=prefix + "p", network="private", security_groups=["no-such-group"]), "security_groups"),
        ("os_security_group_rule", dict(security_group="no-such-group", protocol="tcp"), "security_group"),
        ("os_server", dict(name=prefix + "srv", image="devcloud-tiny", flavor_ram=512,
                           security_groups=["no-such-group"]), "no-such-group"),
        ("os_security_group", dict(name=prefix + "sg", rules=[{"protocol": "tcp", "remote_group": "no-such-group"}]),
         "rules[0] remote_group"),
    ]  # fmt: skip
    for check in (True, False):
        for module, options, says in cases:
            tasks = [{"name": module, "polystack.cloud.%s" % module: dict(options, cloud="devcloud-fip")}]
            plays = [{"name": "missing", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
            rc, out = playbook(tmp_path, clouds_yaml, plays, *(["--check"] if check else []), name="missing")
            assert rc != 0 and "not found" in out and says in out, out[-3000:]
    assert leftovers(connect, prefix) == []


def test_the_python_api_builds_and_removes_the_same(clouds_yaml, monkeypatch, tmp_path):
    """Issue 20 item 5: openstacksdk's cloud-layer calls, through the public module, on RegionTwo."""
    from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", clouds_yaml)
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    c = openstack.connect(cloud="devcloud-fip", region_name="RegionTwo")
    name = "nm-api-%s" % uuid.uuid4().hex[:6]
    try:
        sg = c.create_security_group(name, "from the Python API")
        rule = c.create_security_group_rule(sg.id, port_range_min=22, protocol="tcp", remote_ip_prefix="192.0.2.1")
        assert (rule.remote_ip_prefix, rule.port_range_max, rule.ether_type) == ("192.0.2.1/32", 22, "IPv4")
        assert rule.id in [r["id"] for r in c.get_security_group(name).security_group_rules]
        assert rule.id in [r.id for r in c.list_security_group_rules({"security_group_id": sg.id})]
        with pytest.raises(openstack.OpenStackCloudException, match="port range"):
            c.create_security_group_rule(sg.id, protocol="udp", port_range_min=9, port_range_max=1)
        net = c.create_network(name)
        sub = c.create_subnet(net.id, cidr="192.168.97.0/24", subnet_name=name, enable_dhcp=True)
        assert c.get_subnet(name).cidr == "192.168.97.0/24" and c.search_subnets(name)[0].id == sub.id
        rtr = c.create_router(name, ext_gateway_net_id="public")
        assert rtr.external_gateway_info["network_id"] == c.get_network("public").id
        assert c.add_router_interface(rtr, subnet_id=sub.id)["port_id"]
        inside = c.list_router_interfaces(rtr, "internal")
        assert [p.fixed_ips[0]["ip_address"] for p in inside] == ["192.168.97.1"]
        c.remove_router_interface(rtr, subnet_id=sub.id)
        assert c.list_router_interfaces(rtr, "internal") == []
        assert c.delete_router(name) and c.delete_subnet(name) and c.delete_network(name)
        assert c.delete_security_group_rule(rule.id) and c.delete_security_group(name)
        assert not c.delete_security_group(name)  # already gone: False, as openstacksdk says
    finally:
        for kind in ("router", "subnet", "network", "security_group"):  # the router's interfaces first
            getattr(_neutron, "ensure_" + kind)(c, {"name": name, "state": "absent"})


GUIDE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs", "docsite",
                     "rst", "networks.rst")  # fmt: skip


def guide_blocks(lang):
    """The code blocks of docs/docsite/rst/networks.rst in that language, in order (as the guide shows them)."""
    with open(GUIDE) as f:
        text = f.read()
    found = re.findall(r"\.\. code-block:: (\S+)\n\n((?:(?: {4}.*)?\n)+)", text)
    return ["\n".join(line[4:] for line in body.splitlines()).strip() + "\n" for kind, body in found if kind == lang]


def test_the_guides_playbooks_build_twice_and_remove_everything(tmp_path, clouds_yaml, connect):
    """docs/docsite/rst/networks.rst, as written (its name prefix made unique to the run): the project network and
    a reachable server on both regions, a second run that changes nothing, the removal, twice."""
    prefix = "nm-guide-%s-" % uuid.uuid4().hex[:6]
    build, remove = guide_blocks("yaml")
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    runs = []
    try:
        for text in (build, build):
            (tmp_path / "build.yml").write_text(text)
            proc = run_tool(["ansible-playbook", str(tmp_path / "build.yml"), "-e", "prefix=" + prefix], env)
            assert proc.returncode == 0 and "Traceback" not in proc.stdout, proc.stdout[-4000:]
            runs.append(recap(proc.stdout))
        assert runs[0]["changed"] == 5 and runs[1]["changed"] == 0, runs
        assert re.search(r'"172\.24\.\d+\.\d+",\s*"172\.24\.\d+\.\d+"', proc.stdout), proc.stdout[-2000:]
    finally:
        gone = []
        for _attempt in range(2):
            (tmp_path / "remove.yml").write_text(remove)
            proc = run_tool(["ansible-playbook", str(tmp_path / "remove.yml"), "-e", "prefix=" + prefix], env)
            assert proc.returncode == 0, proc.stdout[-4000:]
            gone.append(recap(proc.stdout)["changed"])
    assert gone == [4, 0], gone
    assert leftovers(connect, prefix) == []


def test_the_guides_python_example_runs(tmp_path, clouds_yaml):
    prefix = "nm-py-%s-" % uuid.uuid4().hex[:6]
    (code,) = guide_blocks("python")
    path = tmp_path / "example.py"
    path.write_text(code.replace('"app-', '"' + prefix))
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.run(
        [sys.executable, str(path)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "['192.168.121.1']"
    c = _cloud.connect(cloud="devcloud-fip", region_name="RegionTwo", config=_config.CloudConfig(
        config_file=clouds_yaml, env={}))  # fmt: skip
    assert not [r for kind in ("router", "network", "security_group") for r in c.list(kind, raw=True)
                if r["name"].startswith(prefix)]  # fmt: skip


PEER_PAIRS = {
    "security_group": "os_security_group",
    "security_group_rule": "os_security_group_rule",
    "network": "os_network",
    "subnet": "os_subnet",
    "router": "os_router",
    "port": "os_port",
    "security_group_info": "os_security_group_info",
    "security_group_rule_info": "os_security_group_rule_info",
    "networks_info": "os_network_info",
    "subnets_info": "os_subnet_info",
    "routers_info": "os_router_info",
    "port_info": "os_port_info",
}
# defaults that differ on purpose: ours follows what the task gives (an IPv6 prefix, an IPv6 CIDR), theirs fails
OUR_DEFAULTS = {("security_group_rule", "ether_type"), ("subnet", "ip_version"), ("routers_info", "filters")}


def peer_docs(name):
    from test_bare_names import peer_collections  # the ansible 14.5.0 wheel's openstack.cloud 2.6.0, downloaded once

    path = os.path.join(peer_collections(), "ansible_collections", "openstack", "cloud", "plugins", "modules")
    return module_docs(os.path.join(path, name + ".py"))


def test_openstack_cloud_options_are_ours_too():
    """Every option and alias of openstack.cloud 2.6.0's network modules, with its choices and default."""
    root = os.path.join(os.path.dirname(GUIDE), "..", "..", "..", "plugins", "modules")
    problems, counted = [], 0
    for peer, ours in PEER_PAIRS.items():
        theirs = peer_docs(peer)["DOCUMENTATION"]["options"]
        mine = module_docs(os.path.join(root, ours + ".py"))["DOCUMENTATION"]["options"]
        names = set(mine) | set(a for o in mine.values() for a in o.get("aliases") or [])
        for option, spec in theirs.items():
            counted += 1
            if option not in names:
                problems.append("%s: %s missing" % (ours, option))
                continue
            found = mine.get(option) or next(o for o in mine.values() if option in (o.get("aliases") or []))
            missing_aliases = set(spec.get("aliases") or []) - names
            if missing_aliases:
                problems.append("%s: %s aliases %s missing" % (ours, option, sorted(missing_aliases)))
            if spec.get("choices") and sorted(map(str, spec["choices"])) != sorted(
                map(str, found.get("choices") or [])
            ):
                problems.append("%s: %s choices %s, ours %s" % (ours, option, spec["choices"], found.get("choices")))
            if "default" in spec and (peer, option) not in OUR_DEFAULTS:
                if str(spec["default"]).lower() != str(found.get("default")).lower():
                    problems.append(
                        "%s: %s default %r, ours %r" % (ours, option, spec["default"], found.get("default"))
                    )
    assert not problems, "\n".join(problems)
    assert counted == 111  # options (126 names with their aliases)


def test_what_openstack_cloud_returns_we_return(connect):
    """The keys openstack.cloud 2.6.0 documents inside each resource are in ours, as the devcloud answers."""
    c = connect("devcloud-fip")
    p = "nm-ret-%s-" % uuid.uuid4().hex[:6]
    made = {}
    try:
        made["security_group"] = _neutron.ensure_security_group(c, {"name": p + "sg", "rules": [{"protocol": "tcp"}]})
        made["security_group_rule"] = _neutron.ensure_security_group_rule(
            c, {"security_group": p + "sg", "protocol": "udp", "port_range_min": 53}
        )
        made["network"] = _neutron.ensure_network(c, {"name": p + "net"})
        made["subnet"] = _neutron.ensure_subnet(
            c, {"name": p + "sub", "network": p + "net", "cidr": "192.168.131.0/24"}
        )
        made["router"] = _neutron.ensure_router(c, {"name": p + "rtr", "network": "public", "interfaces": [p + "sub"]})
        made["port"] = _neutron.ensure_port(c, {"name": p + "port", "network": p + "net"})
        listed = {
            "security_group_info": _neutron.list_resources(c, "security_group", p + "sg"),
            "security_group_rule_info": _neutron.list_rules(c, {"security_group": p + "sg"}),
            "networks_info": _neutron.list_resources(c, "network", p + "net"),
            "subnets_info": _neutron.list_resources(c, "subnet", p + "sub"),
            "routers_info": _neutron.list_routers(c, p + "rtr"),
            "port_info": _neutron.list_resources(c, "port", p + "port"),
        }
        problems, counted = [], 0
        for peer, key in (("security_group", "security_group"), ("security_group_rule", "rule"), ("network", "network"),
                          ("subnet", "subnet"), ("router", "router"), ("port", "port")):  # fmt: skip
            documented = peer_docs(peer)["RETURN"][key].get("contains") or {}
            resource = made[peer][1]
            counted += len(documented)
            problems += ["%s.%s" % (key, k) for k in documented if k not in resource]
        for peer, found in listed.items():
            (key,) = peer_docs(peer)["RETURN"]
            documented = peer_docs(peer)["RETURN"][key].get("contains") or {}
            assert found, peer
            counted += len(documented)
            problems += ["%s[].%s" % (key, k) for k in documented if k not in found[0]]
        assert not problems, problems
        assert counted > 250, counted
    finally:
        for kind, name in (("port", "port"), ("router", "rtr"), ("network", "net"), ("security_group", "sg")):
            getattr(_neutron, "ensure_" + kind)(c, {"name": p + name, "state": "absent"})


RACE = """\
- name: The same network tasks from %(forks)d forks at once
  hosts: racers
  gather_facts: false
  vars:
    ansible_connection: local
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/polystack.cloud.openstack: {cloud: devcloud-fip, region_name: RegionOne}
  tasks:
    - name: Group
      polystack.cloud.os_security_group:
        name: "%(p)ssg"
        rules: [{protocol: tcp, port_range_min: 22}]
    - name: Rule
      polystack.cloud.os_security_group_rule: {security_group: "%(p)ssg", protocol: udp, port_range_min: 53}
    - name: Network
      polystack.cloud.os_network: {name: "%(p)snet"}
    - name: Subnet
      polystack.cloud.os_subnet: {name: "%(p)ssub", network: "%(p)snet", cidr: 192.168.133.0/24}
    - name: Router
      polystack.cloud.os_router: {name: "%(p)srtr", network: public, interfaces: ["%(p)ssub"]}
    - name: Port
      polystack.cloud.os_port: {name: "%(p)sport", network: "%(p)snet"}
"""


def test_twenty_parallel_runs_make_one_of_each(tmp_path, clouds_yaml, connect):
    """Parallel runs of one playbook (20 forks) make one group, rule, network, subnet, router and port, not twenty
    (neutron names are not unique: the peer's modules make several): one fork reports each change."""
    forks, p = 20, "nm-race-%s-" % uuid.uuid4().hex[:6]
    (tmp_path / "race.yml").write_text(RACE % {"forks": forks, "p": p})
    (tmp_path / "hosts.ini").write_text("[racers]\n" + "\n".join("racer%02d" % i for i in range(forks)) + "\n")
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    env.update(ANSIBLE_FORKS=str(forks), ANSIBLE_NOCOLOR="1")
    c = connect("devcloud-fip")
    try:
        proc = run_tool(["ansible-playbook", "-i", str(tmp_path / "hosts.ini"), str(tmp_path / "race.yml")], env)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0, out[-5000:]
        for task in ("Group", "Rule", "Network", "Subnet", "Router", "Port"):
            section = out.split("TASK [%s]" % task, 1)[1].split("TASK [", 1)[0].split("PLAY RECAP", 1)[0]
            assert len(re.findall(r"^changed: \[racer", section, re.M)) == 1, section
            assert len(re.findall(r"^ok: \[racer", section, re.M)) == forks - 1, section
        for kind, name in (("security_group", "sg"), ("network", "net"), ("subnet", "sub"), ("router", "rtr"),
                           ("port", "port")):  # fmt: skip
            assert len(c.search(kind, p + name, raw=True)) == 1, kind
        assert len(c.get("security_group", p + "sg")["security_group_rules"]) == 2
        assert len(_neutron.router_interfaces(c, c.get("router", p + "rtr")["id"])) == 1
    finally:
        for kind, name in (("port", "port"), ("router", "rtr"), ("network", "net"), ("security_group", "sg")):
            for found in c.search(kind, p + name, raw=True):  # every one, should the test have made several
                getattr(_neutron, "ensure_" + kind)(c, {"name": found["id"], "state": "absent"})


def test_a_check_run_of_the_whole_guide_playbook_predicts_every_task(tmp_path, clouds_yaml, connect):
    """The guide's playbook in check mode on names nothing has yet: the subnet names a network, the router a
    subnet, the server a network and a group that only earlier tasks of this run predicted (module_utils/_ledger.py);
    each task reports its change, the diff says what was planned, and nothing is made. A second check run does not
    see the first one's predictions: its own tasks predict them again."""
    prefix = "nm-check-%s-" % uuid.uuid4().hex[:6]
    build, _remove = guide_blocks("yaml")
    (tmp_path / "build.yml").write_text(build)
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    env["POLYSTACK_CACHE_DIR"] = str(tmp_path / "cache")
    for _attempt in range(2):
        proc = run_tool(["ansible-playbook", str(tmp_path / "build.yml"), "--check", "--diff", "-e",
                         "prefix=" + prefix], env)  # fmt: skip
        assert proc.returncode == 0 and "Traceback" not in proc.stdout, proc.stdout[-4000:]
        assert recap(proc.stdout)["changed"] == 5
        assert "network %snet (planned by an earlier task of this check run)" % prefix in proc.stdout
        assert leftovers(connect, prefix) == []
    # one ledger per run, 0600, in a 0700 directory
    runs = sorted((tmp_path / "cache" / "check-runs").iterdir())
    assert len(runs) == 2 and all(oct(p.stat().st_mode & 0o777) == "0o600" for p in runs)
    assert oct((tmp_path / "cache" / "check-runs").stat().st_mode & 0o777) == "0o700"
    # (a name nothing made nor planned still fails in check mode: test_what_a_task_names_and_cannot_find_...)
