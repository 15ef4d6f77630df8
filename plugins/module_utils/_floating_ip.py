# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Floating IPs as a state: a server's public address (whatever port it goes on), or one address on its own.

The state idiom of the engine: plan first (before, after, what would be done), then return the plan (check mode)
or carry it out. Each function returns {changed, before, after, floating_ip}; before/after are the diff view (the
addresses and where they point). os_floating_ip calls these; the server engine and the Python API's add_auto_ip
share the same helpers of _compute (finding the port, the pool, attaching). Nothing here imports Ansible."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.polystack.cloud.plugins.module_utils import _compute
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError


def view(fips):
    """The diff view: each floating address and the fixed address it points to."""
    return {
        "floating_ips": sorted(
            "%s -> %s" % (f["floating_ip_address"], f.get("fixed_ip_address") or "none") for f in fips
        )
    }


def _result(changed, before, after, floating_ip):
    return dict(changed=changed, before=before, after=after, floating_ip=floating_ip)


def _matching(cloud, attached, address=None, fixed_address=None, network=None):
    """The server's floating IPs the task is about: of that address, on that fixed address, and (no address
    given) from that network's pool."""
    found = [
        f
        for f in attached
        if (not address or f["floating_ip_address"] == address)
        and (not fixed_address or f.get("fixed_ip_address") == fixed_address)
    ]
    if network and not address:
        net_id = _compute.floating_ip_pool(cloud, network)["id"]
        found = [f for f in found if f["network_id"] == net_id]
    return found


def for_server(cloud, server, state="present", address=None, fixed_address=None, network=None,
               nat_destination=None, purge=False, reuse=False, check_mode=False):  # fmt: skip
    """A floating IP on the server `server` (name or id): present attaches one (`address`, or a new or, with
    reuse, a free one from the pool) unless one that matches is there; absent detaches the matching ones (purge:
    deletes them). A missing server is an error for present, nothing to do for absent."""
    found = cloud.get_server(server, bare=True)
    if found is None:
        if state == "absent":
            return _result(False, {}, {}, None)
        raise ConfigError("server %s not found on cloud %s region %s" % (server, cloud.name, cloud.region_name))
    ports, attached = _compute.server_floating_ips(cloud, found["id"])
    relevant = _matching(cloud, attached, address, fixed_address, network)
    before = view(attached)
    if state == "absent":
        if relevant and not check_mode:
            for f in relevant:
                if purge:
                    cloud.delete_floating_ip(f["id"])
                else:
                    cloud.update_floating_ip(f["id"], port_id=None)
        return _result(bool(relevant), before, view([f for f in attached if f not in relevant]), None)
    if relevant:
        return _result(False, before, before, relevant[0])
    port = _compute.floating_ip_port(cloud, server, ports, fixed_address, nat_destination)
    existing = _compute.existing_floating_ip(cloud, address, port)
    # chosen before check mode reports: what the real run could not choose, check mode refuses too
    pool = None if existing is not None else _compute.floating_ip_pool(cloud, network, port)
    if check_mode:
        planned = {
            "floating_ip_address": address or "(new)",
            "fixed_ip_address": (port.get("fixed_ips") or [{}])[0].get("ip_address"),
        }
        return _result(True, before, view(attached + [planned]), planned)
    fip = _compute.attach_floating_ip(cloud, found["id"], port, existing, address, pool, reuse)
    return _result(True, before, view(attached + [fip]), fip)


def standalone(cloud, address, state="present", network=None, check_mode=False):
    """The floating IP `address` allocated in the project (from `network`'s pool) or released; without a
    server the address is what makes the task idempotent, so it is required."""
    if not address:
        raise ConfigError("without server, floating_ip_address says which floating IP (so that the task is idempotent)")
    current = cloud.get_floating_ip(address)
    before = view([current] if current else [])
    if state == "absent":
        if current is not None and not check_mode:
            cloud.delete_floating_ip(current["id"])
        return _result(current is not None, before, {"floating_ips": []} if current else before, None)
    if current is not None:
        return _result(False, before, before, current)
    pool = _compute.floating_ip_pool(cloud, network)  # a missing pool fails check mode too
    fip = {"floating_ip_address": address}
    if not check_mode:
        fip = cloud.create_floating_ip(pool, floating_ip_address=address)
    return _result(True, before, view([fip]), fip)
