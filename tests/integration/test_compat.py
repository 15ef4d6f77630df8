"""Compatibility: a playbook written for Ansible 2.9 (the seed's, with `collections: [polystack.cloud]`) runs
unchanged and is idempotent; openstack.cloud's module names redirect to ours (meta/runtime.yml) and run;
`module_defaults: group/polystack.cloud.openstack` reaches every module in plugins/modules (under its own name and
its openstack.cloud name); the ad-hoc one-liner of the README works with readable output."""

import glob
import json
import os
import re
import subprocess

import pytest
import yaml
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _compute, _config, _network
from conftest import BIN, ROOT, module_docs

RUNTIME = os.path.join(ROOT, "meta", "runtime.yml")
MODULES = sorted(
    os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")) if "__" not in p
)
# openstack.cloud's names for what this collection does
OPENSTACK_CLOUD_NAMES = ["server", "image", "keypair", "floating_ip", "object"]
OPENSTACK_CLOUD_NAMES += [n + "_info" for n in OPENSTACK_CLOUD_NAMES]
OPENSTACK_CLOUD_NAMES += ["security_group", "security_group_rule", "network", "subnet", "router", "port"]
OPENSTACK_CLOUD_NAMES += ["security_group_info", "security_group_rule_info", "port_info"]
OPENSTACK_CLOUD_NAMES += ["object_container", "object_containers_info"]
# openstack.cloud's plural info names, redirected to our singular ones
PLURAL_INFO = {"networks_info": "os_network_info", "subnets_info": "os_subnet_info", "routers_info": "os_router_info"}
PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy compat"

# The seed's Ansible 2.9 playbook (../shared/seeds/002_*), as it was written, plus the one line a 2.9 playbook
# needs to find the modules in a collection. Only the server names carry this test's prefix (compat-): the
# devcloud is shared. Its vars (flavor, image, key of the seed's cloud) are overridden with -e, as a user would.
ANSIBLE29_PLAYBOOK = """\
---
  - name: Foo
    hosts: localhost
    connection: local
    collections: [polystack.cloud]
    vars:
      FLAVOR: '8GB Standard Instance'
      IMAGE_NAME: 'Ubuntu 14.04 LTS (Trusty Tahr) (PVHVM)'
      KEY_NAME: nibz
    tasks:
      - name: create instances
        os_server:
          name: "{{ item }}"
          image: "{{ IMAGE_NAME }}"
          key_name: "{{ KEY_NAME }}"
          wait: yes
          timeout: 200
          flavor: "{{ FLAVOR }}"
        with_items:
          - compat-foo
          - compat-bar
          - compat-baz
"""
# and its teardown, 2.9 style too (delete_fip is the 2.9 name of delete_ips)
ANSIBLE29_TEARDOWN = """\
---
  - name: Teardown
    hosts: localhost
    connection: local
    gather_facts: no
    collections: [polystack.cloud]
    tasks:
      - name: delete instances
        os_server:
          name: "{{ item }}"
          state: absent
          delete_fip: yes
        with_items:
          - compat-foo
          - compat-bar
          - compat-baz
      - name: delete the key
        os_keypair:
          name: compat-key
          state: absent
"""


def env_for(clouds_yaml, **extra):
    env = dict(
        os.environ,
        PATH=BIN + os.pathsep + os.environ["PATH"],
        OS_CLIENT_CONFIG_FILE=clouds_yaml,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        **extra,
    )
    for name in ("ANSIBLE_CONFIG", "OS_CLOUD", "ANSIBLE_STDOUT_CALLBACK", "ANSIBLE_CALLBACK_RESULT_FORMAT"):
        if name not in extra:
            env.pop(name, None)
    return env


def run(command, clouds_yaml, timeout=900, **extra):
    proc = subprocess.run(
        [os.path.join(BIN, command[0]), *command[1:]],
        cwd=ROOT,
        env=env_for(clouds_yaml, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proc, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def fip_cloud(clouds_yaml):
    return _cloud.connect(cloud="devcloud-fip", config=_config.CloudConfig(config_file=clouds_yaml, env={}))


def test_ansible29_playbook_runs_unchanged(clouds_yaml, tmp_path, fip_cloud):
    playbook, teardown = tmp_path / "ansible_machines.yml", tmp_path / "teardown.yml"
    playbook.write_text(ANSIBLE29_PLAYBOOK)
    teardown.write_text(ANSIBLE29_TEARDOWN)
    names = ("compat-foo", "compat-bar", "compat-baz")
    # the 2.9 user's environment: OS_CLOUD names the cloud, no cloud option in the playbook
    extra = {"OS_CLOUD": "devcloud-fip", "ANSIBLE_LOCALHOST_WARNING": "false"}
    seed_vars = ["-e", "FLAVOR=m1.tiny", "-e", "IMAGE_NAME=devcloud-tiny", "-e", "KEY_NAME=compat-key"]
    ids = {}
    try:
        key_args = "name=compat-key public_key='%s'" % PUBLIC_KEY
        key, out, err = run(
            ["ansible", "localhost", "-m", "polystack.cloud.os_keypair", "-a", key_args], clouds_yaml, **extra
        )
        assert key.returncode == 0, out + err
        first, out, err = run(["ansible-playbook", str(playbook), *seed_vars], clouds_yaml, **extra)
        assert first.returncode == 0, out + err
        assert "Traceback" not in out + err and "[DEPRECATION" not in out + err
        for name in names:
            assert "changed: [localhost] => (item=%s)" % name in out, out
            server = fip_cloud.get_server(name)
            ids[name] = server.id
            assert server.status == "ACTIVE" and server.key_name == "compat-key"
            assert server.flavor.original_name == "m1.tiny"
            assert server.image.id == fip_cloud.get_image("devcloud-tiny").id
            # auto_ip (on by default, as in 2.9): a floating IP made for it on this private-network cloud
            public = _compute.server_addresses(fip_cloud, server)["public_v4"]
            marked = fip_cloud.list_floating_ips({"description": _network.MARK % server.id})
            assert [f.floating_ip_address for f in marked] == [public]
        again, out, err = run(["ansible-playbook", str(playbook), *seed_vars], clouds_yaml, **extra)
        assert again.returncode == 0, out + err
        for name in names:
            assert "ok: [localhost] => (item=%s)" % name in out, out
        assert "changed=0" in out.split("PLAY RECAP", 1)[1]
    finally:
        down, out, err = run(["ansible-playbook", str(teardown)], clouds_yaml, **extra)
    assert down.returncode == 0, out + err
    for name in names:
        assert fip_cloud.get_server(name) is None
        assert fip_cloud.list_floating_ips({"description": _network.MARK % ids[name]}) == []
    assert fip_cloud.get_keypair("compat-key") is None


def runtime():
    with open(RUNTIME) as f:
        return yaml.safe_load(f)


def test_openstack_cloud_names_redirect_to_ours():
    routing = runtime()["plugin_routing"]["modules"]
    for name in OPENSTACK_CLOUD_NAMES:
        assert routing.get(name) == {"redirect": "polystack.cloud.os_" + name}, name
    for name, ours in PLURAL_INFO.items():
        assert routing.get(name) == {"redirect": "polystack.cloud." + ours}, name
    for name, route in routing.items():
        target = route["redirect"]
        assert target.startswith("polystack.cloud.") and target.split(".")[-1] in MODULES, (name, target)


# harmless arguments that make each module run against the cloud (nothing of the kind exists: nothing changes)
HARMLESS = {
    "os_floating_ip": {"floating_ip_address": "192.0.2.254", "state": "absent"},
    "os_image": {"name": "compat-none", "state": "absent"},
    "os_keypair": {"name": "compat-none", "state": "absent"},
    "os_object": {"container": "compat-none", "state": "absent"},
    "os_server": {"name": "compat-none", "state": "absent"},
    "os_network": {"name": "compat-none", "state": "absent"},
    "os_subnet": {"name": "compat-none", "state": "absent"},
    "os_router": {"name": "compat-none", "state": "absent"},
    "os_port": {"name": "compat-none", "state": "absent"},
    "os_security_group": {"name": "compat-none", "state": "absent"},
    "os_object_container": {"name": "compat-none", "state": "absent"},
    "os_volume": {"name": "compat-none", "state": "absent"},
    "os_security_group_rule": {"security_group": "default", "protocol": "tcp", "port_range_min": 1,
                               "remote_ip_prefix": "192.0.2.254", "state": "absent"},
}  # fmt: skip


def args_for(module):
    if module.endswith("_info"):
        return {}
    if module not in HARMLESS:
        pytest.fail("add harmless arguments for the new module %s to HARMLESS in %s" % (module, __file__))
    return HARMLESS[module]


def always_returned(module):
    """The RETURN keys the module documents as returned always."""
    doc = module_docs(os.path.join(ROOT, "plugins", "modules", module + ".py"))["RETURN"]
    keys = sorted(k for k, v in doc.items() if v.get("returned") == "always")
    assert keys, module
    return keys


def test_openstack_cloud_names_run_our_modules(clouds_yaml, tmp_path):
    """A playbook ported from openstack.cloud by changing the collection name: every redirected name runs ours."""
    routing = runtime()["plugin_routing"]["modules"]
    tasks = []
    for name, route in sorted(routing.items()):
        module = route["redirect"].split(".")[-1]
        tasks.append(
            {
                "name": name,
                "polystack.cloud." + name: dict(args_for(module), cloud="devcloud-fip"),
                "register": "r_" + name,
            }
        )
    checks = ["r_%s is not failed and r_%s is not changed" % (n, n) for n in sorted(routing)]
    # each result has what our module's RETURN says it always returns: the module that ran is ours
    for name, route in sorted(routing.items()):
        for key in always_returned(route["redirect"].split(".")[-1]):
            checks.append("'%s' in r_%s" % (key, name))
    tasks.append({"name": "They all ran ours", "ansible.builtin.assert": {"that": checks}})
    play = [{"name": "Redirects", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
    (tmp_path / "redirects.yml").write_text(json.dumps(play))
    proc, out, err = run(
        ["ansible-playbook", str(tmp_path / "redirects.yml")], clouds_yaml, ANSIBLE_LOCALHOST_WARNING="false"
    )
    assert proc.returncode == 0, out + err
    assert "failed=0" in out and "changed=0" in out


def test_module_defaults_group_covers_every_module(clouds_yaml, tmp_path):
    group = runtime()["action_groups"]["openstack"]
    assert sorted(group) == MODULES  # every module, and nothing else
    # each module, by its name and by its openstack.cloud name, takes the group's cloud: a cloud that does not
    # exist, so that each task's error names it (a module the defaults missed would say something else)
    names = ["polystack.cloud." + m for m in MODULES]
    names += ["polystack.cloud." + n for n, r in runtime()["plugin_routing"]["modules"].items()]
    tasks = []
    for i, name in enumerate(names):
        module = name.split(".")[-1]
        module = module if module in MODULES else PLURAL_INFO.get(module, "os_" + module)
        tasks.append({"name": name, name: args_for(module), "register": "r%d" % i, "ignore_errors": True})
    checks = [
        "r%d is failed and \"unknown cloud 'compat-no-such-cloud'\" in r%d.msg" % (i, i) for i in range(len(names))
    ]
    tasks.append({"name": "Every module took the group's cloud", "ansible.builtin.assert": {"that": checks}})
    play = [
        {
            "name": "Module defaults",
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {"group/polystack.cloud.openstack": {"cloud": "compat-no-such-cloud"}},
            "tasks": tasks,
        }
    ]
    (tmp_path / "defaults.yml").write_text(json.dumps(play))
    proc, out, err = run(
        ["ansible-playbook", str(tmp_path / "defaults.yml")], clouds_yaml, ANSIBLE_LOCALHOST_WARNING="false"
    )
    assert proc.returncode == 0, out + err
    assert "Every module took the group's cloud" in out and "ignored=%d" % len(names) in out
    assert "Traceback" not in out


def adhoc(clouds_yaml, args):
    """The README's one-liner, as a newcomer types it (k=v arguments, run from the checkout): the exit code, the
    result line ("localhost | CHANGED"), the JSON after it, and everything that was printed."""
    proc, out, err = run(["ansible", "localhost", "-m", "polystack.cloud.os_server", "-a", args], clouds_yaml)
    found = re.search(r"^(localhost \| [A-Z!]+) => ", out, re.M)
    assert found, out + err
    return proc, found.group(1), out[found.end() :], out + err


def test_adhoc_os_server_is_readable(clouds_yaml, clouds, fip_cloud):
    create = "cloud=devcloud-fip name=compat-adhoc image=devcloud-tiny flavor_ram=512"
    try:
        proc, head, body, text = adhoc(clouds_yaml, create)
        assert proc.returncode == 0, text
        assert head == "localhost | CHANGED", text
        result = json.loads(body)  # one JSON document, pretty-printed
        assert body.startswith("{\n    ") and result["changed"] is True
        server = result["server"]
        assert server["name"] == "compat-adhoc" and server["status"] == "ACTIVE"
        assert server["flavor"]["original_name"] == "m1.tiny"
        assert server["public_v4"] and server["public_v4"] == server["interface_ip"]
        assert server["location"] == {
            "cloud": "devcloud-fip",
            "region_name": "RegionOne",
            "project": {"id": fip_cloud.current_project_id},
        }
        assert "Traceback" not in text and clouds["devcloud-fip"]["auth"]["password"] not in text
        proc, head, body, text = adhoc(clouds_yaml, create)
        assert proc.returncode == 0 and head == "localhost | SUCCESS", text
        assert json.loads(body)["server"]["id"] == server["id"]
        # a mistake says what is wrong, where, in one line
        proc, head, body, text = adhoc(
            clouds_yaml, "cloud=devcloud-fip name=compat-adhoc2 image=compat-no-such-image flavor_ram=512"
        )
        assert proc.returncode == 2 and head == "localhost | FAILED!", text
        msg = json.loads(body)["msg"]
        assert "compat-no-such-image" in msg and "devcloud-fip" in msg and "Traceback" not in msg, msg
        assert "[ERROR]: Task failed: Module failed: " + msg in text  # ansible's summary line says it first
        assert fip_cloud.get_server("compat-adhoc2") is None
    finally:
        proc, head, body, text = adhoc(clouds_yaml, "cloud=devcloud-fip name=compat-adhoc state=absent delete_ips=true")
    assert proc.returncode == 0 and head == "localhost | CHANGED", text
    assert fip_cloud.get_server("compat-adhoc") is None
