# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw API dicts -> stable results, the same on every cloud.

Each kind has a declared model: the keys every result has (missing ones as None or empty), named the
same whatever service version answered (``is_public`` rather than ``os-flavor-access:is_public``).
Every result also has ``location`` (cloud, region_name, project id).  The API's other keys:
  * strict=False (default): every key the API sent is also at the top level as the API named it
    (``os-flavor-access:is_public`` beside ``is_public``), and the undeclared ones are in ``properties``;
  * strict=True: only in ``properties``, so that only the declared model is at the top level.
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
}


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
    if not strict:
        for k, v in raw.items():
            out.setdefault(k, v)
    out["location"] = location
    return out
