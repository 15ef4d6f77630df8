"""Normalized results: the same keys whatever the API version, strict or not."""

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _normalize

LOC = {"cloud": "c", "region_name": "r", "project": {"id": "p"}}


@pytest.mark.parametrize(
    "kind,raw,expect",
    [
        (
            "flavor",
            {"id": "1", "name": "f", "ram": 512, "swap": "", "os-flavor-access:is_public": False},
            {"is_public": False, "swap": 0, "ephemeral": 0, "vcpus": 0},
        ),
        (
            "image",
            {"id": "i", "protected": True, "os_hash_value": "ab", "owner": "o", "custom": "x"},
            {"is_protected": True, "hash_value": "ab", "owner_id": "o", "properties": {"custom": "x"}, "min_ram": 0},
        ),
        (
            "network",
            {"id": "n", "router:external": True, "subnets": ["s"], "tenant_id": "t"},
            {"is_router_external": True, "subnet_ids": ["s"], "project_id": "t", "is_shared": False},
        ),
        (
            "server",
            {"id": "s", "tenant_id": "t", "OS-EXT-AZ:availability_zone": "nova", "created": "2026"},
            {"project_id": "t", "availability_zone": "nova", "created_at": "2026", "addresses": {}, "tags": []},
        ),
        (
            "floating_ip",
            {"id": "f", "floating_network_id": "n", "port_id": None},
            {"network_id": "n", "port_id": None, "status": None},
        ),
        ("keypair", {"name": "k", "fingerprint": "fp"}, {"id": "k", "type": "ssh"}),
    ],
)
def test_declared_model(kind, raw, expect):
    out = _normalize.normalize(kind, raw, LOC)
    for key, value in expect.items():
        assert out[key] == value, key
    assert out["location"] == LOC
    assert {model[0] for model in _normalize.MODELS[kind]} <= set(out)


def test_strict_keeps_only_the_model_at_the_top():
    raw = {"id": "1", "name": "f", "ram": 1, "os-flavor-access:is_public": True, "links": []}
    loose, strict = _normalize.normalize("flavor", raw, LOC), _normalize.normalize("flavor", raw, LOC, strict=True)
    assert loose["os-flavor-access:is_public"] is True and loose["links"] == []
    assert set(strict) == {model[0] for model in _normalize.MODELS["flavor"]} | {"properties", "location"}
    assert strict["properties"] == {"links": []}
