# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compute business logic, small functions on a Cloud (no Ansible here)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import hashlib
import re
import time

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover
    from urllib import quote

from ansible_collections.polystack.cloud.plugins.module_utils import _ledger, _network, _normalize, _progress, _volume
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    AmbiguousResource,
    CloudError,
    ConfigError,
    NotFound,
    WaitTimeout,
)

SSH_KEY_TYPES = (
    "ssh-rsa",
    "ssh-dss",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)


# the device_owner of a router's port on a tenant subnet (legacy, distributed, HA)
ROUTER_PORT_OWNERS = ("network:router_interface", "network:ha_router_replicated_interface")
# a keystone project id: 32 hex digits (a UUID without dashes), or a UUID
PROJECT_ID = re.compile(r"^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


def public_key_fingerprint(public_key):
    """Nova's fingerprint of an OpenSSH public key (MD5 of the key blob, colon-separated hex).

    Options before the key type, the comment and whitespace do not count: two spellings of one key
    have one fingerprint."""
    parts = (public_key or "").strip().split()
    for i, part in enumerate(parts):
        if part in SSH_KEY_TYPES and i + 1 < len(parts):
            try:
                blob = base64.b64decode(parts[i + 1].encode("ascii"), validate=True)
            except (binascii.Error, ValueError, UnicodeEncodeError):
                break
            digest = hashlib.md5(blob).hexdigest()  # nova's format; not used for security
            return ":".join(digest[j : j + 2] for j in range(0, len(digest), 2))
    raise ConfigError(
        "public_key is not an OpenSSH public key (expected '<type> <base64> [comment]' with type one of %s)"
        % ", ".join(SSH_KEY_TYPES[:4])
    )


def keypair_view(keypair):
    """What a keypair result and diff show (never the private key)."""
    if not keypair:
        return {}
    return {
        "name": keypair.get("name"),
        "fingerprint": keypair.get("fingerprint"),
        "public_key": (keypair.get("public_key") or "").strip() or None,
        "type": keypair.get("type"),
    }


def list_keypairs(cloud, name=None, user_id=None, limit=None, marker=None):
    """Keypairs, normalized, as openstack.cloud's keypair_info asks for them: another user's (user_id, an admin's
    right; nova microversion 2.10), one page of `limit` after the keypair named `marker` (2.35), or the one named
    `name`. Without limit, every page."""
    params = dict((k, v) for k, v in (("user_id", user_id), ("limit", limit), ("marker", marker)) if v is not None)
    if name:
        path = "/os-keypairs/%s" % quote(name, safe="")
        resp = cloud.request("compute", "GET", path, params=params, microversion="2.10", ok=(404,))
        found = [] if resp.status_code == 404 else [resp.json().get("keypair")]
    elif limit is not None:  # one page, as asked
        resp = cloud.request("compute", "GET", "/os-keypairs", params=params, microversion="2.35")
        found = [k.get("keypair", k) for k in resp.json().get("keypairs") or []]
    else:
        found = cloud.list("keypair", params, raw=True, microversion="2.35")
    return [cloud.normalize("keypair", k) for k in found if k]


def floating_ip_filters(cloud, options):
    """neutron's filters for openstack.cloud's floating_ip_info options (None: something they name does not exist,
    so nothing matches). Names become ids: floating_network, port, router; project: an id, or the name of the
    project this session is in (looking other projects up by name needs keystone rights users rarely have)."""
    filters = {}
    for option in ("fixed_ip_address", "floating_ip_address", "description"):
        if options.get(option):
            filters[option] = options[option]
    if options.get("status"):
        filters["status"] = options["status"].upper()  # openstack.cloud spells it active/down
    for option, kind, key in (("floating_network", "network", "floating_network_id"), ("port", "port", "port_id"),
                              ("router", "router", "router_id")):  # fmt: skip
        if options.get(option):
            found = cloud.get(kind, options[option])
            if found is None:
                return None
            filters[key] = found["id"]
    project = options.get("project")
    if project:
        if project == cloud.session.project_name:
            project = cloud.current_project_id
        elif not PROJECT_ID.match(project):
            raise ConfigError(
                "project %r is not a project id, nor the name of the project of cloud %s: give its id"
                % (project, cloud.name)
            )
        filters["project_id"] = project
    return filters


# -- servers ----------------------------------------------------------------------------------------------------

SERVER_MICROVERSION = "2.79"  # description (2.19), tags at create (2.52), networks "none"/"auto" (2.37)


def server_microversion(cloud):
    return cloud.session.negotiate("compute", SERVER_MICROVERSION)


def asks_for_deleted(filters):
    """Whether a listing's nova filters ask for deleted servers (status DELETED, or an admin's deleted=true):
    otherwise a server nova still shows as DELETED, for the moment between its delete and its row going, is left
    out of listings, as it is of searches by name."""
    filters = filters or {}
    return str(filters.get("status", "")).upper() == "DELETED" or str(filters.get("deleted", "")).lower() in (
        "1",
        "true",
        "yes",
    )


def get_server_raw(cloud, server_id):
    try:
        return cloud.request(
            "compute", "GET", "/servers/%s" % server_id, microversion=server_microversion(cloud)
        ).json()["server"]
    except NotFound:
        return None


def wait_for_server(cloud, server_id, timeout, want="ACTIVE", label=None):
    """Poll (0.3 s, then a tenth of the time waited, at most 2 s) until the server is `want` (None: gone). ERROR
    fails with nova's fault.

    Each poll is progress for async_status (the server's status, seconds waited), under label or the server's
    name: a playbook that boots many servers with async sees each one's."""
    deadline = time.time() + timeout
    pacer = _progress.Pacer(first=0.3)
    waiting = _progress.Wait(label or server_id, timeout, want or "DELETED")
    while True:
        server = get_server_raw(cloud, server_id)
        if label is None and (server or {}).get("name"):
            waiting.label = server["name"]
        waiting.update((server or {}).get("status", "DELETED"))
        late = time.time() > deadline
        # nova shows a server as DELETED for a moment before it is gone (its listing too): gone is a 404, or DELETED
        # at the deadline; a listing right after this wait must not find it
        going = server is not None and server.get("status") == "DELETED"
        if want is None and (server is None or (going and late)):
            return None
        if server is not None:
            if server.get("status") == want:
                return server
            if server.get("status") == "ERROR" and want is not None:
                fault = (server.get("fault") or {}).get("message") or "no fault message"
                raise CloudError(
                    "server %s (%s) on cloud %s region %s went to ERROR: %s"
                    % (server.get("name"), server_id, cloud.name, cloud.region_name, fault),
                    cloud=cloud.name,
                    region=cloud.region_name,
                )
        if late:
            raise WaitTimeout(
                "server %s on cloud %s region %s is %s after %ds (waiting for %s)"
                % (
                    server_id,
                    cloud.name,
                    cloud.region_name,
                    (server or {}).get("status", "gone"),
                    timeout,
                    want or "deletion",
                ),
                cloud=cloud.name,
                region=cloud.region_name,
            )
        pacer.pause(at_most=0.2 if going else None)


def server_addresses(cloud, server, private=False):
    """public_v4, public_v6, private_v4, interface_ip of a raw nova server, using network facts + hints."""
    has_network = cloud.config.get("has_network", True) is not False
    hints = _network.network_hints(cloud.config.config)
    nets = {}
    if has_network and server.get("addresses"):
        by_name = {}
        for net in cloud.visible_networks(want=list(server["addresses"])):  # one listing for all its networks
            by_name.setdefault(net.get("name"), []).append(net)
        for name in server["addresses"]:
            if len(by_name.get(name) or []) == 1:
                nets[name] = by_name[name][0]
    got = _network.classify(server, nets, hints, has_network, cloud.config.get("floating_ip_source", "neutron"))
    if has_network and not got["public_v4"] and not got["fixed_public"] and server.get("id"):
        # nova learns of a new floating IP a moment after neutron has it: ask neutron, the source of truth
        for port in cloud.list_ports({"device_id": server["id"]}):
            for fip in cloud.list_floating_ips({"port_id": port["id"]}):
                got["floating"].append(fip["floating_ip_address"])
                got.setdefault("not_in_nova", []).append((port, fip["floating_ip_address"]))
                if not got["public_v4"] and ":" not in fip["floating_ip_address"]:
                    got["public_v4"] = fip["floating_ip_address"]
    got["interface_ip"] = _network.interface_ip(got, private)
    return got


def add_neutron_floating(cloud, server, not_in_nova):
    """nova's `addresses` (of a normalized server) with the floating IPs neutron has attached and nova's cache does
    not show yet, as nova will show them: so that a playbook reading addresses right after auto_ip finds them."""
    addresses = server.get("addresses")
    if not not_in_nova or not isinstance(addresses, dict):
        return
    names = dict((n["id"], n.get("name")) for n in cloud.visible_networks())
    for port, address in not_in_nova:
        entries = addresses.setdefault(names.get(port["network_id"]) or port["network_id"], [])
        entries.append(
            {
                "addr": address,
                "version": 6 if ":" in address else 4,
                "OS-EXT-IPS:type": "floating",
                "OS-EXT-IPS-MAC:mac_addr": port.get("mac_address"),
            }
        )


def neutron_floating(cloud, server_id):
    """{floating address: port} of the floating IPs neutron has on the server's ports."""
    found = {}
    for port in cloud.list_ports({"device_id": server_id}):
        for fip in cloud.list_floating_ips({"port_id": port["id"]}):
            found[fip["floating_ip_address"]] = port
    return found


def reconcile_floating(cloud, result, truth=None):
    """The result of a server whose floating IPs this run changed, with neutron's floating addresses: nova's cache
    shows a floating IP deleted a moment ago for a while (an address that may already be another project's) and a
    new one only later. Three requests at most (its ports, their floating IPs), only after such a change."""
    truth = neutron_floating(cloud, result["id"]) if truth is None else truth
    addresses = result.get("addresses") if isinstance(result.get("addresses"), dict) else {}
    shown = set()
    for net, entries in addresses.items():
        kept = [e for e in entries if e.get("OS-EXT-IPS:type") != "floating" or e.get("addr") in truth]
        shown |= set(e.get("addr") for e in kept if e.get("OS-EXT-IPS:type") == "floating")
        addresses[net] = kept
    add_neutron_floating(cloud, result, [(port, a) for a, port in sorted(truth.items()) if a not in shown])
    got = server_addresses(cloud, {"id": result["id"], "addresses": addresses, "accessIPv4": result.get("accessIPv4")})
    got.pop("not_in_nova", None)
    result.update(got)
    return result


def resolve_image(cloud, image, exclude=None):
    if isinstance(image, dict):
        image = image.get("id") or image.get("name")
    found = cloud.search_images(image)
    if exclude:
        found = [i for i in found if exclude not in (i.get("name") or "")]
    if not found:
        raise NotFound(
            "image %r not found on cloud %s region %s" % (image, cloud.name, cloud.region_name),
            cloud=cloud.name,
            region=cloud.region_name,
            service="image",
        )
    if len(found) > 1:
        raise AmbiguousResource("image", image, found, cloud=cloud.name, region=cloud.region_name)
    return found[0]


def resolve_flavor(cloud, flavor=None, flavor_ram=None, include=None):
    if flavor_ram:
        return cloud.get_flavor_by_ram(flavor_ram, include=include)
    if isinstance(flavor, dict):
        flavor = flavor.get("id") or flavor.get("name")
    found = cloud.get_flavor(flavor)
    if found is None:
        raise NotFound(
            "flavor %r not found on cloud %s region %s" % (flavor, cloud.name, cloud.region_name),
            cloud=cloud.name,
            region=cloud.region_name,
            service="compute",
        )
    return found


def flavor_view(raw_flavor, flavors):
    """A server's flavor with its name: compute 2.47+ embeds the flavor as it was at boot (its name, no id: the id
    is the flavor of that name in `flavors`, when there is one); earlier versions give the id only (the name is
    the flavor of that id in `flavors`). flavors: {id: flavor} (the inventory lists them once for all servers)."""
    raw_flavor = raw_flavor or {}
    if "original_name" in raw_flavor:
        out = dict((k, v) for k, v in raw_flavor.items() if k not in ("original_name", "links"))
        out.update(id=None, name=raw_flavor["original_name"])
        known = [f for f in flavors.values() if f.get("name") == out["name"]]
        if len(known) == 1:
            out["id"] = known[0]["id"]
        return out
    found = flavors.get(raw_flavor.get("id"))
    if found:
        return dict(
            (k, found.get(k)) for k in ("id", "name", "ram", "vcpus", "disk", "ephemeral", "swap", "extra_specs")
        )
    return {"id": raw_flavor.get("id"), "name": None}


def image_view(raw_image, images):
    """A server's image as {id, name}: nova gives the id only; the name is the image of that id in `images`
    (missing when it was deleted or hidden). A server booted from a volume has no image: both None."""
    if not isinstance(raw_image, dict) or not raw_image.get("id"):
        return {"id": None, "name": None}
    found = images.get(raw_image["id"]) or {}
    return {"id": raw_image["id"], "name": found.get("name")}


def server_details(cloud, server):
    """What get_server(detailed=True) adds to a raw server: its flavor and image with their names (two requests:
    the flavors, and the image by id), as the inventory shows them."""
    flavors = dict((f["id"], f) for f in cloud.list("flavor", {"is_public": "None"}))
    images = {}
    image_id = (server.get("image") or {}).get("id") if isinstance(server.get("image"), dict) else None
    if image_id:
        images = dict((i["id"], i) for i in cloud.search("image", image_id))
    return {"flavor": flavor_view(server.get("flavor"), flavors), "image": image_view(server.get("image"), images)}


def default_network(cloud):
    """The network clouds.yaml labels default_interface (networks: [{name: ..., default_interface: true}]), if the
    project sees it: where the Python API's create_server boots a server given no network, as openstacksdk does
    (on a project that sees several networks nova would not pick one)."""
    for hint in cloud.config.config.get("networks") or []:
        if hint.get("default_interface"):
            found = cloud.find_visible_network(hint.get("id") or hint.get("name"))
            if found is not None:
                return found
    return None


NIC_KEYS = ("net-id", "net-name", "port-id", "port-name", "fixed_ip", "tag")


def resolve_nics(cloud, network=None, nics=None):
    """nova's `networks` from network (name or id) or nics: [{net-id|net-name|port-id|port-name, fixed_ip, tag}]."""
    out = []
    for index, nic in enumerate(nics or []):
        unknown = sorted(set(nic) - set(NIC_KEYS)) if isinstance(nic, dict) else None
        if unknown is None or unknown:
            raise ConfigError(
                "nics[%d] %s: each entry is a mapping of %s"
                % (
                    index,
                    "has unknown keys %s" % ", ".join(unknown) if unknown else "is not a mapping",
                    ", ".join(NIC_KEYS),
                )
            )
    for nic in ([{"net-name": network}] if network else []) + list(nics or []):
        entry = {}
        if nic.get("port-id") or nic.get("port-name"):
            port = cloud.get_port(nic.get("port-id") or nic.get("port-name"))
            if port is None:
                raise NotFound(
                    "port %r not found on cloud %s" % (nic.get("port-id") or nic.get("port-name"), cloud.name),
                    cloud=cloud.name,
                )
            entry["port"] = port["id"]
        else:
            ref = nic.get("net-id") or nic.get("net-name")
            net = cloud.find_visible_network(ref) if ref else None
            if net is None and _ledger.planned(cloud, "network", ref, cloud.current_project_id):
                net = {"id": "network %s %s" % (ref, _ledger.PLANNED)}  # made by an earlier task of the run
            if net is None:
                raise NotFound(
                    "network %r not found on cloud %s region %s" % (ref, cloud.name, cloud.region_name),
                    cloud=cloud.name,
                    region=cloud.region_name,
                )
            entry["uuid"] = net["id"]
            if nic.get("fixed_ip"):
                entry["fixed_ip"] = nic["fixed_ip"]
        if nic.get("tag"):
            entry["tag"] = nic["tag"]
        out.append(entry)
    return out


def check_create_references(cloud, key_name=None, security_groups=None, nat_destination=None, ip_pool=None, ips=None):
    """What a server create names must exist, looked up before anything is made (and in check mode, which must
    reject what the real run would): the keypair, the security groups (names or ids), and what its public
    address would come from (a missing one would fail only after the server is booted, and the server be
    deleted again)."""
    where = "on cloud %s region %s" % (cloud.name, cloud.region_name)
    at = dict(cloud=cloud.name, region=cloud.region_name)
    if key_name and cloud.get_keypair(key_name) is None:
        raise NotFound("keypair %r (key_name) not found %s" % (key_name, where), service="compute", **at)
    networks = cloud.has_service("network")
    for option, name in (("nat_destination", nat_destination), ("floating_ip_pools", ip_pool)):
        net = cloud.get_network(name) if name and networks else True
        if net is None:
            raise NotFound("network %r (%s) not found %s" % (name, option, where), service="network", **at)
        # floating IPs only come from an external network: neutron would refuse the pool after the boot
        if option == "floating_ip_pools" and net is not True and not pool_is_external(cloud, net):
            raise ConfigError("network %r (floating_ip_pools) is not an external network %s" % (name, where), **at)
    for address in (ips or []) if networks else []:
        if cloud.get_floating_ip(address) is None:
            raise NotFound("floating IP %s (floating_ips) not found %s" % (address, where), service="network", **at)
    return resolve_security_groups(cloud, security_groups) if security_groups else {}


def pool_is_external(cloud, network):
    """Whether floating IPs can come from this network: router:external, or labelled so in clouds.yaml."""
    return _network.is_external(network, _network.network_hints(cloud.config.config))


def public_address_confirmed(cloud, server, result):
    """Whether the server has a public address. nova's `addresses` lag neutron (nova refreshes its network info
    cache a moment after a floating IP is attached or deleted): a floating address nova still shows may be gone,
    so it is confirmed with neutron, one request; a routable fixed address is the port's own and needs none."""
    if not (result.get("public_v4") or result.get("public_v6")):
        return False
    entries = [a for found in (server.get("addresses") or {}).values() for a in found]
    floating = [a.get("addr") for a in entries if a.get("OS-EXT-IPS:type") == "floating"]
    if not floating or not cloud.has_service("network"):
        return True
    # attached to one of this server's fixed addresses: a deleted address may already be another server's
    # (neutron reuses them), and the fixed address says whose without listing the server's ports
    fixed = set(a.get("addr") for a in entries if a.get("OS-EXT-IPS:type") != "floating")
    for address in floating:
        resp = cloud.request("network", "GET", "/v2.0/floatingips", params={"floating_ip_address": address})
        if any(f.get("port_id") and f.get("fixed_ip_address") in fixed for f in resp.json().get("floatingips") or []):
            return True
    # what nova shows is gone; neutron may have attached another that nova does not show yet (a floating IP this
    # collection attached a moment ago): a second one would be allocated, and leak
    truth = neutron_floating(cloud, server["id"])
    if truth and result.get("id"):
        reconcile_floating(cloud, result, truth)  # the result shows neutron's address, not nova's stale one
    return bool(truth)


def without_floating(server):
    """The server with the floating addresses of nova's `addresses` left out."""
    addresses = dict(
        (net, [a for a in entries if a.get("OS-EXT-IPS:type") != "floating"])
        for net, entries in (server.get("addresses") or {}).items()
    )
    return dict(server, addresses=addresses)


def public_ip_plan(cloud, server):
    """How the server would get a public address: 'none' (it has one, or its network is routable), 'nova' or
    'neutron' (a floating IP); a clear error when the cloud offers no way (check mode asks this too, so that it
    rejects what the real run would)."""
    addresses = server_addresses(cloud, server)
    if addresses.get("public_v4") and not public_address_confirmed(cloud, server, addresses):
        # nova still shows a floating IP neutron has deleted (its cache lags): plan as if it were gone, as it is
        addresses = server_addresses(cloud, without_floating(server))
    plan = _network.public_ip_plan(
        addresses, cloud.config.get("floating_ip_source", "neutron"), cloud.config.get("has_network", True) is not False
    )
    if plan == "impossible":
        raise CloudError(
            "server %s on cloud %s region %s has no public address and the cloud offers no way to give "
            "it one (no floating IPs, no routable network); label a routable network with "
            "routes_externally in clouds.yaml, or set auto_ip: false"
            % (server.get("name"), cloud.name, cloud.region_name),
            cloud=cloud.name,
            region=cloud.region_name,
        )
    return plan


def add_public_ip(cloud, server, ip_pool=None, reuse=False, nat_destination=None, plan=None):
    """Give a server a public address if it has none: returns the floating IP made (or taken), or None."""
    plan = plan or public_ip_plan(cloud, server)
    if plan == "none":
        return None
    if plan == "nova":  # nova-network floating IPs (old clouds without neutron)
        body = {"pool": ip_pool} if ip_pool else {}
        fip = cloud.request("compute", "POST", "/os-floating-ips", json=body).json()["floating_ip"]
        cloud.request(
            "compute", "POST", "/servers/%s/action" % server["id"], json={"addFloatingIp": {"address": fip["ip"]}}
        )
        return {"id": fip["id"], "floating_ip_address": fip["ip"], "source": "nova"}
    hints = _network.network_hints(cloud.config.config)
    externals = cloud.list_networks({"router:external": True}) if not ip_pool else cloud.search_networks(ip_pool)
    pool = _network.pick_external_network(externals, hints, ip_pool)
    ports = cloud.list_ports({"device_id": server["id"]})
    port = floating_ip_port(cloud, server.get("name"), ports, nat_destination=nat_destination)
    if pool is None and not ip_pool and len(externals) > 1:
        pool = reachable_external(cloud, port, externals)
    if pool is None:
        raise CloudError(
            "cloud %s region %s: %s; set ip_pool (floating_ip_pools) to the external network to use"
            % (
                cloud.name,
                cloud.region_name,
                "no external network %r" % ip_pool if ip_pool else "%d external networks, none chosen" % len(externals),
            ),
            cloud=cloud.name,
            region=cloud.region_name,
        )
    return floating_ip_on_port(cloud, server["id"], port, pool, reuse)


def reachable_external(cloud, port, externals):
    """Of several external networks, the one a router connects the port's subnets to (a floating IP from any other
    could not reach the port: openstack.cloud chooses so too); None unless exactly one is."""
    wanted = set(n["id"] for n in externals)
    reachable = set()
    for subnet_id in set(ip.get("subnet_id") for ip in port.get("fixed_ips") or [] if ip.get("subnet_id")):
        for iface in cloud.list_ports({"fixed_ips": "subnet_id=%s" % subnet_id}):
            if not str(iface.get("device_owner") or "").startswith(ROUTER_PORT_OWNERS):
                continue
            router = cloud.get("router", iface["device_id"]) if iface.get("device_id") else None
            gateway = ((router or {}).get("external_gateway_info") or {}).get("network_id")
            if gateway in wanted:
                reachable.add(gateway)
    found = [n for n in externals if n["id"] in reachable]
    return found[0] if len(found) == 1 else None


# -- floating IPs of one server (os_floating_ip, and create_server/add_ips_to_server with ips) ----------------------


def floating_ip_pool(cloud, network=None, port=None):
    """The external network floating IPs come from: `network` (name or id), else the only one neutron or the
    clouds.yaml hints make external, else (several) the one a router connects the port to; a ConfigError names
    the cloud when there is none or no single one."""
    if network:
        net = cloud.get_network(network)
        if net is None:
            raise ConfigError("network %s not found on cloud %s region %s" % (network, cloud.name, cloud.region_name))
        return net
    hints = _network.network_hints(cloud.config.config)
    externals = cloud.list_networks({"router:external": True})
    net = _network.pick_external_network(externals, hints)
    if net is None and port is not None and len(externals) > 1:
        net = reachable_external(cloud, port, externals)
    if net is None:
        raise ConfigError(
            "cloud %s region %s has %s: set network"
            % (
                cloud.name,
                cloud.region_name,
                "no external network"
                if not externals
                else "%d external networks, none the only one a router connects the server to" % len(externals),
            )
        )
    return net


def server_floating_ips(cloud, server_id):
    """(ports, floating IPs on them) of a server, as neutron sees them (nova's addresses lag neutron's)."""
    ports = cloud.list_ports({"device_id": server_id})
    return ports, [f for port in ports for f in cloud.list_floating_ips({"port_id": port["id"]})]


def floating_ip_port(cloud, server_name, ports, fixed_address=None, nat_destination=None):
    """The server's port a floating IP goes on: the one holding fixed_address, else the nat_destination's (option
    or clouds.yaml label), else the first on a network that does not route externally."""
    if fixed_address:
        port = next(
            (x for x in ports if any(ip.get("ip_address") == fixed_address for ip in x.get("fixed_ips") or [])),
            None,
        )
    else:
        hints = _network.network_hints(cloud.config.config)
        nets_by_id = dict((n["id"], n) for n in [cloud.get_network(x["network_id"]) for x in ports] if n)
        port = _network.pick_nat_port(ports, nets_by_id, hints, nat_destination)
    if port is None:
        raise ConfigError(
            "server %s on cloud %s region %s has no port for a floating IP%s"
            % (
                server_name,
                cloud.name,
                cloud.region_name,
                " with fixed address %s" % fixed_address
                if fixed_address
                else " on network %s (nat_destination)" % nat_destination
                if nat_destination
                else "",
            ),
            cloud=cloud.name,
            region=cloud.region_name,
        )
    return port


def existing_floating_ip(cloud, address, port):
    """The floating IP of that address if it exists (None: it is to be made); one on another port is refused
    rather than taken away from whatever uses it."""
    existing = cloud.get_floating_ip(address) if address else None
    if existing is not None and existing.get("port_id") and existing["port_id"] != port["id"]:
        raise ConfigError(
            "floating IP %s is attached to another port (%s) on cloud %s" % (address, existing["port_id"], cloud.name)
        )
    return existing


def attach_floating_ip(cloud, server_id, port, existing=None, address=None, pool=None, reuse=False):
    """Put a floating IP on the port: `existing` (from existing_floating_ip) moved there, else a new one (of
    `address` if given, or a free one of the project with reuse) from `pool` (default: floating_ip_pool)."""
    if existing is not None:
        return cloud.update_floating_ip(existing["id"], port_id=port["id"])
    return floating_ip_on_port(cloud, server_id, port, pool or floating_ip_pool(cloud), reuse, address)


def add_ips_to_server(
    cloud, server, auto_ip=True, ips=None, ip_pool=None, reuse=False, fixed_address=None, nat_destination=None
):
    """Give an ACTIVE server (raw) its public addresses: the floating IPs `ips` (existing addresses) on its port,
    else one from ip_pool or, with auto_ip, what the cloud's network model needs. Returns the floating IPs it
    attached (made or taken), [] when the server needed none."""
    if ips:
        ports, _attached = server_floating_ips(cloud, server["id"])
        port = floating_ip_port(cloud, server.get("name"), ports, fixed_address, nat_destination)
        out = []
        for address in ips:
            existing = existing_floating_ip(cloud, address, port)
            if existing is None:
                raise NotFound(
                    "floating IP %s not found on cloud %s region %s" % (address, cloud.name, cloud.region_name),
                    cloud=cloud.name,
                    region=cloud.region_name,
                    service="network",
                )
            out.append(attach_floating_ip(cloud, server["id"], port, existing))
        return out
    if ip_pool or auto_ip:
        fip = add_public_ip(cloud, server, ip_pool, reuse, nat_destination)
        return [fip] if fip else []
    return []


def floating_ip_on_port(cloud, server_id, port, pool, reuse=False, address=None):
    """A floating IP from `pool` on `port`: a free one of the project with reuse, else a new one created directly
    on the port in one call (so two concurrent runs never share it), marked as made for the server."""
    if reuse and not address:
        for fip in cloud.list_floating_ips({"floating_network_id": pool["id"]}):
            if not fip.get("port_id"):
                return cloud.update_floating_ip(fip["id"], port_id=port["id"])
    body = {"description": _network.MARK % server_id}
    if address:
        body["floating_ip_address"] = address
    return cloud.create_floating_ip(pool, port_id=port["id"], **body)


def metadata_strings(metadata):
    """Server metadata as nova keeps it: strings. A number or a boolean becomes its text (YAML's `port: 80`), as
    nova would answer it back; a mapping or a list is refused (nova would store its Python repr)."""
    if isinstance(metadata, str):
        metadata = parse_metadata_text(metadata)
    if metadata is not None and not isinstance(metadata, dict):
        raise ConfigError(
            "metadata must be a dict (a mapping, or the text key=value,key=value), not a %s" % type(metadata).__name__
        )
    out = {}
    for key, value in (metadata or {}).items():
        if isinstance(value, (dict, list, tuple)):
            raise ConfigError(
                "metadata %s: the value must be text (or a number), not a %s" % (key, type(value).__name__)
            )
        out[str(key)] = str(value)
    return out


def parse_metadata_text(text):
    """openstack.cloud's metadata as text, "key1=value1,key2=value2", as a mapping."""
    out = {}
    for item in (part.strip() for part in text.split(",")):
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise ConfigError("metadata %r: give key=value pairs separated by commas (or a mapping)" % text)
        out[key.strip()] = value.strip()
    return out


def delete_server_metadata(cloud, server_id, keys):
    """Remove these metadata keys (one call each: nova has no bulk delete; a key already gone is fine)."""
    for key in keys:
        path = "/servers/%s/metadata/%s" % (server_id, quote(key, safe=""))
        cloud.request("compute", "DELETE", path, ok=(404,), idempotent=True)


def set_server_metadata(cloud, server_id, metadata):
    """Set these metadata keys (others are kept)."""
    # nova sets these keys (sending it twice is harmless): retried like a PUT
    cloud.request("compute", "POST", "/servers/%s/metadata" % server_id, json={"metadata": metadata}, idempotent=True)


def update_server(cloud, server_id, **fields):
    """PUT the server's own fields (name, description): nova's answer, raw. At the server microversion, which
    description needs (2.19)."""
    resp = cloud.request(
        "compute", "PUT", "/servers/%s" % server_id, json={"server": fields}, microversion=server_microversion(cloud)
    )
    return resp.json()["server"]


def set_server_description(cloud, server_id, description):
    update_server(cloud, server_id, description=description)


def wait_for_address(cloud, server_id, address, timeout):
    """Poll until the server shows `address` as get_server shows it: in nova's addresses, or among neutron's floating
    IPs on its ports (nova's cache of them lags neutron, up to a minute or more); the raw server. WaitTimeout says
    which address did not show."""
    deadline = time.time() + timeout
    pacer = _progress.Pacer(first=0.3)
    while True:
        server = get_server_raw(cloud, server_id) or {}
        shown = server_addresses(cloud, server) if server else {}
        if address in shown.get("floating", []) + [shown.get("public_v4"), shown.get("public_v6")]:
            return server
        if time.time() > deadline:
            raise WaitTimeout(
                "server %s on cloud %s region %s does not show address %s after %ds"
                % (server_id, cloud.name, cloud.region_name, address, timeout),
                cloud=cloud.name,
                region=cloud.region_name,
            )
        pacer.pause()


def server_security_groups(cloud, server_id):
    """The security groups on a server's ports, {id: name} (nova lists one per port: duplicates fold)."""
    groups = cloud.request("compute", "GET", "/servers/%s/os-security-groups" % server_id).json()
    return dict((g.get("id") or g.get("name"), g.get("name")) for g in groups.get("security_groups") or [])


def resolve_security_groups(cloud, refs):
    """Names or ids -> {id: name} of the project's security groups; unknown or ambiguous names fail."""
    out = {}
    for ref in refs:
        found = cloud.search("security_group", ref)
        if not found and _ledger.planned(cloud, "security_group", ref, cloud.current_project_id):
            out["security group %s %s" % (ref, _ledger.PLANNED)] = ref
            continue
        if not found:
            raise NotFound(
                "security group %r not found on cloud %s region %s" % (ref, cloud.name, cloud.region_name),
                cloud=cloud.name,
                region=cloud.region_name,
                service="network",
            )
        if len(found) > 1:  # an admin sees every project's "default": the own project's wins
            found = [g for g in found if g.get("project_id") == cloud.current_project_id] or found
        if len(found) > 1:
            raise AmbiguousResource("security group", ref, found, cloud=cloud.name, region=cloud.region_name)
        out[found[0]["id"]] = found[0].get("name")
    return out


def set_server_security_groups(cloud, server_id, add=(), remove=()):
    """Add then remove security groups (by id) on every port of the server, nova's way."""
    for group_id in add:
        cloud.request(
            "compute", "POST", "/servers/%s/action" % server_id, json={"addSecurityGroup": {"name": group_id}}
        )
    for group_id in remove:
        cloud.request(
            "compute", "POST", "/servers/%s/action" % server_id, json={"removeSecurityGroup": {"name": group_id}}
        )


def set_server_tags(cloud, server_id, tags):
    """Replace the server's tags (compute microversion 2.26 or later)."""
    cloud.request(
        "compute",
        "PUT",
        "/servers/%s/tags" % server_id,
        json={"tags": list(tags)},
        microversion=server_microversion(cloud),
    )


def _with_password(server, created):
    """nova says the admin password only in its create answer: keep it on the result (Python callers)."""
    if server is not None and created.get("adminPass"):
        server = dict(server, adminPass=created["adminPass"])
    return server


def _network_version_ok(version):
    major, minor = str(version).partition(".")[::2]
    return (int(major), int(minor or 0)) >= (2, 37)


def marked_floating_ips(cloud, server_id):
    """The floating IPs this collection allocated for the server (auto_ip marks them)."""
    return list(cloud.list_floating_ips({"description": _network.MARK % server_id}))


def delete_server(cloud, server_id, delete_ips=False, wait=True, timeout=180):
    if delete_ips and cloud.config.get("has_network", True) is not False:
        for fip in marked_floating_ips(cloud, server_id):
            cloud.delete_floating_ip(fip["id"])
    try:
        cloud.request("compute", "DELETE", "/servers/%s" % server_id)
    except NotFound:
        return False
    if wait:
        wait_for_server(cloud, server_id, timeout, want=None)
    return True


def create_server(
    cloud,
    name,
    image,
    flavor,
    auto_ip=True,
    ips=None,
    ip_pool=None,
    reuse_ips=False,
    nat_destination=None,
    wait=True,
    timeout=180,
    cleanup_on_failure=True,
    **body,
):
    """Boot a server, wait for it, and give it a public address as the cloud's network model needs.

    On failure (ERROR, timeout, floating IP) what this call made is deleted unless cleanup_on_failure is
    false. Returns the raw nova server and the floating IP made (or None)."""
    request, version = boot_request(cloud, name, image, flavor, body)
    # nova has no idempotency token: the servers of this name before the POST tell apart the one a POST
    # whose answer was lost made (then it is adopted, not made twice; its adminPass is lost with the answer)
    before = set(s["id"] for s in cloud.search("server", name, raw=True))

    def find():
        made = [s for s in cloud.search("server", name, raw=True) if s["id"] not in before]
        return {"id": made[0]["id"]} if made else None

    resp, found = cloud.session.create("compute", "/servers", find, json=request, microversion=version)
    created = found if found is not None else resp.json()["server"]
    fip = None
    try:
        if not wait:
            return _with_password(get_server_raw(cloud, created["id"]) or created, created), None
        server = wait_for_server(cloud, created["id"], timeout)
        fips = add_ips_to_server(
            cloud, server, auto_ip, ips, ip_pool if auto_ip else None, reuse_ips, None, nat_destination
        )
        fip = fips[-1] if fips else None
        return _with_password(get_server_raw(cloud, created["id"]), created), fip
    except Exception as error:
        cleanup = undo_create(cloud, created["id"], fip, timeout, cleanup_on_failure)
        if isinstance(error, CloudError):  # what this call made, and what became of it: for the task's result
            error.cleanup = cleanup
        raise


def boot_request(cloud, name, image, flavor, body):
    """(nova's boot request, the compute microversion to send it with)."""
    body = dict((k, v) for k, v in body.items() if v is not None)
    hints = body.pop("scheduler_hints", None)
    # booted from a volume (block_device_mapping_v2 in body), a server has no image: nova wants imageRef ""
    body.update(name=name, imageRef=image["id"] if image else "", flavorRef=flavor["id"])
    version = server_microversion(cloud)
    if "networks" not in body and version and _network_version_ok(version):
        body["networks"] = "auto"  # required from 2.37: the project's only network (nova picks, as before)
    request = {"server": body}
    if hints:
        request["os:scheduler_hints"] = hints  # beside "server", not in it
    return request, version


def undo_create(cloud, server_id, fip, timeout, cleanup_on_failure=True):
    """After a failed create: the server it made (and the floating IP made for it) deleted unless
    cleanup_on_failure is false; {server, deleted, error} says what became of them. A failing cleanup is
    recorded, never raised: the original error is the one to report."""
    cleanup = {"server": server_id, "deleted": False}
    if not cleanup_on_failure:
        return cleanup
    try:
        if fip is not None and fip.get("description") == _network.MARK % server_id:
            cloud.delete_floating_ip(fip["id"])
        delete_server(cloud, server_id, delete_ips=True, wait=True, timeout=max(timeout, 60))
        cleanup["deleted"] = True
    except CloudError as cleanup_error:
        cleanup["error"] = str(cleanup_error)
    return cleanup


# -- the Python API's compute calls (Cloud inherits them) ---------------------------------------------------------


class ComputeCalls:
    """shade's and openstacksdk's names for servers, flavors and keypairs (the seed talk's calls), over the
    functions above."""

    def list_servers(self, filters=None, detailed=False, bare=False):
        """Every server of the project (filters: nova's, e.g. {"status": "ACTIVE"}); detailed and bare as in
        get_server."""
        return [self._server_out(s, detailed, bare) for s in self.list("server", filters, raw=True)]

    def search_servers(self, name_or_id=None, filters=None, detailed=False, bare=False):
        """The servers named name_or_id (or with that id), plus filters; detailed and bare as in get_server."""
        return [self._server_out(s, detailed, bare) for s in self.search("server", name_or_id, filters, raw=True)]

    def get_server(self, name_or_id, filters=None, detailed=False, bare=False):
        """One server by name, id or a server result; None if there is none.

        By default the result has its addresses sorted out (public_v4, public_v6, private_v4, interface_ip: from
        nova's addresses and neutron's networks and floating IPs); detailed also names its image and flavor;
        bare adds nothing and sends no request but the server's own (still normalized)."""
        return self._server_out(self.get("server", name_or_id, filters, raw=True), detailed, bare)

    def _server_out(self, raw, detailed=False, bare=False):
        if raw is None:
            return None
        if bare:
            return self.normalize("server", raw)
        out = self.server_result(raw)
        if detailed:
            details = server_details(self, raw)
            if not self.strict:  # with the keys openstacksdk's embedded image and flavor have, names filled in
                details["image"] = _normalize.server_image(dict(out["image"], **details["image"]))
                details["flavor"] = _normalize.server_flavor(dict(out["flavor"], **details["flavor"]))
            out.update(self._munch(details))
        return out

    def add_image_names(self, servers):
        """Name each server result's image, as openstack.cloud's detailed server_info does: one glance request
        for all their images (?id=in:..., 40 ids a request), not one per server. An image glance does not show
        this project (deleted, another's private one) keeps its name null; so does a server booted from a volume."""
        ids = sorted(
            set(s["image"]["id"] for s in servers if isinstance(s.get("image"), dict) and s["image"].get("id"))
        )
        names = {}
        for start in range(0, len(ids), 40):
            for image in self._paged("image", {"id": "in:" + ",".join(ids[start : start + 40])}):
                names[image["id"]] = image.get("name")
        for server in servers:
            image = server.get("image")
            if isinstance(image, dict) and image.get("id") in names:
                image["name"] = names[image["id"]]
        return servers

    def _server_id(self, server):
        """The id of a server given as a result (dict) or by name or id; NotFound if there is none."""
        if isinstance(server, dict) and server.get("id"):
            return server["id"]
        return self._require("server", server)["id"]

    def list_images(self, filters=None):
        return self.list("image", filters)

    def search_images(self, name_or_id=None, filters=None):
        return self.search("image", name_or_id, filters)

    def get_image(self, name_or_id, filters=None):
        return self.get("image", name_or_id, filters)

    def list_flavors(self, filters=None):
        return self.list("flavor", filters)

    def search_flavors(self, name_or_id=None, filters=None):
        return self.search("flavor", name_or_id, filters)

    def get_flavor(self, name_or_id, filters=None):
        return self.get("flavor", name_or_id, filters)

    def get_flavor_by_ram(self, ram, include=None, filters=None):
        """The smallest flavor with at least ``ram`` MiB (ties: fewer vCPUs, smaller disk, then name).

        include: a substring the flavor name must contain."""
        flavors = [f for f in self.list_flavors(filters) if f.get("ram", 0) >= ram]
        if include:
            flavors = [f for f in flavors if include in f.get("name", "")]
        if not flavors:
            raise NotFound(
                "no flavor with at least %d MiB of RAM%s on cloud %s region %s"
                % (ram, " whose name contains %r" % include if include else "", self.name, self.region_name),
                cloud=self.name,
                region=self.region_name,
                service="compute",
            )
        # a flavor without a root disk (disk 0) only boots from a volume (one more resource, quota, cost): of
        # flavors alike in RAM and vCPUs, one with a disk comes first
        return sorted(
            flavors, key=lambda f: (f["ram"], f.get("vcpus", 0), f.get("disk", 0) == 0, f.get("disk", 0), f["name"])
        )[0]

    def list_keypairs(self):
        return self.list("keypair")

    def get_keypair(self, name):
        return self.get("keypair", name)

    def create_keypair(self, name, public_key=None, key_type=None):
        """Import public_key, or (without one) let nova generate a pair: the result has private_key then."""
        body = {"name": name}
        if public_key:
            body["public_key"] = public_key
        if key_type:
            body["type"] = key_type
        microversion = "2.2" if key_type else None

        def find():
            """The keypair a lost POST made: the same public key is it; a generated one is deleted (its
            private key was in the lost answer) so that the POST makes a new one."""
            try:
                got = self._json(
                    self.request("compute", "GET", "/os-keypairs/%s" % self._quote(name), microversion=microversion)
                )
            except NotFound:
                return None
            got = got.get("keypair", got)
            if not public_key:
                self.request("compute", "DELETE", "/os-keypairs/%s" % self._quote(name), ok=(404,))
                return None
            if got.get("fingerprint") == public_key_fingerprint(public_key):
                return got
            return None  # another key of that name: the POST again fails with nova's conflict

        return self.create("keypair", body, find=find, microversion=microversion)

    def search_keypairs(self, name=None):
        return self.search("keypair", name)

    def delete_keypair(self, name):
        return self.delete("keypair", name)

    def create_server(
        self,
        name,
        image,
        flavor,
        network=None,
        nics=None,
        auto_ip=True,
        ips=None,
        wait=False,
        timeout=180,
        ip_pool=None,
        reuse_ips=False,
        nat_destination=None,
        cleanup_on_failure=True,
        boot_from_volume=False,
        boot_volume=None,
        volume_size=None,
        terminate_volume=None,
        volumes=None,
        **body,
    ):
        """Boot a server (image and flavor by name, id or dict); with wait=True, wait for ACTIVE and give it a
        public address the way this cloud's network model needs (auto_ip), or attach the floating IPs ips
        (existing addresses), or one from ip_pool (as in the seed demo). A failure deletes what it made.

        Its networks: network (name or id) or nics ([{net-id|net-name|port-id|port-name, fixed_ip, tag}]), else
        the network clouds.yaml labels default_interface, else the one nova picks.

        reuse_ips=False (openstacksdk's default is True): a free floating IP of the project may be another
        job's, detached for a moment; a new one is made for the server, and delete_ips deletes it.

        Block storage as os_server: boot_from_volume (a root volume of volume_size GiB made from the image),
        boot_volume (an existing volume, image None), terminate_volume, volumes (attached at boot); a flavor with
        no root disk boots from a volume made from the image by itself (nova refuses an image boot there)."""
        image = None if boot_volume else resolve_image(self, image)
        flavor = resolve_flavor(self, flavor)
        mapping, boot, _extra = _volume.boot_mapping(
            self, image, flavor, boot_from_volume, boot_volume, volume_size, terminate_volume, volumes
        )
        if mapping:
            body["block_device_mapping_v2"] = mapping
        if boot["mode"] != "image":
            image = None
        if "meta" in body:  # shade's and openstacksdk's name for the server's metadata
            body["metadata"] = metadata_strings(body.pop("meta"))
        if network is None and not nics and self.has_service("network"):
            network = (default_network(self) or {}).get("id")
        networks = resolve_nics(self, network, nics)
        if networks:
            body["networks"] = networks
        server, _fip = create_server(
            self,
            name,
            image,
            flavor,
            auto_ip=auto_ip and wait,
            ips=ips if wait else None,
            ip_pool=ip_pool,
            reuse_ips=reuse_ips,
            nat_destination=nat_destination,
            wait=wait,
            timeout=timeout,
            cleanup_on_failure=cleanup_on_failure,
            **body,
        )
        return self.server_result(server)

    def server_result(self, raw):
        """A normalized server with public_v4, public_v6, private_v4 and interface_ip."""
        out = self.normalize("server", raw)
        addresses = server_addresses(self, raw)
        add_neutron_floating(self, out, addresses.pop("not_in_nova", None))
        out.update(addresses)
        return out

    def update_server(self, name_or_id, detailed=False, bare=False, **changes):
        """Change the server's name or description (metadata, security groups, tags: os_server's own calls)."""
        unknown = sorted(set(changes) - set(("name", "description")))
        if unknown:
            raise ConfigError("update_server changes name and description, not %s" % ", ".join(unknown))
        raw = update_server(self, self._server_id(name_or_id), **changes)
        return self._server_out(get_server_raw(self, raw["id"]) or raw, detailed, bare)

    def wait_for_server(
        self, server, auto_ip=True, ips=None, ip_pool=None, reuse=False, timeout=180, nat_destination=None
    ):
        """Wait until the server (one made with wait=False) is ACTIVE, then give it its public address as
        create_server(wait=True) does; the server, with its addresses. ERROR or a timeout raise."""
        raw = wait_for_server(self, self._server_id(server), timeout)
        add_ips_to_server(self, raw, auto_ip, _addresses(ips), ip_pool, reuse, None, nat_destination)
        return self.server_result(get_server_raw(self, raw["id"]))

    def add_auto_ip(self, server, wait=False, timeout=60, reuse=False):
        """Give the server a public address if it has none (a floating IP where the network model needs one);
        the public address it has then, or None. wait: until nova shows a new floating IP on the server."""
        raw = get_server_raw(self, self._server_id(server))
        fip = add_public_ip(self, raw, reuse=reuse)
        if fip and wait:
            raw = wait_for_address(self, raw["id"], fip["floating_ip_address"], timeout)
        if fip:
            return fip["floating_ip_address"]
        return self.server_result(raw).get("interface_ip") or None

    def add_ips_to_server(
        self,
        server,
        auto_ip=True,
        ips=None,
        ip_pool=None,
        wait=False,
        timeout=60,
        reuse=False,
        fixed_address=None,
        nat_destination=None,
    ):
        """Attach the floating IPs ips (existing addresses, one or a list) on the server's port (the one of
        fixed_address or nat_destination, else the first private one), else one from ip_pool, else with auto_ip
        what the network model needs; the server with its addresses. wait: until nova shows them."""
        raw = get_server_raw(self, self._server_id(server))
        fips = add_ips_to_server(self, raw, auto_ip, _addresses(ips), ip_pool, reuse, fixed_address, nat_destination)
        for fip in fips if wait else []:
            wait_for_address(self, raw["id"], fip["floating_ip_address"], timeout)
        return self.server_result(get_server_raw(self, raw["id"]))

    def delete_server(self, name_or_id, wait=False, timeout=180, delete_ips=False):
        """Delete a server (by name, id or result); delete_ips also deletes the floating IPs auto_ip allocated
        for it (and no other: one attached by ips= is the caller's). False if there was no such server."""
        server = self.get_server(name_or_id, bare=True)
        if server is None:
            return False
        return delete_server(self, server["id"], delete_ips=delete_ips, wait=wait, timeout=timeout)


def _addresses(ips):
    """ips as a list: one address alone is a list of one (as openstacksdk takes it)."""
    if ips is None or isinstance(ips, (list, tuple)):
        return ips
    return [ips]
