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


# -- openstacksdk's keys (openstack.cloud 2.6.0 returns resource.to_dict(computed=False)) -------------------------


def test_server_has_openstacksdk_keys_from_novas_fields():
    raw = {
        "id": "s",
        "locked": False,
        "progress": 0,
        "OS-DCF:diskConfig": "MANUAL",
        "OS-EXT-SRV-ATTR:hostname": "web1",
        "os-extended-volumes:volumes_attached": [{"id": "v"}],
        "config_drive": "",
        "links": [{"rel": "self", "href": "h"}],
        "image": {"id": "i", "links": []},
        "flavor": {"original_name": "m1.tiny", "ram": 512},
    }
    out = _normalize.normalize("server", raw, LOC)
    assert out["is_locked"] is False and out["progress"] == 0 and out["disk_config"] == "MANUAL"
    assert out["hostname"] == "web1" and out["attached_volumes"] == out["volumes"] == [{"id": "v"}]
    assert out["has_config_drive"] == out["config_drive"] == "" and out["links"] == raw["links"]
    # what nova did not send is None, as openstacksdk has it, never made up
    assert out["image_id"] is None and out["flavor_id"] is None and out["compute_host"] is None
    assert out["image"] == dict(dict.fromkeys(_normalize.SERVER_IMAGE_KEYS), id="i", links=[])
    assert out["flavor"]["name"] == "m1.tiny" and out["flavor"]["id"] is None and out["flavor"]["ram"] == 512
    assert "properties" in out and "OS-DCF:diskConfig" in out["properties"]  # the raw keys stay where they were
    strict = _normalize.normalize("server", raw, LOC, strict=True)  # the declared model only, as before
    assert "is_locked" not in strict and "disk_config" not in strict and strict["image"] == raw["image"]


def test_server_booted_from_a_volume_has_an_image_of_nones():
    out = _normalize.normalize("server", {"id": "s", "image": ""}, LOC)
    assert set(out["image"]) == set(_normalize.SERVER_IMAGE_KEYS) and not any(out["image"].values())


def test_image_properties_typed_as_openstacksdk_declares_and_kept_in_properties():
    raw = {"id": "i", "hw_cpu_cores": "2", "hw_boot_menu": "false", "os_require_quiesce": "True", "hw_disk_bus": "scsi"}
    raw.update(instance_type_rxtx_factor="1.5", hw_video_ram="lots", owner="p", os_distro="debian")
    out = _normalize.normalize("image", raw, LOC)
    assert out["hw_cpu_cores"] == 2 and out["is_hw_boot_menu_enabled"] is False and out["os_require_quiesce"] is True
    assert out["instance_type_rxtx_factor"] == 1.5 and out["hw_disk_bus"] == "scsi" and out["os_distro"] == "debian"
    assert out["hw_video_ram"] == "lots"  # not a number: as glance has it, not openstacksdk's made-up 0
    assert out["owner"] == out["owner_id"] == "p" and out["kernel_id"] is None and out["locations"] is None
    assert out["properties"]["hw_cpu_cores"] == "2" and out["properties"]["os_distro"] == "debian"


def test_keypair_and_floating_ip_keys():
    kp = _normalize.normalize("keypair", {"name": "k", "deleted": False}, LOC)
    assert kp["is_deleted"] is False and kp["private_key"] is None
    assert _normalize.normalize("keypair", {"name": "k"}, LOC)["is_deleted"] is None
    fip = _normalize.normalize("floating_ip", {"id": "f", "floating_network_id": "n", "revision_number": 3}, LOC)
    assert fip["floating_network_id"] == fip["network_id"] == "n" and fip["revision_number"] == 3
    assert fip["name"] is None and fip["dns_name"] is None and fip["subnet_id"] is None


@pytest.mark.parametrize(
    "value,kind,expect",
    [("7", int, 7), ("x", int, "x"), ("TRUE", bool, True), ("no", bool, False), (None, int, None), (3, str, "3")],
)
def test_typed(value, kind, expect):
    assert _normalize.typed(value, kind) == expect


def test_swift_object_from_the_head_answer():
    view = {"container": "c", "name": "a.txt", "size": 5, "etag": "abc", "content_type": "text/plain", "metadata": {}}
    headers = {"content-length": "5", "x-timestamp": "1765000000.1", "x-static-large-object": "True",
               "last-modified": "Sat", "accept-ranges": "bytes"}  # fmt: skip
    out = _normalize.swift_object(view, headers)
    assert out["id"] == "a.txt" and out["content_length"] == 5 and out["is_static_large_object"] is True
    assert out["timestamp"] == "1765000000.1" and out["etag"] == "abc" and out["if_match"] is None
    assert set(name for name, _h, _t in _normalize.OBJECT_HEADERS) <= set(out)
    planned = _normalize.swift_object(view, None)  # check mode: nothing asked, nothing made up
    assert planned["last_modified_at"] is None and planned["content_length"] is None and planned["size"] == 5
