"""The block storage engine's decisions (module_utils/_volume.py) that need no cloud answer, or only lookups: how a
server boots (image, existing volume, image-to-volume, automatic on a zero-disk flavor), what an update plans, what
cinder is sent. The engine itself runs against the devcloud's cinder in tests/integration/test_block_storage.py."""

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _volume
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    CloudError,
    ConfigError,
    NotFound,
    WaitTimeout,
)
from ansible_collections.polystack.cloud.tests.unit.plugins.module_utils.fake_transport import FakeTransport

IMAGE = {"id": "img-1", "name": "tiny", "size": 3 * 1024**3 + 1, "min_disk": 0}
SMALL = {"id": "f1", "name": "m1.tiny", "disk": 1}
NODISK = {"id": "f0", "name": "m1.nodisk", "disk": 0}


class Lookups:
    """A cloud that knows some volumes by name (and nothing else)."""

    name, region_name = "c", "R"

    def __init__(self, *volumes):
        self.volumes = dict((v["name"], v) for v in volumes)

    def search(self, kind, name_or_id, filters=None, raw=False):
        assert kind == "volume", kind
        return [v for v in self.volumes.values() if name_or_id in (v["name"], v["id"])]


def volume(name, status="available", size=1, **extra):
    return dict({"id": "id-" + name, "name": name, "status": status, "size": size, "attachments": []}, **extra)


def test_an_image_boot_needs_no_mapping():
    assert _volume.boot_mapping(Lookups(), IMAGE, SMALL) == ([], dict(_volume_info("image")), [])


def _volume_info(mode, **extra):
    return dict({"mode": mode, "volume_size": None, "terminate_volume": None, "reason": None}, **extra)


def test_a_zero_disk_flavor_boots_from_a_volume_made_from_the_image_and_deleted_with_the_server():
    mapping, info, _extra = _volume.boot_mapping(Lookups(), IMAGE, NODISK)
    assert mapping == [
        {"uuid": "img-1", "source_type": "image", "destination_type": "volume", "boot_index": 0,
         "delete_on_termination": True, "volume_size": 4},
    ]  # fmt: skip
    assert info["mode"] == "image-to-volume" and info["terminate_volume"] is True and "m1.nodisk" in info["reason"]
    # told to keep it, it is kept
    assert _volume.boot_mapping(Lookups(), IMAGE, NODISK, terminate_volume=False)[1]["terminate_volume"] is False


def test_boot_from_volume_keeps_its_volume_unless_told_as_openstack_cloud_does():
    mapping, info, _extra = _volume.boot_mapping(Lookups(), IMAGE, SMALL, boot_from_volume=True, volume_size=10)
    assert mapping[0]["volume_size"] == 10 and mapping[0]["delete_on_termination"] is False
    assert info == _volume_info("image-to-volume", volume_size=10, terminate_volume=False, reason="boot_from_volume")


def test_an_existing_boot_volume_and_extra_volumes():
    cloud = Lookups(volume("root", size=5), volume("data"))
    mapping, info, extra = _volume.boot_mapping(cloud, None, SMALL, boot_volume="root", volumes=["data"])
    assert [(m["uuid"], m["source_type"], m["boot_index"]) for m in mapping] == [
        ("id-root", "volume", 0),
        ("id-data", "volume", -1),
    ]
    assert info["mode"] == "volume" and info["volume_id"] == "id-root" and info["volume_size"] == 5
    assert [v["id"] for v in extra] == ["id-data"]


def test_extra_volumes_on_an_image_boot_keep_the_image_as_the_local_root_disk():
    mapping, info, _extra = _volume.boot_mapping(Lookups(volume("data")), IMAGE, SMALL, volumes=["data"])
    assert mapping[0] == {"uuid": "img-1", "source_type": "image", "destination_type": "local", "boot_index": 0,
                          "delete_on_termination": True}  # fmt: skip
    assert mapping[1]["uuid"] == "id-data" and info["mode"] == "image"


def test_a_volume_named_that_does_not_exist_fails_before_the_boot():
    with pytest.raises(NotFound, match="volumes: no volume nope on cloud c region R"):
        _volume.boot_mapping(Lookups(), IMAGE, SMALL, volumes=["nope"])


def test_an_update_grows_sets_and_never_shrinks():
    current = volume("v", size=2, description=None, metadata={"a": "1"}, is_bootable=False)
    actions, after = _volume.plan_update(current, {"size": 3, "metadata": {"a": 1}, "is_bootable": True})
    assert actions == [("extend", 3), ("bootable", True)]  # metadata {"a": 1} is {"a": "1"}: no change
    assert after["size"] == 3 and after["is_bootable"] is True
    assert _volume.plan_update(current, {"size": 2, "is_bootable": None, "metadata": {"a": "1"}}) == (
        [],
        _volume.view(current),
    )
    with pytest.raises(ConfigError, match="cannot shrink"):
        _volume.plan_update(current, {"size": 1})


def test_metadata_values_become_the_strings_cinder_wants():
    assert _volume.strings({"n": 1, "b": True, "s": "x", 2: None}) == {"n": "1", "b": "true", "s": "x", "2": "None"}


def test_a_busy_volume_is_refused_before_nova_is_asked():
    with pytest.raises(CloudError, match="only an available volume can be attached .attached to srv-1."):
        _volume.attachable(Lookups(), volume("v", status="in-use", attachments=[{"server_id": "srv-1"}]))
    _volume.attachable(Lookups(), volume("v", status="in-use", is_multiattach=True))  # multiattach: allowed


def test_a_volume_is_made_from_one_source():
    with pytest.raises(ConfigError, match="image and snapshot are mutually exclusive"):
        _volume.source_body(Lookups(), image="i", snapshot="s")


# -- faults a real cinder cannot be made to produce on demand: on the shared fake transport ------------------------


VID = "6e1c3f0a-2b7d-4c1e-9f3a-0d5b8e7c6a41"  # a volume id (a name would be looked up by ?name=)


@pytest.fixture
def fake():
    transport = FakeTransport()
    # cinder's version document: microversions up to 3.70
    transport.on("GET", r"^/v3/?$", (200, {"version": {"id": "v3.0", "version": "3.70", "min_version": "3.0"}}))
    yield transport
    transport.close()


def cinder_volume(status, vid=VID, name="data", **extra):
    return {"volume": dict({"id": vid, "name": name, "status": status, "size": 1, "attachments": []}, **extra)}


def test_a_volume_that_goes_to_error_while_it_is_built_is_deleted_and_said(fake, monkeypatch):
    monkeypatch.setattr(_volume, "POLL", 0.01)
    fake.on("GET", r"^/v3/volumes/detail\?", (200, {"volumes": []}))
    fake.on("POST", r"^/v3/volumes$", (202, cinder_volume("creating")))
    fake.on("GET", r"^/v3/volumes/%s$" % VID, (200, cinder_volume("creating")), (200, cinder_volume("error")),
            (200, cinder_volume("deleting")), (404, {"itemNotFound": {"message": "gone"}}))  # fmt: skip
    fake.on("DELETE", r"^/v3/volumes/%s$" % VID, (202, b""))
    with pytest.raises(CloudError, match="volume data is error on cloud fake") as err:
        _volume.create_volume(fake.cloud(), "data", size=1, timeout=5)
    assert err.value.cleanup == {"volume": VID, "deleted": True}  # nothing half-made is left
    assert fake.requests("DELETE") == [("DELETE", "/v3/volumes/%s" % VID)]


def test_a_lost_create_answer_adopts_the_volume_it_made(fake, monkeypatch):
    """The POST's answer lost (a proxy's 503 after cinder acted): the volume of that name made since is taken,
    not made twice."""
    monkeypatch.setattr(_volume, "POLL", 0.01)
    monkeypatch.setattr("ansible_collections.polystack.cloud.plugins.module_utils._session.retry_delay", lambda *a: 0)
    made = cinder_volume("available")["volume"]
    fake.on("GET", r"^/v3/volumes/detail\?", (200, {"volumes": []}), (200, {"volumes": [made]}))
    fake.on("POST", r"^/v3/volumes$", (503, b"proxy"))
    fake.on("GET", r"^/v3/volumes/%s$" % VID, (200, {"volume": made}))
    volume = _volume.create_volume(fake.cloud(), "data", size=1, timeout=5)
    assert volume["id"] == VID and len(fake.requests("POST")) == 1


def test_an_attachment_that_never_settles_times_out_naming_the_server(fake, monkeypatch):
    monkeypatch.setattr(_volume, "POLL", 0.01)
    fake.on("POST", r"^/servers/s-1/os-volume_attachments$", (200, {"volumeAttachment": {"id": VID}}))
    fake.on("GET", r"^/v3/volumes/%s$" % VID, (200, cinder_volume("attaching")))
    with pytest.raises(
        WaitTimeout, match=r"still attaching after 0s on cloud fake region None \(attaching to server s-1\)"
    ):
        _volume.attach_volume(fake.cloud(), "s-1", cinder_volume("available")["volume"], timeout=0)
