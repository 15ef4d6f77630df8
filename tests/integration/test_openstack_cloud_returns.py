"""openstack.cloud 2.6.0's documented return values (issue 17 item 2), read from its own modules' RETURN: every key
path of theirs (the top-level keys, and the keys inside the resource: server, servers, image, ...) is documented in
our counterpart's RETURN with a compatible type, and the values our modules really return on the devcloud carry
every one of those key paths, with values taken from what the cloud answered.

"Compatible type": the same type, or, where openstack.cloud's RETURN says one type and openstacksdk (whose
to_dict(computed=False) openstack.cloud returns) declares another for the attribute, the type openstacksdk
declares, which is what a playbook written for openstack.cloud really gets (DOC_TYPE_FIXES, each with its reason).
A key theirs documents that openstacksdk never returns is listed in NEVER_RETURNED with its reason and counted
apart, not taken as documented."""

import json
import os
import uuid

import pytest
import yaml
from conftest import BIN, ROOT, SUMMARY_LINES, module_docs, run_tool

# openstack.cloud 2.6.0 as unpacked for this project, else as the ansible 14.5.0 wheel ships it (test_bare_names)
PEER = os.path.expanduser("~/.cache/polystack/peer/ansible_collections/openstack/cloud/plugins/modules")
# their module -> ours, and the kind of resource both return
PAIRS = {
    "server": ("os_server", "server"),
    "server_info": ("os_server_info", "server"),
    "image": ("os_image", "image"),
    "image_info": ("os_image_info", "image"),
    "keypair": ("os_keypair", "keypair"),
    "keypair_info": ("os_keypair_info", "keypair"),
    "floating_ip": ("os_floating_ip", "floating_ip"),
    "floating_ip_info": ("os_floating_ip_info", "floating_ip"),
    "object": ("os_object", "object"),
    "volume": ("os_volume", "volume"),
    "volume_info": ("os_volume_info", "volume"),
}
# (kind, key) -> (the type openstacksdk gives, why openstack.cloud's RETURN says otherwise)
DOC_TYPE_FIXES = {
    ("server", "links"): ("list", "nova's links are a list of {rel, href}; openstacksdk keeps it"),
    ("server", "power_state"): ("int", "nova's OS-EXT-STS:power_state is a number; openstacksdk keeps it"),
    ("image", "hw_cpu_cores"): ("int", "openstacksdk declares type=int"),
    ("image", "hw_cpu_sockets"): ("int", "openstacksdk declares type=int"),
    ("image", "hw_cpu_threads"): ("int", "openstacksdk declares type=int"),
    ("image", "hw_video_ram"): ("int", "openstacksdk declares type=int"),
    ("image", "os_shutdown_timeout"): ("int", "openstacksdk declares type=int"),
    ("image", "instance_type_rxtx_factor"): ("float", "openstacksdk declares type=float"),
    ("image", "os_require_quiesce"): ("bool", "openstacksdk declares type=bool"),
    ("image", "virtual_size"): ("int", "glance answers a number of bytes"),
    ("image", "locations"): ("list", "glance's locations are a list of {url, metadata}"),
    ("image", "metadata"): ("dict", "openstacksdk declares type=dict"),
    ("image", "needs_config_drive"): ("str", "glance's img_config_drive is 'optional' or 'mandatory'"),
    ("image", "needs_secure_boot"): ("str", "glance's os_secure_boot is 'required', 'disabled' or 'optional'"),
    ("floating_ip", "revision_number"): ("int", "openstacksdk declares type=int"),
    ("object", "content_length"): ("int", "openstacksdk declares type=int"),
    ("object", "content_type"): ("str", "a MIME type, a str in openstacksdk"),
    ("volume", "is_bootable"): ("bool", "openstacksdk declares BoolStr: cinder's 'true'/'false' become a bool"),
}
# (kind, key) -> why openstack.cloud documents a key its modules never return
NEVER_RETURNED = {
    ("image", "filters"): "not an attribute of openstacksdk's Image: to_dict(computed=False) has no such key",
}
CLOUD = "devcloud-fip"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy ocret"


def peer_modules():
    if os.path.isdir(PEER):
        return PEER
    from test_bare_names import peer_collections  # downloads the wheel once

    return os.path.join(peer_collections(), "ansible_collections", "openstack", "cloud", "plugins", "modules")


def return_doc(path):
    """A module's RETURN, parsed (without importing the module)."""
    docs = module_docs(path)
    assert "RETURN" in docs, "%s has no RETURN" % path
    return docs["RETURN"] or {}


def key_paths(doc, prefix=""):
    """{"server": "dict", "server.id": "str", "servers.id": "str", ...}: every documented key, dotted."""
    out = {}
    for key, spec in (doc or {}).items():
        path = prefix + key
        out[path] = (spec or {}).get("type")
        out.update(key_paths((spec or {}).get("contains"), path + "."))
    return out


def kind_key(kind, path):
    """(kind, the key inside the resource) of a dotted path, or None for a top-level key."""
    parts = path.split(".")
    return (kind, parts[1]) if len(parts) == 2 else None


def compare_docs(ours_dir=None):
    """[(their module, path, their type, our type or None, verdict)], verdict one of: ok, missing, type, never."""
    ours_dir = ours_dir or os.path.join(ROOT, "plugins", "modules")
    rows = []
    for theirs, (ours, kind) in sorted(PAIRS.items()):
        their_paths = key_paths(return_doc(os.path.join(peer_modules(), theirs + ".py")))
        our_paths = key_paths(return_doc(os.path.join(ours_dir, ours + ".py")))
        for path, their_type in sorted(their_paths.items()):
            our_type = our_paths.get(path)
            nested = kind_key(kind, path)
            if nested in NEVER_RETURNED:
                verdict = "never"
            elif path not in our_paths:
                verdict = "missing"
            elif our_type == their_type or (nested in DOC_TYPE_FIXES and our_type == DOC_TYPE_FIXES[nested][0]):
                verdict = "ok"
            else:
                verdict = "type"
            rows.append((theirs, path, their_type, our_type, verdict))
    return rows


def test_every_key_they_document_is_documented_by_ours():
    rows = compare_docs()
    ok = [r for r in rows if r[4] == "ok"]
    never = [r for r in rows if r[4] == "never"]
    SUMMARY_LINES.append(
        "openstack.cloud 2.6.0's RETURN keys documented by ours: %d of %d (and %d openstacksdk never returns: %s)"
        % (len(ok), len(rows) - len(never), len(never), ", ".join(sorted(set(r[1] for r in never))))
    )
    bad = ["%s: %s is %s in theirs, %s in ours" % (r[0], r[1], r[2], r[3] or "undocumented") for r in rows if r[4] in
           ("missing", "type")]  # fmt: skip
    assert not bad, "\n".join(bad)
    # the fixes and exceptions name keys theirs really documents (no stale entry hides anything)
    documented = set(kind_key(PAIRS[r[0]][1], r[1]) for r in rows)
    assert set(DOC_TYPE_FIXES) <= documented and set(NEVER_RETURNED) <= documented


def test_our_sub_keys_are_documented_in_the_info_modules_too():
    """The *_info lists document the same resource keys as the module of the resource (issue: none had any)."""
    for theirs, (ours, kind) in PAIRS.items():
        if theirs.endswith("_info"):
            mine = return_doc(os.path.join(ROOT, "plugins", "modules", ours + ".py"))
            single = return_doc(os.path.join(ROOT, "plugins", "modules", PAIRS[theirs[: -len("_info")]][0] + ".py"))
            (top,) = [k for k in mine if mine[k].get("type") == "list"]
            assert set(mine[top]["contains"]) == set(single[kind]["contains"]), ours


# -- the values returned on the devcloud ----------------------------------------------------------------------------


def play(tmp_path, clouds_yaml, tasks, cleanup):
    """Run the tasks (then the cleanup tasks, always) on localhost; {task name: its registered result}."""
    names = [task["name"] for task in tasks]
    for i, task in enumerate(tasks):
        task["register"] = "r%d" % i
    report = {"name": "Report", "ansible.builtin.copy": {
        "dest": str(tmp_path / "results.json"), "mode": "0600",
        "content": "{{ [%s] | to_json }}" % ", ".join("r%d | default({})" % i for i in range(len(tasks))),
    }}  # fmt: skip
    block = {"block": tasks, "always": [report] + [dict(t, ignore_errors=True) for t in cleanup]}
    book = [{"name": "openstack.cloud returns", "hosts": "localhost", "gather_facts": False, "tasks": [block]}]
    path = tmp_path / "play.yml"
    path.write_text(yaml.safe_dump(book, sort_keys=False))
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    proc = run_tool(["ansible-playbook", str(path)], env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Traceback" not in out, out[-4000:]
    return dict(zip(names, json.loads((tmp_path / "results.json").read_text()), strict=True))


def missing_paths(result, their_paths):
    """Their key paths the result lacks (a list's every element is checked; an empty list proves nothing)."""
    missing = []
    for path in their_paths:
        top, _dot, key = path.partition(".")
        value = result.get(top, KeyError)
        if value is KeyError:
            missing.append(path)
        elif key:
            items = value if isinstance(value, list) else [value]
            assert items and all(isinstance(i, dict) for i in items), "%s: %r" % (path, value)
            missing.extend(path for i in items if key not in i)
    return sorted(set(missing))


def test_the_values_our_modules_return_carry_their_keys(tmp_path, clouds_yaml):
    name = "polytest-ocret-%s" % uuid.uuid4().hex[:8]
    image_file = tmp_path / "disk.raw"
    image_file.write_bytes(b"\0" * 4096)
    c = {"cloud": CLOUD}
    tasks = [
        {"name": "keypair", "polystack.cloud.os_keypair": dict(c, name=name, public_key=KEY)},
        {"name": "keypair_info", "polystack.cloud.os_keypair_info": dict(c, name=name)},
        {"name": "image", "polystack.cloud.os_image": dict(
            c, name=name, filename=str(image_file), disk_format="raw", container_format="bare",
            properties={"hw_disk_bus": "scsi", "hw_cpu_cores": "2", "os_require_quiesce": "true"})},
        {"name": "image_info", "polystack.cloud.os_image_info": dict(c, image=name)},
        {"name": "server", "polystack.cloud.os_server": dict(
            c, name=name, image=name, flavor="m1.tiny", network="private", key_name=name, auto_ip=True)},
        {"name": "server_info", "polystack.cloud.os_server_info": dict(c, server=name)},
        {"name": "floating_ip", "polystack.cloud.os_floating_ip": dict(c, server=name, network="public")},
        {"name": "floating_ip_info", "polystack.cloud.os_floating_ip_info": dict(c)},
        {"name": "object", "polystack.cloud.os_object": dict(c, container=name, name="a.txt", data="hello")},
        {"name": "volume", "polystack.cloud.os_volume": dict(c, name=name, image=name, metadata={"a": 1})},
        {"name": "volume_info", "polystack.cloud.os_volume_info": dict(c, name=name)},
    ]  # fmt: skip
    cleanup = [
        {"name": "no server", "polystack.cloud.os_server": dict(c, name=name, state="absent", delete_ips=True)},
        {"name": "no volume", "polystack.cloud.os_volume": dict(c, name=name, state="absent")},
        {"name": "no image", "polystack.cloud.os_image": dict(c, name=name, state="absent")},
        {"name": "no keypair", "polystack.cloud.os_keypair": dict(c, name=name, state="absent")},
        {"name": "no container", "polystack.cloud.os_object": dict(
            c, container=name, state="absent", delete_with_all_objects=True)},
    ]  # fmt: skip
    results = play(tmp_path, clouds_yaml, tasks, cleanup)

    carried, total, gaps = 0, 0, []
    for theirs, (_ours, kind) in sorted(PAIRS.items()):
        result = results[theirs]
        assert not result.get("failed"), result
        paths = [
            p
            for p in key_paths(return_doc(os.path.join(peer_modules(), theirs + ".py")))
            if kind_key(kind, p) not in NEVER_RETURNED
        ]
        missing = missing_paths(result, paths)
        total += len(paths)
        carried += len(paths) - len(missing)
        gaps.extend("%s: %s" % (theirs, p) for p in missing)
    SUMMARY_LINES.append(
        "openstack.cloud 2.6.0's key paths in our real results on the devcloud: %d of %d" % (carried, total)
    )
    assert not gaps, "\n".join(gaps)

    # the values are the cloud's (each from the API field openstacksdk maps it from)
    server, image = results["server"]["server"], results["image"]["image"]
    assert server["is_locked"] is False and isinstance(server["progress"], int) and server["power_state"] == 1
    assert server["flavor"]["name"] == "m1.tiny" and server["flavor"]["original_name"] == "m1.tiny"
    assert server["attached_volumes"] == server["volumes"] == []
    assert server["disk_config"] in ("AUTO", "MANUAL") and server["links"][0]["href"]
    assert server["image_id"] is None and server["flavor_id"] is None and server["networks"] is None  # request-only
    assert server["admin_password"] is None
    (listed,) = results["server_info"]["servers"]
    assert listed["image"]["id"] == image["id"] and listed["image"]["name"] == name  # detailed: the image's name
    assert image["hw_disk_bus"] == "scsi" and image["hw_cpu_cores"] == 2 and image["os_require_quiesce"] is True
    assert image["hw_video_model"] is None and image["owner"] == image["owner_id"] and image["file"].endswith("/file")
    keypair = results["keypair"]["keypair"]
    assert keypair["private_key"] is None and results["keypair_info"]["keypairs"][0]["private_key"] is None
    fip = results["floating_ip"]["floating_ip"]
    assert fip["floating_network_id"] == fip["network_id"] and fip["name"] is None
    assert isinstance(fip["revision_number"], int) and fip["port_details"]["device_id"] == server["id"]
    obj = results["object"]["object"]
    assert obj["id"] == obj["name"] == "a.txt" and obj["content_length"] == obj["size"] == 5
    assert obj["last_modified_at"] and obj["timestamp"] and obj["accept_ranges"] == "bytes"
    assert obj["is_static_large_object"] is None and obj["if_match"] is None  # not an SLO; a request header
    volume = results["volume"]["volume"]
    assert volume["is_bootable"] is True and volume["image_id"] == image["id"] and volume["metadata"] == {"a": "1"}
    assert volume["volume_image_metadata"]["image_name"] == name and volume["project_id"] == image["owner"]
    assert results["volume_info"]["volumes"][0]["id"] == volume["id"]


@pytest.mark.parametrize("theirs", sorted(PAIRS))
def test_top_level_keys(theirs):
    """Ours returns (and documents) every top-level key theirs documents."""
    ours, _kind = PAIRS[theirs]
    their_top = set(return_doc(os.path.join(peer_modules(), theirs + ".py")))
    our_top = set(return_doc(os.path.join(ROOT, "plugins", "modules", ours + ".py")))
    assert their_top <= our_top, their_top - our_top
