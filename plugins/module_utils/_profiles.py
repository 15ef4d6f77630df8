# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Vendor profiles: facts about public OpenStack clouds that are true for every user of them.

A clouds.yaml cloud entry may say ``profile: <name>``; the config loader (``_config.py``) starts from
``get(name)`` and lays the user's own entry over it, so every value here is a default that a cloud entry
in clouds.yaml (or secure.yaml / OS_* / module arguments) overrides. Profiles can be added or replaced
without a release with a ``clouds-public.yaml`` file next to clouds.yaml::

    public-clouds:
      mycloud:
        auth: {auth_url: https://keystone.example.com/v3}
        regions: [r1, r2]

This module is data only: it never reads files, talks to the network or raises for an unknown name
(``get()`` returns None; the message is the loader's job). Deprecated and defunct clouds are kept so the
loader can say what happened instead of "unknown profile".

Keys (the same keys a clouds.yaml cloud entry uses; ``KNOWN_KEYS`` is the allow-list):

``auth``
    Only facts about the cloud, never credentials: ``auth_url`` and, where the cloud dictates them,
    ``user_domain_name`` / ``project_domain_name``.
``auth_type``
    keystoneauth1 plugin name, when the cloud needs a specific one.
``regions`` / ``region_name``
    ``regions`` is a list of region names, or of ``{"name": ..., "values": {...}}`` dicts whose values
    override the profile for that region (e.g. ``networks``). ``region_name`` names a single region.
``<service>_api_version``
    API versions are strings, as clouds.yaml writes them ("3", "2.0"), never numbers.
    ``block_storage_api_version`` is used throughout (``volume_api_version`` is its older alias, still
    accepted from clouds.yaml but not used in this data).
``<service>_endpoint_override``, ``<service>_service_type``, ``<service>_service_name``
    Where the catalog is wrong or uses vendor names (Rackspace).
``image_format``
    Disk format the cloud wants for uploads: "qcow2" (the default when absent), "raw", "vhd".
``image_api_use_tasks``
    True when images must be uploaded through the Glance v2 task API instead of PUT.
``floating_ip_source`` / ``secgroup_source``
    "neutron" (default when absent), "nova", or the *string* "None" meaning the cloud has none. The
    string, not Python None, because that is what clouds.yaml (YAML ``None`` is a string) carries and
    what the loader must accept from users anyway; compare case-insensitively with "none".
``requires_floating_ip``
    True when servers are only reachable through a floating IP (private tenant network + NAT).
``has_network``
    False when the cloud has no Neutron API at all.
``interface``
    Catalog interface to use ("public").
``disable_vendor_agent``
    Image properties to set on uploaded images so the vendor's guest agent is not expected.
``networks``
    Per-network hints (routes_externally, nat_source, ...), as in clouds.yaml.
``status`` / ``message``
    "deprecated" (still works) or "shutdown" (the cloud no longer exists). The loader warns with
    ``message`` in both cases and goes on (a user may point auth_url at a successor). Absent means active.

String values may contain ``{region_name}``; the loader replaces it with the region's name (plain text
replacement, secrets excepted), as clouds.yaml does. ``SOURCES`` says where each profile's facts come
from; ``NOTES`` records caveats.
"""

from __future__ import absolute_import, division, print_function  # noqa: UP010 (ansible-test sanity convention)

__metaclass__ = type  # noqa: UP001 (ansible-test sanity convention)

import copy

# Services whose <service>_api_version / _endpoint_override / _service_type / _service_name are known keys.
_SERVICES = (
    "baremetal",
    "block_storage",
    "compute",
    "container_infra",
    "database",
    "dns",
    "identity",
    "image",
    "key_manager",
    "load_balancer",
    "network",
    "object_store",
    "orchestration",
    "placement",
    "shared_file_system",
    "volume",
)

KNOWN_KEYS = frozenset(
    [
        "auth",
        "auth_type",
        "block_storage_endpoint_override",
        "disable_vendor_agent",
        "floating_ip_source",
        "has_network",
        "image_api_use_tasks",
        "image_format",
        "interface",
        "message",
        "networks",
        "region_name",
        "regions",
        "requires_floating_ip",
        "secgroup_source",
        "status",
    ]
    + [
        s + suffix
        for s in _SERVICES
        for suffix in ("_api_version", "_endpoint_override", "_service_type", "_service_name")
    ]
)

# Keys allowed inside ``auth`` of a profile: facts about the cloud only, never credentials.
KNOWN_AUTH_KEYS = frozenset(
    ["auth_url", "user_domain_name", "project_domain_name", "user_domain_id", "project_domain_id"]
)

# Keys allowed in one entry of ``networks``.
KNOWN_NETWORK_KEYS = frozenset(
    [
        "name",
        "default_interface",
        "nat_destination",
        "nat_source",
        "routes_externally",
        "routes_ipv4_externally",
        "routes_ipv6_externally",
    ]
)

STATUSES = frozenset(["active", "deprecated", "shutdown"])

_SDK = "openstacksdk openstack/config/vendors/"
_SDK_HEAD = " @ 94758e92b6e754c44c32a0ae28627b78432b252b (2026-08-21)"
_SDK_DOC = (
    "openstacksdk doc/source/user/config/vendor-support.rst @ 94758e92b6e754c44c32a0ae28627b78432b252b (region "
    "locations, prose facts)"
)
_OCC = "os-client-config os_client_config/vendors/"

_DEFUNCT_ENDPOINT = "the API endpoint is no longer responsive"

PROFILES = {
    "auro": {
        "auth": {
            "auth_url": "https://api.van2.auro.io:5000/v3",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "identity_api_version": "3",
        "region_name": "RegionOne",
        "requires_floating_ip": True,
    },
    "betacloud": {
        "auth": {"auth_url": "https://api-1.betacloud.de:5000"},
        "regions": ["betacloud-1"],
        "identity_api_version": "3",
        "block_storage_api_version": "3",
        "image_format": "raw",
        "status": "shutdown",
        "message": "betacloud.de has ceased business",
    },
    "binero": {
        "auth": {"auth_url": "https://auth.binero.cloud:5000/v3"},
        "regions": ["europe-se-1"],
        "identity_api_version": "3",
        "block_storage_api_version": "3",
    },
    "bluebox": {
        "region_name": "RegionOne",
        "block_storage_api_version": "1",
    },
    "catalyst": {
        "auth": {"auth_url": "https://api.cloud.catalyst.net.nz:5000/v2.0"},
        "regions": ["nz-por-1", "nz_wlg_2"],
        "image_api_version": "1",
        "block_storage_api_version": "1",
        "image_format": "raw",
    },
    "citycloud": {
        "auth": {"auth_url": "https://{region_name}.citycloud.com:5000/v3/"},
        "regions": ["Buf1", "Fra1", "Sto2", "Kna1", "dx1", "tky1"],
        "identity_api_version": "3",
        "block_storage_api_version": "3",
        "image_format": "raw",
        "requires_floating_ip": True,
    },
    "conoha": {
        "auth": {"auth_url": "https://identity.{region_name}.conoha.io"},
        "regions": ["sin1", "sjc1", "tyo1"],
        "identity_api_version": "2",
    },
    "datacentred": {
        "auth": {"auth_url": "https://compute.datacentred.io:5000"},
        "region_name": "sal01",
        "identity_api_version": "3",
        "image_api_version": "2",
        "status": "shutdown",
        "message": "DataCentred has closed; its profile was removed from openstacksdk in 2018",
    },
    "dreamcompute": {
        "auth": {"auth_url": "https://iad2.dream.io:5000"},
        "region_name": "RegionOne",
        "identity_api_version": "3",
        "image_format": "raw",
    },
    "dreamhost": {
        "auth": {"auth_url": "https://iad2.dream.io:5000"},
        "region_name": "RegionOne",
        "identity_api_version": "3",
        "image_format": "raw",
        "status": "deprecated",
        "message": "the dreamhost profile is deprecated, use the dreamcompute profile instead",
    },
    "elastx": {
        "auth": {"auth_url": "https://ops.elastx.cloud:5000/v3"},
        "region_name": "se-sto",
        "identity_api_version": "3",
    },
    "entercloudsuite": {
        "auth": {"auth_url": "https://api.entercloudsuite.com/"},
        "regions": ["it-mil1", "nl-ams1", "de-fra1"],
        "identity_api_version": "3",
        "image_api_version": "1",
        "block_storage_api_version": "1",
    },
    "fuga": {
        "auth": {
            "auth_url": "https://identity.api.fuga.io:5000",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "regions": ["cystack"],
        "identity_api_version": "3",
        "block_storage_api_version": "3",
        "status": "deprecated",
        "message": _DEFUNCT_ENDPOINT,
    },
    "hp": {
        "auth": {"auth_url": "https://region-b.geo-1.identity.hpcloudsvc.com:35357"},
        "regions": ["region-a.geo-1", "region-b.geo-1"],
        "identity_api_version": "3",
        "image_api_version": "1",
        "block_storage_api_version": "1",
        "dns_service_type": "hpext:dns",
        "image_format": "qcow2",
        "status": "shutdown",
        "message": "HP Helion Public Cloud has closed; its profile was removed from os-client-config in 2016",
    },
    "ibmcloud": {
        "auth": {"auth_url": "https://identity.open.softlayer.com"},
        "regions": ["london"],
        "identity_api_version": "3",
        "block_storage_api_version": "2",
        "status": "shutdown",
        "message": _DEFUNCT_ENDPOINT,
    },
    "internap": {
        "auth": {"auth_url": "https://identity.api.cloud.inap.com"},
        "regions": ["ams01", "da01", "nyj01", "sin01", "sjc01"],
        "identity_api_version": "3",
        "floating_ip_source": "None",
        "status": "shutdown",
        "message": "Internap has been rebranded as HorizonIQ",
    },
    "limestonenetworks": {
        "auth": {"auth_url": "https://auth.cloud.lstn.net:5000/v3"},
        "regions": [
            {
                "name": "us-dfw-1",
                "values": {
                    "networks": [
                        {
                            "name": "Public Internet",
                            "routes_externally": True,
                            "default_interface": True,
                            "nat_source": True,
                        },
                        {"name": "DDoS Protected", "routes_externally": True},
                        {"name": "Private Network (10.0.0.0/8 only)", "routes_externally": False},
                        {
                            "name": "Private Network (Floating Public)",
                            "routes_externally": False,
                            "nat_destination": True,
                        },
                    ]
                },
            },
            {
                "name": "us-slc",
                "values": {
                    "networks": [
                        {
                            "name": "Public Internet",
                            "routes_externally": True,
                            "default_interface": True,
                            "nat_source": True,
                        },
                        {"name": "Private Network (10.0.0.0/8 only)", "routes_externally": False},
                        {
                            "name": "Private Network (Floating Public)",
                            "routes_externally": False,
                            "nat_destination": True,
                        },
                    ]
                },
            },
        ],
        "identity_api_version": "3",
        "block_storage_api_version": "3",
        "image_format": "raw",
    },
    "otc": {
        "auth": {"auth_url": "https://iam.{region_name}.otc.t-systems.com/v3"},
        "regions": ["eu-de", "eu-nl"],
        "identity_api_version": "3",
        "interface": "public",
        "image_format": "qcow2",
    },
    "otc-swiss": {
        "auth": {"auth_url": "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"},
        "regions": ["eu-ch2"],
        "identity_api_version": "3",
        "interface": "public",
        "image_format": "qcow2",
    },
    "ovh": {
        "auth": {
            "auth_url": "https://auth.cloud.ovh.net/",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "regions": [
            "BHS",
            "BHS1",
            "BHS3",
            "BHS5",
            "DE",
            "DE1",
            "GRA",
            "GRA1",
            "GRA5",
            "GRA7",
            "SBG",
            "SBG1",
            "SBG5",
            "UK",
            "UK1",
            "WAW",
            "WAW1",
            "SYD1",
            "SGP1",
        ],
        "identity_api_version": "3",
        "floating_ip_source": "None",
    },
    "ovh-us": {
        "auth": {
            "auth_url": "https://auth.cloud.ovh.us/",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "regions": ["US-EAST-VA-1", "US-WEST-OR-1", "US-EAST-VA", "US-WEST-OR"],
        "identity_api_version": "3",
        "floating_ip_source": "None",
    },
    "rackspace": {
        "auth": {"auth_url": "https://identity.api.rackspacecloud.com/v2.0/"},
        "regions": ["DFW", "HKG", "IAD", "ORD", "SYD", "LON"],
        "identity_api_version": "2.0",
        "compute_service_name": "cloudServersOpenStack",
        "database_service_type": "rax:database",
        "block_storage_api_version": "2",
        "block_storage_endpoint_override": "https://{region_name}.blockstorage.api.rackspacecloud.com/v2/",
        "image_format": "vhd",
        "image_api_use_tasks": True,
        "floating_ip_source": "None",
        "secgroup_source": "None",
        "requires_floating_ip": False,
        "has_network": False,
        "disable_vendor_agent": {"vm_mode": "hvm", "xenapi_use_agent": "False"},
    },
    "runabove": {
        "auth": {"auth_url": "https://auth.runabove.io/"},
        "regions": ["BHS-1", "SBG-1"],
        "identity_api_version": "3",
        "image_format": "qcow2",
        "floating_ip_source": "None",
        "status": "shutdown",
        "message": "RunAbove was folded into OVH; its profile was removed from os-client-config in 2016",
    },
    "switchcloud": {
        "auth": {"auth_url": "https://identity.compute.cloud.switch.ch/v3"},
        "regions": ["zhw", "zhc"],
        "identity_api_version": "3",
        "image_format": "raw",
    },
    "switchengines": {
        "auth": {"auth_url": "https://keystone.cloud.switch.ch:5000/v3"},
        "regions": ["LS", "ZH"],
        "identity_api_version": "3",
        "image_format": "raw",
    },
    "ultimum": {
        "auth": {"auth_url": "https://console.ultimum-cloud.com:5000/"},
        "region_name": "RegionOne",
        "identity_api_version": "3",
        "block_storage_api_version": "1",
        "status": "shutdown",
        "message": "ultimum-cloud.com has ceased business",
    },
    "unitedstack": {
        "auth": {"auth_url": "https://identity.api.ustack.com/v3"},
        "regions": ["bj1", "gd1"],
        "identity_api_version": "3",
        "block_storage_api_version": "1",
        "image_format": "raw",
        "floating_ip_source": "None",
        "status": "shutdown",
        "message": _DEFUNCT_ENDPOINT,
    },
    "vexxhost": {
        "auth_type": "v3password",
        "auth": {"auth_url": "https://auth.vexxhost.net/v3"},
        "regions": ["ca-ymq-1", "sjc1"],
        "identity_api_version": "3",
        "dns_api_version": "1",
        "image_format": "raw",
        "floating_ip_source": "None",
        "requires_floating_ip": False,
    },
    "zetta": {
        "auth": {"auth_url": "https://identity.api.zetta.io/v3"},
        "regions": ["no-osl1"],
        "identity_api_version": "3",
        "dns_api_version": "2",
    },
}

SOURCES = {
    "auro": [_SDK + "auro.json" + _SDK_HEAD],
    "betacloud": [_SDK + "betacloud.json" + _SDK_HEAD, _SDK_DOC],
    "binero": [_SDK + "binero.json" + _SDK_HEAD, _SDK_DOC],
    "bluebox": [_SDK + "bluebox.json" + _SDK_HEAD],
    "catalyst": [_SDK + "catalyst.json" + _SDK_HEAD, _SDK_DOC],
    "citycloud": [_SDK + "citycloud.json" + _SDK_HEAD, _SDK_DOC],
    "conoha": [_SDK + "conoha.json" + _SDK_HEAD, _SDK_DOC],
    "datacentred": [
        _SDK + "datacentred.json @ 7c723f6a1eefc3180f2af75d2faac3aab5371aab (last version before removal by "
        "5c5cadfb3, 2018-04-12 'Remove DataCentred from list of vendors')"
    ],
    "dreamcompute": [_SDK + "dreamcompute.json" + _SDK_HEAD, _SDK_DOC],
    "dreamhost": [
        _SDK + "dreamhost.json @ d75056a8be8cbf5a51b4a2e59704ace93e7e2d1e (deprecation message; removed by "
        "603ba0d7d, 2018-09-26)",
        _SDK + "dreamcompute.json" + _SDK_HEAD + " (current facts for the same cloud)",
    ],
    "elastx": [_SDK + "elastx.json" + _SDK_HEAD, _SDK_DOC],
    "entercloudsuite": [_SDK + "entercloudsuite.json" + _SDK_HEAD, _SDK_DOC],
    "fuga": [_SDK + "fuga.json" + _SDK_HEAD, _SDK_DOC],
    "hp": [
        _OCC + "hp.json @ fe2558a2d5b6a2fa8c2f3f3c5472b79a7e01ba4a (last version before removal by 10a9369, "
        "2016-02-10 'Remove HP and RunAbove from vendor profiles')",
        "os-client-config os_client_config/vendors.py @ 9f7a50619a170ec9c9d702862ea617cc1b17e765 (2015: "
        "image_format qcow2)",
    ],
    "ibmcloud": [_SDK + "ibmcloud.json" + _SDK_HEAD],
    "internap": [_SDK + "internap.json" + _SDK_HEAD, _SDK_DOC],
    "limestonenetworks": [_SDK + "limestonenetworks.yaml" + _SDK_HEAD, _SDK_DOC],
    "otc": [_SDK + "otc.json" + _SDK_HEAD, _SDK_DOC],
    "otc-swiss": [
        _SDK + "otc-swiss.json" + _SDK_HEAD,
        "https:// scheme: IAM endpoint as used by public eu-ch2 configurations (terraform/cloud.conf examples)",
    ],
    "ovh": [
        _SDK + "ovh.json @ 4ae03c0ab44e352167aea17f358399a551049a41 (last in-tree data; since 4e3f50c16, "
        "2023-03-28, upstream delegates to the remote profile https://ovhcloud.com)",
        _SDK_DOC,
    ],
    "ovh-us": [_SDK + "ovh-us.json" + _SDK_HEAD],
    "rackspace": [_SDK + "rackspace.json" + _SDK_HEAD, _SDK_DOC],
    "runabove": [
        _OCC + "runabove.json @ fe2558a2d5b6a2fa8c2f3f3c5472b79a7e01ba4a (last version before removal by 10a9369, "
        "2016-02-10)"
    ],
    "switchcloud": [_SDK + "switchcloud.json" + _SDK_HEAD, _SDK_DOC],
    "switchengines": [_SDK + "switchengines.json" + _SDK_HEAD, _SDK_DOC],
    "ultimum": [_SDK + "ultimum.json" + _SDK_HEAD, _SDK_DOC],
    "unitedstack": [_SDK + "unitedstack.json" + _SDK_HEAD, _SDK_DOC],
    "vexxhost": [
        _SDK + "vexxhost.json @ 1da367b53746ace13d90cf491ea25827b8369a3e (last in-tree data, 2018; since "
        "3d08643c4, 2018-11-07, upstream delegates to the remote profile https://vexxhost.com)",
        _SDK_DOC,
    ],
    "zetta": [_SDK + "zetta.json" + _SDK_HEAD, _SDK_DOC],
}

# Caveats a maintainer (or the loader's debug output) should know; not every profile has one.
NOTES = {
    "bluebox": ["no auth_url: Blue Box clouds were dedicated per customer; the user's clouds.yaml gives it"],
    "catalyst": ["vendor-support.rst says identity v3 and volume v3, the data says v2.0 auth_url and v1 APIs"],
    "citycloud": ["City Cloud is now branded Cleura; region Lon1 was dropped upstream in 2023"],
    "conoha": ["vendor-support.rst: image upload is not supported"],
    "dreamhost": ["alias kept for old clouds.yaml files; upstream's old auth_url was https://keystone.dream.io"],
    "ovh": [
        "region list and floating_ip_source are from 2023 in-tree data; upstream now fetches the profile from "
        "https://ovhcloud.com/.well-known/openstack/api at run time, override regions in clouds.yaml if stale",
    ],
    "otc": ["openstacksdk also sets vendor_hook otcextensions.sdk:load; not applicable without openstacksdk"],
    "otc-swiss": [
        "upstream auth_url lacks the https:// scheme (iam-pub.eu-ch2.sc.otc.t-systems.com/v3); added here",
        "openstacksdk also sets vendor_hook otcextensions.sdk:load; not applicable without openstacksdk",
    ],
    "rackspace": [
        "identity v2.0 only; API-key auth needs the rackspaceauth keystoneauth plugin (auth_type rackspace_apikey)",
        "the catalog lists block storage v1 only, hence the v2 endpoint override; vendor-support.rst gives the full "
        "endpoint as .../v2/{project_id}",
        "xenapi_use_agent is the string 'False' on purpose: image properties are strings",
    ],
    "ultimum": ["upstream spells the key region-name; normalized to region_name"],
    "datacentred": ["upstream spells the key region-name; normalized to region_name"],
    "vexxhost": [
        "data is from 2018; upstream now fetches the profile from https://vexxhost.com/.well-known/openstack/api "
        "at run time, override regions in clouds.yaml if stale",
        "auth_type v3password skips auth discovery, so auth_url must stay versioned (/v3)",
    ],
}


def names():
    """Sorted list of the known profile names."""
    return sorted(PROFILES)


def get(name):
    """A deep copy of the profile ``name`` (safe to modify), or None if there is no such profile."""
    try:
        profile = PROFILES[name]
    except (KeyError, TypeError):
        return None
    return copy.deepcopy(profile)
