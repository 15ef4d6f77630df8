"""Bad input, table-driven: broken clouds.yaml and secure.yaml, wrong types, unknown cloud/region/profile, wrong
credentials, missing files, huge metadata, unicode and path tricks in names, conflicting options, across the
config loader, every module and the inventory plugin.

Each case runs the real thing (ansible ad hoc, or ansible-inventory) against the devcloud and must give: a
non-zero exit status, a message that says what is wrong (the words each case lists: the file, cloud, option or
value at fault), no Python traceback, and none of the devcloud's secrets nor the wrong password tried.  Nothing
is created on the clouds: names carry the prefix rel-bad- and whatever a case could have made is looked for
afterwards."""

import json
import os
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from conftest import ROOT, SUMMARY_LINES, run_tool
from reliability.runner import KEY, collections_path, module_env, run_module, run_module_direct
from reliability.secrets_util import devcloud_secrets

# its 291 cases run in the module's fixture (2.5 to 3 min): room for a loaded machine beside another pytest worker
pytestmark = pytest.mark.timeout(1200)

RUN = uuid.uuid4().hex[:6]
N = "rel-bad-%s" % RUN
WRONG_PASSWORD = "Wr0ng-Pa55-%s" % uuid.uuid4().hex[:10]
WRONG_SECRET = "Wr0ng-Secr3t-%s" % uuid.uuid4().hex[:10]
HUGE = "x" * (100 * 1024)  # (one argument of a command line holds at most 128 KiB)
KP, IMG, OBJ, SRV, FIP = (
    "polystack.cloud.os_keypair",
    "polystack.cloud.os_image",
    "polystack.cloud.os_object",
    "polystack.cloud.os_server",
    "polystack.cloud.os_floating_ip",
)
INFO = "polystack.cloud.os_keypair_info"
OC = "polystack.cloud.os_object_container"
NET, SUB, RTR, PORT, SG, RULE = (
    "polystack.cloud.os_network",
    "polystack.cloud.os_subnet",
    "polystack.cloud.os_router",
    "polystack.cloud.os_port",
    "polystack.cloud.os_security_group",
    "polystack.cloud.os_security_group_rule",
)


class Case:
    def __init__(
        self, id, module, args, expect, clouds=None, secure=None, files=None, env=None, inventory=None,
        playbook=None, extra=None, python=None,
    ):  # fmt: skip
        self.id = id
        self.module = module
        self.args = args
        self.expect = expect  # words the message must hold (any case)
        self.clouds = clouds  # None: the devcloud's clouds.yaml; str: a file's text; callable(devcloud clouds)
        self.secure = secure
        self.files = files or {}
        self.env = env or {}
        self.inventory = inventory  # the text of an inventory source (ansible-inventory instead of a module)
        self.playbook = playbook  # a playbook's text, or a path under the repository (ansible-playbook)
        self.extra = extra or []  # its command line's extra arguments (-e ...)
        self.python = python  # Python API code (c: a Cloud on devcloud-fip, api: the module, N: the name prefix)


def fip(clouds, **changes):
    """A clouds.yaml holding devcloud-fip as 'rel-bad' with changes (None deletes a key; 'auth.x' in auth)."""
    conf = json.loads(json.dumps(clouds["devcloud-fip"]))
    for key, value in changes.items():
        target, k = (conf["auth"], key[5:]) if key.startswith("auth.") else (conf, key)
        if value is None:
            target.pop(k, None)
        else:
            target[k] = value
    return yaml.safe_dump({"clouds": {"rel-bad": conf}})


def appcred(clouds, **changes):
    conf = json.loads(json.dumps(clouds["devcloud-appcred"]))
    conf["auth"].update(changes)
    return yaml.safe_dump({"clouds": {"rel-bad": conf}})


def server_role(**options):
    """A play including the multicloud_server role with these multicloud_server_* variables."""
    return {"role": "multicloud_server", "vars": dict(("multicloud_server_" + k, v) for k, v in options.items())}


B = {"cloud": "rel-bad"}
F = {"cloud": "devcloud-fip"}

# fmt: off
CASES = [
    # -- clouds.yaml: the file itself ------------------------------------------------------------------------
    Case("yaml-syntax", INFO, B, ["YAML syntax error", "clouds.yaml", "line"], clouds="clouds:\n  rel-bad: [a\n"),
    Case("yaml-tab", INFO, B, ["YAML syntax error", "clouds.yaml"], clouds="clouds:\n\trel-bad:\n\t\tauth: {}\n"),
    Case("yaml-top-list", INFO, B, ["clouds.yaml", "mapping"], clouds="- clouds\n- rel-bad\n"),
    Case("yaml-clouds-string", INFO, B, ["clouds.yaml", "'clouds' must be a mapping"], clouds="clouds: rel-bad\n"),
    Case("yaml-cloud-list", INFO, B, ["cloud 'rel-bad' must be a mapping"], clouds="clouds:\n  rel-bad: [1, 2]\n"),
    Case("yaml-empty", INFO, B, ["unknown cloud 'rel-bad'"], clouds=""),
    Case("yaml-not-utf8", INFO, B, ["clouds.yaml", "UTF-8"],
         clouds=b"clouds:\n  rel-bad: {auth: {password: \xff\xfe}}\n"),
    Case("yaml-missing-file", INFO, B, ["/nonexistent/clouds.yaml", "none found"],
         env={"OS_CLIENT_CONFIG_FILE": "/nonexistent/clouds.yaml"}),
    Case("yaml-is-directory", INFO, B, ["clouds.yaml: none found"], env={"OS_CLIENT_CONFIG_FILE": "{tmp}"}),
    Case("yaml-json-broken", INFO, B, ["clouds.json", "not valid JSON"], files={"clouds.json": '{"clouds": {'},
         env={"OS_CLIENT_CONFIG_FILE": "{tmp}/clouds.json"}),
    # -- clouds.yaml: clouds, regions, profiles ------------------------------------------------------------
    Case("unknown-cloud", INFO, {"cloud": "rel-nosuchcloud"}, ["unknown cloud 'rel-nosuchcloud'", "devcloud-fip"]),
    Case("unknown-cloud-os-cloud", INFO, {"timeout": 60}, ["unknown cloud 'rel-nosuchcloud'"],
         env={"OS_CLOUD": "rel-nosuchcloud"}),
    Case("unknown-region", INFO, dict(F, region_name="RegionNine"), ["no region 'RegionNine'", "RegionOne"]),
    Case("unknown-region-in-file", INFO, B, ["no region 'RegionNine'", "RegionOne"],
         clouds=lambda c: fip(c, region_name="RegionNine")),
    Case("unknown-profile", INFO, B, ["unknown profile 'rel-nosuchvendor'"],
         clouds=lambda c: fip(c, profile="rel-nosuchvendor")),
    Case("profile-wrong-type", INFO, B, ["profile must be a profile's name"], clouds=lambda c: fip(c, profile=[1])),
    Case("regions-wrong-type", INFO, B, ["'regions' must be a list"], clouds=lambda c: fip(c, regions=5)),
    Case("regions-twice", INFO, B, ["listed twice"], clouds=lambda c: fip(c, regions=["RegionOne", "RegionOne"])),
    Case("region-unknown-keys", INFO, B, ["region RegionOne has unknown keys", "colour"],
         clouds=lambda c: fip(c, regions=[{"name": "RegionOne", "colour": "red"}])),
    Case("networks-wrong-type", INFO, B, ["'networks' must be a list"], clouds=lambda c: fip(c, networks="public")),
    Case("networks-unknown-key", INFO, B, ["unknown keys", "routes_everywhere"],
         clouds=lambda c: fip(c, networks=[{"name": "public", "routes_everywhere": True}])),
    Case("interface-bogus", INFO, B, ["interface 'sideways'", "public, internal, admin"],
         clouds=lambda c: fip(c, interface="sideways")),
    Case("api-timeout-text", INFO, B, ["api_timeout must be a number", "soon"],
         clouds=lambda c: fip(c, api_timeout="soon")),
    Case("image-api-v1", IMG, dict(B, name=N), ["image_api_version"], clouds=lambda c: fip(c, image_api_version=1)),
    Case("identity-version-banana", INFO, B, ["identity_api_version", "banana"],
         clouds=lambda c: fip(c, identity_api_version="banana")),
    # -- auth -------------------------------------------------------------------------------------------------
    Case("wrong-password", INFO, B, ["authentication refused", "rel-bad", "credentials"],
         clouds=lambda c: fip(c, **{"auth.password": WRONG_PASSWORD})),
    Case("wrong-username", INFO, B, ["authentication refused", "rel-bad"],
         clouds=lambda c: fip(c, **{"auth.username": "rel-nosuchuser"})),
    Case("unknown-project", INFO, B, ["rel-bad"], clouds=lambda c: fip(c, **{"auth.project_name": "rel-noproject"})),
    Case("appcred-wrong-secret", INFO, B, ["authentication refused", "rel-bad"],
         clouds=lambda c: appcred(c, application_credential_secret=WRONG_SECRET)),
    Case("appcred-unknown-id", INFO, B, ["rel-bad", "application credential"],
         clouds=lambda c: appcred(c, application_credential_id=uuid.uuid4().hex)),
    Case("auth-url-closed-port", INFO, B, ["identity", "rel-bad"],
         clouds=lambda c: fip(c, **{"auth.auth_url": "http://127.0.0.1:9/v3"})),
    Case("auth-url-not-url", INFO, B, ["rel-bad"], clouds=lambda c: fip(c, **{"auth.auth_url": "not a url"})),
    Case("auth-url-not-keystone", INFO, B, ["rel-bad"],
         clouds=lambda c: fip(c, **{"auth.auth_url": "http://127.0.0.1:9292/v3"})),
    Case("auth-type-unknown", INFO, B, ["unknown auth_type 'rel-magic'"],
         clouds=lambda c: fip(c, auth_type="rel-magic")),
    Case("auth-option-unknown", INFO, B, ["does not take auth.favourite_colour"],
         clouds=lambda c: fip(c, **{"auth.favourite_colour": "blue"})),
    Case("auth-missing-username", INFO, B, ["rel-bad", "username"], clouds=lambda c: fip(c, **{"auth.username": None})),
    Case("auth-missing-domain", INFO, B, ["user_domain_name"],
         clouds=lambda c: fip(c, **{"auth.user_domain_name": None})),
    Case("auth-is-string", INFO, B, ["'auth' must be a mapping"], clouds=lambda c: fip(c, auth="password")),
    Case("task-auth-clash", INFO, dict(B, auth={"password": WRONG_PASSWORD}), ["override", "rel-bad"],
         clouds=fip),
    Case("task-auth-type-clash", INFO, dict(B, auth_type="token"), ["auth_type token", "auth.token"],
         clouds=fip),
    Case("task-cloud-dict-no-url", INFO, {"cloud": {"auth": {"username": "u", "password": WRONG_PASSWORD}}},
         ["auth_url"]),
    # -- secure.yaml ---------------------------------------------------------------------------------------------
    Case("secure-syntax", INFO, B, ["YAML syntax error", "secure.yaml"],
         clouds=fip, secure="clouds:\n  rel-bad: {auth: {password: [\n"),
    Case("secure-top-list", INFO, B, ["secure.yaml", "mapping"], clouds=fip, secure="- a\n"),
    Case("secure-wrong-password", INFO, B, ["authentication refused", "rel-bad"],
         clouds=lambda c: fip(c, **{"auth.password": None}),
         secure=yaml.safe_dump({"clouds": {"rel-bad": {"auth": {"password": WRONG_PASSWORD}}}})),
    Case("secure-cloud-entry-list", INFO, B, ["secure.yaml", "rel-bad"], clouds=fip,
         secure="clouds:\n  rel-bad: [1]\n"),
    # -- common options: wrong types and values ------------------------------------------------------------
    Case("option-unknown", INFO, dict(F, colour="blue"), ["Unsupported parameters", "colour"]),
    Case("timeout-text", KP, dict(F, name=N, timeout="soon"), ["timeout", "int"]),
    Case("validate-certs-maybe", INFO, dict(F, validate_certs="maybe"), ["validate_certs", "bool"]),
    Case("interface-choice", INFO, dict(F, interface="sideways"), ["interface", "sideways"]),
    Case("cloud-as-list", INFO, {"cloud": ["a", "b"]}, ["cloud option", "list"]),
    # -- os_keypair -------------------------------------------------------------------------------------------
    Case("keypair-garbage-key", KP, dict(F, name=N, public_key="not a key"), ["public_key", "OpenSSH"]),
    Case("keypair-key-file-missing", KP, dict(F, name=N, public_key_file="/nonexistent/id.pub"),
         ["public_key_file", "/nonexistent/id.pub"]),
    Case("keypair-key-file-directory", KP, dict(F, name=N, public_key_file="/tmp"), ["public_key_file", "/tmp"]),
    Case("keypair-both-keys", KP, dict(F, name=N, public_key=KEY, public_key_file="/nonexistent"),
         ["mutually exclusive", "public_key"]),
    Case("keypair-path-name", KP, dict(F, name="../../%s" % N, public_key=KEY), ["compute", "devcloud-fip"]),
    Case("keypair-unicode-name", KP, dict(F, name="%s-ключ-🔑" % N, public_key=KEY), ["compute", "devcloud-fip"]),
    Case("keypair-long-name", KP, dict(F, name=N + "x" * 300, public_key=KEY), ["compute", "devcloud-fip"]),
    Case("keypair-empty-name", KP, dict(F, name="", public_key=KEY), ["name"]),
    Case("keypair-state-bogus", KP, dict(F, name=N, state="maybe"), ["state", "maybe"]),
    # -- os_image -------------------------------------------------------------------------------------------------
    Case("image-file-missing", IMG, dict(F, name=N, filename="/nonexistent/disk.img", disk_format="raw"),
         ["/nonexistent/disk.img"]),
    Case("image-file-directory", IMG, dict(F, name=N, filename="/tmp", disk_format="raw"), ["/tmp"]),
    Case("image-url-and-file", IMG, dict(F, name=N, filename="/etc/hostname", url="http://127.0.0.1:9/x"),
         ["mutually exclusive", "filename", "url"]),
    Case("image-disk-format-bogus", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="floppy"),
         ["disk_format", "floppy"]),
    Case("image-huge-properties", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw",
         properties={"rel_big": HUGE}), ["image", "devcloud-fip"]),
    Case("image-properties-wrong-type", IMG, dict(F, name=N, properties="big"), ["properties", "dict"]),
    Case("image-min-ram-text", IMG, dict(F, name=N, min_ram="lots"), ["min_ram", "int"]),
    Case("image-unknown-kernel", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw",
         kernel="rel-no-such-kernel"), ["rel-no-such-kernel"]),
    # -- os_object ----------------------------------------------------------------------------------------------
    Case("object-data-and-file", OBJ, dict(F, container=N + "-1", name="o", data="x", filename="/etc/hostname"),
         ["mutually exclusive", "data", "filename"]),
    Case("object-file-missing", OBJ, dict(F, container=N + "-2", name="o", filename="/nonexistent/blob"),
         ["/nonexistent/blob"]),
    Case("object-container-slash", OBJ, dict(F, container=N + "-x/../etc", name="o", data="x"), ["container"]),
    Case("object-container-too-long", OBJ, dict(F, container=N + "c" * 300, name="o", data="x"),
         ["container name", "256 bytes"]),
    Case("object-huge-metadata", OBJ, dict(F, container=N + "-3", name="o", data="x", metadata={"big": HUGE}),
         ["metadata big", "256 bytes", "devcloud-fip"]),
    Case("object-many-metadata", OBJ, dict(F, container=N + "-7", name="o", data="x",
         metadata=dict(("k%d" % i, "v") for i in range(100))), ["100 keys", "devcloud-fip"]),
    Case("object-segment-size-zero", OBJ,
         dict(F, container=N + "-4", name="o", filename="/etc/hostname", segment_size=0), ["segment_size"]),
    Case("object-access-bogus", OBJ, dict(F, container=N + "-5", container_access="world"),
         ["container_access", "world"]),
    Case("object-no-container-create", OBJ, dict(F, container=N + "-6", name="o", data="x", create_container=False),
         ["does not exist", "create_container=false"]),
    # -- os_server ------------------------------------------------------------------------------------------------
    Case("server-flavor-and-ram", SRV, dict(F, name=N, image="devcloud-tiny", flavor="m1.tiny", flavor_ram=512),
         ["mutually exclusive", "flavor"]),
    Case("server-network-and-nics", SRV, dict(F, name=N, network="private", nics=[{"net-name": "private"}]),
         ["mutually exclusive", "network"]),
    Case("server-no-image", SRV, dict(F, name=N, flavor_ram=512), ["image (or boot_volume) and flavor", N]),
    Case("server-unknown-image", SRV, dict(F, name=N, image="rel-no-such-image", flavor_ram=512),
         ["rel-no-such-image", "not found", "devcloud-fip"]),
    Case("server-unknown-flavor", SRV, dict(F, name=N, image="devcloud-tiny", flavor="rel-no-such-flavor"),
         ["rel-no-such-flavor", "not found"]),
    Case("server-flavor-ram-huge", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=10**9),
         ["no flavor with at least 1000000000 MiB"]),
    Case("server-unknown-network", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         network="rel-no-such-net"), ["rel-no-such-net", "not found"]),
    Case("server-huge-metadata", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         metadata={"big": "y" * 300}), ["compute", "devcloud-fip"]),
    Case("server-metadata-wrong-type", SRV, dict(F, name=N, metadata=["role", "web"]), ["metadata", "dict"]),
    Case("server-nics-wrong-type", SRV, dict(F, name=N, nics="private"), ["nics"]),
    # -- the hostile review (issue 18): what was accepted, or failed late, or only in the real run -----------
    Case("server-unknown-keypair", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512, key_name=N + "-nokey"),
         ["keypair", N + "-nokey", "key_name", "devcloud-fip"]),
    Case("server-unknown-keypair-check", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
                                                   key_name=N + "-nokey", _ansible_check_mode=True),
         ["keypair", N + "-nokey", "key_name"]),
    Case("server-unknown-secgroup", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
                                              security_groups=[N + "-nosg"]), ["security group", N + "-nosg"]),
    Case("server-unknown-secgroup-check", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
                                                    security_groups=[N + "-nosg"], _ansible_check_mode=True),
         ["security group", N + "-nosg"]),
    Case("server-empty-name", SRV, dict(F, name="", image="devcloud-tiny", flavor_ram=512), ["name", "empty"]),
    Case("server-blank-name", SRV, dict(F, name="   ", image="devcloud-tiny", flavor_ram=512), ["name", "empty"]),
    Case("server-flavor-ram-negative", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=-5),
         ["flavor_ram", "-5"]),
    Case("server-timeout-negative", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512, timeout=-1),
         ["timeout", "-1"]),
    Case("server-api-timeout-zero", INFO, dict(F, api_timeout=0), ["api_timeout", "0"]),
    Case("server-nics-unknown-key", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
                                              nics=[{"net-name": "private", "netname": "x"}]),
         ["nics[0]", "netname"]),
    Case("server-userdata-directory", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512, userdata="/tmp"),
         ["userdata", "/tmp", "directory"]),
    Case("keypair-empty-public-key", KP, dict(F, name=N, public_key=""), ["public_key", "empty"]),
    Case("keypair-blank-public-key", KP, dict(F, name=N, public_key="  \n"), ["public_key", "empty"]),
    Case("keypair-empty-key-file", KP, dict(F, name=N, public_key_file="/dev/null"), ["public_key_file", "empty"]),
    Case("object-name-climbs", OBJ, dict(F, container=N, name="../%s-other/x" % N, data="x"),
         ["object name", "outside its container"]),
    Case("object-name-dot", OBJ, dict(F, container=N, name=".", state="absent"), ["object name", "outside"]),
    Case("object-name-empty", OBJ, dict(F, container=N, name="", data="x"), ["object name", "non-empty"]),
    Case("object-container-dotdot", OBJ, dict(F, container="..", name="x", state="absent"),
         ["container name", "'..'"]),
    Case("cloud-json-broken", INFO, {"cloud": '{"auth": {"password": "%s"' % WRONG_PASSWORD},
         ["cloud option", "not valid JSON", "column"]),
    Case("cloud-json-list", INFO, {"cloud": "[1, 2]"}, ["unknown cloud"]),
    Case("server-huge-userdata", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         userdata="#!/bin/sh\n" + "z" * (100 * 1024)), ["compute", "devcloud-fip"]),
    Case("server-unicode-path-image", SRV, dict(F, name=N, image="../../etc/ключ", flavor_ram=512),
         ["../../etc/ключ", "not found"]),
    Case("server-state-bogus", SRV, dict(F, name=N, state="paused"), ["state", "paused"]),
    # -- os_floating_ip --------------------------------------------------------------------------------------------
    Case("fip-nothing-named", FIP, dict(F), ["floating_ip_address"]),
    Case("fip-unknown-server", FIP, dict(F, server="rel-no-such-server"), ["rel-no-such-server"]),
    Case("fip-unknown-network", FIP, dict(F, floating_ip_address="172.24.4.254", network="rel-no-such-net"),
         ["rel-no-such-net"]),
    # check mode looks up the pool as the real run does (before the floating IP engine it reported "changed")
    Case("fip-unknown-network-check", FIP, dict(F, floating_ip_address="172.24.4.254", network="rel-no-such-net",
                                                _ansible_check_mode=True), ["rel-no-such-net"]),
    Case("fip-not-an-address", FIP, dict(F, floating_ip_address="not-an-ip", network="public"),
         ["floating_ip_address", "not-an-ip"]),
    # -- the inventory plugin ---------------------------------------------------------------------------------
    Case("inventory-unknown-cloud", None, None, ["rel-nosuchcloud"],
         inventory="plugin: polystack.cloud.openstack\nonly_clouds: [rel-nosuchcloud]\nfail_on_errors: true\n"),
    Case("inventory-missing-clouds-yaml", None, None, ["/nonexistent/clouds.yaml"],
         inventory="plugin: polystack.cloud.openstack\nclouds_yaml_path: [/nonexistent/clouds.yaml]\n"
                   "fail_on_errors: true\n"),
    Case("inventory-wrong-password", None, None, ["rel-bad", "authentication refused"],
         clouds=lambda c: fip(c, **{"auth.password": WRONG_PASSWORD}),
         inventory="plugin: polystack.cloud.openstack\nonly_clouds: [rel-bad]\nfail_on_errors: true\n"),
    Case("inventory-broken-yaml", None, None, ["YAML syntax error"], clouds="clouds:\n  rel-bad: [a\n",
         inventory="plugin: polystack.cloud.openstack\nfail_on_errors: true\n"),
    Case("inventory-option-type", None, None, ["concurrency"],
         inventory="plugin: polystack.cloud.openstack\nconcurrency: many\nfail_on_errors: true\n"),
    # -- more of every module: values a cloud would refuse late, or take literally -------------------------
    Case("image-empty-name", IMG, dict(F, name="", filename="/etc/hostname", disk_format="raw"), ["name", "empty"]),
    Case("image-blank-name", IMG, dict(F, name="  ", filename="/etc/hostname", disk_format="raw"),
         ["name", "empty"]),
    Case("image-min-ram-negative", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw", min_ram=-1),
         ["min_ram", "negative", "devcloud-fip"]),
    Case("image-min-disk-negative", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw", min_disk=-1),
         ["min_disk", "negative"]),
    Case("image-name-too-long", IMG, dict(F, name=N + "i" * 300, filename="/etc/hostname", disk_format="raw"),
         ["image", "devcloud-fip"]),
    Case("image-url-file-scheme", IMG, dict(F, name=N, url="file:///etc/passwd", disk_format="raw"),
         ["file:///etc/passwd", "devcloud-fip"]),
    Case("image-property-id", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw",
         properties={"id": "x"}), ["image", "devcloud-fip"]),
    Case("image-property-status", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw",
         properties={"status": "active"}), ["status", "read-only"]),
    Case("image-tag-too-long", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw",
         tags=["t" * 300]), ["image", "devcloud-fip"]),
    Case("image-owner-other-project", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw",
         owner="rel-noproject"), ["rel-noproject", "devcloud-fip"]),
    Case("image-unknown-ramdisk", IMG, dict(F, name=N, filename="/etc/hostname", disk_format="raw",
         ramdisk="rel-no-such-ramdisk"), ["ramdisk", "rel-no-such-ramdisk", "not found"]),
    Case("image-file-not-regular", IMG, dict(F, name=N, filename="/dev/null", disk_format="raw"),
         ["/dev/null", "not a file"]),
    Case("image-visibility-bogus", IMG, dict(F, name=N, visibility="everyone"), ["visibility", "everyone"]),
    Case("image-upload-method-bogus", IMG, dict(F, name=N, upload_method="pigeon"), ["upload_method", "pigeon"]),
    Case("image-nothing-to-upload", IMG, dict(F, name=N, disk_format="raw"), [N, "filename or url"]),
    Case("image-container-format-bogus", IMG, dict(F, name=N, container_format="zip"), ["container_format", "zip"]),
    Case("image-on-change-bogus", IMG, dict(F, name=N, on_content_change="maybe"), ["on_content_change", "maybe"]),
    Case("image-tags-wrong-type", IMG, dict(F, name=N, tags={"a": 1}), ["tags", "list"]),
    Case("object-content-type-newline", OBJ, dict(F, container=N + "-8", name="o", data="x",
         content_type="text/plain\nX-Delete-At: 1"), ["content_type", "one line"]),
    Case("object-metadata-key-newline", OBJ, dict(F, container=N + "-9", name="o", data="x",
         metadata={"a\nX-Delete-At": "1"}), ["metadata key", "one line"]),
    Case("object-metadata-value-crlf", OBJ, dict(F, container=N + "-10", name="o", data="x",
         metadata={"a": "b\r\nX-Delete-At: 1"}), ["metadata a", "one line"]),
    Case("object-name-too-long", OBJ, dict(F, container=N + "-11", name="n" * 2000, data="x"),
         ["object name", "1024"]),
    Case("object-segment-negative", OBJ, dict(F, container=N + "-12", name="o", filename="/etc/hostname",
         segment_size=-1), ["segment_size", "-1"]),
    Case("object-filename-directory", OBJ, dict(F, container=N + "-13", name="o", filename="/tmp"),
         ["filename", "/tmp"]),
    Case("object-no-container", OBJ, dict(F, name="o", data="x"), ["container"]),
    Case("object-container-empty", OBJ, dict(F, container="", name="o", data="x"), ["container name", "non-empty"]),
    Case("object-container-empty-absent", OBJ, dict(F, container="", state="absent"), ["container name"]),
    Case("object-name-dotdot-segment", OBJ, dict(F, container=N, name="a/../../x", state="absent"),
         ["object name", "outside"]),
    Case("object-metadata-wrong-type", OBJ, dict(F, container=N + "-14", name="o", data="x", metadata="big"),
         ["metadata", "dict"]),
    Case("object-state-bogus", OBJ, dict(F, container=N, name="o", state="gone"), ["state", "gone"]),
    Case("keypair-two-keys", KP, dict(F, name=N, public_key=KEY + "\nssh-rsa AAAAB3NzaC1yc2E rel@evil"),
         ["public_key", "2 lines", "one"]),
    Case("keypair-private-key", KP, dict(F, name=N, public_key="-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n"
         "-----END OPENSSH PRIVATE KEY-----"), ["public_key"]),
    Case("keypair-slash-name", KP, dict(F, name="a/" + N, public_key=KEY), ["name", "devcloud-fip"]),
    Case("keypair-blank-name", KP, dict(F, name="  ", public_key=KEY), ["name", "empty"]),
    Case("keypair-key-wrong-type", KP, dict(F, name=N, public_key_file=["a"]), ["public_key_file"]),
    Case("server-metadata-nested", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         metadata={"a": {"b": 1}}), ["metadata a", "dict"]),
    Case("server-metadata-list", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         metadata={"a": [1]}), ["metadata a", "list"]),
    Case("server-metadata-nested-check", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         metadata={"a": {"b": 1}}, _ansible_check_mode=True), ["metadata a", "dict"]),
    Case("server-flavor-ram-zero", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=0), ["flavor_ram", "0"]),
    Case("server-unknown-floating-ip", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         floating_ips=["203.0.113.77"]), ["203.0.113.77", "not found"]),
    Case("server-unknown-ip-pool", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         floating_ip_pools=["rel-nopool"]), ["rel-nopool", "floating_ip_pools", "not found"]),
    Case("server-unknown-az", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         availability_zone="rel-noaz"), ["availability zone", "devcloud-fip"]),
    Case("server-tag-slash", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512, tags=["a/b"]),
         ["a/b", "devcloud-fip"]),
    Case("server-scheduler-hint-bogus", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         scheduler_hints={"group": "nope"}), ["group", "devcloud-fip"]),
    Case("server-on-drift-bogus", SRV, dict(F, name=N, on_drift="explode"), ["on_drift", "explode"]),
    Case("server-nics-net-id-unknown", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         nics=[{"net-id": "rel-nope"}]), ["rel-nope", "not found"]),
    Case("server-nics-int", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512, nics=[5]), ["nics"]),
    Case("server-nics-port-unknown", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         nics=[{"port-name": "rel-noport"}]), ["rel-noport", "not found"]),
    Case("server-nics-old-key", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         nics=[{"net-name": "private", "v4-fixed-ip": "10.0.0.5"}]), ["nics[0]", "v4-fixed-ip"]),
    Case("server-flavor-include-nothing", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         flavor_include="rel-nomatch"), ["rel-nomatch", "no flavor"]),
    Case("server-image-excluded", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         image_exclude="devcloud"), ["devcloud-tiny", "not found"]),
    Case("server-security-group-empty", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         security_groups=[""]), ["security group", "not found"]),
    Case("server-unknown-nat-destination", SRV, dict(F, name=N, image="devcloud-tiny", flavor_ram=512,
         nat_destination="rel-nonet", auto_ip=True), ["rel-nonet"]),
    Case("server-tags-wrong-type", SRV, dict(F, name=N, tags={"a": 1}), ["tags", "list"]),
    Case("server-auto-ip-maybe", SRV, dict(F, name=N, auto_ip="maybe"), ["auto_ip", "bool"]),
    Case("fip-info-address-bogus", "polystack.cloud.os_floating_ip_info", dict(F, floating_ip_address="nope"),
         ["floating_ip_address", "nope"]),
    Case("fip-info-fixed-bogus", "polystack.cloud.os_floating_ip_info", dict(F, fixed_ip_address="10.0.0.999"),
         ["fixed_ip_address", "10.0.0.999"]),
    Case("fip-info-status-lower", "polystack.cloud.os_floating_ip_info", dict(F, status="up"), ["status", "up"]),
    Case("fip-fixed-bogus", FIP, dict(F, server="rel-nosrv", fixed_address="nope"), ["fixed_address", "nope"]),
    Case("fip-address-v6-bogus", FIP, dict(F, floating_ip_address="::zz", network="public"),
         ["floating_ip_address", "::zz"]),
    Case("fip-absent-without-address", FIP, dict(F, state="absent"), ["floating_ip_address"]),
    Case("fip-unknown-server-nat", FIP, dict(F, server="rel-nosrv", nat_destination="rel-nonet"),
         ["rel-nosrv", "not found"]),
    Case("fip-purge-maybe", FIP, dict(F, server="x", purge="maybe"), ["purge", "bool"]),
    Case("server-info-filters-text", "polystack.cloud.os_server_info", dict(F, filters="x"), ["filters", "dict"]),
    Case("server-info-detailed-maybe", "polystack.cloud.os_server_info", dict(F, detailed="maybe"),
         ["detailed", "bool"]),
    Case("image-info-filters-list", "polystack.cloud.os_image_info", dict(F, filters=[1]), ["filters", "dict"]),
    Case("object-info-container-dotdot", "polystack.cloud.os_object_info", dict(F, container=".."),
         ["container name", "'..'"]),
    Case("object-info-container-slash", "polystack.cloud.os_object_info", dict(F, container="a/b"),
         ["container name", "'/'"]),
    Case("object-info-name-climbs", "polystack.cloud.os_object_info", dict(F, container=N, name="../x"),
         ["object name", "outside"]),
    # -- os_object_container, under openstack.cloud's names -------------------------------------------------------
    Case("container-name-dotdot", "polystack.cloud.object_container", dict(F, name=".."), ["container name", "'..'"]),
    Case("container-name-slash", OC, dict(F, container=N + "/../x", state="absent"), ["container name", "'/'"]),
    Case("container-metadata-underscore", OC, dict(F, name=N + "-u", metadata={"my_key": "v"}),
         ["my_key", "'_'", "my-key"]),
    Case("container-metadata-key-not-ascii", OC, dict(F, name=N + "-ka", metadata={"clé": "v"}),
         ["metadata key", "not ASCII"]),
    Case("container-metadata-newline", OC, dict(F, name=N + "-n", metadata={"k": "a\nb"}), ["metadata k", "one line"]),
    Case("container-huge-metadata", OC, dict(F, name=N + "-h", metadata={"big": HUGE}),
         ["metadata big", "256 bytes", "devcloud-fip"]),
    Case("container-read-acl-designator", OC, dict(F, name=N + "-a", read_ACL=".world:*"),
         ["read_ACL", "unknown designator", ".world"]),
    Case("container-write-acl-no-host", OC, dict(F, name=N + "-w", write_ACL=".r:"), ["write_ACL", "host"]),
    Case("container-empty-key", OC, dict(F, name=N + "-k", delete_metadata_keys=[""]),
         ["delete_metadata_keys", "empty"]),
    Case("container-state-bogus", OC, dict(F, name=N + "-s", state="gone"), ["state", "gone"]),
    Case("containers-info-name-dotdot", "polystack.cloud.os_object_containers_info", dict(F, name=".."),
         ["container name", "'..'"]),
    # -- the connection options of every module --------------------------------------------------------------
    Case("ca-cert-missing", INFO, dict(F, ca_cert="/nonexistent/ca.pem"), ["ca_cert", "/nonexistent/ca.pem"]),
    Case("client-cert-missing", INFO, dict(F, client_cert="/nonexistent/c.pem"),
         ["client_cert", "/nonexistent/c.pem"]),
    Case("client-key-missing", INFO, dict(F, client_cert="/etc/hostname", client_key="/nonexistent/k.pem"),
         ["client_key", "/nonexistent/k.pem"]),
    Case("api-timeout-huge", INFO, dict(F, api_timeout=10**12), ["api_timeout", "86400"]),
    Case("api-timeout-negative", INFO, dict(F, api_timeout=-3), ["api_timeout", "-3"]),
    Case("auth-type-bogus-task", INFO, dict(F, auth_type="magic"), ["auth_type", "magic"]),
    Case("auth-as-list", INFO, dict(F, auth=[1]), ["auth", "dict"]),
    Case("cloud-empty-name", INFO, {"cloud": ""}, ["unknown cloud ''", "devcloud-fip"]),
    Case("cloud-as-number", INFO, {"cloud": 5}, ["cloud option", "int"]),
    Case("auth-json-clash", INFO, dict(F, auth='{"password": "%s"}' % WRONG_PASSWORD), ["override", "devcloud-fip"]),
    Case("cacert-missing-in-file", INFO, B, ["cacert", "/nonexistent/ca.pem", "clouds.yaml"],
         clouds=lambda c: fip(c, cacert="/nonexistent/ca.pem")),
    Case("api-timeout-zero-in-file", INFO, B, ["api_timeout", "more than 0"], clouds=lambda c: fip(c, api_timeout=0)),
    Case("auth-url-empty", INFO, B, ["auth_url"], clouds=lambda c: fip(c, **{"auth.auth_url": ""})),
    Case("token-expired-or-bogus", INFO, B, ["rel-bad", "token"],
         clouds=lambda c: yaml.safe_dump({"clouds": {"rel-bad": {
             "auth_type": "v3token", "region_name": "RegionOne",
             "auth": {"auth_url": c["devcloud-fip"]["auth"]["auth_url"], "token": WRONG_SECRET,
                      "project_name": "fip-project", "project_domain_name": "Default"}}}})),
    Case("profile-as-mapping", INFO, B, ["profile"], clouds=lambda c: fip(c, profile={"name": "x"})),
    Case("secure-unknown-key-type", INFO, B, ["secure.yaml"], clouds=fip, secure="clouds: [1, 2]\n"),
    # -- the inventory plugin's options ---------------------------------------------------------------------------
    Case("inventory-only-clouds-number", None, None, ["only_clouds"],
         inventory="plugin: polystack.cloud.openstack\nonly_clouds: 5\nfail_on_errors: true\n"),
    Case("inventory-timeout-text", None, None, ["timeout"],
         inventory="plugin: polystack.cloud.openstack\ntimeout: soon\nfail_on_errors: true\n"),
    Case("inventory-unknown-option", None, None, ["colour"],
         inventory="plugin: polystack.cloud.openstack\ncolour: blue\nfail_on_errors: true\n"),
    Case("inventory-unknown-region", None, None, ["RegionNine"],
         inventory="plugin: polystack.cloud.openstack\nonly_clouds: [devcloud-fip]\nregions: [RegionNine]\n"
                   "fail_on_errors: true\n"),
    Case("inventory-concurrency-zero", None, None, ["concurrency", "at least 1"],
         inventory="plugin: polystack.cloud.openstack\nonly_clouds: [devcloud-fip]\nconcurrency: 0\n"),
    Case("inventory-keyed-groups-entry-text", None, None, ["keyed_groups", "mapping"],
         inventory="plugin: polystack.cloud.openstack\nonly_clouds: [devcloud-fip]\nkeyed_groups: [nope]\n"),
    Case("inventory-misspelt-option", None, None, ["only_cloud"],
         inventory="plugin: polystack.cloud.openstack\nonly_cloud: [devcloud-fip]\n"),
    Case("inventory-bad-keyed-groups", None, None, ["keyed_groups"],
         inventory="plugin: polystack.cloud.openstack\nonly_clouds: [devcloud-fip]\nkeyed_groups: nope\n"
                   "fail_on_errors: true\n"),
    Case("inventory-secure-wrong-password", None, None, ["rel-bad", "authentication refused"],
         clouds=lambda c: fip(c, **{"auth.password": None}),
         secure=yaml.safe_dump({"clouds": {"rel-bad": {"auth": {"password": WRONG_PASSWORD}}}}),
         inventory="plugin: polystack.cloud.openstack\nonly_clouds: [rel-bad]\nfail_on_errors: true\n"),
    # -- the roles (their argument specs, then what their modules refuse) ----------------------------------------
    Case("role-server-missing-name", None, None, ["multicloud_server_name", "missing"],
         playbook=server_role(cloud="devcloud-fip")),
    Case("role-server-ram-text", None, None, ["multicloud_server_flavor_ram", "int"],
         playbook=server_role(cloud="devcloud-fip", name=N, flavor_ram="lots")),
    Case("role-server-state-bogus", None, None, ["multicloud_server_state", "paused"],
         playbook=server_role(cloud="devcloud-fip", name=N, state="paused")),
    Case("role-server-metadata-list", None, None, ["multicloud_server_metadata", "dict"],
         playbook=server_role(cloud="devcloud-fip", name=N, metadata=[1])),
    Case("role-server-unknown-cloud", None, None, ["unknown cloud 'rel-nosuchcloud'"],
         playbook=server_role(cloud="rel-nosuchcloud", name=N, image="devcloud-tiny")),
    Case("role-server-image-file-missing", None, None, ["/nonexistent/disk.img"],
         playbook=server_role(cloud="devcloud-fip", name=N, image=N, image_file="/nonexistent/disk.img")),
    Case("role-server-bad-public-key", None, None, ["public_key", "OpenSSH"],
         playbook=server_role(cloud="devcloud-fip", name=N, keypair=N, public_key="not a key")),
    Case("role-cleanup-nothing-marked", None, None, ["cleanup_prefix", "everything would match"],
         playbook={"role": "cleanup", "vars": {"cleanup_cloud": "devcloud-fip", "cleanup_prefix": ""}}),
    Case("role-cleanup-metadata-text", None, None, ["cleanup_metadata", "dict"],
         playbook={"role": "cleanup", "vars": {"cleanup_cloud": "devcloud-fip", "cleanup_metadata": "x"}}),
    Case("role-cleanup-missing-cloud", None, None, ["cleanup_cloud", "missing"],
         playbook={"role": "cleanup", "vars": {"cleanup_prefix": N}}),
    Case("role-cleanup-unknown-cloud", None, None, ["unknown cloud 'rel-nosuchcloud'"],
         playbook={"role": "cleanup", "vars": {"cleanup_cloud": "rel-nosuchcloud", "cleanup_prefix": N}}),
    # -- the playbooks ---------------------------------------------------------------------------------------------
    Case("demo-unknown-cloud", None, None, ["rel-nosuchcloud"], playbook="playbooks/multi_cloud_demo.yml",
         extra=["-e", "clouds=rel-nosuchcloud"]),
    Case("demo-unknown-region", None, None, ["RegionNine"], playbook="playbooks/multi_cloud_demo.yml",
         extra=["-e", "clouds=devcloud-fip:RegionNine"]),
    Case("demo-lost-quoting", None, None, ["clouds='a b'"], playbook="playbooks/multi_cloud_demo.yml",
         extra=["-e", "clouds=devcloud-fip devcloud-direct"]),
    Case("demo-no-clouds", None, None, ["Which clouds"], playbook="playbooks/multi_cloud_demo.yml"),
    Case("demo-public-key-missing", None, None, ["/nonexistent/id.pub"], playbook="playbooks/multi_cloud_demo.yml",
         extra=["-e", "clouds=devcloud-fip:RegionOne", "-e", "public_key_file=/nonexistent/id.pub",
                "-e", "prefix=" + N + "-"]),
    Case("cleanup-empty-prefix", None, None, ["everything would match"], playbook="playbooks/cleanup.yml",
         extra=["-e", "clouds=devcloud-fip", "-e", "prefix="]),
    Case("cleanup-unknown-cloud", None, None, ["rel-nosuchcloud"], playbook="playbooks/cleanup.yml",
         extra=["-e", "clouds=rel-nosuchcloud", "-e", "prefix=" + N]),
    # -- the Python API (c: a Cloud of devcloud-fip; our exceptions, never another) --------------------------
    Case("api-unknown-cloud", None, None, ["unknown cloud 'rel-nosuchcloud'"],
         python="api.connect(cloud='rel-nosuchcloud')"),
    Case("api-unknown-region", None, None, ["RegionNine"],
         python="api.connect(cloud='devcloud-fip', region_name='RegionNine')"),
    Case("api-wrong-password", None, None, ["authentication refused"],
         python="api.connect(auth=dict(CONF['auth'], password=WRONG)).list_servers()"),
    Case("api-cloud-as-mapping", None, None, ["cloud must be the name", "auth="],
         python="api.connect(cloud=dict(CONF, auth=dict(CONF['auth'], password=WRONG)))"),
    Case("api-object-climbs", None, None, ["object name", "outside"],
         python="c.create_object(N, '../%s-other/x' % N, data=b'x')"),
    Case("api-object-empty-name", None, None, ["object name"], python="c.create_object(N, '', data=b'x')"),
    Case("api-object-dot-delete", None, None, ["object name", "outside"], python="c.delete_object(N, '.')"),
    Case("api-container-dotdot", None, None, ["container name"], python="c.create_object('..', 'x', data=b'x')"),
    Case("api-container-empty-delete", None, None, ["container name"], python="c.delete_container('')"),
    Case("api-container-dotdot-get", None, None, ["container name"], python="c.get_object('..', 'x')"),
    Case("api-object-metadata-newline", None, None, ["metadata", "one line"],
         python="c.create_object(N, 'o', data=b'x', metadata={'a': 'b\\nc'})"),
    Case("api-flavor-ram-huge", None, None, ["no flavor with at least"], python="c.get_flavor_by_ram(10**9)"),
    Case("api-keypair-garbage", None, None, ["keypair", "devcloud-fip"],
         python="c.create_keypair(N, public_key='not a key')"),
    Case("api-server-unknown-image", None, None, ["rel-no-such-image"],
         python="c.create_server(N, image='rel-no-such-image', flavor=c.get_flavor_by_ram(512))"),
    Case("api-object-climbs-delete", None, None, ["object name", "outside"], python="c.delete_object(N, 'a/../../x')"),
    # -- the network modules (issue 20): refused before any request that makes something -------------------------
    Case("rule-unknown-protocol", RULE, dict(F, security_group="default", protocol="tcpx"),
         ["protocol 'tcpx'", "tcp"]),
    Case("rule-protocol-300", RULE, dict(F, security_group="default", protocol="300"), ["protocol '300'", "0-255"]),
    Case("rule-ports-without-protocol", RULE, dict(F, security_group="default", port_range_min=22),
         ["port_range_min", "protocol"]),
    Case("rule-ports-reversed", RULE, dict(F, security_group="default", protocol="tcp", port_range_min=100,
                                           port_range_max=10), ["port range 100-10"]),
    Case("rule-port-70000", RULE, dict(F, security_group="default", protocol="udp", port_range_min=70000),
         ["port range", "65535"]),
    Case("rule-ports-for-gre", RULE, dict(F, security_group="default", protocol="gre", port_range_min=1),
         ["only tcp, udp"]),
    Case("rule-icmp-code-without-type", RULE, dict(F, security_group="default", protocol="icmp",
                                                   port_range_max=3), ["ICMP code", "ICMP type"]),
    Case("rule-icmp-type-300", RULE, dict(F, security_group="default", protocol="icmp", port_range_min=300),
         ["0-255"]),
    Case("rule-bad-prefix", RULE, dict(F, security_group="default", protocol="tcp", remote_ip_prefix="10.0.0.300/8"),
         ["remote_ip_prefix", "10.0.0.300/8"]),
    Case("rule-ethertype-vs-prefix", RULE, dict(F, security_group="default", ether_type="IPv4",
                                                remote_ip_prefix="::/0"), ["ether_type IPv4", "::/0"]),
    Case("rule-ipv6-protocol-ipv4", RULE, dict(F, security_group="default", protocol="ipv6-icmp",
                                               ether_type="IPv4"), ["IPv6 only"]),
    Case("rule-prefix-and-group", RULE, dict(F, security_group="default", remote_ip_prefix="10.0.0.0/8",
                                             remote_group="default"), ["mutually exclusive"]),
    Case("rule-group-missing", RULE, dict(F, security_group=N, protocol="tcp"), ["not found", N, "security_group"]),
    Case("rule-remote-group-missing", RULE, dict(F, security_group="default", remote_group=N),
         ["not found", "remote_group"]),
    Case("sg-rules-twice", SG, dict(F, name=N, rules=[{"protocol": "tcp", "port_range_min": 22},
                                                      {"protocol": "6", "port_range_min": 22, "port_range_max": 22}]),
         ["rules[1] is the same rule as rules[0]"]),
    Case("sg-rule-bad-direction", SG, dict(F, name=N, rules=[{"direction": "sideways"}]), ["direction", "sideways"]),
    Case("sg-rule-unknown-key", SG, dict(F, name=N, rules=[{"protocl": "tcp"}]), ["protocl"]),
    Case("sg-empty-name", SG, dict(F, name=" "), ["name must not be empty"]),
    Case("network-mtu-tiny", NET, dict(F, name=N, mtu=10), ["mtu must be 68 or more"]),
    Case("network-project-missing", NET, dict(F, name=N, project="rel-noproject"), ["project 'rel-noproject'"]),
    Case("subnet-no-network", SUB, dict(F, name=N, cidr="192.168.99.0/24"), ["give network"]),
    Case("subnet-no-cidr", SUB, dict(F, name=N, network="private"), ["give cidr"]),
    Case("subnet-bad-cidr", SUB, dict(F, name=N, network="private", cidr="192.168.999.0/24"), ["cidr", "192.168.999"]),
    Case("subnet-version-mismatch", SUB, dict(F, name=N, network="private", cidr="fd00::/64", ip_version=4),
         ["IPv6 prefix", "ip_version"]),
    Case("subnet-gateway-contradiction", SUB, dict(F, name=N, network="private", cidr="192.168.99.0/24",
                                                   gateway_ip="192.168.99.1", disable_gateway_ip=True),
         ["gateway_ip and disable_gateway_ip"]),
    Case("subnet-half-pool", SUB, dict(F, name=N, network="private", cidr="192.168.99.0/24",
                                       allocation_pool_start="192.168.99.10"), ["allocation_pool_end"]),
    Case("subnet-prefix-length-text", SUB, dict(F, name=N, network="private", subnet_pool="x", prefix_length="big"),
         ["prefix_length must be a number"]),
    Case("subnet-unknown-network", SUB, dict(F, name=N, network=N + "-net", cidr="192.168.99.0/24"),
         ["not found", "option network"]),
    Case("router-snat-without-network", RTR, dict(F, name=N, enable_snat=False), ["need network"]),
    Case("router-interface-without-subnet", RTR, dict(F, name=N, interfaces=[{"net": "private"}]),
         ["interfaces[0] needs subnet"]),
    Case("router-unknown-external", RTR, dict(F, name=N, network=N + "-ext"), ["not found", "option network"]),
    Case("port-no-network", PORT, dict(F, name=N), ["give network"]),
    Case("port-empty-fixed-ip", PORT, dict(F, name=N, network="private", fixed_ips=[{}]),
         ["fixed_ips[0] needs ip_address or subnet_id"]),
    Case("port-groups-and-none", PORT, dict(F, name=N, network="private", security_groups=["default"],
                                            no_security_groups=True), ["mutually exclusive"]),
    Case("port-unknown-group", PORT, dict(F, name=N, network="private", security_groups=[N]),
         ["not found", "security_groups"]),
]
# fmt: on


# cases run end to end by `ansible localhost -m` (its exit status, its output); the others run the module's
# own process as Ansible starts it on the managed host (exit status 1 on failure, the JSON result): the same
# module code and arguments at a fifth of the CPU
THROUGH_ANSIBLE = {
    "yaml-syntax",
    "unknown-cloud-os-cloud",
    "wrong-password",
    "appcred-wrong-secret",
    "secure-wrong-password",
    "option-unknown",
    "cloud-as-list",
    "keypair-unicode-name",
    "image-huge-properties",
    "object-huge-metadata",
    "server-unknown-image",
    "fip-nothing-named",
    "container-name-dotdot",  # openstack.cloud's name: a redirect only Ansible follows
}


def run_case(case, clouds, clouds_yaml, tmp):
    """Run one case in its own directory; (exit status, the message, everything printed)."""
    path = clouds_yaml
    if case.clouds is not None:
        text = case.clouds(clouds) if callable(case.clouds) else case.clouds
        path = os.path.join(tmp, "clouds.yaml")
        with open(path, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    for name, text in case.files.items():
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
    secure = os.path.join(tmp, "secure.yaml")
    if case.secure is not None:
        with open(secure, "w") as f:
            f.write(case.secure)
    env = module_env(path, cache_dir=os.path.join(tmp, "cache"), OS_CLIENT_SECURE_FILE=secure)
    env["HOME"] = tmp  # no ~/.config/openstack of the machine
    env.update((k, v.replace("{tmp}", tmp)) for k, v in case.env.items())
    if case.inventory is not None:
        inv = os.path.join(tmp, "rel.openstack.yml")
        with open(inv, "w") as f:
            f.write(case.inventory)
        env["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = "true"
        env["ANSIBLE_INVENTORY_ENABLED"] = "polystack.cloud.openstack"
        proc = run_tool(["ansible-inventory", "-i", inv, "--list"], env, timeout=600)
        out = proc.stdout + proc.stderr
        return proc.returncode, out, out
    if case.playbook is not None:
        return run_playbook(case, env, tmp)
    if case.python is not None:
        return run_python(case, clouds, env, tmp)
    if case.id in THROUGH_ANSIBLE:
        result = run_module(case.module, case.args, path, env=env, timeout=600)
    else:
        result = run_module_direct(case.module, case.args, env, timeout=600)
    return result.rc, result.msg, result.out


def run_playbook(case, env, tmp):
    """ansible-playbook: a play that includes one of our roles with the case's vars, or one of our playbooks."""
    if isinstance(case.playbook, dict):
        path = os.path.join(tmp, "play.yml")
        play = {
            "name": "Bad input for a role",
            "hosts": "localhost",
            "gather_facts": False,
            "tasks": [
                {
                    "name": "The role",
                    "ansible.builtin.include_role": {"name": "polystack.cloud." + case.playbook["role"]},
                    "vars": case.playbook["vars"],
                }
            ],
        }
        with open(path, "w") as f:
            yaml.safe_dump([play], f)
    else:
        path = os.path.join(ROOT, case.playbook)
    env = dict(env, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    proc = run_tool(["ansible-playbook", path] + case.extra, env, timeout=600)
    out = proc.stdout + proc.stderr
    return proc.returncode, out, out


PYTHON_CASE = """
import sys
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud as api
from ansible_collections.polystack.cloud.plugins.module_utils._errors import CloudError

N, WRONG, CONF = %r, %r, %r
try:
    c = api.connect(cloud="devcloud-fip")
%s
except CloudError as e:  # ours, with its message; any other exception is a traceback, and a failed case
    print("%%s: %%s" %% (type(e).__name__, e))
    sys.exit(1)
print("accepted")
"""


def run_python(case, clouds, env, tmp):
    """The Python API: the case's code must raise one of our exceptions (CloudError), never another."""
    path = os.path.join(tmp, "case.py")
    with open(path, "w") as f:
        f.write(PYTHON_CASE % (N, WRONG_PASSWORD, clouds["devcloud-fip"], "    " + case.python))
    os.chmod(path, 0o600)
    proc = run_tool(["python", path], dict(env, PYTHONPATH=collections_path()), cwd=tmp, timeout=600)
    out = proc.stdout + proc.stderr
    return proc.returncode, out, out


@pytest.fixture(scope="module")
def outcomes(request, clouds, clouds_yaml):
    """Every case selected, four at a time (each is a process of its own)."""
    base = tempfile.mkdtemp(prefix="rel-bad-")
    selected = set(item.callspec.id for item in request.session.items if item.name.startswith("test_bad_input["))

    def one(case):
        tmp = os.path.join(base, case.id)
        os.makedirs(tmp)
        return case.id, run_case(case, clouds, clouds_yaml, tmp)

    with ThreadPoolExecutor(max_workers=4) as pool:
        got = dict(pool.map(one, [c for c in CASES if c.id in selected]))
    yield got
    # whatever a case might have made (it must not have): nothing named rel-bad-<run>
    leftovers = leaked(clouds_yaml)
    tracebacks = sum(1 for _rc, _msg, out in got.values() if "Traceback" in out)
    accepted = sum(1 for rc, _msg, _out in got.values() if rc == 0)
    SUMMARY_LINES.append(
        "bad input: %d cases, %d tracebacks, %d accepted, %d changes on the cloud"
        % (len(got), tracebacks, accepted, len(leftovers))
    )
    assert leftovers == [], "bad input left resources behind: %s" % leftovers


def leaked(clouds_yaml):
    from reliability.scenarios import connect

    c = connect(clouds_yaml, "devcloud-fip")
    found = [("keypair", k.name) for k in c.list_keypairs() if N in k.name]
    found += [("image", i.name) for i in c.list_images() if N in (i.name or "")]
    found += [("server", s.name) for s in c.list_servers() if N in s.name]
    found += [("container", x["name"]) for x in c.list_containers() if N in x["name"]]
    for kind in ("network", "subnet", "port", "router", "security_group"):
        found += [(kind, r["name"]) for r in c.list(kind, raw=True) if N in (r.get("name") or "")]
    for kind, name in found:  # clean up before failing, so that one failure does not leave garbage
        if kind == "keypair":
            c.delete_keypair(name)
        elif kind == "image":
            c.delete_image(name)
        elif kind == "server":
            c.delete_server(name, wait=True, delete_ips=True)
    return found


def test_there_are_enough_cases():
    assert len(CASES) >= 200 and len(set(c.id for c in CASES)) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, outcomes, clouds_yaml):
    rc, msg, out = outcomes[case.id]
    assert rc != 0, "exit status 0 for bad input %s:\n%s" % (case.id, out[-3000:])
    assert "Traceback" not in out, out[-6000:]
    assert "internal error" not in msg, msg
    for word in case.expect:
        assert word.lower() in msg.lower(), "%r not in the message of %s: %s" % (word, case.id, msg[:2000])
    for secret in devcloud_secrets(clouds_yaml) + [WRONG_PASSWORD, WRONG_SECRET]:
        assert secret not in out, "a secret appears in the output of %s" % case.id
