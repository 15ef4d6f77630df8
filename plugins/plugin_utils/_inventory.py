# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory's work, without Ansible: which sources (cloud x region), what each holds, host names, groups.

A *source* is one region of one cloud of clouds.yaml.  ``fetch()`` reads one source with a bounded number
of requests whatever its size: one paginated ``servers/detail`` call, then bulk lookups only as needed
(the networks the servers are on, by name; floating IPs and their ports when nova does not show one yet;
flavors on clouds older than compute 2.47; the images the servers were booted from, by id; with
``expand``: the servers' ports and block-storage volumes).  The address rules are the collection's own
(``module_utils._network``), so a host's ``public_v4`` is what ``os_server`` says it is.

Everything a source gives is plain JSON (lists, dicts, strings, numbers), so that it can be cached as is.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _compute, _network
from ansible_collections.polystack.cloud.plugins.module_utils._errors import CloudError, ConfigError
from ansible_collections.polystack.cloud.plugins.module_utils._secrets import mask

BATCH = 40  # ids or names per filtered list request (URLs stay well under 4 KiB)
DATA_VERSION = 1  # of what fetch() returns (and the cache holds)


class Source:
    """One region of one cloud; ``error`` when its configuration already failed."""

    def __init__(self, cloud, region=None, error=None, api_timeout=None):
        self.cloud = cloud
        self.region = region
        self.error = error
        self.api_timeout = api_timeout

    @property
    def name(self):
        return "%s/%s" % (self.cloud, self.region) if self.region else self.cloud

    def __repr__(self):
        return "Source(%s)" % self.name


def select_clouds(config, only_clouds=None, env=None):
    """The clouds to read: only_clouds, else OS_CLOUD, else every configured cloud (sorted)."""
    known = config.names()
    if only_clouds:
        unknown = [c for c in only_clouds if c not in known]
        if unknown:
            raise ConfigError(
                "only_clouds: unknown cloud%s %s; known clouds: %s (%s)"
                % (
                    "s" if len(unknown) > 1 else "",
                    ", ".join(unknown),
                    ", ".join(known) or "none",
                    config.describe_search(),
                )
            )
        return list(dict.fromkeys(only_clouds))
    os_cloud = (env if env is not None else config.env).get("OS_CLOUD")
    if os_cloud:
        if os_cloud not in known:
            raise ConfigError(
                "OS_CLOUD=%s is not a configured cloud; known clouds: %s (%s)"
                % (os_cloud, ", ".join(known) or "none", config.describe_search())
            )
        return [os_cloud]
    if not known:
        raise ConfigError("no cloud configured (%s)" % config.describe_search())
    return known


def select_sources(config, clouds, regions=None, timeout=None):
    """[Source] for every region of every cloud (a cloud lists its regions in clouds.yaml; without a list,
    its one region), kept when in ``regions`` (if given).  A cloud whose configuration is broken is one
    failed source; the others are not affected."""
    wanted = set(regions or [])
    out = []
    for name in clouds:
        try:
            first = config.get_one(cloud=name)
        except CloudError as e:
            out.append(Source(name, error=e))
            continue
        names = list(first.config.get("regions") or []) or [first.region_name]
        own_timeout = first.config.get("api_timeout")
        for region in names:
            if wanted and region not in wanted:
                continue
            # a socket that hangs ends with the source's time limit, unless the cloud sets its own
            out.append(Source(name, region, api_timeout=None if own_timeout else timeout))
    return out


def connect(config, source, app_name=None):
    options = {"api_timeout": source.api_timeout} if source.api_timeout else {}
    return _cloud.connect(
        cloud=source.cloud, region_name=source.region, config=config, app_name=app_name, strict=True, **options
    )


def reason(error):
    """One line saying why a source failed, never with a secret."""
    if isinstance(error, CloudError):
        text = str(error)
    else:
        text = "%s: %s" % (type(error).__name__, error)
    return mask(" ".join(text.split()))


def cache_key(prefix, source, clouds_yaml, fetch_options):
    """A per-source key: the source, the clouds.yaml it comes from and what changes what is fetched."""
    material = json.dumps(
        [DATA_VERSION, source.cloud, source.region, clouds_yaml, fetch_options], sort_keys=True, default=str
    )
    return "%s_%s" % (prefix, hashlib.sha256(material.encode("utf-8")).hexdigest()[:20])


# -- one source ----------------------------------------------------------------------------------------------


def plain(value):
    """munch and friends -> plain JSON types (what the cache and Ansible's templating want)."""
    if isinstance(value, dict):
        return dict((str(k), plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _batches(values, size=BATCH):
    values = sorted(set(v for v in values if v))
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _project(cloud):
    """{id, name} of the project the source's token is scoped to (from the token: no extra request)."""
    session = cloud.session
    access = session.plugin.get_access(session.session)
    return {"id": access.project_id, "name": getattr(access, "project_name", None)}


def fetch(cloud, all_projects=False, server_filters=None, expand=False):
    """{"servers": [host record], "project": {...}, "requests": n} for one Cloud (one source)."""
    filters = dict(server_filters or {})
    if all_projects:
        filters["all_tenants"] = 1
    version = _compute.server_microversion(cloud)
    raws = list(cloud._paged("server", filters, microversion=version))
    if not _compute.asks_for_deleted(filters):  # a server being deleted is no host (nova shows it for a moment)
        raws = [raw for raw in raws if raw.get("status") != "DELETED"]
    project = _project(cloud)
    servers = []
    if raws:
        # the images' lookup (glance) needs only the servers, like the addresses' (neutron): both at once, so that
        # the source waits for the slower of the two instead of their sum (the session is shared by threads already
        # for object segments)
        with ThreadPoolExecutor(max_workers=1) as pool:
            found_images = pool.submit(_images, cloud, raws)
            addresses = _addresses(cloud, raws)
            flavors = _flavors(cloud, raws)
            images = found_images.result()
        ports, volumes = (_ports(cloud, raws), _volumes(cloud, all_projects)) if expand else ({}, {})
        for raw in raws:
            servers.append(_record(cloud, raw, project, addresses, flavors, images, ports, volumes, expand))
    return {"servers": servers, "project": project, "fetched_at": time.time()}


def _addresses(cloud, raws):
    """{server id: {public_v4, public_v6, private_v4, floating, fixed_public}} with bulk lookups only."""
    has_network = cloud.config.get("has_network", True) is not False
    hints = _network.network_hints(cloud.config.config)
    fip_source = cloud.config.get("floating_ip_source", "neutron")
    nets = {}
    if has_network:
        names = set(n for raw in raws for n in (raw.get("addresses") or {}))
        found = {}
        for batch in _batches(names):
            for net in cloud._paged("network", {"name": batch}):
                found.setdefault(net.get("name"), []).append(net)
        nets = dict((name, got[0]) for name, got in found.items() if len(got) == 1)  # ambiguous names: unknown
    out = dict((raw["id"], _network.classify(raw, nets, hints, has_network, fip_source)) for raw in raws)
    # nova shows a new floating IP a moment after neutron has it: neutron is the source of truth
    waiting = [raw for raw in raws if not out[raw["id"]]["public_v4"] and not out[raw["id"]]["fixed_public"]]
    if has_network and waiting:
        fixed = set(
            a.get("addr") for raw in waiting for entries in (raw.get("addresses") or {}).values() for a in entries
        )
        shown = set(f for got in out.values() for f in got["floating"])
        fips = [
            f
            for f in cloud._paged("floating_ip")
            if f.get("port_id") and f.get("floating_ip_address") not in shown and f.get("fixed_ip_address") in fixed
        ]
        device = {}
        for batch in _batches(f["port_id"] for f in fips):
            for port in cloud._paged("port", {"id": batch}):
                device[port["id"]] = port.get("device_id")
        for fip in sorted(fips, key=lambda f: f["floating_ip_address"]):
            got = out.get(device.get(fip["port_id"]))
            if got is None:
                continue
            address = fip["floating_ip_address"]
            got["floating"].append(address)
            if ":" in address:
                got["public_v6"] = got["public_v6"] or address
            else:
                got["public_v4"] = got["public_v4"] or address
    return out


def _flavors(cloud, raws):
    """{flavor id: flavor} when a server names its flavor by id only (compute before 2.47)."""
    if all("original_name" in (raw.get("flavor") or {}) for raw in raws):
        return {}
    return dict((f["id"], f) for f in cloud.list("flavor", {"is_public": "None"}))


def _images(cloud, raws):
    """{image id: image} for the images the servers were booted from (deleted or hidden ones: missing)."""
    ids = [(raw.get("image") or {}).get("id") for raw in raws if isinstance(raw.get("image"), dict)]
    out = {}
    for batch in _batches(ids):
        for image in cloud._paged("image", {"id": "in:" + ",".join(batch)}):
            out[image["id"]] = image
    return out


def _ports(cloud, raws):
    """{server id: [port]} (expand_hostvars)."""
    if cloud.config.get("has_network", True) is False:
        return {}
    out = {}
    for batch in _batches(raw["id"] for raw in raws):
        for port in cloud.list("port", {"device_id": batch}):
            out.setdefault(port.get("device_id"), []).append(plain(port))
    return out


def _volumes(cloud, all_projects):
    """{server id: [volume]} from one block-storage listing, when the cloud has that service (expand)."""
    if not cloud.has_service("block-storage"):
        return {}
    out = {}
    for volume in cloud.list("volume", {"all_tenants": 1} if all_projects else None):
        for attachment in volume.get("attachments") or []:
            out.setdefault(attachment.get("server_id"), []).append(plain(volume))
    return out


def _record(cloud, raw, project, addresses, flavors, images, ports, volumes, expand):
    """The host's ``openstack`` variable: the normalized server plus where it lives and how to reach it."""
    server = plain(cloud.normalize("server", raw))
    got = addresses[raw["id"]]
    server.pop("location", None)
    server.update(
        cloud=cloud.name,
        region=cloud.region_name,
        project={
            "id": server.get("project_id"),
            "name": project["name"] if server.get("project_id") == project["id"] else None,
        },
        az=server.get("availability_zone"),
        flavor=_compute.flavor_view(raw.get("flavor"), flavors),
        image=_compute.image_view(raw.get("image"), images),
        public_v4=got["public_v4"],
        public_v6=got["public_v6"],
        private_v4=got["private_v4"],
        floating_ips=list(got["floating"]),
    )
    server.setdefault("metadata", {})
    server.setdefault("tags", [])
    if expand:
        server["ports"] = ports.get(raw["id"], [])
        server["volumes"] = volumes.get(raw["id"], []) or server.get("volumes", [])
    return server


# -- what the hosts are ----------------------------------------------------------------------------------------


def interface_ip(server, private=False, only_ipv4=False):
    """The documented ansible_host rule: public v4, else public v6, else private v4; ``private``: private v4
    first; ``only_ipv4``: never an IPv6 address."""
    got = {
        "public_v4": server.get("public_v4") or "",
        "public_v6": "" if only_ipv4 else server.get("public_v6") or "",
        "private_v4": server.get("private_v4") or "",
    }
    return _network.interface_ip(got, private)


def hostnames(servers, mode="name"):
    """[(hostname, server, name_group)] for servers in source order; the same server (id) seen in two
    sources is one host (the first source's).  mode name: the server's name when no other server of the
    inventory has it, else its id; mode uuid: always the id.  name_group: the host goes into a group named
    after the server (so that ``hosts: web1`` still finds every server named web1)."""
    unique = []
    seen = set()
    for server in servers:
        if server["id"] in seen:
            continue
        seen.add(server["id"])
        unique.append(server)
    counts = {}
    for server in unique:
        counts[server.get("name")] = counts.get(server.get("name"), 0) + 1
    out = []
    for server in unique:
        if mode == "name" and server.get("name") and counts[server.get("name")] == 1:
            out.append((server["name"], server, False))
        else:
            out.append((server["id"], server, bool(server.get("name"))))
    return out


def legacy_groups(server, name_group=False):
    """The groups the old openstack.py inventory script made, in its spelling."""
    cloud, region, az = server.get("cloud"), server.get("region"), server.get("az")
    metadata = server.get("metadata") or {}
    groups = [cloud]
    if region:
        groups += [region, "%s_%s" % (cloud, region)]
    if metadata.get("group"):
        groups.append(str(metadata["group"]))
    groups += [g.strip() for g in str(metadata.get("groups") or "").split(",") if g.strip()]
    groups += ["meta-%s_%s" % (k, v) for k, v in sorted(metadata.items())]
    groups.append("instance-%s" % server["id"])
    if name_group:
        groups.append(server["name"])
    for kind in ("flavor", "image"):
        name = (server.get(kind) or {}).get("name")
        if name:
            groups.append("%s-%s" % (kind, name))
    if az:
        groups.append(az)
        if region:
            groups += ["%s_%s" % (region, az), "%s_%s_%s" % (cloud, region, az)]
    return [g for g in dict.fromkeys(groups) if g]
