"""Check mode is the real run's plan, for every module (issue 16 item 3, issue 18 item 4): each step of a life cycle
(create, update, replace, attach, detach, delete; volumes too; the info modules too) runs in check mode with --diff,
then for real with --diff, in one playbook on the devcloud. For every step: `changed` is the same, and the check run's
`diff.after` holds what the real run's holds, key for key, except what only the cloud decides when it makes a
resource (its id, timestamps, addresses), which check mode leaves out rather than guess."""

import glob
import json
import os
import subprocess
import uuid

import yaml
from conftest import BIN, ROOT

KEY1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy one"
KEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBwx8NfLrmVvK5H0Q3e3rZHrsk3G7yvL0dsLq8mbgBbL two"
# what the cloud decides when it makes a resource: absent from check mode's after, present in the real one's
DECIDED_BY_THE_CLOUD = {
    "id",
    "created_at",
    "updated_at",
    "created",
    "updated",
    "addresses",
    "private_v4",
    "public_v4",
    "public_v6",
    "accessIPv4",
    "accessIPv6",
    "host_id",
    "interface_ip",
}


def steps(prefix, image_file):
    p = prefix
    return (
        [
            ("os_keypair", {"name": p, "public_key": KEY1}),
            ("os_keypair", {"name": p, "public_key": KEY2, "state": "replace"}),
            ("os_keypair_info", {"name": p}),
            (
                "os_image",
                {"name": p, "filename": image_file, "disk_format": "raw", "container_format": "bare", "min_ram": 256},
            ),
            ("os_image", {"name": p, "min_ram": 512, "properties": {"purpose": "check"}}),
            ("os_image_info", {"image": p}),
        ]
        + network_steps(p)
        + [
            (
                "os_server",
                {
                    "name": p,
                    "image": p,
                    "flavor_ram": 512,
                    "auto_ip": False,
                    "key_name": p,
                    "metadata": {"role": "web"},
                },
            ),
            ("os_server", {"name": p, "metadata": {"role": "db"}, "description": "checked"}),
            ("os_server_info", {"server": p}),
            ("os_floating_ip", {"server": p, "network": "public"}),
            ("os_floating_ip_info", {}),
            ("os_floating_ip", {"server": p, "state": "absent", "purge": True}),
            ("os_server", {"name": p, "auto_ip": True}),
            ("os_server", {"name": p, "security_groups": [p + "-sg"]}),
            ("os_volume", {"name": p + "-vol", "size": 1, "metadata": {"k": "v"}}),
            ("os_volume", {"name": p + "-vol", "size": 2, "description": "grown", "metadata": {"k": "w"}}),
            ("os_volume_info", {"name": p + "-vol"}),
            ("os_server", {"name": p, "volumes": [p + "-vol"]}),
            ("os_server", {"name": p, "volumes": [], "detach_volumes": True}),
            ("os_volume", {"name": p + "-vol", "state": "absent"}),
            ("os_object", {"container": p, "name": "a.txt", "data": "one"}),
            ("os_object", {"container": p, "name": "a.txt", "data": "two", "metadata": {"k": "v"}}),
            ("os_object", {"container": p, "name": "a.txt", "metadata": {"k": "w"}}),
            ("os_object_info", {"container": p}),
            ("os_object_container", {"name": p + "-c", "metadata": {"a": "1"}, "read_ACL": ".r:*,.rlistings"}),
            ("os_object_container", {"container": p + "-c", "metadata": {"a": "2", "b": "x"}, "write_ACL": "o:*"}),
            ("os_object_container", {"name": p + "-c", "keys": ["B"], "read_ACL": ""}),
            ("os_object_containers_info", {"prefix": p}),
            ("os_object_container", {"name": p + "-c", "state": "absent"}),
            ("os_object", {"container": p, "name": "a.txt", "state": "absent"}),
            ("os_object", {"container": p, "state": "absent"}),
            ("os_server", {"name": p, "state": "absent", "delete_ips": True}),
            ("os_security_group", {"name": p + "-sg", "state": "absent"}),
            ("os_image", {"name": p, "state": "absent"}),
            ("os_keypair", {"name": p, "state": "absent"}),
        ]
    )


def network_steps(p):
    """The network modules' life cycles (issue 20); the security group stays for the server, deleted after it."""
    net, sub, rtr, sg, port = p + "-net", p + "-sub", p + "-rtr", p + "-sg", p + "-port"
    udp = {"security_group": sg, "protocol": "udp", "port_range_min": 53, "remote_ip_prefix": "192.0.2.1"}
    return [
        ("os_network", {"name": net, "mtu": 1400}),
        ("os_network", {"name": net, "mtu": 1380, "description": "checked"}),
        ("os_network_info", {"name": net}),
        ("os_subnet", {"name": sub, "network": net, "cidr": "192.168.93.0/24", "dns_nameservers": ["192.0.2.53"]}),
        ("os_subnet", {"name": sub, "dns_nameservers": ["192.0.2.54", "192.0.2.53"],
                       "allocation_pools": [{"start": "192.168.93.20", "end": "192.168.93.60"}]}),
        ("os_subnet_info", {"name": sub}),
        ("os_router", {"name": rtr, "network": "public", "interfaces": [sub]}),
        ("os_router", {"name": rtr, "interfaces": []}),
        ("os_router_info", {"name": rtr}),
        ("os_security_group", {"name": sg, "description": "web", "rules": [
            {"protocol": "tcp", "port_range_min": 22, "remote_ip_prefix": "0.0.0.0/0"}, {"protocol": "icmp"}]}),
        ("os_security_group", {"name": sg, "rules": [
            {"protocol": "tcp", "port_range_min": 22, "remote_ip_prefix": "192.0.2.0/24"},
            {"direction": "egress", "ether_type": "IPv4"}]}),
        ("os_security_group_rule", udp),
        ("os_security_group_rule_info", {"security_group": sg}),
        ("os_security_group_rule", dict(udp, state="absent")),
        ("os_security_group_info", {"name": sg}),
        ("os_port", {"name": port, "network": net, "security_groups": [sg],
                     "fixed_ips": [{"subnet_id": sub, "ip_address": "192.168.93.30"}]}),
        ("os_port", {"name": port, "security_groups": [], "allowed_address_pairs": [{"ip_address": "192.168.93.200"}]}),
        ("os_port_info", {"name": port}),
        ("os_port", {"name": port, "state": "absent"}),
        ("os_router", {"name": rtr, "state": "absent"}),
        ("os_subnet", {"name": sub, "state": "absent"}),
        ("os_network", {"name": net, "state": "absent"}),
    ]  # fmt: skip


def playbook(prefix, image_file, out):
    tasks = []
    for i, (module, args) in enumerate(steps(prefix, image_file)):
        for mode in ("check", "real"):
            tasks.append(
                {
                    "name": "%02d %s %s" % (i, module, mode),
                    "polystack.cloud." + module: args,
                    "check_mode": mode == "check",
                    "diff": True,
                    "register": "s%02d_%s" % (i, mode),
                }
            )
    names = ["s%02d_%s" % (i, m) for i in range(len(steps(prefix, image_file))) for m in ("check", "real")]
    tasks.append(
        {
            "name": "Every result",
            "ansible.builtin.copy": {
                "content": "{{ %s | to_nice_json }}" % ("{" + ", ".join("'%s': %s" % (n, n) for n in names) + "}"),
                "dest": str(out),
                "mode": "0600",
            },
            "changed_when": False,
        }
    )
    return [
        {
            "name": "Check mode, then the real run, step by step",
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {
                "group/polystack.cloud.openstack": {"cloud": "devcloud-fip", "region_name": "RegionOne"}
            },
            "tasks": tasks,
        }
    ]


def differences(planned, made):
    """Keys whose planned value differs from the made one (recursively), and keys made that were not planned."""
    out = []
    for key in sorted(set(planned) | set(made)):
        if key not in made:
            out.append("%s: planned %r, not made" % (key, planned[key]))
        elif key not in planned:
            if key not in DECIDED_BY_THE_CLOUD:
                out.append("%s: made %r, not planned" % (key, made[key]))
        elif isinstance(planned[key], dict) and isinstance(made[key], dict):
            out.extend("%s.%s" % (key, d) for d in differences(planned[key], made[key]))
        elif planned[key] == "(a floating IP, allocated by the real run)" and made[key]:
            continue  # said in check mode: the address is the cloud's to choose
        elif planned[key] != made[key]:
            out.append("%s: planned %r, made %r" % (key, planned[key], made[key]))
    return out


def test_check_mode_predicts_every_step_of_every_module(clouds_yaml, tmp_path):
    prefix = "cvr-%s" % uuid.uuid4().hex[:6]
    image_file = tmp_path / "image.raw"
    image_file.write_bytes(os.urandom(200 * 1024))
    out = tmp_path / "results.json"
    (tmp_path / "play.yml").write_text(yaml.safe_dump(playbook(prefix, str(image_file), out), sort_keys=False))
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1")
    env.pop("ANSIBLE_CONFIG", None)
    try:
        proc = subprocess.run(
            [os.path.join(BIN, "ansible-playbook"), str(tmp_path / "play.yml")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]
        results = json.loads(out.read_text())
        problems = []
        modules = set()
        for i, (module, args) in enumerate(steps(prefix, str(image_file))):
            check, real = results["s%02d_check" % i], results["s%02d_real" % i]
            modules.add(module)
            where = "step %02d %s %s" % (i, module, json.dumps(args)[:80])
            if check["changed"] != real["changed"]:
                problems.append("%s: check changed=%s, real changed=%s" % (where, check["changed"], real["changed"]))
            if real["changed"]:
                planned, made = (check.get("diff") or {}).get("after"), (real.get("diff") or {}).get("after")
                assert made is not None, where
                problems.extend("%s: %s" % (where, d) for d in differences(planned or {}, made))
        assert not problems, "\n".join(problems)
        every = sorted(os.path.basename(f)[:-3] for f in glob.glob(os.path.join(ROOT, "plugins", "modules", "os_*.py")))
        assert sorted(modules) == every  # every module of the collection has its steps here
        assert sum(1 for i in range(len(steps(prefix, ""))) if results["s%02d_real" % i]["changed"]) >= 15
    finally:
        cleanup = [
            ("os_server", {"name": prefix, "state": "absent", "delete_ips": True}),
            ("os_volume", {"name": prefix + "-vol", "state": "absent"}),
            ("os_object", {"container": prefix, "state": "absent", "delete_with_all_objects": True}),
            ("os_object_container", {"name": prefix + "-c", "state": "absent", "delete_with_all_objects": True}),
            ("os_image", {"name": prefix, "state": "absent"}),
            ("os_keypair", {"name": prefix, "state": "absent"}),
            ("os_port", {"name": prefix + "-port", "state": "absent"}),
            ("os_router", {"name": prefix + "-rtr", "state": "absent"}),
            ("os_network", {"name": prefix + "-net", "state": "absent"}),
            ("os_security_group", {"name": prefix + "-sg", "state": "absent"}),
        ]
        for module, args in cleanup:
            subprocess.run(
                [
                    os.path.join(BIN, "ansible"),
                    "localhost",
                    "-m",
                    "polystack.cloud." + module,
                    "-a",
                    json.dumps(dict(args, cloud="devcloud-fip", region_name="RegionOne")),
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
