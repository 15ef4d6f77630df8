# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network facts of a server: which of its addresses are public, and what it takes to get one.

The seeds' five network models, decided from discovery plus clouds.yaml hints (``networks:`` with
``routes_externally`` / ``default_interface`` / ``nat_destination``, ``floating_ip_source``, ``has_network``):

  1. routable provider network            the fixed address is public: nothing to do
  2. routable network + tenant networks   the fixed address on the routable one is public: nothing to do
  3. private tenant network               a neutron floating IP on the port of the nat_destination network
  4. floating IP without neutron          a nova-network floating IP (profile: floating_ip_source: nova)
  5. routable IP without network APIs     has_network: false: the server's address (or accessIPv4) is public

Pure functions here (no HTTP): ``classify`` sorts a server's addresses, ``public_ip_plan`` decides.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

MARK = "polystack.cloud auto_ip for server %s"  # floating IPs this collection allocated for a server


def network_hints(cloud_config):
    """clouds.yaml `networks:` entries, by name and by id."""
    hints = {}
    for net in cloud_config.get("networks") or []:
        for key in ("name", "id"):
            if net.get(key):
                hints[net[key]] = net
    return hints


def is_external(network, hints):
    """A network routes to the internet: labelled so in clouds.yaml, or router:external in neutron."""
    if not network:
        return False
    hint = hints.get(network.get("id")) or hints.get(network.get("name"))
    if hint and hint.get("routes_externally") is not None:
        return bool(hint["routes_externally"])
    return bool(network.get("router:external", network.get("is_router_external")))


def _version(addr):
    try:
        return ipaddress.ip_address(addr).version
    except ValueError:
        return None


PRIVATE_NETS = [
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
    )
]


def is_private_address(addr):
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return True
    return any(ip in net for net in PRIVATE_NETS if net.version == ip.version)


def classify(server, networks_by_name, hints, has_network=True, floating_ip_source="neutron"):
    """{public_v4, public_v6, private_v4, floating: [...], fixed_public: bool} for a nova server dict.

    networks_by_name: the neutron network documents of the networks the server is on, by name.
    Without network APIs there are no network documents: a clouds.yaml label decides, else a cloud with
    (nova) floating IPs has private fixed addresses, else an address outside the private ranges is public."""
    out = {"public_v4": "", "public_v6": "", "private_v4": "", "floating": [], "fixed_public": False}
    addresses = server.get("addresses") or {}
    nova_fips = str(floating_ip_source or "").lower() == "nova"
    for net_name in sorted(addresses):
        network = networks_by_name.get(net_name)
        for entry in addresses[net_name]:
            addr = entry.get("addr")
            version = entry.get("version") or _version(addr)
            kind = entry.get("OS-EXT-IPS:type", "fixed")
            if has_network:
                external = is_external(network, hints)
            elif net_name in hints and hints[net_name].get("routes_externally") is not None:
                external = bool(hints[net_name]["routes_externally"])
            else:
                external = not nova_fips and not is_private_address(addr)
            if kind == "floating":
                out["floating"].append(addr)
                if version == 4 and not out["public_v4"]:
                    out["public_v4"] = addr
                elif version == 6 and not out["public_v6"]:
                    out["public_v6"] = addr
            elif external:
                out["fixed_public"] = True
                if version == 4 and not out["public_v4"]:
                    out["public_v4"] = addr
                elif version == 6 and not out["public_v6"]:
                    out["public_v6"] = addr
            elif version == 4 and not out["private_v4"]:
                out["private_v4"] = addr
            elif version == 6 and not out["public_v6"]:
                out["public_v6"] = addr  # IPv6 from a tenant subnet is globally routed on most clouds
    if not out["public_v4"] and not has_network and server.get("accessIPv4"):
        out["public_v4"] = server["accessIPv4"]
    if not out["private_v4"]:
        out["private_v4"] = out["public_v4"] if out["fixed_public"] else ""
    return out


def interface_ip(addresses, private=False):
    """The address to reach the server on: public v4, else public v6, else private v4 (or private first)."""
    if private:
        return addresses["private_v4"] or addresses["public_v4"] or addresses["public_v6"]
    return addresses["public_v4"] or addresses["public_v6"] or addresses["private_v4"]


def public_ip_plan(addresses, floating_ip_source="neutron", has_network=True):
    """What auto_ip must do: 'none' (already public), 'neutron' or 'nova' (allocate a floating IP),
    or 'impossible' (no way to a public address on this cloud)."""
    if addresses["public_v4"] or addresses["fixed_public"]:
        return "none"
    source = str(floating_ip_source or "none").lower()
    if source == "nova":
        return "nova"
    if source == "neutron" and has_network:
        return "neutron"
    return "impossible"


def pick_external_network(networks, hints, wanted=None):
    """The network floating IPs come from: `wanted` (ip_pool) by name or id, else the only external one
    (router:external, or labelled routes_externally and not default_interface)."""
    if wanted:
        found = [n for n in networks if wanted in (n.get("id"), n.get("name"))]
        return found[0] if len(found) == 1 else None
    external = [
        n
        for n in networks
        if n.get("router:external")
        or (
            is_external(n, hints)
            and not (hints.get(n.get("name")) or hints.get(n.get("id")) or {}).get("default_interface")
        )
    ]
    return external[0] if len(external) == 1 else None


def pick_nat_port(ports, networks_by_id, hints, nat_destination=None):
    """The server port a floating IP goes on: on nat_destination (option, or labelled in clouds.yaml),
    else the first port on a network that does not route externally."""
    if nat_destination:
        chosen = [
            p
            for p in ports
            if nat_destination in (p["network_id"], (networks_by_id.get(p["network_id"]) or {}).get("name"))
        ]
        return chosen[0] if chosen else None
    labelled = [name for name, h in hints.items() if h.get("nat_destination")]
    for port in ports:
        net = networks_by_id.get(port["network_id"]) or {}
        if net.get("name") in labelled or net.get("id") in labelled:
            return port
    for port in ports:
        if not is_external(networks_by_id.get(port["network_id"]), hints):
            return port
    return None
