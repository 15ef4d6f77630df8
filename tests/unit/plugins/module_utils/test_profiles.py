"""Vendor profiles (plugins/module_utils/_profiles.py): the data is well-formed and says what the sources say."""

import importlib.util
import os
import re

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
_spec = importlib.util.spec_from_file_location(
    "polystack_profiles", os.path.join(ROOT, "plugins", "module_utils", "_profiles.py")
)
P = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(P)

SEED_NAMES = (
    "vexxhost",
    "citycloud",
    "internap",
    "ovh",
    "rackspace",
    "fuga",
    "zetta",
    "datacentred",
    "dreamcompute",
    "dreamhost",
)
ALL = sorted(P.PROFILES)
PLACEHOLDER = re.compile(r"{([^{}]*)}")


def region_names(profile):
    if "regions" in profile:
        return [r if isinstance(r, str) else r["name"] for r in profile["regions"]]
    if "region_name" in profile:
        return [profile["region_name"]]
    return []


def strings(value):
    """Every string anywhere in a nested value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


# ---------------------------------------------------------------- the API


def test_names_sorted_and_complete():
    assert P.names() == sorted(P.PROFILES)
    assert len(P.names()) == len(set(P.names()))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_profiles_exist(name):
    assert name in P.names()
    assert isinstance(P.get(name), dict)


@pytest.mark.parametrize("name", ["nope", "", "VEXXHOST", None, ["vexxhost"]])
def test_unknown_is_none(name):
    assert P.get(name) is None


def test_get_returns_deep_copy():
    got = P.get("rackspace")
    assert got == P.PROFILES["rackspace"]
    got["regions"].append("XXX")
    got["auth"]["auth_url"] = "https://evil.example"
    got["disable_vendor_agent"]["vm_mode"] = "pv"
    got["image_format"] = "qcow2"
    assert "XXX" not in P.PROFILES["rackspace"]["regions"]
    assert P.PROFILES["rackspace"]["auth"]["auth_url"].startswith("https://identity.api.rackspacecloud.com")
    assert P.PROFILES["rackspace"]["disable_vendor_agent"]["vm_mode"] == "hvm"
    assert P.get("rackspace")["image_format"] == "vhd"


def test_get_nested_region_values_are_copied():
    got = P.get("limestonenetworks")
    got["regions"][0]["values"]["networks"][0]["name"] = "changed"
    assert P.PROFILES["limestonenetworks"]["regions"][0]["values"]["networks"][0]["name"] == "Public Internet"


# ---------------------------------------------------------------- shape of every profile


@pytest.mark.parametrize("name", ALL)
def test_has_source(name):
    assert P.SOURCES.get(name), name
    assert all(isinstance(s, str) and s.strip() for s in P.SOURCES[name])


def test_sources_and_notes_name_only_known_profiles():
    assert set(P.SOURCES) == set(P.PROFILES)
    assert set(P.NOTES) <= set(P.PROFILES)
    for notes in P.NOTES.values():
        assert notes and all(isinstance(n, str) and n for n in notes)


@pytest.mark.parametrize("name", ALL)
def test_keys_known(name):
    profile = P.PROFILES[name]
    assert profile, name
    assert set(profile) <= P.KNOWN_KEYS, set(profile) - P.KNOWN_KEYS
    assert set(profile.get("auth", {})) <= P.KNOWN_AUTH_KEYS


def test_known_keys_catch_typos():
    assert isinstance(P.KNOWN_KEYS, frozenset)
    for good in ("identity_api_version", "block_storage_endpoint_override", "image_api_use_tasks", "has_network"):
        assert good in P.KNOWN_KEYS
    for typo in ("identity_api_versions", "region-name", "image_fromat", "floating_ip_sources", "vendor_hook"):
        assert typo not in P.KNOWN_KEYS


@pytest.mark.parametrize("name", ALL)
def test_auth_url_https(name):
    url = P.PROFILES[name].get("auth", {}).get("auth_url")
    if url is None:
        assert any("auth_url" in n for n in P.NOTES.get(name, [])), "%s: no auth_url and no note why" % name
    elif not url.startswith("https://"):
        assert any("auth_url" in n for n in P.NOTES.get(name, [])), "%s: %s is not https" % (name, url)


@pytest.mark.parametrize("name", ALL)
def test_regions_shape(name):
    profile = P.PROFILES[name]
    assert not ("regions" in profile and "region_name" in profile), "%s: say regions or region_name" % name
    if "region_name" in profile:
        assert isinstance(profile["region_name"], str) and profile["region_name"]
    if "regions" in profile:
        regions = profile["regions"]
        assert isinstance(regions, list) and regions
        for region in regions:
            if isinstance(region, dict):
                assert set(region) == {"name", "values"}
                assert isinstance(region["name"], str) and region["name"]
                assert set(region["values"]) <= P.KNOWN_KEYS
            else:
                assert isinstance(region, str) and region
        assert len(region_names(profile)) == len(set(region_names(profile)))


@pytest.mark.parametrize("name", ALL)
def test_networks_shape(name):
    profile = P.PROFILES[name]
    blocks = [profile] + [r["values"] for r in profile.get("regions", []) if isinstance(r, dict)]
    for block in blocks:
        for net in block.get("networks", []):
            assert set(net) <= P.KNOWN_NETWORK_KEYS
            assert isinstance(net["name"], str) and net["name"]
            assert all(isinstance(v, bool) for k, v in net.items() if k != "name")


@pytest.mark.parametrize("name", ALL)
def test_value_types(name):
    profile = P.PROFILES[name]
    for key, value in profile.items():
        if key.endswith("_api_version"):
            assert isinstance(value, str) and re.match(r"^\d+(\.\d+)?$", value), (key, value)
        if key in ("floating_ip_source", "secgroup_source"):
            # the string "None" means "the cloud has none" (documented); never Python None
            assert value in ("None", "neutron", "nova"), (key, value)
        if key in ("image_api_use_tasks", "requires_floating_ip", "has_network"):
            assert isinstance(value, bool), (key, value)
        if key == "image_format":
            assert value in ("qcow2", "raw", "vhd"), value
        if key.endswith("_endpoint_override"):
            assert value.startswith("https://"), value
    assert "volume_api_version" not in profile, "use block_storage_api_version in the data"
    assert profile.get("status", "active") in P.STATUSES
    if profile.get("status", "active") != "active":
        assert profile.get("message"), "%s: a deprecated/shut down profile says why" % name


@pytest.mark.parametrize("name", ALL)
def test_placeholders_only_region_name(name):
    profile = P.PROFILES[name]
    for s in strings(profile):
        for field in PLACEHOLDER.findall(s):
            assert field == "region_name", (name, s)
            assert region_names(profile), "%s: {region_name} needs a region list" % name


# ---------------------------------------------------------------- facts from the sources

FACTS = [
    ("rackspace", "image_format", "vhd"),
    ("rackspace", "floating_ip_source", "None"),
    ("rackspace", "secgroup_source", "None"),
    ("rackspace", "image_api_use_tasks", True),
    ("rackspace", "has_network", False),
    ("rackspace", "identity_api_version", "2.0"),
    ("rackspace", "block_storage_api_version", "2"),
    ("rackspace", "compute_service_name", "cloudServersOpenStack"),
    ("rackspace", "database_service_type", "rax:database"),
    ("rackspace", "block_storage_endpoint_override", "https://{region_name}.blockstorage.api.rackspacecloud.com/v2/"),
    ("rackspace", "disable_vendor_agent", {"vm_mode": "hvm", "xenapi_use_agent": "False"}),
    ("dreamcompute", "image_format", "raw"),
    ("dreamcompute", "identity_api_version", "3"),
    ("dreamhost", "status", "deprecated"),
    ("vexxhost", "image_format", "raw"),
    ("vexxhost", "auth_type", "v3password"),
    ("vexxhost", "dns_api_version", "1"),
    ("citycloud", "requires_floating_ip", True),
    ("citycloud", "image_format", "raw"),
    ("internap", "floating_ip_source", "None"),
    ("internap", "status", "shutdown"),
    ("ovh", "floating_ip_source", "None"),
    ("zetta", "dns_api_version", "2"),
    ("fuga", "status", "deprecated"),
    ("datacentred", "status", "shutdown"),
    ("datacentred", "region_name", "sal01"),
    ("hp", "image_format", "qcow2"),
    ("hp", "status", "shutdown"),
    ("hp", "dns_service_type", "hpext:dns"),
    ("otc", "interface", "public"),
    ("limestonenetworks", "image_format", "raw"),
    ("auro", "requires_floating_ip", True),
    ("conoha", "identity_api_version", "2"),
]


@pytest.mark.parametrize("name,key,value", FACTS)
def test_fact(name, key, value):
    assert P.get(name)[key] == value


AUTH_URLS = [
    ("vexxhost", "https://auth.vexxhost.net/v3"),
    ("rackspace", "https://identity.api.rackspacecloud.com/v2.0/"),
    ("dreamcompute", "https://iad2.dream.io:5000"),
    ("citycloud", "https://{region_name}.citycloud.com:5000/v3/"),
    ("internap", "https://identity.api.cloud.inap.com"),
    ("ovh", "https://auth.cloud.ovh.net/"),
    ("fuga", "https://identity.api.fuga.io:5000"),
    ("zetta", "https://identity.api.zetta.io/v3"),
    ("datacentred", "https://compute.datacentred.io:5000"),
    ("otc", "https://iam.{region_name}.otc.t-systems.com/v3"),
]


@pytest.mark.parametrize("name,url", AUTH_URLS)
def test_auth_url(name, url):
    assert P.get(name)["auth"]["auth_url"] == url


REGIONS = [
    ("vexxhost", ["ca-ymq-1", "sjc1"]),
    ("citycloud", ["Buf1", "Fra1", "Sto2", "Kna1", "dx1", "tky1"]),
    ("internap", ["ams01", "da01", "nyj01", "sin01", "sjc01"]),
    ("rackspace", ["DFW", "HKG", "IAD", "ORD", "SYD", "LON"]),
    ("ovh", ["BHS1", "GRA1", "SBG1", "UK1", "WAW1", "DE1"]),
    ("zetta", ["no-osl1"]),
    ("fuga", ["cystack"]),
    ("dreamcompute", ["RegionOne"]),
    ("limestonenetworks", ["us-dfw-1", "us-slc"]),
    ("otc", ["eu-de", "eu-nl"]),
]


@pytest.mark.parametrize("name,expected", REGIONS)
def test_regions_include(name, expected):
    have = region_names(P.get(name))
    assert set(expected) <= set(have), set(expected) - set(have)


@pytest.mark.parametrize("name", ["vexxhost", "ovh", "dreamhost", "otc-swiss", "rackspace"])
def test_caveats_recorded(name):
    assert P.NOTES.get(name)


def test_ovh_domains_default():
    auth = P.get("ovh")["auth"]
    assert auth["user_domain_name"] == auth["project_domain_name"] == "Default"
