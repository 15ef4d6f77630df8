"""The ansible-core smoke: one playbook touching all 26 modules, and the inventory, on the devcloud. `make test` runs
it on the project venv's ansible-core; `make matrix` (tests/matrix/run.sh) runs this file with the venv of every
supported ansible-core, so each release is proven the same way.

The playbook runs three times: in a fork of the worker (everything made: changed), as module processes
(POLYSTACK_IN_PROCESS=0: nothing changed), and in a fork again (nothing changed). The last two runs did the same
thing by the two paths, so their results must be identical: changed, diff, every return value, warnings, the
failure's message and the masking of no_log values (plugins/plugin_utils/_in_process.py and _core_compat.py)."""

import json
import os
import re
import subprocess
import sys
import uuid

import pytest
import yaml
from conftest import BIN, ROOT, recap

PLAYBOOKS = os.path.join(ROOT, "tests", "integration", "playbooks")
PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy smoke"
IN_PROCESS = "ran in a fork of the worker"
CORE = subprocess.run(
    [os.path.join(BIN, "python"), "-c", "import ansible.release as r; print(r.__version__)"],
    capture_output=True,
    text=True,
    check=False,
).stdout.strip()


def ansible(clouds_yaml, argv, **env):
    full = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    full.update(ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_LOCALHOST_WARNING="false")
    for name in ("OS_CLOUD", "OS_REGION_NAME", "ANSIBLE_STDOUT_CALLBACK", "POLYSTACK_IN_PROCESS", "ANSIBLE_CONFIG"):
        full.pop(name, None)
    full.update(env)
    return subprocess.run(
        [os.path.join(BIN, argv[0]), *argv[1:]],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def plain(value):
    """ansible-inventory --list (profile inventory_legacy) writes a value from an inventory plugin as
    {"__ansible_unsafe": value}: the value."""
    return value["__ansible_unsafe"] if list(value) == ["__ansible_unsafe"] else value


@pytest.fixture
def smoke(clouds_yaml, clouds, tmp_path):
    prefix = "smoke-%s-%s" % (re.sub(r"\W", "", CORE), uuid.uuid4().hex[:6])
    image_file = tmp_path / "smoke.img"
    image_file.write_bytes(os.urandom(1024 * 1024))
    secret_settings = dict(clouds["devcloud-fip"], region_name="RegionOne")
    extra = tmp_path / "vars.yml"
    extra.write_text(
        yaml.safe_dump(
            {
                "prefix": prefix,
                "public_key": PUBLIC_KEY,
                "image_file": str(image_file),
                "cloud_settings": secret_settings,
            }
        )
    )
    os.chmod(extra, 0o600)
    yield prefix, extra, secret_settings["auth"]["password"]
    gone = ansible(
        clouds_yaml,
        ["ansible-playbook", os.path.join(PLAYBOOKS, "core_smoke_teardown.yml"), "-e", "prefix=%s" % prefix],
    )
    assert gone.returncode == 0, gone.stdout[-4000:] + gone.stderr


def run_smoke(clouds_yaml, extra, out, **env):
    proc = ansible(
        clouds_yaml,
        ["ansible-playbook", "-vvv", os.path.join(PLAYBOOKS, "core_smoke.yml"), "-e", "@%s" % extra]
        + ["-e", "out=%s" % out],
        **env,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    with open(out) as f:
        return proc, json.load(f)


def test_every_module_and_the_inventory_on_this_ansible_core(smoke, clouds_yaml, tmp_path):
    prefix, extra, password = smoke
    print("ansible-core %s, Python %s" % (CORE, sys.version.split()[0]))

    first, made = run_smoke(clouds_yaml, extra, tmp_path / "1.json")
    assert first.stdout.count(IN_PROCESS) == 32, first.stdout[-4000:]
    # keypair, image, server, floating IP, container + object, a container with metadata, the check-mode
    # prediction, the six network resources (two security groups, a rule, network, subnet, router, port), a
    # volume and its attachment to the server
    assert recap(first.stdout)["changed"] == 16
    for name in ("keypair", "image", "server", "floating_ip", "object", "object_container", "security_group",
                 "security_group_plain", "security_group_rule", "network", "subnet", "router", "port", "volume",
                 "volume_attached"):  # fmt: skip
        assert made[name]["changed"] is True, name
    assert made["server"]["server"]["key_name"] == prefix
    assert made["floating_ip"]["floating_ip"]["fixed_ip_address"] == made["server"]["server"]["private_v4"]

    # the inventory sees the server, on its floating IP
    inventory = tmp_path / "smoke.openstack.yml"
    inventory.write_text("plugin: polystack.cloud.openstack\nonly_clouds: [devcloud-fip]\nregions: [RegionOne]\n")
    listed = ansible(clouds_yaml, ["ansible-inventory", "-i", str(inventory), "--list"])
    assert listed.returncode == 0, listed.stdout[-3000:] + listed.stderr
    hostvars = json.loads(listed.stdout, object_hook=plain)["_meta"]["hostvars"]
    assert hostvars[prefix]["ansible_host"] == made["floating_ip"]["floating_ip"]["floating_ip_address"]
    assert hostvars[prefix]["openstack"]["metadata"] == {"smoke": prefix}

    # the same playbook by the two paths: nothing to change, the same results
    by_process, as_processes = run_smoke(clouds_yaml, extra, tmp_path / "2.json", POLYSTACK_IN_PROCESS="0")
    assert IN_PROCESS not in by_process.stdout and "AnsiballZ_os_server.py" in by_process.stdout
    by_fork, in_fork = run_smoke(clouds_yaml, extra, tmp_path / "3.json")
    assert by_fork.stdout.count(IN_PROCESS) == 32
    for run in (by_process, by_fork):
        # the one change left is the check-mode prediction, not made
        assert recap(run.stdout) == {"ok": 33, "changed": 1, "unreachable": 0, "failed": 0}
    assert as_processes == in_fork
    # what the comparison covered (so that an empty or failed run cannot pass it)
    assert in_fork["predicted"]["changed"] is True and in_fork["predicted"]["diff"]["after"]
    assert any("OS_REGION_NAME=Nowhere" in w for w in in_fork["warned"]["warnings"])
    assert in_fork["failure"]["failed"] is True and "/nonexistent/smoke.pub" in in_fork["failure"]["msg"]
    assert in_fork["masked"]["keypairs"][0]["name"] == prefix
    assert in_fork["object_container"]["container"]["metadata"] == {"purpose": "smoke"}
    assert in_fork["object_containers_info"]["containers"][0]["read_ACL"] == ".r:*,.rlistings"
    assert in_fork["router_info"]["routers"][0]["interfaces_info"][0]["ip_address"] == "192.168.95.1"
    assert len(in_fork["security_group_info"]["security_groups"][0]["security_group_rules"]) == 2
    assert in_fork["security_group_rule_info"]["security_group_rules"][0]["port_range_max"] == 53
    assert in_fork["port_info"]["ports"][0]["security_groups"] == [made["security_group"]["security_group"]["id"]]
    volume = in_fork["volume_info"]["volumes"][0]
    assert volume["status"] == "in-use" and volume["attachments"][0]["server_id"] == made["server"]["server"]["id"]
    assert [v["id"] for v in made["volume_attached"]["server"]["volumes"]] == [volume["id"]]
    for run in (first, by_process, by_fork):
        assert password not in run.stdout + run.stderr
    for path in ("1.json", "2.json", "3.json"):
        assert password not in (tmp_path / path).read_text()
