"""Every example of the seed talk (the multi-cloud demo of openstacksdk's documentation, written for
``from openstack import cloud as openstack``), run against the devcloud through the collection's public Python API.

Each test runs its example's code as the talk writes it, in a Python process of its own (as a user would), with:
  * the import line changed to ``from ansible_collections.polystack.cloud.plugins.module_utils import cloud as
    openstack``;
  * the talk's vendor clouds, regions, images and flavors changed for the devcloud's (devcloud-fip,
    devcloud-direct, devcloud-appcred; RegionOne, RegionTwo; devcloud-tiny; the flavors by RAM or their
    devcloud names and ids), and the talk's paths for files the test makes;
  * the names of what the examples make ('my-server', 'devuan-jessie', 'my-container', 'my-object') prefixed
    with this run's rel-talk-<hex>-<nn>, so that the test finds (and deletes) everything its example made.
The talk's clouds.yaml examples name vendor clouds (profiles, URLs) that cannot be reached from here: their tests
write the devcloud's equivalent (a profile of our own in clouds-public.yaml, the devcloud's URLs and users) and
say so. A spy set before the example (not part of its code) records the API calls it made, so that a test can
assert what the example is meant to show (one upload, segments, the flavor asked for, no floating IP ...)."""

import json
import os
import re
import struct
import subprocess
import sys
import textwrap
import threading
import uuid

import pytest
import requests
import yaml
from ansible_collections.polystack.cloud.plugins.module_utils import _config, _network, _object_store
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
from conftest import REGIONS, ROOT, USER_CLOUDS

RUN = "rel-talk-" + uuid.uuid4().hex[:8]
IMPORT = "from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack"
SRC = os.path.join(ROOT, "tests", "output", "src")  # the checkout, as ansible_collections.polystack.cloud
MADE_NAMES = ("my-server", "devuan-jessie", "my-image", "my-container", "my-object")
GUIDE = os.path.join(ROOT, "docs", "docsite", "rst", "python_api.rst")  # its examples: test_python_api_guide

# Runs before the example, in its process: records every API call (cloud, region, service, method, path, query,
# the JSON sent to nova's POST /servers, and the id of the server that made) into $TALK_REQUESTS at exit.
SPY = textwrap.dedent(
    """
    import atexit, json, os, runpy, sys
    from ansible_collections.polystack.cloud.plugins.module_utils import _session

    sent = []
    request = _session.CloudSession.request

    def spy(self, service_type, method, path, **kwargs):
        entry = dict(cloud=self.cloud.name, region=self.cloud.region_name, service=service_type,
                     method=method.upper(), path=path, params=kwargs.get("params"))
        sent.append(entry)
        resp = request(self, service_type, method, path, **kwargs)
        if (service_type, entry["method"], path) == ("compute", "POST", "/servers"):
            entry["json"] = kwargs.get("json")
            entry["server_id"] = resp.json()["server"]["id"]
        return resp

    _session.CloudSession.request = spy
    atexit.register(lambda: json.dump(sent, open(os.environ["TALK_REQUESTS"], "w"), default=str))
    sys.argv = ["example.py"]
    runpy.run_path("example.py", run_name="__main__")
    """
)


class Ran:
    def __init__(self, proc, requests_file):
        self.rc, self.stdout, self.stderr = proc.returncode, proc.stdout, proc.stderr
        with open(requests_file) as f:
            self.requests = json.load(f)

    def calls(self, service, method, path_pattern=".*"):
        return [r for r in self.requests if (r["service"], r["method"]) == (service, method)
                and re.search(path_pattern, r["path"])]  # fmt: skip

    def servers(self):
        return [r["server_id"] for r in self.requests if r.get("server_id")]


def write_qcow2(path, nonce):
    """A real (empty) qcow2 image of 1 MiB, 256 KiB on disk: glance checks that the data is the disk_format it is
    told (qcow2, the default of create_image). Header, refcount table, refcount block, L1 table: one 64 KiB cluster
    each; nonce: bytes in the header cluster's padding, so that each run's image content is its own."""
    cluster = 65536
    header = struct.pack(
        ">4sIQIIQIIQQIIQ", b"QFI\xfb", 2, 0, 0, 16, 1024 * 1024, 0, 1, 3 * cluster, cluster, 1, 0, 0
    )  # magic, version 2, no backing file, 64 KiB clusters, size, no encryption, 1 L1 entry, L1, refcounts
    with open(path, "wb") as f:
        f.write(header + b"\0" * (cluster - len(header) - len(nonce)) + nonce)
        f.write(struct.pack(">Q", 2 * cluster).ljust(cluster, b"\0"))
        f.write(struct.pack(">4H", 1, 1, 1, 1).ljust(cluster, b"\0"))
        f.write(b"\0" * cluster)


@pytest.fixture(scope="module")
def config(clouds_yaml):
    return _config.CloudConfig(config_file=clouds_yaml, env={})


@pytest.fixture(scope="module")
def api(config):
    """api(cloud, region): a Cloud of the public module, in the test's process (to set up and to look)."""
    made = {}

    def connect(cloud, region="RegionOne"):
        if (cloud, region) not in made:
            made[cloud, region] = openstack.connect(cloud=cloud, region_name=region, config=config)
        return made[cloud, region]

    return connect


@pytest.fixture(scope="module")
def flavor_ids(api):
    return dict((region, api("devcloud-fip", region).get_flavor_by_ram(512).id) for region in REGIONS)


@pytest.fixture(scope="module")
def secrets(clouds):
    """Every password and secret of the devcloud's clouds.yaml: none may reach an example's output."""
    return [v for c in clouds.values() for k, v in c["auth"].items() if "password" in k or "secret" in k]


@pytest.fixture
def talk(request, api, clouds_yaml, tmp_path):
    """run(code, clouds_yaml=None, secure_yaml=None, vendor_yaml=None) runs one example in tmp_path; its names
    prefixed (talk.prefix). Afterwards, everything with that prefix is deleted from every cloud and region."""
    numbered = re.search(r"test_example_(\d+)", request.node.name)
    number = numbered.group(1) if numbered else "guide"
    prefix = "%s-%s" % (RUN, number)

    class Talk:
        def __init__(self):
            self.prefix, self.dir, self.server_ids = prefix, tmp_path, []

        def name(self, made):
            return "%s-%s" % (prefix, made)

        def run(self, code, clouds=None, secure=None, vendor=None):
            for made in MADE_NAMES:
                for quote in "'\"":
                    code = code.replace(quote + made + quote, quote + self.name(made) + quote)
            (tmp_path / "example.py").write_text(textwrap.dedent(code))
            env = dict(os.environ, PYTHONPATH=SRC, OS_CLIENT_CONFIG_FILE=clouds or clouds_yaml)
            env["TALK_REQUESTS"] = str(tmp_path / "requests.json")
            for var, path in (("OS_CLIENT_SECURE_FILE", secure), ("OS_CLIENT_VENDOR_FILE", vendor)):
                env[var] = path or str(tmp_path / "none.yaml")  # never the user's own files
            for var in ("OS_CLOUD", "OS_REGION_NAME", "OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD"):
                env.pop(var, None)
            (tmp_path / "requests.json").write_text("[]")
            proc = subprocess.run(
                [sys.executable, "-c", SPY],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
                check=False,  # the test says what a failure means
            )
            ran = Ran(proc, tmp_path / "requests.json")
            self.server_ids.extend(ran.servers())
            return ran

        def leftovers(self):
            return leftovers(api, prefix, self.server_ids)

    t = Talk()
    yield t
    delete_leftovers(api, t.leftovers())


def leftovers(api, prefix, server_ids=()):
    """What carries the prefix on the user clouds: servers and floating IPs (made for those servers) per region,
    images and containers per cloud (glance and swift serve both regions), networks per region."""
    found = []
    for cloud in USER_CLOUDS:
        for region in REGIONS:
            c = api(cloud, region)
            ids = set(server_ids)
            for s in c.list("server", {"name": "^" + re.escape(prefix)}, raw=True):
                found.append(("server", cloud, region, s["name"], s["id"]))
                ids.add(s["id"])
            marks = set(_network.MARK % i for i in ids)
            found += [("floating_ip", cloud, region, f.floating_ip_address, f.id)
                      for f in c.list_floating_ips() if f.description in marks]  # fmt: skip
            found += [("network", cloud, region, n.name, n.id)
                      for n in c.list_networks() if (n.name or "").startswith(prefix)]  # fmt: skip
        c = api(cloud)
        found += [
            ("image", cloud, None, i.name, i.id)
            for i in c.list_images({"owner": c.current_project_id})
            if (i.name or "").startswith(prefix)
        ]
        found += [("container", cloud, None, x.name, x.name) for x in c.search_containers(prefix)]  # fmt: skip
    return found


def delete_leftovers(api, found):
    for kind, cloud, region, _name, ident in found:
        c = api(cloud, region or "RegionOne")
        if kind == "server":
            c.delete_server(ident, wait=True, delete_ips=True)
        elif kind == "floating_ip":
            c.delete_floating_ip(ident)
        elif kind == "image":
            c.delete_image(ident)
        elif kind == "container":
            _object_store.delete_container(c, ident, with_objects=True)
    for kind, cloud, region, _name, ident in found:
        if kind == "network":
            api(cloud, region).delete_network(ident)


def assert_ran(ran, secrets=()):
    assert ran.rc == 0, "the example failed:\n%s\n%s" % (ran.stdout[-3000:], ran.stderr[-6000:])
    for secret in secrets:
        assert secret not in ran.stdout and secret not in ran.stderr, "a secret of clouds.yaml is in the output"


def public_address_of(api, cloud, region, server_id):
    """(public_v4, the floating IPs neutron has on the server's ports) as seen from the test's process."""
    c = api(cloud, region)
    server = c.get_server(server_id)
    fips = [f.floating_ip_address for p in c.list_ports({"device_id": server_id})
            for f in c.list_floating_ips({"port_id": p.id})]  # fmt: skip
    return server.public_v4, fips


def assert_public(api, cloud, region, server_id):
    """The server has a public address, the way its cloud's network model gives one: a floating IP from 'public'
    on devcloud-fip and devcloud-appcred, its own address on the routable 'provider' network on devcloud-direct."""
    public_v4, fips = public_address_of(api, cloud, region, server_id)
    if cloud == "devcloud-direct":
        assert fips == [] and public_v4.startswith("172.25."), (cloud, region, public_v4, fips)
    else:
        assert fips == [public_v4] and public_v4.startswith("172.24."), (cloud, region, public_v4, fips)


# -- "Complete Example" ----------------------------------------------------------------------------------------

COMPLETE_EXAMPLE = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

# Initialize and turn on debug logging
openstack.enable_logging(debug=True)

for cloud_name, region_name in [
    ('devcloud-fip', 'RegionOne'),
    ('devcloud-direct', 'RegionTwo'),
    ('devcloud-appcred', 'RegionOne'),
]:
    # Initialize cloud
    cloud = openstack.connect(cloud=cloud_name, region_name=region_name)

    # Upload an image to the cloud
    image = cloud.create_image(
        'devuan-jessie',
        filename='devuan-jessie.qcow2',
        wait=True,
    )

    # Find a flavor with at least 512M of RAM
    flavor = cloud.get_flavor_by_ram(512)

    # Boot a server, wait for it to boot, and then do whatever is needed
    # to get a public ip for it.
    cloud.create_server(
        'my-server',
        image=image,
        flavor=flavor,
        wait=True,
        auto_ip=True,
    )
"""


def assert_complete_example(api, talk, ran, targets):
    """On each cloud region: one ACTIVE server booted from the image uploaded (once per project: glance serves
    both regions of a cloud), with a flavor of at least 512 MiB, and a public address."""
    assert len(ran.calls("image", "PUT", r"^/v2/images/[^/]+/file$")) == len(targets)
    for cloud, region in targets:
        c = api(cloud, region)
        servers = c.search_servers(talk.name("my-server"))
        assert len(servers) == 1 and servers[0].status == "ACTIVE", (cloud, region, servers)
        image = c.get_image(talk.name("devuan-jessie"))
        assert image.status == "active" and image.disk_format == "qcow2" and image.size == 4 * 65536
        assert servers[0].image.id == image.id
        assert servers[0].flavor.ram >= 512 and servers[0].flavor.original_name == c.get_flavor_by_ram(512).name
        assert_public(api, cloud, region, servers[0].id)


def test_example_01_complete_example(api, talk, secrets):
    write_qcow2(talk.dir / "devuan-jessie.qcow2", talk.prefix.encode())
    ran = talk.run(COMPLETE_EXAMPLE)
    assert_ran(ran, secrets)
    assert "polystack.cloud DEBUG" in ran.stderr  # enable_logging(debug=True)
    targets = [("devcloud-fip", "RegionOne"), ("devcloud-direct", "RegionTwo"), ("devcloud-appcred", "RegionOne")]
    assert_complete_example(api, talk, ran, targets)


# -- "basic clouds.yaml for the example code", "secure.yaml", "more clouds.yaml", "Much more complex clouds.yaml" --
# The talk's clouds are vendor clouds (profiles citycloud and vexxhost, internap's URLs): here the same files for
# the devcloud, with a profile of our own (clouds-public.yaml) standing for the vendor's.

DEVCLOUD_PROFILE = """
public-clouds:
  devcloud:
    auth:
      auth_url: {auth_url}
    identity_api_version: '3'
    regions: [RegionOne, RegionTwo]
"""

BASIC_CLOUDS_YAML = """
clouds:
  my-citycloud:
    profile: devcloud
    auth:
      username: fip-user
      project_id: {project_id}
      user_domain_id: default
      project_domain_id: default
"""

SECURE_YAML = """
clouds:
  my-citycloud:
    auth:
      password: {password}
"""

USE_MY_CITYCLOUD = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

cloud = openstack.connect(cloud='my-citycloud', region_name='RegionTwo')
print(cloud.get_flavor_by_ram(512).name)
print(cloud.get_image('devcloud-tiny').status)
"""


def auth_url_of(clouds):
    return clouds["devcloud-fip"]["auth"]["auth_url"]


def write(path, text, **values):
    path.write_text(textwrap.dedent(text).format(**values))
    return str(path)


def test_example_02_basic_clouds_yaml_with_a_profile(api, talk, clouds):
    """The basic clouds.yaml names a profile and the user's auth, not the password ("Where's the password?"):
    connecting says which cloud lacks it, and where the settings came from."""
    vendor = write(talk.dir / "clouds-public.yaml", DEVCLOUD_PROFILE, auth_url=auth_url_of(clouds))
    clouds_yaml = write(talk.dir / "clouds.yaml", BASIC_CLOUDS_YAML, project_id=api("devcloud-fip").current_project_id)
    ran = talk.run(USE_MY_CITYCLOUD, clouds=clouds_yaml, vendor=vendor)
    assert ran.rc != 0 and ran.requests == []
    assert re.search(r"ConfigError: cloud my-citycloud: .*needs auth\.password \(clouds\.yaml ", ran.stderr), ran.stderr


def test_example_03_secure_yaml(api, talk, clouds, secrets):
    """secure.yaml holds the password, laid over clouds.yaml: the same cloud now works (the profile gives the
    auth_url and the regions)."""
    vendor = write(talk.dir / "clouds-public.yaml", DEVCLOUD_PROFILE, auth_url=auth_url_of(clouds))
    clouds_yaml = write(talk.dir / "clouds.yaml", BASIC_CLOUDS_YAML, project_id=api("devcloud-fip").current_project_id)
    secure = write(talk.dir / "secure.yaml", SECURE_YAML, password=clouds["devcloud-fip"]["auth"]["password"])
    ran = talk.run(USE_MY_CITYCLOUD, clouds=clouds_yaml, secure=secure, vendor=vendor)
    assert_ran(ran, secrets)
    assert ran.stdout.split() == [api("devcloud-fip", "RegionTwo").get_flavor_by_ram(512).name, "active"]
    assert set(r["region"] for r in ran.requests) == {"RegionTwo"}


MORE_CLOUDS_YAML = """
clouds:
  my-vexxhost:
    identity_api_version: 3
    image_endpoint_override: {image_endpoint}
    profile: devcloud
    auth:
      user_domain_id: default
      project_domain_id: default
      project_name: fip-project
      username: fip-user
"""

USE_MY_VEXXHOST = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

openstack.enable_logging(http_debug=True)
cloud = openstack.connect(cloud='my-vexxhost', region_name='RegionOne')
cloud.get_image('devcloud-tiny')
"""


def test_example_04_more_clouds_yaml(api, talk, clouds, secrets):
    """identity v3 and an image endpoint instead of the catalog's: the devcloud's glance named 'localhost' rather
    than the catalog's 127.0.0.1, so that the log shows which one was used (the password in secure.yaml, as the
    talk keeps it out of this example)."""
    catalog = api("devcloud-fip").session.endpoint("image").rstrip("/")
    assert "127.0.0.1" in catalog
    override = catalog.replace("127.0.0.1", "localhost") + "/v2"
    vendor = write(talk.dir / "clouds-public.yaml", DEVCLOUD_PROFILE, auth_url=auth_url_of(clouds))
    clouds_yaml = write(talk.dir / "clouds.yaml", MORE_CLOUDS_YAML, image_endpoint=override)
    secure = write(
        talk.dir / "secure.yaml", SECURE_YAML.replace("my-citycloud", "my-vexxhost"),
        password=clouds["devcloud-fip"]["auth"]["password"],
    )  # fmt: skip
    ran = talk.run(USE_MY_VEXXHOST, clouds=clouds_yaml, secure=secure, vendor=vendor)
    assert_ran(ran, secrets)
    assert 'GET "%s/images?' % override in ran.stderr and 'GET "%s/' % catalog not in ran.stderr


COMPLEX_CLOUDS_YAML = """
clouds:
  my-internap:
    auth:
      auth_url: {auth_url}
      username: direct-user
      project_name: direct-project
      user_domain_name: Default
      project_domain_name: Default
    identity_api_version: 3
    floating_ip_source: None
    regions:
      - name: RegionOne
        values:
          networks:
            - name: provider
              routes_externally: true
              default_interface: true
            - name: {lan}
              routes_externally: false
"""

CREATE_SERVER_ON_MY_INTERNAP = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

cloud = openstack.connect(cloud='my-internap', region_name='RegionOne')
image = 'devcloud-tiny'
flavor = cloud.get_flavor_by_ram(512)

# Boot a server, wait for it to boot, and then do whatever is needed
# to get a public ip for it.
cloud.create_server(
    'my-server', image=image, flavor=flavor, wait=True, auto_ip=True)
"""


@pytest.mark.alone  # makes a network in devcloud-direct's project (servers booted there without one would find two)
def test_example_05_much_more_complex_clouds_yaml(api, talk, clouds, secrets):
    """No profile; the region's two networks labelled (the routable one is the default interface); no floating IPs.
    The "Create a server" slide for my-internap: boot on the WAN network, wait for ACTIVE, nothing more. Here
    devcloud-direct's user, with a LAN network of its own made for the test, so that the project sees two networks
    (nova would not pick one); the devcloud's keystone needs the users' domain, which the talk's cloud did not."""
    c = api("devcloud-direct", "RegionOne")
    lan = c.create_network(talk.name("lan"))
    conf = clouds["devcloud-direct"]
    clouds_yaml = write(talk.dir / "clouds.yaml", COMPLEX_CLOUDS_YAML, auth_url=conf["auth"]["auth_url"], lan=lan.name)
    secure = write(talk.dir / "secure.yaml", SECURE_YAML.replace("my-citycloud", "my-internap"),
                   password=conf["auth"]["password"])  # fmt: skip
    ran = talk.run(CREATE_SERVER_ON_MY_INTERNAP, clouds=clouds_yaml, secure=secure)
    assert_ran(ran, secrets)
    (boot,) = ran.calls("compute", "POST", "^/servers$")
    assert boot["json"]["server"]["networks"] == [{"uuid": c.get_network("provider").id}]
    assert ran.calls("network", "POST", "floatingips") == []  # floating_ip_source: None
    server = c.get_server(boot["server_id"])
    assert list(server.addresses) == ["provider"] and server.public_v4 == server.private_v4
    assert_public(api, "devcloud-direct", "RegionOne", server.id)


# -- "Complete Example Again" ----------------------------------------------------------------------------------

COMPLETE_EXAMPLE_AGAIN = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

# Initialize and turn on debug logging
openstack.enable_logging(debug=True)

for cloud_name, region_name in [
        ('devcloud-fip', 'RegionTwo'),
        ('devcloud-direct', 'RegionOne'),
        ('devcloud-appcred', 'RegionTwo')]:
    # Initialize cloud
    cloud = openstack.connect(cloud=cloud_name, region_name=region_name)

    # Upload an image to the cloud
    image = cloud.create_image(
        'devuan-jessie', filename='devuan-jessie.qcow2', wait=True)

    # Find a flavor with at least 512M of RAM
    flavor = cloud.get_flavor_by_ram(512)

    # Boot a server, wait for it to boot, and then do whatever is needed
    # to get a public ip for it.
    cloud.create_server(
        'my-server', image=image, flavor=flavor, wait=True, auto_ip=True)
"""


def test_example_06_complete_example_again(api, talk, secrets):
    write_qcow2(talk.dir / "devuan-jessie.qcow2", talk.prefix.encode())
    ran = talk.run(COMPLETE_EXAMPLE_AGAIN)
    assert_ran(ran, secrets)
    targets = [("devcloud-fip", "RegionTwo"), ("devcloud-direct", "RegionOne"), ("devcloud-appcred", "RegionTwo")]
    assert_complete_example(api, talk, ran, targets)


# -- "Step By Step": Import the library, Logging, Cloud Regions, Upload an Image, Find a flavor, Create a server --

STEP_BY_STEP = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

# Initialize and turn on debug logging
openstack.enable_logging(debug=True)

for cloud_name, region_name in [
        ('devcloud-direct', 'RegionTwo'),
        ('devcloud-appcred', 'RegionOne'),
        ('devcloud-fip', 'RegionTwo')
        ]:
    # Initialize cloud
    cloud = openstack.connect(cloud=cloud_name, region_name=region_name)

# Upload an image to the cloud
image = cloud.create_image(
    'devuan-jessie',
    filename='devuan-jessie.qcow2',
    wait=True,
)

# Find a flavor with at least 512M of RAM
flavor = cloud.get_flavor_by_ram(512)

# Boot a server, wait for it to boot, and then do whatever is needed
# to get a public ip for it.
cloud.create_server(
    'my-server', image=image, flavor=flavor, wait=True, auto_ip=True)
"""


def test_example_07_step_by_step(api, talk, secrets):
    """The slides' fragments in their order (the last cloud of the loop is the one the next slides use); then the
    "Upload an Image" slide once more, as "Always Upload an Image" suggests doing on every run: the same bytes
    under the same name are not sent again, other bytes under that name are refused."""
    write_qcow2(talk.dir / "devuan-jessie.qcow2", talk.prefix.encode())
    ran = talk.run(STEP_BY_STEP)
    assert_ran(ran, secrets)
    assert set((r["cloud"], r["region"]) for r in ran.requests) == {("devcloud-fip", "RegionTwo")}
    assert_complete_example(api, talk, ran, [("devcloud-fip", "RegionTwo")])
    flavors = api("devcloud-fip", "RegionTwo").list_flavors()
    assert min(f.ram for f in flavors if f.ram >= 512) == api("devcloud-fip", "RegionTwo").get_flavor_by_ram(512).ram
    upload_again = STEP_BY_STEP.split("# Find a flavor", maxsplit=1)[0] + "print(image.id)\n"
    again = talk.run(upload_again)
    assert_ran(again, secrets)
    assert again.calls("image", "PUT") == [] and again.calls("image", "POST") == []
    assert again.stdout.strip() == api("devcloud-fip").get_image(talk.name("devuan-jessie")).id
    # other bytes under that name ("Images with same name on different clouds can have different content"): refused,
    # saying so, rather than a second image of that name or the server's image replaced under it
    write_qcow2(talk.dir / "devuan-jessie.qcow2", talk.prefix.encode() + b"-other")
    other = talk.run(upload_again)
    assert other.rc != 0 and "holds other content than devuan-jessie.qcow2" in other.stderr, other.stderr[-2000:]
    assert "on_content_change=replace" in other.stderr and other.calls("image", "PUT") == []


# -- "Example with Debug Logging", "Example with HTTP Debug Logging" ----------------------------------------------

DEBUG_LOGGING = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(debug=True)

cloud = openstack.connect(cloud='devcloud-fip', region_name='RegionOne')
cloud.get_image('devcloud-tiny')
"""

HTTP_DEBUG_LOGGING = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(http_debug=True)

cloud = openstack.connect(
    cloud='devcloud-fip', region_name='RegionOne')
cloud.get_image('devcloud-tiny')
"""


def test_example_08_debug_logging(talk, secrets):
    """debug: the collection's loggers at debug level, one line per API call; no HTTP tracing."""
    ran = talk.run(DEBUG_LOGGING)
    assert_ran(ran, secrets)
    assert "polystack.cloud DEBUG cloud devcloud-fip region RegionOne: image GET /v2/images: 200" in ran.stderr
    assert "REQ: curl" not in ran.stderr and ran.stdout == ""


def test_example_09_http_debug_logging(talk, secrets):
    """http_debug: every request and answer too (keystoneauth1's log), tokens and passwords masked."""
    ran = talk.run(HTTP_DEBUG_LOGGING)
    assert_ran(ran, secrets)
    assert re.search(r'REQ: curl -g -i -X GET "http://127\.0\.0\.1:\d+/v2/images\?', ran.stderr), ran.stderr[-3000:]
    assert "RESP BODY" in ran.stderr and "polystack.cloud DEBUG" in ran.stderr
    tokens = re.findall(r"X-Auth-Token: ([^\s\"]+)", ran.stderr)
    assert tokens and all(t.startswith("{SHA256}") for t in tokens)


# -- "Image and Flavor by Name or ID", "Delete Servers", "Image and Flavor by Dict" -------------------------------

CREATE_SERVER_NAME_OR_ID = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

# Initialize and turn on debug logging
openstack.enable_logging(debug=True)

for cloud_name, region_name, image, flavor in [
        ('devcloud-fip', 'RegionOne',
         'devcloud-tiny', 'm1.tiny'),
        ('devcloud-direct', 'RegionTwo',
         'devcloud-tiny', 'v2-standard-1'),
        ('devcloud-appcred', 'RegionOne',
         '{image_id}', '{flavor_id}')]:
    # Initialize cloud
    cloud = openstack.connect(cloud=cloud_name, region_name=region_name)

    # Boot a server, wait for it to boot, and then do whatever is needed
    # to get a public ip for it.
    server = cloud.create_server(
        'my-server', image=image, flavor=flavor, wait=True, auto_ip=True)
    print(server.name)
    print(server['name'])
    cloud.pprint(server)
    # Delete it - this is a demo
    cloud.delete_server(server, wait=True, delete_ips=True)
"""


def test_example_10_create_server_name_or_id(api, talk, flavor_ids, secrets):
    """Image and flavor by name (the devcloud names its flavors differently per region), or by id (the third);
    the result is a munch (attribute and item access), pprint shows it (its admin password masked); each server
    and its floating IP are deleted."""
    image_id = api("devcloud-appcred").get_image("devcloud-tiny").id
    code = CREATE_SERVER_NAME_OR_ID.replace("{image_id}", image_id)
    ran = talk.run(code.replace("{flavor_id}", flavor_ids["RegionOne"]))
    assert_ran(ran, secrets)
    name = talk.name("my-server")
    assert ran.stdout.count("\n%s\n%s\n{" % (name, name)) + ran.stdout.startswith("%s\n%s\n{" % (name, name)) == 3
    shown = [json.loads(doc) for doc in re.findall(r"^\{\n.*?^\}$", ran.stdout, re.S | re.M)]
    assert [s["name"] for s in shown] == [name] * 3 and all(s["status"] == "ACTIVE" and s["public_v4"] for s in shown)
    assert all(s.get("adminPass") in (None, "***") for s in shown)
    boots = ran.calls("compute", "POST", "^/servers$")
    flavors = [b["json"]["server"]["flavorRef"] for b in boots]
    assert flavors == [flavor_ids["RegionOne"], flavor_ids["RegionTwo"], flavor_ids["RegionOne"]]
    assert set(b["json"]["server"]["imageRef"] for b in boots) == {image_id}
    assert talk.leftovers() == []


DELETE_SERVERS = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

cloud = openstack.connect(cloud='devcloud-appcred', region_name='RegionTwo')
cloud.delete_server('my-server', wait=True, delete_ips=True)
"""


def test_example_11_delete_servers(api, talk, secrets):
    """delete_ips: the floating IP auto_ip made for the server goes with it (the server made by the test)."""
    c = api("devcloud-appcred", "RegionTwo")
    server = c.create_server(talk.name("my-server"), "devcloud-tiny", c.get_flavor_by_ram(512), wait=True, auto_ip=True)
    talk.server_ids.append(server.id)
    assert_public(api, "devcloud-appcred", "RegionTwo", server.id)
    ran = talk.run(DELETE_SERVERS)
    assert_ran(ran, secrets)
    assert c.get_server(server.id) is None and talk.leftovers() == []
    assert len(ran.calls("network", "DELETE", "^/v2.0/floatingips/")) == 1


CREATE_SERVER_DICT = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

# Initialize and turn on debug logging
openstack.enable_logging(debug=True)

for cloud_name, region_name, image, flavor_id in [
        ('devcloud-fip', 'RegionTwo', 'devcloud-tiny',
         '{flavor_two}'),
        ('devcloud-direct', 'RegionOne', 'devcloud-tiny',
         '{flavor_one}'),
        ('devcloud-appcred', 'RegionTwo', 'devcloud-tiny',
         '{flavor_two}')]:
    # Initialize cloud
    cloud = openstack.connect(cloud=cloud_name, region_name=region_name)

    # Boot a server, wait for it to boot, and then do whatever is needed
    # to get a public ip for it.
    server = cloud.create_server(
        'my-server', image=image, flavor=dict(id=flavor_id),
        wait=True, auto_ip=True)
    # Delete it - this is a demo
    cloud.delete_server(server, wait=True, delete_ips=True)
"""


def test_example_12_create_server_dict(talk, flavor_ids, secrets):
    """flavor=dict(id=...): the flavor is taken by its id (the ids of the devcloud's 512 MiB flavors)."""
    code = CREATE_SERVER_DICT.replace("{flavor_one}", flavor_ids["RegionOne"])
    ran = talk.run(code.replace("{flavor_two}", flavor_ids["RegionTwo"]))
    assert_ran(ran, secrets)
    boots = ran.calls("compute", "POST", "^/servers$")
    assert [b["json"]["server"]["flavorRef"] for b in boots] == [
        flavor_ids["RegionTwo"], flavor_ids["RegionOne"], flavor_ids["RegionTwo"]
    ]  # fmt: skip
    assert len(ran.calls("compute", "DELETE", "^/servers/")) == 3 and talk.leftovers() == []


# -- "Munch Objects", "API Organized by Logical Resource", "Cleanup Script" -------------------------------------------

MUNCH_DICT_OBJECT = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(debug=True)

cloud = openstack.connect(cloud='devcloud-appcred', region_name='RegionTwo')
image = cloud.get_image('devcloud-tiny')
print(image.name)
print(image['name'])
"""


def test_example_13_munch_objects(talk, secrets):
    ran = talk.run(MUNCH_DICT_OBJECT)
    assert_ran(ran, secrets)
    assert ran.stdout == "devcloud-tiny\ndevcloud-tiny\n"


def test_example_14_api_organized_by_logical_resource(api, talk):
    """The slide lists the calls on servers (list, search, get, create, delete, update) and "{verb}_{noun}" others
    (wait_for_server, add_auto_ip, attach_volume), with no code: here each once, on devcloud-fip (in the test's
    process), attach_volume on the devcloud's cinder."""
    c = api("devcloud-fip", "RegionTwo")
    name = talk.name("my-server")
    server = c.create_server(name, image="devcloud-tiny", flavor=c.get_flavor_by_ram(512))  # no wait: BUILD
    talk.server_ids.append(server.id)
    assert server.status == "BUILD" and not server.public_v4
    server = c.wait_for_server(server, auto_ip=False)
    assert server.status == "ACTIVE" and server.private_v4 and not server.public_v4
    address = c.add_auto_ip(server, wait=True)
    assert address and address.startswith("172.24.") and c.get_server(name).public_v4 == address
    assert c.add_auto_ip(server) == address  # it has one: no second floating IP
    renamed = c.update_server(server, name=name + "-renamed", description="from the talk")
    assert renamed.name == name + "-renamed" and renamed.description == "from the talk" and renamed.public_v4
    assert [s.id for s in c.search_servers(name + "-renamed")] == [server.id]
    assert server.id in [s.id for s in c.list_servers()]
    assert c.get_server(server.id, bare=True).name == name + "-renamed"
    assert c.has_service("block-storage")
    volume = c.create_volume(1, name=name, wait=True)
    try:
        attached = c.attach_volume(server, volume, wait=True)
        assert attached.status == "in-use" and attached.attachments[0]["server_id"] == server.id
        assert [v["id"] for v in c.get_server(server.id).volumes] == [volume.id]
        assert c.detach_volume(server, volume, wait=True).status == "available"
    finally:
        c.delete_volume(volume.id, wait=True, force=True)
    assert c.delete_server(name + "-renamed", wait=True, delete_ips=True) is True
    assert c.get_server(server.id) is None and talk.leftovers() == []


CLEANUP_SERVERS = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

# Initialize and turn on debug logging
openstack.enable_logging(debug=True)

for cloud_name, region_name in [
        ('devcloud-fip', 'RegionOne'),
        ('devcloud-direct', 'RegionTwo'),
        ('devcloud-appcred', 'RegionTwo')]:
    # Initialize cloud
    cloud = openstack.connect(cloud=cloud_name, region_name=region_name)
    for server in cloud.search_servers('my-server'):
        cloud.delete_server(server, wait=True, delete_ips=True)
"""


def test_example_15_cleanup_script(api, config, talk, secrets):
    """The servers an earlier example left (made here by the test: two on devcloud-fip, one per other cloud
    region), with their floating IPs: all gone."""
    targets = [("devcloud-fip", "RegionOne"), ("devcloud-fip", "RegionOne"), ("devcloud-direct", "RegionTwo"),
               ("devcloud-appcred", "RegionTwo")]  # fmt: skip
    errors = []

    def boot(cloud, region):
        try:
            c = openstack.connect(cloud=cloud, region_name=region, config=config)
            s = c.create_server(talk.name("my-server"), "devcloud-tiny", c.get_flavor_by_ram(512), wait=True)
            talk.server_ids.append(s.id)
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=boot, args=t) for t in targets]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == [] and len(talk.leftovers()) == 4 + 3  # four servers, the three floating IPs of fip/appcred
    ran = talk.run(CLEANUP_SERVERS)
    assert_ran(ran, secrets)
    assert len(ran.calls("compute", "DELETE", "^/servers/")) == 4
    assert talk.leftovers() == []


# -- "Normalization", "Strict Normalized Results", "How Did I Find the Image Name for the Last Example?" -----------

NORMALIZATION = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging()

cloud = openstack.connect(cloud='devcloud-fip', region_name='RegionOne')
image = cloud.get_image(
    'devcloud-tiny')
cloud.pprint(image)
"""

STRICT_MODE = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging()

cloud = openstack.connect(
    cloud='devcloud-fip', region_name='RegionOne', strict=True)
image = cloud.get_image(
    'devcloud-tiny')
cloud.pprint(image)
"""


def test_example_16_normalization(api, talk, secrets):
    """The same model on every cloud (is_protected, hash_value, owner_id ...) and where it lives (location), beside
    the API's own keys."""
    ran = talk.run(NORMALIZATION)
    assert_ran(ran, secrets)
    image = json.loads(ran.stdout)
    assert image["name"] == "devcloud-tiny" and image["is_protected"] is False and image["hash_value"]
    assert image["location"] == {
        "cloud": "devcloud-fip", "region_name": "RegionOne", "project": {"id": api("devcloud-fip").current_project_id}
    }  # fmt: skip
    assert image["protected"] is False and "os_hash_value" in image and "schema" in image  # the API's keys too
    assert ran.stderr == ""  # enable_logging(): info level, nothing to say


def test_example_17_strict_mode(talk, secrets):
    """strict=True: only the declared model at the top level; what else the API said is under properties."""
    ran = talk.run(STRICT_MODE)
    assert_ran(ran, secrets)
    image = json.loads(ran.stdout)
    assert image["name"] == "devcloud-tiny" and image["is_protected"] is False and image["location"]["cloud"]
    assert "protected" not in image and "os_hash_value" not in image and "schema" not in image
    assert image["properties"]["schema"] == "/v2/schemas/image"


FIND_AN_IMAGE = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging()

cloud = openstack.connect(cloud='devcloud-direct', region_name='RegionTwo')
cloud.pprint([
    image for image in cloud.list_images()
    if 'tiny' in image.name.lower()])
"""


def test_example_18_find_an_image(talk, secrets):
    ran = talk.run(FIND_AN_IMAGE)
    assert_ran(ran, secrets)
    found = json.loads(ran.stdout)
    assert "devcloud-tiny" in [i["name"] for i in found] and all("tiny" in i["name"].lower() for i in found)


# -- "Added / Modified Information" -------------------------------------------------------------------------------

SERVER_INFORMATION = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(debug=True)

cloud = openstack.connect(cloud='devcloud-fip', region_name='RegionTwo')
try:
    server = cloud.create_server(
        'my-server', image='devcloud-tiny',
        flavor=dict(id='{flavor_id}'),
        wait=True, auto_ip=True)

    print("\\n\\nFull Server\\n\\n")
    cloud.pprint(server)

    print("\\n\\nTurn Detailed Off\\n\\n")
    cloud.pprint(cloud.get_server('my-server', detailed=False))

    print("\\n\\nBare Server\\n\\n")
    cloud.pprint(cloud.get_server('my-server', bare=True))

finally:
    # Delete it - this is a demo
    cloud.delete_server(server, wait=True, delete_ips=True)
"""


def test_example_19_server_information(talk, flavor_ids, secrets):
    """By default a server has its addresses sorted out (public_v4 from neutron: the floating IP); bare adds
    nothing and asks nothing more than the server (still normalized)."""
    ran = talk.run(SERVER_INFORMATION.replace("{flavor_id}", flavor_ids["RegionTwo"]))
    assert_ran(ran, secrets)
    headings = r"\n\nFull Server\n\n|\n\nTurn Detailed Off\n\n|\n\nBare Server\n\n"
    full, not_detailed, bare = re.split(headings, ran.stdout)[1:]
    full, not_detailed, bare = json.loads(full), json.loads(not_detailed), json.loads(bare)
    assert full["public_v4"].startswith("172.24.") and full["private_v4"].startswith("10.")
    assert not_detailed["public_v4"] == full["public_v4"] and not_detailed["interface_ip"] == full["public_v4"]
    assert "public_v4" not in bare and bare["id"] == full["id"] and bare["location"]["region_name"] == "RegionTwo"
    assert bare["flavor"]["original_name"] == "v2-standard-1"
    assert talk.leftovers() == []


# -- "Exceptions" ----------------------------------------------------------------------------------------------


def test_example_20_exceptions(api):
    """The slide has no code: its claims, against the devcloud. Direct REST calls raise OpenStackCloudHTTPError,
    which is an OpenStackCloudException and a requests.exceptions.HTTPError; 404 is OpenStackCloudURINotFound, 400
    OpenStackCloudBadRequest; each says its status, request id, cloud and region."""
    cloud = api("devcloud-fip", "RegionOne")
    with pytest.raises(requests.exceptions.HTTPError) as caught:
        cloud.request("compute", "GET", "/servers/%s" % uuid.uuid4())
    e = caught.value
    assert isinstance(e, openstack.OpenStackCloudURINotFound) and isinstance(e, openstack.OpenStackCloudHTTPError)
    assert isinstance(e, openstack.OpenStackCloudException)
    assert e.status == 404 and e.response.status_code == 404 and e.request_id.startswith("req-")
    assert (e.cloud, e.region) == ("devcloud-fip", "RegionOne") and "devcloud-fip" in str(e)
    with pytest.raises(openstack.OpenStackCloudBadRequest) as caught:
        cloud.request("compute", "POST", "/servers", json={"server": {"name": RUN}})  # no image, no flavor
    assert caught.value.status == 400 and "'flavorRef' is a required property" in caught.value.server_message
    with pytest.raises(openstack.OpenStackCloudException):  # not an HTTP error: one base class for all
        cloud.get_flavor_by_ram(10**9)
    assert issubclass(openstack.OpenStackCloudTimeout, openstack.OpenStackCloudException)


# -- "User Agent Info" ---------------------------------------------------------------------------------------------

USER_AGENT = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(http_debug=True)

cloud = openstack.connect(
    cloud='devcloud-direct',
    app_name='AmazingApp',
    app_version='1.0',
)
cloud.list_networks()
"""


def test_example_21_user_agent(talk, secrets):
    """app_name/app_version lead the User-Agent of every request; without region_name, the cloud's first region."""
    ran = talk.run(USER_AGENT)
    assert_ran(ran, secrets)
    agents = re.findall(r'-H "User-Agent: ([^"]+)"', ran.stderr)
    assert agents and all(a.startswith("AmazingApp/1.0 ") and "polystack.cloud/" in a for a in agents), agents
    sent = [(r["region"], r["service"], r["path"]) for r in ran.requests]
    assert sent == [("RegionOne", "network", "/v2.0/networks")]


# -- "Uploading Large Objects" (twice) ---------------------------------------------------------------------------

UPLOAD_OBJECT = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(debug=True)

cloud = openstack.connect(cloud='devcloud-fip', region_name='RegionTwo')
cloud.create_object(
    container='my-container',
    name='my-object',
    filename='briarcliff.sh3d',
)
cloud.delete_object('my-container', 'my-object')
cloud.delete_container('my-container')
"""

UPLOAD_OBJECT_SEGMENTS = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(debug=True)

cloud = openstack.connect(cloud='devcloud-fip', region_name='RegionTwo')
cloud.create_object(
    container='my-container',
    name='my-object',
    filename='briarcliff.sh3d',
    segment_size=1000000,
)
cloud.delete_object('my-container', 'my-object')
cloud.delete_container('my-container')
"""


def test_example_22_upload_large_object(talk, secrets):
    """Under the cloud's maximum object size (5 GiB on the devcloud) a file is one PUT, the container made first;
    then everything is deleted (the talk's file: 2.5 MB of the test's, in the example's directory)."""
    (talk.dir / "briarcliff.sh3d").write_bytes(os.urandom(2500000))
    ran = talk.run(UPLOAD_OBJECT)
    assert_ran(ran, secrets)
    container = talk.name("my-container")
    puts = ran.calls("object-store", "PUT")
    assert [p["path"] for p in puts] == ["/" + container, "/%s/%s" % (container, talk.name("my-object"))]
    assert talk.leftovers() == []


def test_example_23_upload_large_object_segment_size(talk, secrets):
    """segment_size=1000000: the 2.5 MB file goes in three segments (to <container>_segments, in parallel) joined
    by a static large object manifest; delete_object deletes the segments too, delete_container both containers."""
    (talk.dir / "briarcliff.sh3d").write_bytes(os.urandom(2500000))
    ran = talk.run(UPLOAD_OBJECT_SEGMENTS)
    assert_ran(ran, secrets)
    container, name = talk.name("my-container"), talk.name("my-object")
    segments = ran.calls("object-store", "PUT", "^/%s_segments/" % re.escape(container))
    assert sorted(s["path"].rsplit("/", 1)[1] for s in segments) == ["00000000", "00000001", "00000002"]
    (manifest,) = ran.calls("object-store", "PUT", "^/%s/%s$" % (re.escape(container), re.escape(name)))
    assert manifest["params"] == {"multipart-manifest": "put"}
    (delete,) = ran.calls("object-store", "DELETE", "^/%s/%s$" % (re.escape(container), re.escape(name)))
    assert delete["params"] == {"multipart-manifest": "delete"}
    assert talk.leftovers() == []


# -- "Service Conditionals", "Service Conditional Overrides" -------------------------------------------------------

SERVICE_CONDITIONALS = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(debug=True)

cloud = openstack.connect(cloud='devcloud-direct', region_name='RegionTwo')
print(cloud.has_service('network'))
print(cloud.has_service('container-orchestration'))
"""


def test_example_24_service_conditionals(talk, secrets):
    ran = talk.run(SERVICE_CONDITIONALS)
    assert_ran(ran, secrets)
    assert ran.stdout == "True\nFalse\n"  # the devcloud runs neutron, not magnum


RAX_PROFILE = """
public-clouds:
  devcloud-without-neutron:
    auth:
      auth_url: {auth_url}
    identity_api_version: '3'
    regions: [RegionOne, RegionTwo]
    has_network: false
"""

RAX_CLOUDS_YAML = """
clouds:
  rax:
    profile: devcloud-without-neutron
    auth:
      username: direct-user
      project_name: direct-project
      user_domain_name: Default
      project_domain_name: Default
      password: {password}
    # This is already in profile: devcloud-without-neutron
    has_network: false
"""

SERVICE_CONDITIONAL_OVERRIDES = """
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
openstack.enable_logging(debug=True)

cloud = openstack.connect(cloud='rax', region_name='RegionOne')
print(cloud.has_service('network'))
"""


def test_example_25_service_conditional_overrides(api, talk, clouds, secrets):
    """has_network: false (in the profile, and again in clouds.yaml, as the talk has it) wins over the catalog,
    which does list neutron: what a cloud whose users cannot use its network API says. The talk's profile
    rackspace stands for the devcloud in a profile of our own."""
    conf = clouds["devcloud-direct"]
    vendor = write(talk.dir / "clouds-public.yaml", RAX_PROFILE, auth_url=conf["auth"]["auth_url"])
    clouds_yaml = write(talk.dir / "clouds.yaml", RAX_CLOUDS_YAML, password=conf["auth"]["password"])
    ran = talk.run(SERVICE_CONDITIONAL_OVERRIDES, clouds=clouds_yaml, vendor=vendor)
    assert_ran(ran, secrets)
    assert ran.stdout == "False\n" and api("devcloud-direct").has_service("network") is True
    assert yaml.safe_load(open(clouds_yaml))["clouds"]["rax"]["has_network"] is False


# -- the guide docs/docsite/rst/python_api.rst ------------------------------------------------------------------------


def guide_examples():
    """The python code blocks of the guide, in order."""
    with open(GUIDE) as f:
        text = f.read()
    blocks = re.findall(r"^\.\. code-block:: python\n\n((?:    .*\n|\n)+)", text, re.M)
    return [textwrap.dedent(b) for b in blocks]


# what each example of the guide prints (regular expressions, one per line)
GUIDE_OUTPUT = [
    [r"devcloud-fip RegionOne 172\.24\.\S+ m1\.tiny", r"devcloud-direct RegionTwo 172\.25\.\S+ v2-standard-1",
     r"devcloud-appcred RegionOne 172\.24\.\S+ m1\.tiny"],
    [r"RegionOne m1\.tiny 512 active \['public'\]", r"RegionTwo v2-standard-1 1024 active \['public'\]"],
    [r"ACTIVE 10\.\S+ 172\.24\.\S+", r"172\.24\.\S+ devcloud-tiny v2-standard-1 made by my_script\.py"],
    [r"active qcow2 devuan True", r"5"],
    [r"True 3 2500000", r"True"],
    [r"404 True True"],
]  # fmt: skip


def test_python_api_guide(api, talk, secrets):
    """Every example of the guide python_api.rst, in order, each in a process of its own, with the files they
    read (my-image.qcow2, backup.tar) made by the test; what each prints is what the guide says it does. All but
    the first clean up after themselves."""
    examples = guide_examples()
    assert len(examples) == len(GUIDE_OUTPUT)
    write_qcow2(talk.dir / "my-image.qcow2", talk.prefix.encode())
    (talk.dir / "backup.tar").write_bytes(os.urandom(2500000))
    for index, (code, expected) in enumerate(zip(examples, GUIDE_OUTPUT, strict=True)):
        ran = talk.run(code)
        assert_ran(ran, secrets)
        lines = ran.stdout.splitlines()
        assert len(lines) == len(expected) and all(
            re.fullmatch(e, line) for e, line in zip(expected, lines, strict=True)
        ), (index, ran.stdout)
        if index == 0:  # the seed demo leaves its servers and images, as the talk's does
            assert sorted(made[0] for made in talk.leftovers()) == ["floating_ip"] * 2 + ["image"] * 3 + ["server"] * 3
            delete_leftovers(api, talk.leftovers())
        assert talk.leftovers() == [], (index, talk.leftovers())
