"""openstack.cloud 2.6.0's options that playbooks written for it use, accepted with the same meaning (issue 17 item
1, part): sdk_log_path/sdk_log_level on every module (our log, secrets masked, the file 0600), image_info's
properties (alias of filters), floating_ip's fixed_ip_address (alias of fixed_address), floating_ip_info's
description, lower-case status, router, port by name and project, keypair_info's limit, marker and user_id. Each
runs on the devcloud under openstack.cloud's module names (polystack.cloud.keypair_info ..., redirected to ours),
as such a playbook would after changing the namespace."""

import ipaddress
import json
import os
import re
import stat
import uuid

import pytest
import yaml
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _compute, _config
from conftest import BIN, run_tool

CLOUD = "devcloud-fip"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy ocopt"


@pytest.fixture
def connect(clouds_yaml, tmp_path, monkeypatch):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    return lambda cloud: _cloud.connect(cloud=cloud, config=config)


def play(tmp_path, clouds_yaml, tasks):
    """Run the tasks in a play on localhost; {task name: its registered result}."""
    names = [task["name"] for task in tasks]
    for i, task in enumerate(tasks):
        task["register"] = "r%d" % i
        task["ignore_errors"] = True
    report = [{"name": "Report", "ansible.builtin.copy": {
        "dest": str(tmp_path / "results.json"),
        "content": "{{ %s | to_json }}" % ("[" + ", ".join("r%d" % i for i in range(len(tasks))) + "]"),
        "mode": "0600",
    }}]  # fmt: skip
    book = [{"name": "openstack.cloud options", "hosts": "localhost", "gather_facts": False, "tasks": tasks + report}]
    path = tmp_path / "play.yml"
    path.write_text(yaml.safe_dump(book, sort_keys=False))
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    proc = run_tool(["ansible-playbook", str(path)], env)  # from the checkout: its ansible.cfg finds the collection
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Traceback" not in out, out[-4000:]
    return dict(zip(names, json.loads((tmp_path / "results.json").read_text()), strict=True)), out


def test_sdk_log_path_is_our_log_masked_and_0600(tmp_path, clouds_yaml, clouds):
    debug_log, info_log = tmp_path / "sdk-debug.log", tmp_path / "sdk-info.log"
    info_log.write_text("")
    info_log.chmod(0o644)  # an existing file is made 0600 too
    results, out = play(tmp_path, clouds_yaml, [
        {"name": "debug", "polystack.cloud.keypair_info": {
            "cloud": CLOUD, "sdk_log_path": str(debug_log), "sdk_log_level": "DEBUG"}},
        {"name": "info", "polystack.cloud.image_info": {"cloud": CLOUD, "sdk_log_path": str(info_log)}},
        {"name": "a directory", "polystack.cloud.keypair_info": {"cloud": CLOUD, "sdk_log_path": str(tmp_path)}},
    ])  # fmt: skip
    assert results["debug"].get("failed") is not True and results["info"].get("failed") is not True, out
    for log in (debug_log, info_log):
        assert stat.S_IMODE(os.stat(log).st_mode) == 0o600, log
    text = debug_log.read_text()
    assert "GET" in text and "os-keypairs" in text, text[-2000:]  # every call, with DEBUG
    assert "GET" not in info_log.read_text()  # INFO: the collection's own messages only
    password = clouds[CLOUD]["auth"]["password"]
    assert password not in text and password not in out
    bad = results["a directory"]
    assert bad["failed"] and bad["msg"].startswith("sdk_log_path %s: cannot write the log there" % tmp_path), bad


def test_image_info_properties_is_filters(tmp_path, clouds_yaml):
    results, out = play(tmp_path, clouds_yaml, [
        {"name": "properties", "polystack.cloud.image_info": {"cloud": CLOUD, "properties": {"visibility": "public"}}},
        {"name": "filters", "polystack.cloud.image_info": {"cloud": CLOUD, "filters": {"visibility": "public"}}},
    ])  # fmt: skip
    got = sorted(i["id"] for i in results["properties"]["images"])
    assert got and got == sorted(i["id"] for i in results["filters"]["images"]), out
    assert all(i["visibility"] == "public" for i in results["properties"]["images"])


def test_floating_ip_info_description_and_lower_case_status(tmp_path, clouds_yaml, connect):
    c = connect(CLOUD)
    mark = "polytest-ocopt-%s" % uuid.uuid4().hex[:8]
    fip = c.create_floating_ip("public", description=mark)
    try:
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "described", "polystack.cloud.floating_ip_info": {"cloud": CLOUD, "description": mark}},
            {"name": "down", "polystack.cloud.floating_ip_info": {"cloud": CLOUD, "description": mark,
                                                                  "status": "down"}},
            {"name": "active", "polystack.cloud.floating_ip_info": {"cloud": CLOUD, "description": mark,
                                                                    "status": "active"}},
        ])  # fmt: skip
        assert [f["id"] for f in results["described"]["floating_ips"]] == [fip["id"]], out
        # a floating IP on no port is DOWN: found by openstack.cloud's spelling "down", not by "active"
        assert [f["id"] for f in results["down"]["floating_ips"]] == [fip["id"]], out
        assert results["active"]["floating_ips"] == [], out
    finally:
        c.delete_floating_ip(fip["id"])


def test_floating_ip_takes_fixed_ip_address(tmp_path, clouds_yaml):
    """The alias reaches the option: the task fails on the server it names (there is none), not on the option."""
    results, out = play(tmp_path, clouds_yaml, [
        {"name": "alias", "polystack.cloud.floating_ip": {
            "cloud": CLOUD, "server": "polytest-ocopt-no-such-server", "fixed_ip_address": "10.0.0.5",
            "network": "public"}},
        {"name": "a bad address", "polystack.cloud.floating_ip": {
            "cloud": CLOUD, "server": "polytest-ocopt-no-such-server", "fixed_ip_address": "10.0.0.500"}},
    ])  # fmt: skip
    alias = results["alias"]
    assert alias["failed"] and "polytest-ocopt-no-such-server" in alias["msg"], out
    assert "Unsupported parameters" not in alias["msg"] and "fixed_ip_address" not in alias["msg"]
    bad = results["a bad address"]  # checked as fixed_address is: an IP address
    assert bad["failed"] and "10.0.0.500" in bad["msg"], bad


def test_keypair_info_pages_and_another_users_keypairs(tmp_path, clouds_yaml, connect):
    c, admin = connect(CLOUD), connect("devcloud-admin")
    prefix = "polytest-ocopt-%s" % uuid.uuid4().hex[:8]
    for suffix in "abc":
        c.create_keypair(prefix + "-" + suffix, public_key=KEY)
    user_id = c.session.session.get_user_id()
    try:
        everything = [k.name for k in c.list_keypairs()]
        mine = [n for n in everything if n.startswith(prefix)]
        assert mine == [prefix + "-a", prefix + "-b", prefix + "-c"] or sorted(mine) == mine
        first = everything.index(mine[0])
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "one", "polystack.cloud.keypair_info": {"cloud": CLOUD, "limit": 1}},
            {"name": "after", "polystack.cloud.keypair_info": {"cloud": CLOUD, "limit": 2, "marker": mine[0]}},
            {"name": "theirs", "polystack.cloud.keypair_info": {"cloud": "devcloud-admin", "user_id": user_id}},
            {"name": "their b", "polystack.cloud.keypair_info": {
                "cloud": "devcloud-admin", "user_id": user_id, "name": prefix + "-b"}},
            {"name": "not allowed", "polystack.cloud.keypair_info": {"cloud": CLOUD, "user_id": "someone-else"}},
            {"name": "zero", "polystack.cloud.keypair_info": {"cloud": CLOUD, "limit": 0}},
        ])  # fmt: skip
        assert [k["name"] for k in results["one"]["keypairs"]] == everything[:1], out
        # the page after the marker is the next two of nova's order
        assert [k["name"] for k in results["after"]["keypairs"]] == everything[first + 1 : first + 3], out
        assert sorted(k["name"] for k in results["theirs"]["keypairs"]) == sorted(everything), out
        assert [k["name"] for k in results["their b"]["keypairs"]] == [prefix + "-b"]
        assert admin.get_keypair(prefix + "-b") is None  # the admin's own keypairs are another list
        assert results["not allowed"]["failed"] and "Traceback" not in results["not allowed"]["msg"]
        assert results["zero"]["failed"] and "limit must be 1 or more" in results["zero"]["msg"]
    finally:
        for suffix in "abc":
            c.delete_keypair(prefix + "-" + suffix)


def test_floating_ip_info_by_router_port_and_project(tmp_path, clouds_yaml, connect):
    c = connect(CLOUD)
    mark = "polytest-ocopt-%s" % uuid.uuid4().hex[:8]
    port = c.create_port("private", name=mark + "-port")
    fip = c.create_floating_ip("public", description=mark, port_id=port["id"])
    routers = [r for r in c.list("router") if r.get("id") == fip["router_id"]]
    assert routers, "devcloud-fip's private network is routed to public"
    project_name = c.session.project_name
    try:
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "router", "polystack.cloud.floating_ip_info": {
                "cloud": CLOUD, "router": routers[0]["name"], "description": mark}},
            {"name": "port", "polystack.cloud.floating_ip_info": {"cloud": CLOUD, "port": mark + "-port"}},
            {"name": "project name", "polystack.cloud.floating_ip_info": {
                "cloud": CLOUD, "project": project_name, "description": mark}},
            {"name": "project id", "polystack.cloud.floating_ip_info": {
                "cloud": CLOUD, "project_id": c.current_project_id, "description": mark}},
            {"name": "no such port", "polystack.cloud.floating_ip_info": {"cloud": CLOUD, "port": mark + "-nope"}},
            {"name": "a project name", "polystack.cloud.floating_ip_info": {"cloud": CLOUD, "project": "not-mine"}},
        ])  # fmt: skip
        for name in ("router", "port", "project name", "project id"):
            assert [f["id"] for f in results[name]["floating_ips"]] == [fip["id"]], (name, out)
        assert results["no such port"]["floating_ips"] == []
        bad = results["a project name"]
        assert bad["failed"] and "'not-mine' is not a project id" in bad["msg"], bad
    finally:
        c.delete_floating_ip(fip["id"])
        c.delete_port(port["id"])


def test_image_takes_is_public_project_use_import_and_import_method(tmp_path, clouds_yaml, connect):
    c = connect(CLOUD)
    name = "polytest-ocopt-%s" % uuid.uuid4().hex[:8]
    disk = tmp_path / "disk.raw"
    disk.write_bytes(os.urandom(256 * 1024))
    log = tmp_path / "glance.log"
    image = {"cloud": CLOUD, "name": name, "filename": str(disk), "disk_format": "raw", "is_public": False,
             "project": c.current_project_id}  # fmt: skip
    try:
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "made", "polystack.cloud.image": dict(
                image, use_import=True, sdk_log_path=str(log), sdk_log_level="DEBUG")},
            {"name": "again", "polystack.cloud.image": dict(image, use_import=True)},
            {"name": "both", "polystack.cloud.image": dict(image, visibility="shared")},
            {"name": "no url", "polystack.cloud.image": {
                "cloud": CLOUD, "name": name, "import_method": "web-download"}},
            {"name": "glance-download", "polystack.cloud.image": {
                "cloud": CLOUD, "name": name, "uri": "http://127.0.0.1/x.raw", "import_method": "glance-download"}},
        ])  # fmt: skip
        made = results["made"]
        assert made["changed"] and made["image"]["visibility"] == "private", out
        assert made["image"]["owner"] == c.current_project_id
        # use_import: sent by glance-direct (stage, then import), not PUT to /file
        calls = re.findall(r"RegionOne: image ([A-Z]+ \S+): \d+", log.read_text())
        path = "/v2/images/%s" % made["image"]["id"]
        assert "PUT %s/stage" % path in calls and "POST %s/import" % path in calls, calls
        assert "PUT %s/file" % path not in calls
        assert results["again"]["changed"] is False
        assert results["both"]["failed"] and "mutually exclusive" in results["both"]["msg"]
        assert results["no url"]["failed"] and "needs the image's URL (url, or uri)" in results["no url"]["msg"]
        assert "glance-download" in results["glance-download"]["msg"] and results["glance-download"]["failed"]
    finally:
        for found in c.search_images(name):
            c.delete_image(found["id"])


def test_server_info_filters_on_the_results_and_name_globs(tmp_path, clouds_yaml, connect):
    """openstack.cloud's server_info filters: keys nova's list would refuse (id, metadata) match client-side."""
    c = connect(CLOUD)
    prefix = "polytest-ocopt-%s" % uuid.uuid4().hex[:8]
    flavor = c.get_flavor_by_ram(512)
    made = [
        c.create_server(prefix + "-" + n, image="devcloud-tiny", flavor=flavor, meta={"group": g}, auto_ip=False)
        for n, g in (("web", prefix), ("db", "other"))
    ]
    try:
        for server in made:
            _compute.wait_for_server(c, server["id"], 300)
        web = made[0]["id"]
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "metadata", "polystack.cloud.server_info": {
                "cloud": CLOUD, "filters": {"metadata": {"group": prefix}}}},
            {"name": "id", "polystack.cloud.server_info": {
                "cloud": CLOUD, "filters": {"id": web, "status": "ACTIVE"}}},
            {"name": "glob", "polystack.cloud.server_info": {"cloud": CLOUD, "name": prefix + "-*"}},
            {"name": "glob and filter", "polystack.cloud.server_info": {
                "cloud": CLOUD, "name": prefix + "-*", "filters": {"metadata": {"group": "other"}}}},
            {"name": "exact", "polystack.cloud.server_info": {
                "cloud": CLOUD, "name": prefix + "-db", "detailed": False}},
        ])  # fmt: skip
        ids = {name: sorted(s["id"] for s in results[name]["servers"]) for name in results}
        assert ids["metadata"] == [web] and ids["id"] == [web], out
        assert ids["glob"] == sorted(s["id"] for s in made)
        assert ids["glob and filter"] == ids["exact"] == [made[1]["id"]]
    finally:
        for server in made:
            c.delete_server(server["id"], wait=True)


def test_server_metadata_is_replaced_as_openstack_cloud_does(tmp_path, clouds_yaml, connect):
    c = connect(CLOUD)
    name = "polytest-ocopt-%s" % uuid.uuid4().hex[:8]
    server = {"cloud": CLOUD, "name": name}
    try:
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "boot", "polystack.cloud.server": dict(
                server, image="devcloud-tiny", flavor_ram=512, auto_ip=False, metadata="a=1,b=2")},
            {"name": "replace check", "polystack.cloud.server": dict(server, metadata={"a": 1}), "check_mode": True,
             "diff": True},
            {"name": "replace", "polystack.cloud.server": dict(server, metadata={"a": 1})},
            {"name": "replace again", "polystack.cloud.server": dict(server, metadata={"a": 1})},
            {"name": "merge", "polystack.cloud.server": dict(server, metadata={"c": "3"}, metadata_mode="merge")},
            {"name": "merge again", "polystack.cloud.server": dict(server, metadata={"c": "3"}, metadata_mode="merge")},
            {"name": "not managed", "polystack.cloud.server": server},
            {"name": "bad text", "polystack.cloud.server": dict(server, metadata="a:1")},
        ])  # fmt: skip
        assert results["boot"]["server"]["metadata"] == {"a": "1", "b": "2"}, out
        check = results["replace check"]
        assert check["changed"] and check["diff"]["after"]["metadata"] == {"a": "1"}, check
        assert results["replace"]["changed"] and results["replace"]["server"]["metadata"] == {"a": "1"}
        assert results["replace again"]["changed"] is False
        assert results["merge"]["server"]["metadata"] == {"a": "1", "c": "3"}
        assert results["merge again"]["changed"] is False and results["not managed"]["changed"] is False
        assert results["not managed"]["server"]["metadata"] == {"a": "1", "c": "3"}
        assert results["bad text"]["failed"] and "key=value pairs" in results["bad text"]["msg"]
        assert c.get_server(name, bare=True)["metadata"] == {"a": "1", "c": "3"}
    finally:
        for found in c.search_servers(name, bare=True):
            c.delete_server(found["id"], wait=True)


def test_the_server_auto_ip_returns_shows_its_floating_ip_in_addresses(tmp_path, clouds_yaml, connect):
    """openstack.cloud's playbooks read the floating IP from server.addresses right after the boot; nova's cache
    shows it a moment after neutron has it, so the result adds what neutron says, as nova will show it."""
    c = connect(CLOUD)
    name = "polytest-ocopt-%s" % uuid.uuid4().hex[:8]
    try:
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "boot", "polystack.cloud.server": {
                "cloud": CLOUD, "name": name, "image": "devcloud-tiny", "flavor_ram": 512, "auto_ip": True}},
            {"name": "info", "polystack.cloud.server_info": {"cloud": CLOUD, "name": name}},
        ])  # fmt: skip
        for result in (results["boot"]["server"], results["info"]["servers"][0]):
            floating = [a for entries in result["addresses"].values() for a in entries
                        if a["OS-EXT-IPS:type"] == "floating"]  # fmt: skip
            assert [a["addr"] for a in floating] == [result["public_v4"]], (result["addresses"], out)
            assert floating[0]["version"] == 4 and floating[0]["OS-EXT-IPS-MAC:mac_addr"]
            assert list(result["addresses"]) == ["private"]  # under the network of the port, as nova puts it
    finally:
        for found in c.search_servers(name, bare=True):
            c.delete_server(found["id"], wait=True, delete_ips=True)


def test_of_two_external_networks_the_one_the_servers_router_reaches_is_chosen(tmp_path, clouds_yaml, connect):
    """openstack.cloud picks the external network a router connects the server to; a second external network no
    router reaches (made here as admin) does not make auto_ip or os_floating_ip give up."""
    c, admin = connect(CLOUD), connect("devcloud-admin")
    name = "polytest-ocopt-%s" % uuid.uuid4().hex[:8]
    other = admin.create_network(name + "-unreached", **{"router:external": True})
    admin.create("subnet", {"network_id": other["id"], "cidr": "198.51.100.16/28", "ip_version": 4})
    public = c.get_network("public")
    try:
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "boot", "polystack.cloud.server": {
                "cloud": CLOUD, "name": name, "image": "devcloud-tiny", "flavor_ram": 512, "auto_ip": True}},
            {"name": "detach", "polystack.cloud.floating_ip": {
                "cloud": CLOUD, "server": name, "state": "absent", "purge": True}},
            {"name": "attach check", "polystack.cloud.floating_ip": {"cloud": CLOUD, "server": name},
             "check_mode": True},
            {"name": "attach", "polystack.cloud.floating_ip": {"cloud": CLOUD, "server": name}},
        ])  # fmt: skip
        # the boot's floating IP (deleted by the detach step since) came from public's subnet
        cidrs = [ipaddress.ip_network(s["cidr"]) for s in c.list("subnet", {"network_id": public["id"]})]
        address = ipaddress.ip_address(results["boot"]["server"]["public_v4"])
        assert any(address in cidr for cidr in cidrs), (address, cidrs, out)
        assert results["attach check"]["changed"] and results["attach"]["changed"], out
        assert results["attach"]["floating_ip"]["network_id"] == public["id"]
    finally:
        for found in c.search_servers(name, bare=True):
            c.delete_server(found["id"], wait=True, delete_ips=True)
        admin.delete_network(other["id"])


def test_image_takes_id_checksum_owner_by_name_and_volume(tmp_path, clouds_yaml, connect):
    """id (looked up by it, and a new image gets it), checksum (the file's MD5, or refused before anything is sent),
    owner by the project's name with owner_domain, and volume (an image made by cinder from a volume's bytes)."""
    c = connect(CLOUD)
    name = "polytest-ocimg-%s" % uuid.uuid4().hex[:8]
    disk = tmp_path / "disk.raw"
    data = os.urandom(128 * 1024)
    disk.write_bytes(data)
    md5 = __import__("hashlib").md5(data).hexdigest()
    image_id = str(uuid.uuid4())
    project = c.session.project_name
    base = {"cloud": CLOUD, "name": name, "disk_format": "raw"}
    volume = c.create_volume(1, name=name, wait=True)
    try:
        results, out = play(tmp_path, clouds_yaml, [
            {"name": "bad checksum", "polystack.cloud.image": dict(base, filename=str(disk), checksum="0" * 32)},
            {"name": "made", "polystack.cloud.image": dict(
                base, filename=str(disk), id=image_id, checksum=md5, owner=project, project_domain="Default")},
            {"name": "by id", "polystack.cloud.image": dict(base, id=image_id, checksum=md5)},
            {"name": "other checksum", "polystack.cloud.image": dict(base, checksum="1" * 32)},
            {"name": "from volume check", "polystack.cloud.image": dict(base, name=name + "-vol", volume=name),
             "check_mode": True},
            {"name": "from volume", "polystack.cloud.image": dict(base, name=name + "-vol", volume=name)},
            {"name": "from volume again", "polystack.cloud.image": dict(base, name=name + "-vol", volume=name)},
            {"name": "delete by id", "polystack.cloud.image": dict(base, id=image_id, state="absent")},
        ])  # fmt: skip
        assert results["bad checksum"]["failed"] and "is not the MD5 of filename" in results["bad checksum"]["msg"]
        made = results["made"]
        assert made["changed"] and made["image"]["id"] == image_id and made["image"]["checksum"] == md5, out
        assert made["image"]["owner"] == c.current_project_id
        assert results["by id"]["changed"] is False and results["by id"]["image"]["id"] == image_id
        assert results["other checksum"]["failed"] and "has checksum %s" % md5 in results["other checksum"]["msg"]
        vol = results["from volume"]
        assert results["from volume check"]["changed"] and vol["changed"] and vol["image"]["status"] == "active"
        assert vol["image"]["disk_format"] == "raw" and vol["image"]["size"] == 1024**3  # the volume's bytes
        assert results["from volume again"]["changed"] is False
        assert results["delete by id"]["changed"] and c.get_image(image_id) is None
    finally:
        for found in c.search_images(name) + c.search_images(name + "-vol"):
            c.delete_image(found["id"])
        c.delete_volume(volume["id"], wait=True)
