# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One server by name, as os_server manages it: find it, plan what a run changes, then report the plan (check
mode) or carry it out. The state idiom of every resource: ensure_present / ensure_absent return
{changed, before, after, server, drift, warnings}, before and after being view()s of the server.

`wanted` is a mapping of os_server's options (name, image, flavor, flavor_ram, metadata, security_groups, ...;
None: not managed). The service calls are _compute's; nothing here imports Ansible."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import os

from ansible_collections.polystack.cloud.plugins.module_utils import _compute, _volume
from ansible_collections.polystack.cloud.plugins.module_utils._errors import AmbiguousResource, ConfigError, DriftError

# check mode's after for an address only the cloud will choose (a new floating IP)
TO_BE_ALLOCATED = "(a floating IP, allocated by the real run)"
# check mode's id for the root volume nova will make from the image
TO_BE_MADE = "(a volume, made by nova from the image in the real run)"


def view(server):
    """What diff shows of a server (a result of Cloud.server_result): the fields os_server manages."""
    if not server:
        return {}
    image, flavor = server.get("image"), server.get("flavor") or {}
    return {
        "name": server.get("name"),
        "status": server.get("status"),
        "image": (image or {}).get("id") if isinstance(image, dict) else None,
        "flavor": flavor.get("original_name") or flavor.get("id"),
        "metadata": server.get("metadata") or {},
        "description": server.get("description"),
        "security_groups": sorted(set(g.get("name") for g in server.get("security_groups") or [] if g.get("name"))),
        "tags": sorted(server.get("tags") or []),
        "public_v4": server.get("public_v4", ""),
        "private_v4": server.get("private_v4", ""),
        "volumes": _volume.server_volume_ids(server),
    }


def find(cloud, name):
    """The server, raw, from one listing (an id given as name is looked up by id first)."""
    found = cloud.search("server", name, raw=True)
    if len(found) > 1:
        raise AmbiguousResource("server", name, found, cloud=cloud.name, region=cloud.region_name)
    return found[0] if found else None


def _result(changed, before, after, server=None, drift=None, warnings=None, boot=None):
    out = dict(changed=changed, before=before, after=after, server=server, drift=drift or {}, warnings=warnings or [])
    out["boot"] = boot
    return out


def ensure_absent(cloud, name, delete_ips=False, wait=True, timeout=180, check_mode=False):
    """Delete the server if there is one (with the floating IPs made for it, delete_ips)."""
    current = find(cloud, name)
    if current is None:
        return _result(False, {}, {})
    before = view(cloud.server_result(current))
    if not check_mode:
        _compute.delete_server(cloud, current["id"], delete_ips=delete_ips, wait=wait, timeout=timeout)
    return _result(True, before, {})


def ensure_present(cloud, wanted, check_mode=False):
    """Boot the server if there is none; else bring what can change in place to `wanted` and report the drift
    of what cannot (image, flavor, networks: a warning, or DriftError with on_drift=fail)."""
    if wanted.get("flavor_ram") is not None and wanted["flavor_ram"] <= 0:
        raise ConfigError("flavor_ram must be a positive number of MiB, not %d" % wanted["flavor_ram"])
    _compute.metadata_strings(wanted.get("metadata"))  # a bad metadata is refused before any request
    current = find(cloud, wanted["name"])
    if current is None:
        return create(cloud, wanted, check_mode)
    return update(cloud, current, wanted, check_mode)


# -- create ---------------------------------------------------------------------------------------------------


def userdata(data):
    """User data as nova takes it (base64): the text given, or the content of the file it names."""
    if data and os.path.isdir(data):
        raise ConfigError("userdata %s is a directory: give a file's path, or the user data itself" % data)
    if data and os.path.isfile(data):
        with open(data) as f:
            data = f.read()
    if not data:
        return None
    return base64.b64encode(data.encode("utf-8")).decode("ascii")


def _ip_pool(wanted):
    return (wanted.get("floating_ip_pools") or [None])[0]


def create(cloud, wanted, check_mode=False):
    """Everything the boot names is looked up first (in check mode too: what the real run would refuse, check
    mode refuses); then check mode reports the server it would make, and the real run boots it (a failure
    deletes what it made: _compute.create_server)."""
    image, flavor, mapping, boot, extra = resolve_boot(cloud, wanted)
    networks = _compute.resolve_nics(cloud, wanted.get("network"), wanted.get("nics"))
    _compute.check_create_references(
        cloud,
        wanted.get("key_name"),
        wanted.get("security_groups"),
        nat_destination=wanted.get("nat_destination"),
        ip_pool=_ip_pool(wanted),
        ips=wanted.get("floating_ips"),
    )
    user_data = userdata(wanted.get("userdata"))
    metadata = _compute.metadata_strings(wanted.get("metadata"))
    if check_mode:
        after = {
            "name": wanted["name"],
            "status": "ACTIVE",
            "image": image["id"] if boot["mode"] == "image" else None,
            "flavor": flavor["name"],
            "metadata": metadata,
            "description": wanted.get("description"),
            "security_groups": sorted(set(wanted.get("security_groups") or ["default"])),
            "tags": sorted(wanted.get("tags") or []),
            "volumes": planned_volumes(boot, extra),
        }
        return _result(True, {}, after, server=after, boot=boot)
    groups = wanted.get("security_groups")
    body = dict(
        key_name=wanted.get("key_name"),
        metadata=metadata or None,
        availability_zone=wanted.get("availability_zone"),
        config_drive=wanted.get("config_drive"),
        description=wanted.get("description"),
        tags=wanted.get("tags"),
        user_data=user_data,
        security_groups=[{"name": g} for g in groups] if groups else None,
        networks=networks or None,
        block_device_mapping_v2=mapping or None,
    )
    result = boot_server(cloud, wanted, image if boot["mode"] == "image" else None, flavor, body)
    return _result(True, {}, view(result), server=result, boot=boot)


def resolve_boot(cloud, wanted):
    """(image, flavor, block device mapping, how it boots, the extra volumes) of a server to make, each looked
    up; the options a boot needs, refused clearly when missing."""
    if not (wanted.get("image") or wanted.get("boot_volume")) or not (wanted.get("flavor") or wanted.get("flavor_ram")):
        raise ConfigError(
            "server %s does not exist on cloud %s region %s: image (or boot_volume) and flavor (or flavor_ram) are "
            "needed to create it" % (wanted["name"], cloud.name, cloud.region_name)
        )
    if wanted.get("boot_from_volume") and not wanted.get("image"):
        raise ConfigError("boot_from_volume makes the root volume from image: image is needed too")
    image = None
    if not wanted.get("boot_volume"):
        image = _compute.resolve_image(cloud, wanted["image"], wanted.get("image_exclude"))
    flavor = _compute.resolve_flavor(
        cloud, wanted.get("flavor"), wanted.get("flavor_ram"), wanted.get("flavor_include")
    )
    mapping, boot, extra = _volume.boot_mapping(
        cloud,
        image,
        flavor,
        wanted.get("boot_from_volume"),
        wanted.get("boot_volume"),
        wanted.get("volume_size"),
        wanted.get("terminate_volume"),
        wanted.get("volumes"),
    )
    return image, flavor, mapping, boot, extra


def boot_server(cloud, wanted, image, flavor, body):
    """Boot, wait, give the public address; the server as a result (its admin password never in it)."""
    server, _fip = _compute.create_server(
        cloud,
        wanted["name"],
        image,
        flavor,
        auto_ip=wanted.get("auto_ip", True),
        ips=wanted.get("floating_ips"),
        ip_pool=_ip_pool(wanted),
        reuse_ips=wanted.get("reuse_ips", False),
        nat_destination=wanted.get("nat_destination"),
        wait=wanted.get("wait", True),
        timeout=wanted.get("timeout", 180),
        cleanup_on_failure=wanted.get("cleanup_on_failure", True),
        scheduler_hints=wanted.get("scheduler_hints"),
        **body,
    )
    server.pop("adminPass", None)  # a secret: never in a result
    return cloud.server_result(server)


def planned_volumes(boot, extra):
    """Check mode's attached volumes: those named, and the root volume (nova makes it from the image: its id is
    the cloud's to choose, so check mode says so rather than guess)."""
    ids = [vol["id"] for vol in extra]
    if boot["mode"] == "volume":
        ids.append(boot["volume_id"])
    elif boot["mode"] == "image-to-volume":
        ids.append(TO_BE_MADE)
    return sorted(ids)


# -- update ---------------------------------------------------------------------------------------------------


def nics_drift(cloud, current, wanted):
    """Networks or ports asked for that the server is not on (nics cannot change in place here)."""
    nics = _compute.resolve_nics(cloud, wanted.get("network"), wanted.get("nics"))
    if all(nic.get("uuid") and not nic.get("port") for nic in nics):
        # networks only: nova's addresses name the networks the server has an address on; the ports are
        # asked for only when one of them is not there (a port with no address yet, or real drift)
        on = set()
        for net_name in current.get("addresses") or {}:
            on.update(n["id"] for n in cloud.visible_networks() if n.get("name") == net_name)
        if all(nic["uuid"] in on for nic in nics):
            return {}
    ports = cloud.list_ports({"device_id": current["id"]})
    have_nets = set(port["network_id"] for port in ports)
    have_ports = set(port["id"] for port in ports)
    missing = [nic.get("port") or nic.get("uuid") for nic in nics]
    missing = [ref for ref in missing if ref not in have_nets and ref not in have_ports]
    if not missing:
        return {}
    return {"nics": {"server": sorted(have_nets | have_ports), "wanted": sorted(missing)}}


def drift(cloud, current, wanted):
    """What differs and cannot change in place: {field: {server, wanted}}."""
    out = {}
    image, flavor = current.get("image"), current.get("flavor") or {}
    have_image = (image or {}).get("id") if isinstance(image, dict) else None
    have_flavor = flavor.get("original_name") or flavor.get("id")
    # the image given by the server's image id, or the flavor by the name nova embeds (2.47+) or by its id
    # (older): nothing to look up
    if wanted.get("image") and not (have_image and wanted["image"] == have_image):
        found = _compute.resolve_image(cloud, wanted["image"], wanted.get("image_exclude"))
        if have_image not in (None, found["id"]):
            out["image"] = {"server": have_image, "wanted": found["id"]}
    by_name = wanted.get("flavor") and have_flavor and wanted["flavor"] == have_flavor
    if (wanted.get("flavor") or wanted.get("flavor_ram")) and not by_name:
        found = _compute.resolve_flavor(
            cloud, wanted.get("flavor"), wanted.get("flavor_ram"), wanted.get("flavor_include")
        )
        if have_flavor not in (found["name"], found["id"]):
            out["flavor"] = {"server": have_flavor, "wanted": found["name"]}
    if wanted.get("network") or wanted.get("nics"):
        out.update(nics_drift(cloud, current, wanted))
    return out


def plan_update(cloud, current, wanted, result):
    """[(action, argument)] that bring the server's in-place fields to `wanted`, and the after they give. The same
    decisions in check mode and for real: the public address plan included (its address is the cloud's to
    choose, so check mode's after says so rather than guess). result: the current server's Cloud.server_result."""
    actions, after = [], {}
    have_meta = current.get("metadata") or {}
    wanted_meta = _compute.metadata_strings(wanted.get("metadata"))
    changes = dict((k, v) for k, v in wanted_meta.items() if have_meta.get(k) != v)
    # replace (openstack.cloud's meaning): the server's metadata becomes the one given; merge: keys are added
    replace = wanted.get("metadata") is not None and wanted.get("metadata_mode", "replace") == "replace"
    extra = sorted(set(have_meta) - set(wanted_meta)) if replace else []
    if changes:
        actions.append(("metadata", changes))
    if extra:
        actions.append(("metadata_delete", extra))
    if changes or extra:
        after["metadata"] = wanted_meta if replace else dict(have_meta, **wanted_meta)
    if wanted.get("description") is not None and current.get("description") != wanted["description"]:
        actions.append(("description", wanted["description"]))
        after["description"] = wanted["description"]
    if wanted.get("security_groups") is not None:
        groups = _compute.resolve_security_groups(cloud, wanted["security_groups"])
        have = _compute.server_security_groups(cloud, current["id"])
        add, remove = sorted(set(groups) - set(have)), sorted(set(have) - set(groups))
        if add or remove:
            actions.append(("security_groups", (add, remove)))
            after["security_groups"] = sorted(set(groups.values()))
    if wanted.get("tags") is not None and set(current.get("tags") or []) != set(wanted["tags"]):
        actions.append(("tags", sorted(set(wanted["tags"]))))
        after["tags"] = sorted(set(wanted["tags"]))
    if wanted.get("volumes") is not None:
        volume_actions = _volume.plan_server_volumes(
            cloud, current, wanted["volumes"], detach_others=wanted.get("detach_volumes")
        )
        if volume_actions:
            actions.append(("volumes", volume_actions))
            ids = set(_volume.server_volume_ids(current))
            ids |= set(vol["id"] for action, vol in volume_actions if action == "attach")
            ids -= set(vol["id"] for action, vol in volume_actions if action == "detach")
            after["volumes"] = sorted(ids)
    if wanted.get("auto_ip", True) and current.get("status") == "ACTIVE":
        if not _compute.public_address_confirmed(cloud, current, result):
            ip_plan = _compute.public_ip_plan(cloud, current)
            if ip_plan != "none":
                actions.append(("public_ip", ip_plan))
                after["public_v4"] = TO_BE_ALLOCATED
    return actions, after


def apply_update(cloud, current, wanted, actions):
    """Carry out plan_update's actions, in its order."""
    server_id = current["id"]
    for action, arg in actions:
        if action == "metadata":
            _compute.set_server_metadata(cloud, server_id, arg)
        elif action == "metadata_delete":
            _compute.delete_server_metadata(cloud, server_id, arg)
        elif action == "description":
            _compute.set_server_description(cloud, server_id, arg)
        elif action == "security_groups":
            _compute.set_server_security_groups(cloud, server_id, *arg)
        elif action == "tags":
            _compute.set_server_tags(cloud, server_id, arg)
        elif action == "volumes":
            _volume.apply_server_volumes(cloud, server_id, arg, timeout=wanted.get("timeout", 180))
        elif action == "public_ip":
            _compute.add_public_ip(
                cloud,
                current,
                _ip_pool(wanted),
                wanted.get("reuse_ips", False),
                wanted.get("nat_destination"),
                plan=arg,
            )


def update(cloud, current, wanted, check_mode=False):
    result = cloud.server_result(current)
    before = view(result)
    differs = drift(cloud, current, wanted)
    warnings = []
    if differs:
        msg = "server %s on cloud %s region %s differs in what cannot change in place: %s" % (
            wanted["name"],
            cloud.name,
            cloud.region_name,
            ", ".join("%s is %s, wanted %s" % (k, v["server"], v["wanted"]) for k, v in sorted(differs.items())),
        )
        if wanted.get("on_drift") == "fail":
            raise DriftError(msg + " (on_drift=fail)", differs)
        warnings.append(msg)
    actions, planned = plan_update(cloud, current, wanted, result)
    if actions and not check_mode:
        apply_update(cloud, current, wanted, actions)
        result = cloud.server_result(_compute.get_server_raw(cloud, current["id"]))
        if any(action == "public_ip" for action, _arg in actions):
            result = _compute.reconcile_floating(cloud, result)
    after = view(result)
    if check_mode:
        after.update(planned)
    return _result(bool(actions), before, after, server=result, drift=differs, warnings=warnings)
