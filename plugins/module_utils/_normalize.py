# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw API dicts -> stable results, the same on every cloud.

Each kind has a declared model: the keys every result has (missing ones as None or empty), named the
same whatever service version answered (``is_public`` rather than ``os-flavor-access:is_public``).
Every result also has ``location`` (cloud, region_name, project id).  The API's other keys:
  * strict=False (default): every key the API sent is also at the top level as the API named it
    (``os-flavor-access:is_public`` beside ``is_public``), and the undeclared ones are in ``properties``;
  * strict=True: only in ``properties``, so that only the declared model is at the top level.
Not strict, a result also has openstacksdk's keys (SDK_KEYS: what openstack.cloud 2.6.0's modules return, None when
the API did not send it); the modules' results are not strict.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

# kind -> [(result key, [API keys tried in order], default)]
MODELS = {
    "server": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("status", ["status"], None),
        ("addresses", ["addresses"], {}),
        ("metadata", ["metadata"], {}),
        ("key_name", ["key_name"], None),
        ("flavor", ["flavor"], {}),
        ("image", ["image"], {}),
        ("security_groups", ["security_groups"], []),
        ("availability_zone", ["OS-EXT-AZ:availability_zone"], None),
        ("task_state", ["OS-EXT-STS:task_state"], None),
        ("vm_state", ["OS-EXT-STS:vm_state"], None),
        ("power_state", ["OS-EXT-STS:power_state"], None),
        ("host_id", ["hostId"], None),
        ("project_id", ["tenant_id", "project_id"], None),
        ("user_id", ["user_id"], None),
        ("created_at", ["created"], None),
        ("updated_at", ["updated"], None),
        ("launched_at", ["OS-SRV-USG:launched_at"], None),
        ("access_ipv4", ["accessIPv4"], ""),
        ("access_ipv6", ["accessIPv6"], ""),
        ("config_drive", ["config_drive"], ""),
        ("description", ["description"], None),
        ("tags", ["tags"], []),
        ("fault", ["fault"], None),
        ("volumes", ["os-extended-volumes:volumes_attached"], []),
    ],
    "image": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("status", ["status"], None),
        ("checksum", ["checksum"], None),
        ("hash_algo", ["os_hash_algo"], None),
        ("hash_value", ["os_hash_value"], None),
        ("size", ["size"], None),
        ("virtual_size", ["virtual_size"], None),
        ("disk_format", ["disk_format"], None),
        ("container_format", ["container_format"], None),
        ("min_disk", ["min_disk"], 0),
        ("min_ram", ["min_ram"], 0),
        ("visibility", ["visibility"], None),
        ("is_protected", ["protected"], False),
        ("is_hidden", ["os_hidden"], False),
        ("owner_id", ["owner"], None),
        ("tags", ["tags"], []),
        ("created_at", ["created_at"], None),
        ("updated_at", ["updated_at"], None),
    ],
    "flavor": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("ram", ["ram"], 0),
        ("vcpus", ["vcpus"], 0),
        ("disk", ["disk"], 0),
        ("ephemeral", ["OS-FLV-EXT-DATA:ephemeral", "ephemeral"], 0),
        ("swap", ["swap"], 0),
        ("is_public", ["os-flavor-access:is_public", "is_public"], True),
        ("is_disabled", ["OS-FLV-DISABLED:disabled"], False),
        ("rxtx_factor", ["rxtx_factor"], 1.0),
        ("description", ["description"], None),
        ("extra_specs", ["extra_specs"], {}),
    ],
    "keypair": [
        ("name", ["name"], None),
        ("id", ["name"], None),
        ("fingerprint", ["fingerprint"], None),
        ("public_key", ["public_key"], None),
        ("type", ["type"], "ssh"),
        ("user_id", ["user_id"], None),
        ("created_at", ["created_at"], None),
    ],
    "network": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("status", ["status"], None),
        ("subnet_ids", ["subnets"], []),
        ("is_router_external", ["router:external"], False),
        ("is_shared", ["shared"], False),
        ("is_admin_state_up", ["admin_state_up"], True),
        ("is_port_security_enabled", ["port_security_enabled"], None),
        ("mtu", ["mtu"], None),
        ("project_id", ["project_id", "tenant_id"], None),
        ("provider_network_type", ["provider:network_type"], None),
        ("provider_physical_network", ["provider:physical_network"], None),
        ("availability_zones", ["availability_zones"], []),
        ("description", ["description"], ""),
        ("tags", ["tags"], []),
    ],
    "subnet": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("network_id", ["network_id"], None),
        ("cidr", ["cidr"], None),
        ("ip_version", ["ip_version"], 4),
        ("gateway_ip", ["gateway_ip"], None),
        ("is_dhcp_enabled", ["enable_dhcp"], False),
        ("allocation_pools", ["allocation_pools"], []),
        ("project_id", ["project_id", "tenant_id"], None),
    ],
    "port": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("network_id", ["network_id"], None),
        ("fixed_ips", ["fixed_ips"], []),
        ("mac_address", ["mac_address"], None),
        ("device_id", ["device_id"], ""),
        ("device_owner", ["device_owner"], ""),
        ("status", ["status"], None),
        ("security_group_ids", ["security_groups"], []),
        ("project_id", ["project_id", "tenant_id"], None),
        ("description", ["description"], ""),
        ("tags", ["tags"], []),
    ],
    "router": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("status", ["status"], None),
        ("external_gateway_info", ["external_gateway_info"], None),
        ("project_id", ["project_id", "tenant_id"], None),
    ],
    "floating_ip": [
        ("id", ["id"], None),
        ("floating_ip_address", ["floating_ip_address"], None),
        ("fixed_ip_address", ["fixed_ip_address"], None),
        ("port_id", ["port_id"], None),
        ("router_id", ["router_id"], None),
        ("network_id", ["floating_network_id"], None),
        ("status", ["status"], None),
        ("project_id", ["project_id", "tenant_id"], None),
        ("description", ["description"], ""),
        ("tags", ["tags"], []),
    ],
    "security_group": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("description", ["description"], ""),
        ("rules", ["security_group_rules"], []),
        ("project_id", ["project_id", "tenant_id"], None),
    ],
    # cinder's volume, under openstacksdk's names (what openstack.cloud's volume modules return)
    "volume": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("status", ["status"], None),
        ("size", ["size"], None),
        ("description", ["description"], None),
        ("availability_zone", ["availability_zone"], None),
        ("attachments", ["attachments"], []),
        ("is_bootable", ["bootable"], False),
        ("is_encrypted", ["encrypted"], False),
        ("is_multiattach", ["multiattach"], False),
        ("metadata", ["metadata"], {}),
        ("volume_type", ["volume_type"], None),
        ("snapshot_id", ["snapshot_id"], None),
        ("source_volume_id", ["source_volid"], None),
        ("image_id", ["imageRef"], None),
        ("volume_image_metadata", ["volume_image_metadata"], {}),
        ("project_id", ["os-vol-tenant-attr:tenant_id"], None),
        ("user_id", ["user_id"], None),
        ("host", ["os-vol-host-attr:host"], None),
        ("created_at", ["created_at"], None),
        ("updated_at", ["updated_at"], None),
        ("consistency_group_id", ["consistencygroup_id"], None),
        ("group_id", ["group_id"], None),
        ("replication_status", ["replication_status"], None),
        ("extended_replication_status", ["os-volume-replication:extended_status"], None),
        ("replication_driver_data", ["os-volume-replication:driver_data"], None),
        ("migration_status", ["os-vol-mig-status-attr:migstat"], None),
        ("migration_id", ["os-vol-mig-status-attr:name_id"], None),
        ("scheduler_hints", ["OS-SCH-HNT:scheduler_hints"], None),
    ],
    "volume_snapshot": [
        ("id", ["id"], None),
        ("name", ["name"], None),
        ("status", ["status"], None),
        ("size", ["size"], None),
        ("description", ["description"], None),
        ("volume_id", ["volume_id"], None),
        ("metadata", ["metadata"], {}),
        ("project_id", ["os-extended-snapshot-attributes:project_id"], None),
        ("created_at", ["created_at"], None),
        ("updated_at", ["updated_at"], None),
    ],
}


# openstack.cloud 2.6.0 returns openstacksdk resources as resource.to_dict(computed=False): every attribute the
# resource class declares, under openstacksdk's name, None when the API did not send it. These are the ones our
# MODELS do not already carry: kind -> [(result key, [API keys tried in order], type or None)]. They leave
# `properties` as it was (an image's custom properties stay there too), and a value is converted only where
# openstacksdk declares a type (glance keeps properties as strings: hw_cpu_cores "2" is 2 in openstacksdk).
SDK_KEYS = {
    "server": [
        ("admin_password", ["adminPass"], None),
        ("attached_volumes", ["os-extended-volumes:volumes_attached"], list),
        ("block_device_mapping", ["block_device_mapping_v2"], None),
        ("compute_host", ["OS-EXT-SRV-ATTR:host"], None),
        ("disk_config", ["OS-DCF:diskConfig"], None),
        ("flavor_id", ["flavorRef"], None),
        ("has_config_drive", ["config_drive"], None),
        ("host", ["host"], None),
        ("host_status", ["host_status"], None),
        ("hostname", ["OS-EXT-SRV-ATTR:hostname"], None),
        ("hypervisor_hostname", ["OS-EXT-SRV-ATTR:hypervisor_hostname"], None),
        ("image_id", ["imageRef"], None),
        ("instance_name", ["OS-EXT-SRV-ATTR:instance_name"], None),
        ("is_locked", ["locked"], bool),
        ("kernel_id", ["OS-EXT-SRV-ATTR:kernel_id"], None),
        ("launch_index", ["OS-EXT-SRV-ATTR:launch_index"], int),
        ("links", ["links"], None),
        ("locked_reason", ["locked_reason"], None),
        ("max_count", ["max_count"], None),
        ("min_count", ["min_count"], None),
        ("networks", ["networks"], None),
        ("personality", ["personality"], list),
        ("pinned_availability_zone", ["pinned_availability_zone"], None),
        ("progress", ["progress"], int),
        ("ramdisk_id", ["OS-EXT-SRV-ATTR:ramdisk_id"], None),
        ("reservation_id", ["OS-EXT-SRV-ATTR:reservation_id"], None),
        ("root_device_name", ["OS-EXT-SRV-ATTR:root_device_name"], None),
        ("scheduler_hints", ["OS-SCH-HNT:scheduler_hints"], dict),
        ("server_groups", ["server_groups"], list),
        ("terminated_at", ["OS-SRV-USG:terminated_at"], None),
        ("trusted_image_certificates", ["trusted_image_certificates"], list),
        ("user_data", ["OS-EXT-SRV-ATTR:user_data"], None),
    ],
    "image": [
        ("architecture", ["architecture"], None),
        ("direct_url", ["direct_url"], None),
        ("file", ["file"], None),
        ("has_auto_disk_config", ["auto_disk_config"], bool),
        ("hw_cpu_cores", ["hw_cpu_cores"], int),
        ("hw_cpu_policy", ["hw_cpu_policy"], None),
        ("hw_cpu_sockets", ["hw_cpu_sockets"], int),
        ("hw_cpu_thread_policy", ["hw_cpu_thread_policy"], None),
        ("hw_cpu_threads", ["hw_cpu_threads"], int),
        ("hw_disk_bus", ["hw_disk_bus"], None),
        ("hw_machine_type", ["hw_machine_type"], None),
        ("hw_qemu_guest_agent", ["hw_qemu_guest_agent"], str),
        ("hw_rng_model", ["hw_rng_model"], None),
        ("hw_scsi_model", ["hw_scsi_model"], None),
        ("hw_serial_port_count", ["hw_serial_port_count"], int),
        ("hw_video_model", ["hw_video_model"], None),
        ("hw_video_ram", ["hw_video_ram"], int),
        ("hw_vif_model", ["hw_vif_model"], None),
        ("hw_watchdog_action", ["hw_watchdog_action"], None),
        ("hypervisor_type", ["hypervisor_type"], None),
        ("instance_type_rxtx_factor", ["instance_type_rxtx_factor"], float),
        ("instance_uuid", ["instance_uuid"], None),
        ("is_hw_boot_menu_enabled", ["hw_boot_menu"], bool),
        ("is_hw_vif_multiqueue_enabled", ["hw_vif_multiqueue_enabled"], bool),
        ("kernel_id", ["kernel_id"], None),
        ("locations", ["locations"], None),
        ("metadata", ["metadata"], dict),
        ("needs_config_drive", ["img_config_drive"], None),
        ("needs_secure_boot", ["os_secure_boot"], None),
        ("os_admin_user", ["os_admin_user"], None),
        ("os_command_line", ["os_command_line"], None),
        ("os_distro", ["os_distro"], None),
        ("os_require_quiesce", ["os_require_quiesce"], bool),
        ("os_shutdown_timeout", ["os_shutdown_timeout"], int),
        ("os_type", ["os_type"], None),
        ("os_version", ["os_version"], None),
        ("owner", ["owner"], None),
        ("ramdisk_id", ["ramdisk_id"], None),
        ("schema", ["schema"], None),
        ("store", ["store"], None),
        ("url", ["url"], None),
        ("vm_mode", ["vm_mode"], None),
        ("vmware_adaptertype", ["vmware_adaptertype"], None),
        ("vmware_ostype", ["vmware_ostype"], None),
    ],
    "volume": [
        ("backup_id", ["backup_id"], None),
        ("cluster_name", ["cluster_name"], None),
        ("consumes_quota", ["consumes_quota"], bool),
        ("encryption_key_id", ["encryption_key_id"], None),
        ("provider_id", ["provider_id"], None),
        ("service_uuid", ["service_uuid"], None),
        ("shared_targets", ["shared_targets"], bool),
        ("volume_type_id", ["volume_type_id"], None),
    ],
    "keypair": [
        ("is_deleted", ["deleted"], bool),
        ("private_key", ["private_key"], None),
    ],
    "floating_ip": [
        ("created_at", ["created_at"], None),
        ("dns_domain", ["dns_domain"], None),
        ("dns_name", ["dns_name"], None),
        ("floating_network_id", ["floating_network_id"], None),
        ("name", ["name"], None),
        ("port_details", ["port_details"], dict),
        ("qos_policy_id", ["qos_policy_id"], None),
        ("revision_number", ["revision_number"], int),
        ("subnet_id", ["subnet_id"], None),
        ("updated_at", ["updated_at"], None),
    ],
}

# the image and flavor nova embeds in a server, with the keys openstacksdk's compute Image and Flavor have
SERVER_IMAGE_KEYS = ("id", "name", "links", "created_at", "updated_at", "min_disk", "min_ram", "progress", "size")
SERVER_IMAGE_KEYS += ("status", "metadata")
SERVER_FLAVOR_KEYS = ("id", "name", "original_name", "description", "disk", "ephemeral", "extra_specs")
SERVER_FLAVOR_KEYS += ("is_disabled", "is_public", "links", "ram", "rxtx_factor", "swap", "vcpus")
TRUE_WORDS = ("true", "1", "yes", "on")


def typed(value, kind):
    """value as openstacksdk types it (glance's properties are strings); what does not convert is kept as the
    cloud sent it, rather than made up (openstacksdk would say 0 or True)."""
    if value is None or kind is None or isinstance(value, kind):
        return value
    if kind is bool:
        return value.strip().lower() in TRUE_WORDS if isinstance(value, str) else bool(value)
    if kind in (int, float):
        try:
            return kind(value)
        except (TypeError, ValueError):
            return value
    if kind is str:
        return str(value)
    return value


def _lookup(raw, api_keys):
    for api_key in api_keys:
        if api_key in raw:
            return raw[api_key]
    return None


def add_sdk_keys(kind, out, raw):
    """openstacksdk's keys of that kind, from the raw answer (None when the API did not send one)."""
    for key, api_keys, kind_of in SDK_KEYS.get(kind, ()):
        if key not in out:
            out[key] = typed(_lookup(raw, api_keys), kind_of)
    if kind == "server":
        out["image"] = server_image(out.get("image"))
        out["flavor"] = server_flavor(out.get("flavor"))
    return out


def server_image(image):
    """A server's image as a dict with openstacksdk's keys: nova embeds {id, links}; "" (booted from a volume)
    has no image: every key None. The name is not in nova's answer (Cloud.server_image_names adds it)."""
    out = dict(image) if isinstance(image, dict) else {}
    for key in SERVER_IMAGE_KEYS:
        out.setdefault(key, None)
    return out


def server_flavor(flavor):
    """A server's flavor with openstacksdk's keys: compute 2.47+ embeds it with original_name (openstacksdk's
    name too) and no id; earlier versions give {id, links} only."""
    out = dict(flavor) if isinstance(flavor, dict) else {}
    if out.get("name") is None and out.get("original_name") is not None:
        out["name"] = out["original_name"]
    for key in SERVER_FLAVOR_KEYS:
        out.setdefault(key, None)
    return out


# swift's object headers (lower case) -> openstacksdk's Object attributes; request-only headers (if-match,
# range, signature ...) are never in an answer: None, as in openstacksdk
OBJECT_HEADERS = [
    ("accept_ranges", "accept-ranges", None),
    ("access_control_allow_origin", "access-control-allow-origin", None),
    ("content_disposition", "content-disposition", None),
    ("content_encoding", "content-encoding", None),
    ("content_length", "content-length", int),
    ("content_type", "content-type", None),
    ("copy_from", "x-copy-from", None),
    ("delete_after", "x-delete-after", int),
    ("delete_at", "x-delete-at", None),
    ("expires_at", "expires", None),
    ("if_match", "if-match", list),
    ("if_modified_since", "if-modified-since", None),
    ("if_none_match", "if-none-match", list),
    ("if_unmodified_since", "if-unmodified-since", None),
    ("is_content_type_detected", "x-detect-content-type", bool),
    ("is_newest", "x-newest", bool),
    ("is_static_large_object", "x-static-large-object", bool),
    ("last_modified_at", "last-modified", None),
    ("manifest", "x-object-manifest", None),
    ("multipart_manifest", "multipart-manifest", None),
    ("object_manifest", "x-object-manifest", None),
    ("range", "range", dict),
    ("signature", "signature", None),
    ("symlink_target", "x-symlink-target", None),
    ("symlink_target_account", "x-symlink-target-account", None),
    ("timestamp", "x-timestamp", None),
    ("transfer_encoding", "transfer-encoding", None),
]


def swift_object(view, headers):
    """An object result: our view (container, name, etag, size, is_slo, segments, content_type, metadata) and
    openstacksdk's Object keys from swift's HEAD answer (headers: lower-cased; None in check mode, where nothing
    was asked: the keys are then None, as for a header swift did not send). Our etag stays unquoted."""
    out = dict(view)
    headers = headers or {}
    for key, header, kind_of in OBJECT_HEADERS:
        if key not in out:
            out[key] = typed(headers.get(header), kind_of)
    out["id"] = out.get("name")
    return out


def normalize(kind, raw, location, strict=False):
    """A plain dict for one resource: the declared model, location, and the API's other keys."""
    model = MODELS.get(kind)
    if model is None or not isinstance(raw, dict):
        return raw
    out = {}
    used = set()
    for key, api_keys, default in model:
        value = None
        for api_key in api_keys:
            if api_key in raw:
                value = raw[api_key]
                used.add(api_key)
                break
        out[key] = copy.deepcopy(default) if value is None or (value == "" and default == 0) else value
    extra = dict((k, v) for k, v in raw.items() if k not in used and k not in out)
    # (for images these are glance v2's custom properties, which it puts at the top level)
    out["properties"] = extra
    if kind == "volume":
        # cinder says "true"/"false"; the image a volume was made from is in its image metadata
        out["is_bootable"] = typed(out["is_bootable"], bool)
        out["image_id"] = out["image_id"] or (out["volume_image_metadata"] or {}).get("image_id")
    if not strict:
        add_sdk_keys(kind, out, raw)
        for k, v in raw.items():
            out.setdefault(k, v)
    out["location"] = location
    return out
