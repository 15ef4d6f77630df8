# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Block storage (cinder v3): volumes, their snapshots, and attaching them to servers.

The state idiom of every resource: ensure_present / ensure_absent plan first (before, after, actions), then
report the plan (check mode) or carry it out, and return {changed, before, after, volume}. os_volume, os_server
(boot from volume, volumes), the inventory and the Python API (Cloud.create_volume ...) all call these; nothing
here imports Ansible."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.polystack.cloud.plugins.module_utils import _progress
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    AmbiguousResource,
    CloudError,
    ConfigError,
    NotFound,
    WaitTimeout,
)

# 3.65: volume_type_id, consumes_quota, shared_targets (openstacksdk's keys) are in the answers; lower on older
# clouds (negotiated), where those keys are None
MICROVERSION = "3.65"
# the first pause of a wait (then a tenth of the time waited, up to 2 s: _progress.Pacer); cinder on a busy cloud
# makes a volume in 1-3 s, a fixed 1 s poll lost up to a second of it
POLL = 0.3
BUSY = ("creating", "downloading", "extending", "attaching", "detaching", "reserved", "deleting", "maintenance")


def microversion(cloud):
    return cloud.session.negotiate("block-storage", MICROVERSION)


def _where(cloud):
    return "cloud %s region %s" % (cloud.name, cloud.region_name)


def view(volume):
    """What diff shows of a volume: the fields os_volume manages, and which servers it is attached to."""
    if not volume:
        return {}
    return {
        "name": volume.get("name"),
        "size": volume.get("size"),
        "status": volume.get("status"),
        "description": volume.get("description"),
        "volume_type": volume.get("volume_type"),
        "availability_zone": volume.get("availability_zone"),
        "is_bootable": volume.get("is_bootable"),
        "is_multiattach": volume.get("is_multiattach"),
        "metadata": dict(volume.get("metadata") or {}),
        "attached_to": sorted(a.get("server_id") for a in volume.get("attachments") or [] if a.get("server_id")),
    }


def find(cloud, name_or_id, kind="volume"):
    """One volume (or volume_snapshot) of this project by id or name, normalized; None when there is none."""
    found = cloud.search(kind, name_or_id)
    if len(found) > 1:
        raise AmbiguousResource(kind.replace("_", " "), name_or_id, found, cloud=cloud.name, region=cloud.region_name)
    return found[0] if found else None


def require(cloud, name_or_id, kind="volume", option="volume"):
    found = find(cloud, name_or_id, kind)
    if found is None:
        raise NotFound(
            "%s: no %s %s on %s" % (option, kind.replace("_", " "), name_or_id, _where(cloud)),
            cloud=cloud.name,
            region=cloud.region_name,
        )
    return found


# -- waiting ------------------------------------------------------------------------------------------------


def wait_for(cloud, volume_id, want, timeout, kind="volume"):
    """Poll until the volume (or snapshot) has status `want` (None: until it is gone); its `error` status, or
    any other settled status than the one wanted, fails at once with cinder's own words."""
    deadline = time.monotonic() + timeout
    pacer = _progress.Pacer(first=POLL, timeout=timeout)
    label = kind.replace("_", " ")
    while True:
        current = cloud.get(kind, volume_id)
        if current is None:
            if want is None:
                return None
            raise NotFound("%s %s disappeared while waiting for %s on %s" % (label, volume_id, want, _where(cloud)))
        status = current.get("status")
        if want is not None and status == want:
            return current
        if status in ("error", "error_deleting", "error_extending") or (
            want is not None and status not in BUSY and status != want and status != "available"
        ):
            raise CloudError(
                "%s %s is %s on %s (wanted %s)" % (label, current.get("name") or volume_id, status, _where(cloud), want)
            )
        if time.monotonic() >= deadline:
            raise WaitTimeout(
                "%s %s still %s after %ds on %s (wanted %s)"
                % (label, current.get("name") or volume_id, status, timeout, _where(cloud), want or "deleted")
            )
        pacer.pause()


# -- volumes --------------------------------------------------------------------------------------------------


def source_body(cloud, image=None, snapshot=None, source_volume=None):
    """The create body's keys naming what the volume is made from, each looked up first (a typo fails before
    anything is made, in check mode too), and what the new volume takes from it: {size, bootable} (size: the
    smallest it can be; bootable: cinder marks a volume made from an image bootable, and copies the flag of the
    volume a snapshot or a clone comes from)."""
    given = [k for k, v in (("image", image), ("snapshot", snapshot), ("volume", source_volume)) if v]
    if len(given) > 1:
        raise ConfigError("a volume is made from one source: %s are mutually exclusive" % " and ".join(given))
    if image:
        found = cloud.get_image(image)
        if found is None:
            raise NotFound("image: no image %s on %s" % (image, _where(cloud)), cloud=cloud.name)
        return {"imageRef": found["id"]}, {"size": minimum_size(found), "bootable": True, "image": found}
    if snapshot:
        snap = require(cloud, snapshot, "volume_snapshot", "snapshot")
        origin = cloud.get("volume", snap["volume_id"]) or {}
        return {"snapshot_id": snap["id"]}, {"size": snap["size"], "bootable": bool(origin.get("is_bootable"))}
    if source_volume:
        vol = require(cloud, source_volume, "volume", "volume")
        return {"source_volid": vol["id"]}, {"size": vol["size"], "bootable": bool(vol.get("is_bootable"))}
    return {}, {"size": None, "bootable": False}


def strings(metadata):
    """Metadata as cinder takes it: strings only (a YAML number or boolean would be a 400)."""
    return dict(
        (str(k), v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v))
        for k, v in (metadata or {}).items()
    )


def minimum_size(image):
    """The smallest volume (GiB) an image fits in: its min_disk, or its size rounded up."""
    if not image:
        return 1
    size = image.get("size") or 0
    return max(int(image.get("min_disk") or 0), -(-int(size) // 1024**3), 1)


def create_volume(
    cloud,
    name,
    size=None,
    image=None,
    snapshot=None,
    source_volume=None,
    description=None,
    volume_type=None,
    availability_zone=None,
    metadata=None,
    is_multiattach=None,
    scheduler_hints=None,
    is_bootable=None,
    wait=True,
    timeout=180,
):
    """POST /volumes and wait until it is available (a volume that fails to build is deleted, not left in
    error). Returns the volume, normalized."""
    source, origin = source_body(cloud, image, snapshot, source_volume)
    if size is None:
        if not source:
            raise ConfigError("volume %s: size is needed to create it on %s" % (name, _where(cloud)))
        size = origin["size"]
    body = dict(name=name, size=size, description=description, volume_type=volume_type)
    body.update(availability_zone=availability_zone, metadata=strings(metadata) or None, multiattach=is_multiattach)
    body = dict((k, v) for k, v in dict(body, **source).items() if v is not None)
    request = {"volume": body}
    if scheduler_hints:
        request["OS-SCH-HNT:scheduler_hints"] = scheduler_hints  # beside "volume", not in it
    before = set(v["id"] for v in cloud.search("volume", name)) if name else set()

    def lost():  # cinder has no idempotency token: a volume of this name made since is the lost POST's
        made = [v for v in cloud.search("volume", name, raw=True) if v["id"] not in before] if name else []
        return {"volume": made[0]} if made else None

    resp, adopted = cloud.session.create(
        "block-storage", "/volumes", lost, json=request, microversion=microversion(cloud)
    )
    created = (adopted or resp.json())["volume"]
    if not wait:
        return cloud.normalize("volume", created)
    try:
        volume = wait_for(cloud, created["id"], "available", timeout)
        if is_bootable is not None and volume.get("is_bootable") != is_bootable:
            set_bootable(cloud, created["id"], is_bootable)
            volume = cloud.get("volume", created["id"])
        return volume
    except CloudError as error:
        error.cleanup = {"volume": created["id"], "deleted": _delete_quietly(cloud, created["id"], timeout)}
        raise


def _delete_quietly(cloud, volume_id, timeout):
    try:
        delete_volume(cloud, volume_id, wait=True, timeout=max(timeout, 60))
        return True
    except CloudError:
        return False


def delete_volume(cloud, volume_id, wait=True, timeout=180, cascade=False):
    """DELETE the volume (cascade: its snapshots too); False when it was gone already."""
    try:
        cloud.request(
            "block-storage", "DELETE", "/volumes/%s" % volume_id, params={"cascade": cascade} if cascade else None
        )
    except NotFound:
        return False
    if wait:
        wait_for(cloud, volume_id, None, timeout)
    return True


def _action(cloud, volume_id, body, kind="volumes"):
    cloud.request("block-storage", "POST", "/%s/%s/action" % (kind, volume_id), json=body)


def set_bootable(cloud, volume_id, bootable):
    _action(cloud, volume_id, {"os-set_bootable": {"bootable": bool(bootable)}})


def extend_volume(cloud, volume_id, size, wait=True, timeout=180):
    # extending an attached volume needs 3.42 (nova is told); cinder refuses it on older clouds
    cloud.request(
        "block-storage",
        "POST",
        "/volumes/%s/action" % volume_id,
        json={"os-extend": {"new_size": int(size)}},
        microversion=microversion(cloud),
    )
    if wait:
        deadline = time.monotonic() + timeout
        pacer = _progress.Pacer(first=POLL, timeout=timeout)
        while True:
            current = cloud.get("volume", volume_id)
            if current["size"] == int(size) and current["status"] != "extending":
                return current
            if current["status"] == "error_extending" or time.monotonic() >= deadline:
                raise CloudError(
                    "volume %s: extending to %d GiB ended %s on %s"
                    % (volume_id, size, current["status"], _where(cloud))
                )
            pacer.pause()
    return None


def update_volume(cloud, volume_id, **fields):
    """PUT the volume's name/description."""
    cloud.request("block-storage", "PUT", "/volumes/%s" % volume_id, json={"volume": fields})


def set_metadata(cloud, volume_id, metadata):
    """The volume's metadata becomes exactly `metadata` (PUT replaces the whole set)."""
    cloud.request("block-storage", "PUT", "/volumes/%s/metadata" % volume_id, json={"metadata": metadata})


# -- snapshots ------------------------------------------------------------------------------------------------


def create_snapshot(cloud, volume, name, description=None, force=False, wait=True, timeout=180):
    """Snapshot a volume (force: even an attached one)."""
    vol = require(cloud, volume)
    body = {
        "snapshot": dict(
            (k, v)
            for k, v in dict(volume_id=vol["id"], name=name, description=description, force=force).items()
            if v is not None
        )
    }
    created = cloud.request("block-storage", "POST", "/snapshots", json=body).json()["snapshot"]
    if not wait:
        return cloud.normalize("volume_snapshot", created)
    return wait_for(cloud, created["id"], "available", timeout, kind="volume_snapshot")


def delete_snapshot(cloud, snapshot_id, wait=True, timeout=180):
    try:
        cloud.request("block-storage", "DELETE", "/snapshots/%s" % snapshot_id)
    except NotFound:
        return False
    if wait:
        wait_for(cloud, snapshot_id, None, timeout, kind="volume_snapshot")
    return True


# -- attachments ----------------------------------------------------------------------------------------------


def attached_server_ids(volume):
    return [a.get("server_id") for a in volume.get("attachments") or [] if a.get("server_id")]


def attach_volume(cloud, server_id, volume, device=None, wait=True, timeout=180):
    """Attach through nova (which asks cinder); no-op when it is attached to that server already."""
    if server_id in attached_server_ids(volume):
        return volume
    attachable(cloud, volume)
    body = {"volumeId": volume["id"]}
    if device:
        body["device"] = device
    cloud.request("compute", "POST", "/servers/%s/os-volume_attachments" % server_id, json={"volumeAttachment": body})
    if not wait:
        return cloud.get("volume", volume["id"])
    return _wait_attachment(cloud, volume["id"], server_id, True, timeout)


def attachable(cloud, volume):
    """Refuse, before asking nova, a volume that is not available (attached elsewhere, still building):
    the same words in check mode as in the real run."""
    if volume.get("status") != "available" and not volume.get("is_multiattach"):
        raise CloudError(
            "volume %s is %s on %s: only an available volume can be attached%s"
            % (
                volume.get("name") or volume["id"],
                volume.get("status"),
                _where(cloud),
                " (attached to %s)" % ", ".join(attached_server_ids(volume)) if attached_server_ids(volume) else "",
            )
        )


def detach_volume(cloud, server_id, volume, wait=True, timeout=180):
    if server_id not in attached_server_ids(volume):
        return volume
    try:
        cloud.request("compute", "DELETE", "/servers/%s/os-volume_attachments/%s" % (server_id, volume["id"]))
    except NotFound:
        return cloud.get("volume", volume["id"])
    if not wait:
        return cloud.get("volume", volume["id"])
    return _wait_attachment(cloud, volume["id"], server_id, False, timeout)


def _wait_attachment(cloud, volume_id, server_id, attached, timeout):
    deadline = time.monotonic() + timeout
    pacer = _progress.Pacer(first=POLL, timeout=timeout)
    while True:
        current = cloud.get("volume", volume_id)
        if current is None:
            raise NotFound("volume %s disappeared on %s" % (volume_id, _where(cloud)))
        settled = current["status"] not in ("attaching", "detaching", "reserved")
        if settled and (server_id in attached_server_ids(current)) == attached:
            return current
        if current["status"] in ("error", "error_attaching", "error_detaching"):
            raise CloudError(
                "volume %s is %s on %s" % (current.get("name") or volume_id, current["status"], _where(cloud))
            )
        if time.monotonic() >= deadline:
            raise WaitTimeout(
                "volume %s still %s after %ds on %s (%s server %s)"
                % (
                    current.get("name") or volume_id,
                    current["status"],
                    timeout,
                    _where(cloud),
                    "attaching to" if attached else "detaching from",
                    server_id,
                )
            )
        pacer.pause()


# -- the state idiom (os_volume) ------------------------------------------------------------------------------


def _result(changed, before, after, volume=None, actions=None):
    return dict(changed=changed, before=before, after=after, volume=volume, actions=actions or [])


def ensure_absent(cloud, name, wait=True, timeout=180, check_mode=False):
    """Delete the volume if there is one. An attached volume is refused (cinder would answer 400): detaching it
    is the server's business (os_server volumes, detach_volumes) or an explicit step, never a side effect."""
    current = find(cloud, name)
    if current is None:
        return _result(False, {}, {})
    servers = attached_server_ids(current)
    if servers:
        raise CloudError(
            "volume %s on %s is attached to server %s: detach it first (os_server's volumes with detach_volumes, "
            "or Cloud.detach_volume)" % (name, _where(cloud), ", ".join(servers))
        )
    if not check_mode:
        delete_volume(cloud, current["id"], wait=wait, timeout=timeout)
    return _result(True, view(current), {}, actions=[("delete", current["id"])])


def plan_update(current, wanted):
    """[(action, argument)] bringing an existing volume to `wanted` and the after view they give. Only what
    cinder changes in place: size (grow only), bootable, description, metadata; the source (image, snapshot,
    volume), type, zone and multiattach are what it was made with."""
    actions, after = [], view(current)
    size = wanted.get("size")
    if size is not None and size != current["size"]:
        if size < current["size"]:
            raise ConfigError(
                "volume %s is %d GiB: cinder cannot shrink a volume to %d GiB (make a new one and copy)"
                % (current["name"], current["size"], size)
            )
        actions.append(("extend", size))
        after["size"] = size
    bootable = wanted.get("is_bootable")
    if bootable is not None and bool(current.get("is_bootable")) != bootable:
        actions.append(("bootable", bootable))
        after["is_bootable"] = bootable
    if wanted.get("description") is not None and current.get("description") != wanted["description"]:
        actions.append(("description", wanted["description"]))
        after["description"] = wanted["description"]
    meta = wanted.get("metadata")
    if meta is not None:
        meta = strings(meta)
        if meta != (current.get("metadata") or {}):
            actions.append(("metadata", meta))
            after["metadata"] = meta
    return actions, after


def apply_update(cloud, current, actions, wait=True, timeout=180):
    for action, arg in actions:
        if action == "extend":
            extend_volume(cloud, current["id"], arg, wait=wait, timeout=timeout)
        elif action == "bootable":
            set_bootable(cloud, current["id"], arg)
        elif action == "description":
            update_volume(cloud, current["id"], description=arg)
        elif action == "metadata":
            set_metadata(cloud, current["id"], arg)


def default_volume_type(cloud):
    """The type cinder gives a volume made without one (GET /types/default, 3.62+); None where unknown."""
    try:
        body = cloud.request("block-storage", "GET", "/types/default", microversion=microversion(cloud)).json()
        return (body.get("volume_type") or {}).get("name")
    except (CloudError, ValueError):
        return None


def default_zone(cloud):
    """The zone cinder puts a volume made without one in, when the cloud has exactly one available."""
    try:
        zones = cloud.request("block-storage", "GET", "/os-availability-zone").json().get("availabilityZoneInfo")
    except (CloudError, ValueError):
        return None
    names = [z.get("zoneName") for z in zones or [] if (z.get("zoneState") or {}).get("available")]
    return names[0] if len(names) == 1 else None


def planned_volume(cloud, wanted, origin):
    """Check mode's after for a volume a real run makes: what cinder would choose (type, zone) asked of it."""
    size = wanted.get("size") or origin["size"]
    return {
        "name": wanted["name"],
        "size": size,
        "status": "available",
        "description": wanted.get("description"),
        "volume_type": wanted.get("volume_type") or default_volume_type(cloud),
        "availability_zone": wanted.get("availability_zone") or default_zone(cloud),
        "is_bootable": origin["bootable"] if wanted.get("is_bootable") is None else wanted["is_bootable"],
        "is_multiattach": bool(wanted.get("is_multiattach")),
        "metadata": strings(wanted.get("metadata")),
        "attached_to": [],
    }


def ensure_present(cloud, wanted, check_mode=False):
    """`wanted`: os_volume's options (name, size, image, snapshot, volume, description, volume_type,
    availability_zone, metadata, is_multiattach, scheduler_hints, is_bootable, wait, timeout)."""
    current = find(cloud, wanted["name"])
    if current is None:
        _source, origin = source_body(cloud, wanted.get("image"), wanted.get("snapshot"), wanted.get("volume"))
        if wanted.get("size") is None and not _source:
            raise ConfigError(
                "volume %s does not exist on %s: size (or a source: image, snapshot, volume) is needed to create it"
                % (wanted["name"], _where(cloud))
            )
        if origin["size"] and wanted.get("size") is not None and wanted["size"] < origin["size"]:
            raise ConfigError(
                "volume %s: its source needs at least %d GiB, size is %d"
                % (wanted["name"], origin["size"], wanted["size"])
            )
        after = planned_volume(cloud, wanted, origin)
        if check_mode:
            return _result(True, {}, after, volume=after, actions=[("create", wanted["name"])])
        volume = create_volume(
            cloud,
            wanted["name"],
            size=wanted.get("size"),
            image=wanted.get("image"),
            snapshot=wanted.get("snapshot"),
            source_volume=wanted.get("volume"),
            description=wanted.get("description"),
            volume_type=wanted.get("volume_type"),
            availability_zone=wanted.get("availability_zone"),
            metadata=wanted.get("metadata"),
            is_multiattach=wanted.get("is_multiattach"),
            scheduler_hints=wanted.get("scheduler_hints"),
            is_bootable=wanted.get("is_bootable"),
            wait=wanted.get("wait", True),
            timeout=wanted.get("timeout", 180),
        )
        return _result(True, {}, view(volume), volume=volume, actions=[("create", volume["id"])])
    actions, after = plan_update(current, wanted)
    if not actions:
        return _result(False, view(current), view(current), volume=current)
    if check_mode:
        return _result(True, view(current), after, volume=current, actions=actions)
    apply_update(cloud, current, actions, wait=wanted.get("wait", True), timeout=wanted.get("timeout", 180))
    volume = cloud.get("volume", current["id"])
    return _result(True, view(current), view(volume), volume=volume, actions=actions)


# -- the Python API's block storage calls (Cloud inherits them) --------------------------------------------------


class VolumeCalls:
    """openstacksdk's cloud-layer names for volumes, snapshots and attachments, over the functions above."""

    def list_volumes(self, filters=None, details=True):
        """details=False: cinder's summary listing (id, name, links), each still with every key of a volume."""
        if details:
            return self.list("volume", filters)
        return [self.normalize("volume", v) for v in self._paged("volume_summary", filters, microversion(self))]

    def search_volumes(self, name_or_id=None, filters=None):
        return self.search("volume", name_or_id, filters)

    def get_volume(self, name_or_id, filters=None):
        return self.get("volume", name_or_id, filters)

    def get_volume_by_id(self, volume_id):
        return self.get("volume", volume_id)

    def create_volume(self, size=None, name=None, image=None, wait=True, timeout=180, bootable=None, **kwargs):
        """openstacksdk's order (size first); image by name or id; also snapshot=/snapshot_id=, volume=
        (a source volume), description, volume_type, availability_zone, metadata, multiattach, scheduler_hints."""
        return create_volume(
            self,
            name,
            size=size,
            image=image or kwargs.pop("imageRef", None),
            snapshot=kwargs.pop("snapshot", None) or kwargs.pop("snapshot_id", None),
            source_volume=kwargs.pop("volume", None) or kwargs.pop("source_volid", None),
            is_multiattach=kwargs.pop("multiattach", None),
            is_bootable=bootable,
            wait=wait,
            timeout=timeout,
            **kwargs,
        )

    def delete_volume(self, name_or_id, wait=True, timeout=180, force=False):
        """False when there was no such volume. force: detach it from its servers first."""
        volume = self.get_volume(name_or_id)
        if volume is None:
            return False
        if force:
            for server_id in attached_server_ids(volume):
                volume = detach_volume(self, server_id, volume, wait=True, timeout=timeout)
        return delete_volume(self, volume["id"], wait=wait, timeout=timeout)

    def attach_volume(self, server, volume, device=None, wait=True, timeout=180):
        """server and volume: results or names/ids. Returns the volume, attached."""
        volume = volume if isinstance(volume, dict) and volume.get("attachments") is not None else require(self, volume)
        return attach_volume(self, self._server_id(server), volume, device=device, wait=wait, timeout=timeout)

    def detach_volume(self, server, volume, wait=True, timeout=180):
        volume = require(self, volume["id"] if isinstance(volume, dict) else volume)
        return detach_volume(self, self._server_id(server), volume, wait=wait, timeout=timeout)

    def list_volume_snapshots(self, filters=None):
        return self.list("volume_snapshot", filters)

    def get_volume_snapshot(self, name_or_id, filters=None):
        return self.get("volume_snapshot", name_or_id, filters)

    def create_volume_snapshot(self, volume_id, force=False, wait=True, timeout=180, name=None, description=None):
        return create_snapshot(self, volume_id, name, description=description, force=force, wait=wait, timeout=timeout)

    def delete_volume_snapshot(self, name_or_id, wait=True, timeout=180):
        snapshot = self.get_volume_snapshot(name_or_id)
        return delete_snapshot(self, snapshot["id"], wait=wait, timeout=timeout) if snapshot else False


# -- servers and their volumes (os_server, Cloud.create_server) --------------------------------------------------


def boot_mapping(cloud, image, flavor, boot_from_volume=False, boot_volume=None, volume_size=None,
                 terminate_volume=None, volumes=None):  # fmt: skip
    """nova's block_device_mapping_v2 for a boot, and how the server boots: {mode, volume_size,
    terminate_volume, reason}. Modes: "image" (a local disk), "volume" (an existing volume), "image-to-volume"
    (nova makes the root volume from the image: asked for, or automatic when the flavor has no root disk, which
    nova refuses to boot from an image). Every volume named is looked up first (a typo fails before the boot)."""
    extra = [require(cloud, name, option="volumes") for name in volumes or []]
    mapping, info = [], {"mode": "image", "volume_size": None, "terminate_volume": None, "reason": None}
    if boot_volume:
        root = require(cloud, boot_volume, option="boot_volume")
        info.update(mode="volume", terminate_volume=bool(terminate_volume), reason="boot_volume %s" % boot_volume)
        info.update(volume_id=root["id"], volume_size=root["size"])
        mapping.append(_bdm(root["id"], "volume", 0, bool(terminate_volume)))
    else:
        automatic = not boot_from_volume and flavor is not None and flavor.get("disk") == 0
        if boot_from_volume or automatic:
            size = volume_size or minimum_size(image)
            # an automatic root volume goes with its server unless told otherwise: nobody asked for it
            terminate = bool(terminate_volume) if terminate_volume is not None or not automatic else True
            reason = (
                "boot_from_volume"
                if boot_from_volume
                else ("automatic: flavor %s has no root disk, nova boots it from a volume only" % flavor.get("name"))
            )
            info.update(mode="image-to-volume", volume_size=size, terminate_volume=terminate, reason=reason)
            mapping.append(dict(_bdm(image["id"], "image", 0, terminate), volume_size=size))
        elif extra:  # an image boot with volumes: the image's local disk is entry 0
            mapping.append(dict(_bdm(image["id"], "image", 0, True), destination_type="local"))
    for vol in extra:
        mapping.append(_bdm(vol["id"], "volume", -1, False))
    return mapping, info, extra


def _bdm(uuid, source, boot_index, delete_on_termination):
    return {
        "uuid": uuid,
        "source_type": source,
        "destination_type": "volume",
        "boot_index": boot_index,
        "delete_on_termination": delete_on_termination,
    }


def server_volume_ids(server):
    """The ids of the volumes attached to a server (a raw or normalized nova server)."""
    attached = server.get("os-extended-volumes:volumes_attached") or server.get("volumes") or []
    return sorted(v.get("id") for v in attached if v.get("id"))


def root_volume_id(cloud, server):
    """The volume a server boots from, or None (booted from an image). nova names the root device for admins
    only; otherwise the first device in order among the attachments is the root one (nova gives /dev/vda to it)."""
    image = server.get("image")
    if (image.get("id") if isinstance(image, dict) else image) or server.get("id") is None:
        return None
    attachments = cloud.request("compute", "GET", "/servers/%s/os-volume_attachments" % server["id"]).json()
    attachments = attachments.get("volumeAttachments") or []
    root = server.get("OS-EXT-SRV-ATTR:root_device_name")
    by_root = [a for a in attachments if root and a.get("device") == root]
    ordered = by_root or sorted(attachments, key=lambda a: (len(a.get("device") or ""), a.get("device") or ""))
    return ordered[0]["volumeId"] if ordered else None


def plan_server_volumes(cloud, server, names, detach_others=False):
    """[(attach|detach, volume)] that make the server's extra volumes the ones named (detach_others: and only
    those; the root volume is never detached)."""
    wanted = [require(cloud, name, option="volumes") for name in names or []]
    have = set(server_volume_ids(server))
    actions = [("attach", vol) for vol in wanted if vol["id"] not in have]
    for _action, vol in actions:
        attachable(cloud, vol)
    if detach_others:
        keep = set(vol["id"] for vol in wanted)
        root = root_volume_id(cloud, server)
        for vid in sorted(have - keep - set([root])):
            actions.append(
                ("detach", cloud.get("volume", vid) or {"id": vid, "attachments": [{"server_id": server["id"]}]})
            )
    return actions


def apply_server_volumes(cloud, server_id, actions, timeout=180):
    for action, vol in actions:
        if action == "attach":
            attach_volume(cloud, server_id, vol, wait=True, timeout=timeout)
        elif action == "detach":
            detach_volume(cloud, server_id, vol, wait=True, timeout=timeout)
