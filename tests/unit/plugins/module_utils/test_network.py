"""The network-model decision table (the seeds' five cases), with addresses shaped as nova returns them,
including the models the devcloud cannot host (no neutron; nova-network floating IPs)."""

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _network as N


def addr(ip, kind="fixed", version=4):
    return {"addr": ip, "version": version, "OS-EXT-IPS:type": kind, "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:01"}


PUBLIC = {"id": "pub", "name": "public", "router:external": True}
PROVIDER = {"id": "prov", "name": "provider", "router:external": False}
PRIVATE = {"id": "priv", "name": "private", "router:external": False}
ROUTED_HINT = {"provider": {"name": "provider", "routes_externally": True, "default_interface": True}}

CASES = [
    # 1. routable provider network: labelled in clouds.yaml (it is not router:external), nothing to do
    (
        "routable provider network",
        {"provider": [addr("172.25.2.33")]},
        {"provider": PROVIDER},
        ROUTED_HINT,
        "neutron",
        True,
        ("172.25.2.33", "172.25.2.33", "none"),
    ),
    # 2. routable network plus a tenant network: the routable address is public
    (
        "routable + tenant",
        {"provider": [addr("172.25.2.34")], "private": [addr("10.0.0.5")]},
        {"provider": PROVIDER, "private": PRIVATE},
        ROUTED_HINT,
        "neutron",
        True,
        ("172.25.2.34", "10.0.0.5", "none"),
    ),
    # 3. private tenant network: a neutron floating IP is needed
    (
        "private tenant network",
        {"private": [addr("10.0.0.7")]},
        {"private": PRIVATE},
        {},
        "neutron",
        True,
        ("", "10.0.0.7", "neutron"),
    ),
    # 3b. once it has one, nova lists it as floating: public, nothing more to do
    (
        "private + floating",
        {"private": [addr("10.0.0.7"), addr("172.24.4.50", "floating")]},
        {"private": PRIVATE},
        {},
        "neutron",
        True,
        ("172.24.4.50", "10.0.0.7", "none"),
    ),
    # 4. floating IPs without neutron (nova-network style, from the profile)
    ("nova-network floating", {"private": [addr("10.1.0.3")]}, {}, {}, "nova", False, ("", "10.1.0.3", "nova")),
    # rackspace-like: no neutron, no floating IPs, a public and a private (servicenet) network
    (
        "public + servicenet",
        {"public": [addr("23.253.1.2")], "private": [addr("10.176.3.4")]},
        {},
        {},
        "none",
        False,
        ("23.253.1.2", "10.176.3.4", "none"),
    ),
    # 5. routable IP without network APIs (has_network: false): the address is public as it is
    (
        "no network API",
        {"public": [addr("198.51.100.7")]},
        {},
        {},
        "none",
        False,
        ("198.51.100.7", "198.51.100.7", "none"),
    ),
    # a cloud with neither floating IPs nor a routable network: say so
    (
        "no way out",
        {"private": [addr("10.0.0.9")]},
        {"private": PRIVATE},
        {},
        "none",
        True,
        ("", "10.0.0.9", "impossible"),
    ),
    # router:external networks are routable without any hint
    (
        "external network",
        {"public": [addr("172.24.4.99")]},
        {"public": PUBLIC},
        {},
        "neutron",
        True,
        ("172.24.4.99", "172.24.4.99", "none"),
    ),
]


@pytest.mark.parametrize("label,addresses,nets,hints,source,has_network,expect", CASES, ids=[c[0] for c in CASES])
def test_decision_table(label, addresses, nets, hints, source, has_network, expect):
    got = N.classify({"addresses": addresses}, nets, hints, has_network=has_network, floating_ip_source=source)
    assert (got["public_v4"], got["private_v4"], N.public_ip_plan(got, source, has_network)) == expect


def test_ipv6_and_interface_ip():
    got = N.classify(
        {"addresses": {"private": [addr("10.0.0.2"), addr("2001:db8::5", version=6)]}}, {"private": PRIVATE}, {}
    )
    assert got["public_v6"] == "2001:db8::5" and N.interface_ip(got) == "2001:db8::5"
    assert N.interface_ip(got, private=True) == "10.0.0.2"


def test_access_ip_without_network_api():
    got = N.classify({"addresses": {}, "accessIPv4": "203.0.113.4"}, {}, {}, has_network=False)
    assert got["public_v4"] == "203.0.113.4" and N.public_ip_plan(got, "none", False) == "none"


@pytest.mark.parametrize(
    "networks,hints,wanted,expect",
    [
        ([PUBLIC, PRIVATE], {}, None, "pub"),
        ([PUBLIC, PRIVATE, dict(PUBLIC, id="pub2", name="public2")], {}, None, None),  # two: ambiguous
        ([PUBLIC, PRIVATE, dict(PUBLIC, id="pub2", name="public2")], {}, "public2", "pub2"),  # ip_pool picks
        ([PROVIDER, PUBLIC], ROUTED_HINT, None, "pub"),  # the routable default_interface is not a FIP pool
    ],
)
def test_floating_ip_network(networks, hints, wanted, expect):
    got = N.pick_external_network(networks, hints, wanted)
    assert (got or {}).get("id") == expect


def test_floating_ip_goes_on_the_nat_destination_port():
    ports = [{"id": "p1", "network_id": "prov"}, {"id": "p2", "network_id": "priv"}]
    by_id = {"prov": PROVIDER, "priv": PRIVATE}
    assert N.pick_nat_port(ports, by_id, ROUTED_HINT)["id"] == "p2"  # not the routable one
    assert N.pick_nat_port(ports, by_id, {}, nat_destination="provider")["id"] == "p1"
    assert N.pick_nat_port(ports, by_id, {"private": {"name": "private", "nat_destination": True}})["id"] == "p2"
