# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Neutron resources as the os_network, os_subnet, os_router, os_port and os_security_group* modules manage them.

One flow for every kind (the modules, the Python API and the demo playbook's roles all go through it):

  scope      the project a name belongs to (the task's ``project``, else the one the token is scoped to): a name
             never reaches another project's resource, even with an admin token that lists every project's
  find       the managed resource by name or id within that scope; references (a subnet's network, a port's
             security groups, a router's external network) by name or id among what the project sees, its own
             first
  plan       before, after and the actions (create, update with the changed fields only, delete, rules to add
             and remove, router interfaces to add and remove); check mode reports the plan and stops there
  apply      carries the plan out; a failure while creating deletes what this run made

Security group rules are compared the way neutron itself decides that two rules are one (its ``_rule_to_key``),
plus what other clouds and older playbooks write for the same rule: protocol names or numbers (``icmpv6`` is
``ipv6-icmp`` is 58), ``any``/``0``/``-1``/none for every protocol, ``-1``/none/``1-65535``/``0-65535`` for any port,
a host address without ``/32``/``/128``, ``0.0.0.0/0``/``::/0`` for any address, and the ethertype taken from
the prefix when the task gives none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible_collections.polystack.cloud.plugins.module_utils import _ledger
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    AmbiguousResource,
    ConfigError,
    HTTPError,
    NotFound,
)

# neutron_lib.constants.IP_PROTOCOL_MAP (neutron accepts these names and any number 0-255)
PROTOCOLS = {
    "ah": 51,
    "dccp": 33,
    "egp": 8,
    "esp": 50,
    "gre": 47,
    "icmp": 1,
    "icmpv6": 58,
    "igmp": 2,
    "ipip": 4,
    "ipv6-encap": 41,
    "ipv6-frag": 44,
    "ipv6-icmp": 58,
    "ipv6-nonxt": 59,
    "ipv6-opts": 60,
    "ipv6-route": 43,
    "ospf": 89,
    "pgm": 113,
    "rsvp": 46,
    "sctp": 132,
    "tcp": 6,
    "udp": 17,
    "udplite": 136,
    "vrrp": 112,
}
ANY_PROTOCOL = (None, "", "any", "0", "-1")  # openstack.cloud documents 0 as any; some clouds report -1
PORT_PROTOCOLS = (6, 17, 33, 132, 136)  # tcp, udp, dccp, sctp, udplite: the ones with port ranges
ICMP_PROTOCOLS = (1, 58)
IPV6_PROTOCOLS = (41, 43, 44, 58, 59, 60)  # neutron refuses them in an IPv4 rule
RULE_FIELDS = (
    "direction",
    "ethertype",
    "protocol",
    "port_range_min",
    "port_range_max",
    "remote_ip_prefix",
    "remote_group_id",
    "remote_address_group_id",
    "description",
)


# -- scope and lookups --------------------------------------------------------------------------------------------


def project_id(cloud, project=None):
    """The id of the project the task works in: ``project`` (name or id; other projects need an admin token),
    else the token's own project."""
    own = cloud.current_project_id
    auth = cloud.config.config.get("auth") or {}
    if not project or project in (own, auth.get("project_name"), auth.get("project_id")):
        return own
    try:
        found = _identity_project(cloud, project)
    except HTTPError as e:
        if e.status != 403:
            raise
        raise ConfigError(
            "project %r (option project): the user of cloud %s may not look up other projects (keystone answered "
            "403); leave project out to work in the token's own project, or use an admin's cloud"
            % (project, cloud.name)
        ) from None
    if not found:
        raise NotFound(
            "project %r not found on cloud %s (option project)" % (project, cloud.name),
            cloud=cloud.name,
            region=cloud.region_name,
        )
    return found["id"]


def _identity_project(cloud, project):
    """A keystone project by id, else by name (None when neither)."""
    try:
        return cloud.request("identity", "GET", "/v3/projects/%s" % project).json().get("project")
    except NotFound:
        pass
    listed = cloud.request("identity", "GET", "/v3/projects", params={"name": project}).json().get("projects")
    if len(listed or []) > 1:
        raise AmbiguousResource("project", project, listed, cloud=cloud.name, region=cloud.region_name)
    return listed[0] if listed else None


def find_own(cloud, kind, name_or_id, project):
    """The managed resource: by id, or by name within the project (an admin token sees every project's)."""
    found = cloud.search(kind, name_or_id, filters={"project_id": project}, raw=True)
    found = [f for f in found if f.get("project_id", f.get("tenant_id")) in (project, None) or f["id"] == name_or_id]
    if len(found) > 1:
        raise AmbiguousResource(kind.replace("_", " "), name_or_id, found, cloud=cloud.name, region=cloud.region_name)
    return found[0] if found else None


def find_ref(cloud, kind, ref, project, option):
    """A resource the task refers to (a network, a subnet, a security group): by id, or by name among those the
    project sees, its own first (an external network belongs to the admin project); missing or ambiguous fails
    with the option's name, before anything is made."""
    found = cloud.search(kind, ref, raw=True)
    if len(found) > 1:
        own = [f for f in found if f.get("project_id") == project]
        found = own if len(own) == 1 else found
    what = kind.replace("_", " ")
    if not found and _ledger.planned(cloud, kind, ref, project):
        # an earlier task of this check run predicted it: the real run finds what that task made
        return {"id": "%s %s %s" % (what, ref, _ledger.PLANNED), "name": ref, "project_id": project}
    if not found:
        raise NotFound(
            "%s %r not found on cloud %s region %s (option %s)" % (what, ref, cloud.name, cloud.region_name, option),
            cloud=cloud.name,
            region=cloud.region_name,
        )
    if len(found) > 1:
        raise AmbiguousResource(what, ref, found, cloud=cloud.name, region=cloud.region_name)
    return found[0]


# -- comparison --------------------------------------------------------------------------------------------------


def _hashable(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items() if v is not None))
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def same(current, wanted, ordered=False):
    """Whether the cloud's value is the one the task asks for: lists of mappings (pools, routes, fixed IPs, address
    pairs) compare as sets unless their order matters (DNS servers); None and [] are alike."""
    if isinstance(wanted, list) or isinstance(current, list):
        current, wanted = list(current or []), list(wanted or [])
        if ordered:
            return [_hashable(v) for v in current] == [_hashable(v) for v in wanted]
        return sorted(map(repr, map(_hashable, current))) == sorted(map(repr, map(_hashable, wanted)))
    if isinstance(wanted, dict) and isinstance(current, dict):
        return all(same(current.get(k), v) for k, v in wanted.items())
    return current == wanted


def changed_fields(current, body, ordered=()):
    """The fields of body whose value differs from the cloud's."""
    return dict((k, v) for k, v in body.items() if not same(current.get(k), v, ordered=k in ordered))


# -- security group rules ---------------------------------------------------------------------------------------


def protocol_number(value):
    """A protocol as neutron compares it: None for any, else its number (names and numbers alike)."""
    text = None if value is None else str(value).strip().lower()
    if text in ANY_PROTOCOL:
        return None
    if text in PROTOCOLS:
        return PROTOCOLS[text]
    try:
        number = int(text)
    except ValueError:
        raise ConfigError(
            "protocol %r is not one neutron knows: give a name (%s) or a number 0-255, or any"
            % (value, ", ".join(sorted(PROTOCOLS)))
        ) from None
    if not 0 <= number <= 255:
        raise ConfigError("protocol %r is not a number 0-255" % (value,))
    return number


def parse_prefix(value, option="remote_ip_prefix"):
    """An address prefix as a network (a host without a mask is /32 or /128), None when not given."""
    if value in (None, ""):
        return None
    try:
        return ipaddress.ip_network(str(value).strip(), strict=False)
    except ValueError:
        raise ConfigError("%s %r is not an IP address or CIDR prefix" % (option, value)) from None


def prefix_network(value, option="remote_ip_prefix"):
    """As parse_prefix, and None for 0.0.0.0/0 and ::/0: any address, as neutron compares rules."""
    net = parse_prefix(value, option)
    return None if net is None or net.prefixlen == 0 else net


def _port(value):
    return None if value in (None, "", -1, "-1") else int(value)


def rule_key(rule):
    """What makes two rules one rule, whatever each cloud or playbook wrote (after neutron's _rule_to_key)."""
    ethertype = rule.get("ethertype") or "IPv4"
    proto = protocol_number(rule.get("protocol"))
    if proto == 1 and ethertype == "IPv6":
        proto = 58  # neutron turns an IPv6 icmp rule into ipv6-icmp
    low, high = _port(rule.get("port_range_min")), _port(rule.get("port_range_max"))
    if proto in PORT_PROTOCOLS and (low, high) in ((1, 65535), (0, 65535)):
        low = high = None  # every port, as neutron stores it
    if proto is None:
        low = high = None
    net = prefix_network(rule.get("remote_ip_prefix"))
    return (
        rule.get("direction") or "ingress",
        ethertype,
        proto,
        low,
        high,
        str(net) if net else None,
        rule.get("remote_group_id") or None,
        rule.get("remote_address_group_id") or None,
    )


def rule_body(spec, cloud=None, project=None, where="rule"):
    """A rule of the task (openstack.cloud's option names) as neutron's create body, checked before any request:
    the ethertype follows the prefix when not given, a port protocol given one port gets the range of that port,
    an ICMP code needs a type, a prefix of the other IP version fails here rather than in neutron."""
    net = parse_prefix(spec.get("remote_ip_prefix"), option="%s remote_ip_prefix" % where)
    proto = protocol_number(spec.get("protocol"))
    given = spec.get("ether_type") or spec.get("ethertype")
    # from the prefix (::/0 is IPv6), else from an IPv6-only protocol (icmpv6), else IPv4 (neutron's default)
    ethertype = given or ("IPv%d" % net.version if net else "IPv6" if proto in IPV6_PROTOCOLS else "IPv4")
    if net and ethertype != "IPv%d" % net.version:
        raise ConfigError(
            "%s: ether_type %s does not match remote_ip_prefix %s (an IPv%d prefix)"
            % (where, ethertype, spec.get("remote_ip_prefix"), net.version)
        )
    if spec.get("remote_ip_prefix") and spec.get("remote_group"):
        raise ConfigError("%s: remote_ip_prefix and remote_group are mutually exclusive" % where)
    if proto in IPV6_PROTOCOLS and ethertype == "IPv4":
        raise ConfigError("%s: protocol %s is IPv6 only, ether_type says IPv4" % (where, spec.get("protocol")))
    low, high = _port(spec.get("port_range_min")), _port(spec.get("port_range_max"))
    if proto is None and (low is not None or high is not None):
        raise ConfigError("%s: port_range_min/port_range_max need a protocol (tcp, udp, icmp, ...)" % where)
    if proto in PORT_PROTOCOLS:
        if low is not None and high is None:
            high = low
        if low is None and high is not None:
            raise ConfigError("%s: port_range_max %s needs port_range_min" % (where, high))
        if low is not None and not 1 <= low <= high <= 65535 and (low, high) != (0, 65535):
            raise ConfigError("%s: the port range %s-%s is not within 1-65535, low to high" % (where, low, high))
    if proto in ICMP_PROTOCOLS:
        if low is None and high is not None:
            raise ConfigError("%s: an ICMP code (port_range_max) needs an ICMP type (port_range_min)" % where)
        for value in (low, high):
            if value is not None and not 0 <= value <= 255:
                raise ConfigError("%s: ICMP type and code are 0-255 (or -1 for any), not %s" % (where, value))
    elif proto not in PORT_PROTOCOLS and (low is not None or high is not None):
        raise ConfigError("%s: only tcp, udp, dccp, sctp, udplite and icmp rules have port ranges" % where)
    if proto in PORT_PROTOCOLS and (low, high) in ((1, 65535), (0, 65535)):
        low = high = None
    body = {
        "direction": spec.get("direction") or "ingress",
        "ethertype": ethertype,
        "protocol": None if proto is None else _protocol_text(spec.get("protocol"), proto, ethertype),
        "port_range_min": low,
        "port_range_max": high,
        "remote_ip_prefix": str(net) if net else None,
        "remote_group_id": None,
        "description": spec.get("description"),
    }
    if spec.get("remote_group"):
        body["remote_group_id"] = find_ref(
            cloud, "security_group", spec["remote_group"], project, "%s remote_group" % where
        )["id"]
    return dict((k, v) for k, v in body.items() if v is not None)


def _protocol_text(given, number, ethertype):
    """The protocol as the task wrote it when neutron keeps it so (a name, or a number), IPv6 ICMP as neutron
    stores it: what the cloud will show, so that check mode's `after` is the real run's."""
    text = str(given).strip().lower()
    if number in ICMP_PROTOCOLS and ethertype == "IPv6":
        return "ipv6-icmp" if not text.isdigit() else "58"
    return text


def rule_view(rule):
    """A rule as the diff shows it: its defining fields, no ids or timestamps."""
    return dict((k, rule.get(k)) for k in RULE_FIELDS if rule.get(k) not in (None, ""))


def plan_rules(current_rules, wanted_bodies, exclusive=True):
    """(to add, to delete): the wanted rules missing from the group, and (exclusive) the group's rules that no
    wanted rule matches."""
    have = dict((rule_key(r), r) for r in current_rules)
    want = dict((rule_key(b), b) for b in wanted_bodies)
    add = [b for k, b in want.items() if k not in have]
    delete = [r for k, r in have.items() if k not in want] if exclusive else []
    return add, delete


def rule_result(cloud, rule):
    """A rule as openstack.cloud returns it (ether_type, openstacksdk's name, beside neutron's ethertype)."""
    out = result(cloud, "security_group_rule", rule)
    out["ether_type"] = rule.get("ethertype")
    return out


# -- generic plan and apply ---------------------------------------------------------------------------------------

PATHS = {
    "network": "/v2.0/networks",
    "subnet": "/v2.0/subnets",
    "port": "/v2.0/ports",
    "router": "/v2.0/routers",
    "security_group": "/v2.0/security-groups",
    "security_group_rule": "/v2.0/security-group-rules",
}
ROUTER_INTERFACE_OWNERS = (
    "network:router_interface",
    "network:router_interface_distributed",
    "network:ha_router_replicated_interface",
)


class Plan(dict):
    """What a task does to one resource: action (create, update, delete or None), before/after as the diff shows
    them, the current resource (raw), the body to send, and the kind's extra steps (rules, interfaces)."""

    @property
    def changed(self):
        return bool(self["action"]) or any(self["extra"].get(k) for k in ("add", "remove"))


def list_match(current, wanted):
    """Lists of mappings: each wanted entry matched by its own current entry on the keys it gives (a fixed IP
    given by subnet alone matches whatever address neutron chose, an address pair without a MAC any MAC)."""
    current, wanted = list(current or []), list(wanted or [])
    if len(current) != len(wanted):
        return False
    left = list(current)
    for want in wanted:
        if not isinstance(want, dict):
            if want not in left:
                return False
            left.remove(want)
            continue
        hit = next(
            (c for c in left if isinstance(c, dict) and all(c.get(k) == v for k, v in want.items() if v is not None)),
            None,
        )
        if hit is None:
            return False
        left.remove(hit)
    return True


def differs(kind, field, current, wanted):
    if field == "dns_nameservers":
        return list(current or []) != list(wanted or [])
    if field in ("security_groups", "tags"):
        return sorted(current or []) != sorted(wanted or [])
    if field == "cidr":
        return prefix_network(current) != prefix_network(wanted)
    if field == "external_gateway_info":
        if not wanted or not current:
            return bool(wanted) != bool(current)
        return any(
            (not list_match(current.get(k), v) if k == "external_fixed_ips" else current.get(k) != v)
            for k, v in wanted.items()
        )
    if isinstance(wanted, list):
        return not list_match(current, wanted)
    return current != wanted


def view(raw, fields, shape=None):
    """The resource as the diff shows it: id, name and the fields the task names (of a mapping such as the
    router's gateway, the keys the task names: the others are the cloud's choice)."""
    if not raw:
        return {}
    out = dict((k, raw.get(k)) for k in ("id", "name") if k in raw)
    for field in fields:
        value, wanted = raw.get(field), (shape or {}).get(field)
        if isinstance(value, dict) and isinstance(wanted, dict):
            value = dict((k, value.get(k)) for k in wanted)
        elif isinstance(value, list) and wanted and all(isinstance(w, dict) for w in wanted):
            keys = sorted(set(k for w in wanted for k in w))  # an address pair given without its MAC: shown so
            value = [dict((k, v.get(k)) for k in keys) if isinstance(v, dict) else v for v in value]
        out[field] = value
    return out


LOOKUP = object()  # plan(current=LOOKUP): find the resource first


def plan(cloud, kind, name, state, body, project, create_only=(), current=LOOKUP):
    """The plan for one neutron resource named `name` in `project`: body holds the API fields the task gives."""
    if current is LOOKUP:
        current = find_own(cloud, kind, name, project)
    fields = sorted(body)
    before = view(current, fields, body)
    out = Plan(kind=kind, current=current, before=before, after=before, body={}, extra={}, action=None)
    out.update(fields=fields, shape=body)
    if state == "absent":
        if current is not None:
            out.update(action="delete", after={})
        return out
    if current is None:
        create = dict(body, name=name)
        if project != cloud.current_project_id:
            create["project_id"] = project
        out.update(action="create", body=create, after=dict(name=name, **dict((f, create.get(f)) for f in fields)))
        return out
    changes = dict((k, v) for k, v in body.items() if differs(kind, k, current.get(k), v))
    fixed = [k for k in changes if k in create_only]
    if fixed:
        raise ConfigError(
            "%s %s on cloud %s region %s: %s cannot be changed once it is made (it has %s, the task asks %s); "
            "delete it and make it again"
            % (
                kind.replace("_", " "),
                name,
                cloud.name,
                cloud.region_name,
                ", ".join(fixed),
                ", ".join(repr(current.get(k)) for k in fixed),
                ", ".join(repr(changes[k]) for k in fixed),
            )
        )
    if changes:
        out.update(action="update", body=changes, after=dict(before, **changes))
    return out


WRAPPER = {
    "network": "network",
    "subnet": "subnet",
    "port": "port",
    "router": "router",
    "security_group": "security_group",
    "security_group_rule": "security_group_rule",
}


def post(cloud, kind, body, find=None):
    """Create one resource (raw). find: when the answer is lost, returns what the lost request made, so that a
    retried POST never makes two (CloudSession.create)."""
    wrapper = WRAPPER[kind]
    if kind == "network":
        cloud._networks = None  # the Cloud's listing of visible networks is stale now
    if find is None:
        return cloud.request("network", "POST", PATHS[kind], json={wrapper: body}).json()[wrapper]
    resp, found = cloud.session.create("network", PATHS[kind], find, json={wrapper: body})
    return found if found is not None else resp.json()[wrapper]


def put(cloud, kind, ident, changes):
    if kind == "network":
        cloud._networks = None
    wrapper = WRAPPER[kind]
    return cloud.request("network", "PUT", "%s/%s" % (PATHS[kind], ident), json={wrapper: changes}).json()[wrapper]


def delete(cloud, kind, ident):
    """DELETE by id; False when it was already gone (another run, or a parallel task)."""
    if kind == "network":
        cloud._networks = None
    try:
        cloud.request("network", "DELETE", "%s/%s" % (PATHS[kind], ident))
    except NotFound:
        return False
    return True


def apply(cloud, plan_, name=None, project=None):
    """Carries out a plan; returns the resource as the cloud shows it after (raw), None when deleted."""
    kind, current, action = plan_["kind"], plan_["current"], plan_["action"]
    if action == "delete":
        delete(cloud, kind, current["id"])
        return None
    if action == "create":
        body = plan_["body"]
        return post(
            cloud, kind, body, find=lambda: find_own(cloud, kind, body["name"], project or cloud.current_project_id)
        )
    if action == "update":
        changes = dict(plan_["body"])
        tags = changes.pop("tags", None)
        updated = current
        if changes:
            updated = put(cloud, kind, current["id"], changes)
        if tags is not None:
            path = "%s/%s/tags" % (PATHS[kind], current["id"])
            updated = dict(updated, tags=cloud.request("network", "PUT", path, json={"tags": tags}).json().get("tags"))
        return updated
    return current


def given(params, pairs):
    """The API body of the options the task gives: (option, API field) pairs; options left out are not touched."""
    return dict((api, params[option]) for option, api in pairs if params.get(option) is not None)


# openstacksdk's attribute names (openstack.cloud returns them) for neutron's fields, where they differ or where
# neutron leaves the field out (an extension the cloud does not have): null then, as openstacksdk gives it
SDK_NAMES = {
    "network": {
        "dns_domain": "dns_domain",
        "is_default": "is_default",
        "ipv4_address_scope_id": "ipv4_address_scope",
        "ipv6_address_scope_id": "ipv6_address_scope",
        "is_vlan_transparent": "vlan_transparent",
        "provider_segmentation_id": "provider:segmentation_id",
        "qos_policy_id": "qos_policy_id",
        "segments": "segments",
    },
    "subnet": {
        "dns_publish_fixed_ip": "dns_publish_fixed_ip",
        "prefix_length": "prefixlen",
        "segment_id": "segment_id",
        "subnet_pool_id": "subnetpool_id",
        "use_default_subnet_pool": "use_default_subnetpool",
    },
    "router": {"is_admin_state_up": "admin_state_up", "is_distributed": "distributed", "is_ha": "ha"},
    "port": dict(
        [(k, k) for k in ("data_plane_status", "device_profile", "dns_assignment", "dns_domain", "dns_name")]
        + [(k, k) for k in ("ip_allocation", "numa_affinity_policy", "propagate_uplink_status")]
        + [(k, k) for k in ("qos_network_policy_id", "qos_policy_id", "resource_request", "trunk_details")]
        + [("binding_" + k, "binding:" + k) for k in ("host_id", "profile", "vif_details", "vif_type", "vnic_type")]
        + [("is_admin_state_up", "admin_state_up"), ("is_port_security_enabled", "port_security_enabled")]
    ),
    "security_group_rule": {"name": "name", "tags": "tags"},
}


def result(cloud, kind, raw):
    if raw is None:
        return None
    out = cloud.normalize(kind, sorted_rules(raw) if kind == "security_group" else raw)
    for sdk, api in SDK_NAMES.get(kind, {}).items():
        if sdk not in out:
            out[sdk] = raw.get(api)
    return out


def sorted_rules(group):
    """A group with its rules in a stable order (neutron lists them in no particular one, so two reads of an
    unchanged group would differ)."""
    return dict(group, security_group_rules=sorted(group.get("security_group_rules") or [], key=_rule_order))


def _rule_order(rule):
    return tuple("" if rule.get(k) is None else str(rule.get(k)) for k in RULE_FIELDS + ("id",))


def run(cloud, p, check_mode, after_apply=None, after_view=None):
    """Check mode reports the plan; a real run applies it (then after_apply: the kind's extra steps) and its diff's
    `after` is the resource as the cloud shows it then (after_view adds what the kind shows beside its fields)."""
    if check_mode or not p.changed:
        if p["action"] == "delete":
            return p.changed, None
        if check_mode and p["action"] == "create":  # later tasks of this check run may name it
            _ledger.record(cloud, p["kind"], p["body"]["name"], p.get("project") or cloud.current_project_id)
        predicted = dict(p["current"] or {})
        predicted.update(p["body"])
        return p.changed, predicted
    raw = apply(cloud, p, project=p.get("project"))
    if after_apply is not None and p["action"] != "delete":
        raw = after_apply(raw)
    after = view(raw, p["fields"], p["shape"])
    if after and after_view is not None:
        after.update(after_view(raw))
    p["after"] = after
    return True, raw


def diff(p):
    return {"before": p["before"], "after": p["after"]}


# -- networks ------------------------------------------------------------------------------------------------------

NETWORK_FIELDS = (
    ("admin_state_up", "admin_state_up"),
    ("shared", "shared"),
    ("external", "router:external"),
    ("is_default", "is_default"),
    ("port_security_enabled", "port_security_enabled"),
    ("mtu", "mtu"),
    ("dns_domain", "dns_domain"),
    ("description", "description"),
    ("tags", "tags"),
    ("provider_network_type", "provider:network_type"),
    ("provider_physical_network", "provider:physical_network"),
    ("provider_segmentation_id", "provider:segmentation_id"),
    ("is_vlan_transparent", "vlan_transparent"),
)
NETWORK_FIXED = ("provider:network_type", "provider:physical_network", "provider:segmentation_id", "vlan_transparent")


def ensure_network(cloud, params, check_mode=False):
    """(changed, network after or None, diff) for os_network's options."""
    project = project_id(cloud, params.get("project"))
    body = given(params, NETWORK_FIELDS)
    if body.get("mtu") is not None and body["mtu"] < 68:
        raise ConfigError("mtu must be 68 or more (IPv4's minimum), not %d" % body["mtu"])
    p = plan(cloud, "network", params["name"], params.get("state") or "present", body, project, NETWORK_FIXED)
    p["project"] = project
    changed, raw = run(cloud, p, check_mode)
    return changed, result(cloud, "network", raw), diff(p)


# -- subnets -------------------------------------------------------------------------------------------------------

SUBNET_FIELDS = (
    ("description", "description"),
    ("dns_nameservers", "dns_nameservers"),
    ("host_routes", "host_routes"),
    ("is_dhcp_enabled", "enable_dhcp"),
    ("ipv6_ra_mode", "ipv6_ra_mode"),
    ("ipv6_address_mode", "ipv6_address_mode"),
    ("use_default_subnet_pool", "use_default_subnetpool"),
    ("network_segment", "segment_id"),
    ("tags", "tags"),
)
SUBNET_FIXED = (
    "network_id",
    "cidr",
    "ip_version",
    "ipv6_ra_mode",
    "ipv6_address_mode",
    "subnetpool_id",
    "prefixlen",
    "use_default_subnetpool",
    "segment_id",
)


def subnet_body(cloud, params, project, current):
    body = given(params, SUBNET_FIELDS)
    if params.get("prefix_length") is not None:
        try:
            body["prefixlen"] = int(params["prefix_length"])
        except ValueError:
            raise ConfigError("prefix_length must be a number, not %r" % params["prefix_length"]) from None
    body.update(params.get("extra_attrs") or {})
    if params.get("network"):
        body["network_id"] = find_ref(cloud, "network", params["network"], project, "network")["id"]
    elif current is None and params.get("state", "present") == "present":
        raise ConfigError("subnet %s does not exist: give network (and cidr) to create it" % params["name"])
    net = prefix_network(params.get("cidr"), option="cidr") if params.get("cidr") else None
    if net is not None:
        body["cidr"] = str(net)
    version = params.get("ip_version") or (net.version if net else None)
    if version is not None:
        body["ip_version"] = int(version)
    if net is not None and int(version) != net.version:
        raise ConfigError("cidr %s is an IPv%d prefix, ip_version says %s" % (params["cidr"], net.version, version))
    if params.get("subnet_pool"):
        body["subnetpool_id"] = subnet_pool_id(cloud, params["subnet_pool"])
    if current is None and not (net or body.get("subnetpool_id") or body.get("use_default_subnetpool")):
        raise ConfigError(
            "subnet %s does not exist: give cidr (or subnet_pool, or use_default_subnet_pool) to create it"
            % params["name"]
        )
    if params.get("disable_gateway_ip") and params.get("gateway_ip"):
        raise ConfigError("gateway_ip and disable_gateway_ip contradict each other: give one")
    if params.get("disable_gateway_ip"):
        body["gateway_ip"] = None
    elif params.get("gateway_ip"):
        body["gateway_ip"] = params["gateway_ip"]
    pools = params.get("allocation_pools")
    if params.get("allocation_pool_start") or params.get("allocation_pool_end"):
        if not (params.get("allocation_pool_start") and params.get("allocation_pool_end")):
            raise ConfigError("allocation_pool_start and allocation_pool_end go together")
        pools = list(pools or []) + [{"start": params["allocation_pool_start"], "end": params["allocation_pool_end"]}]
    if pools is not None:
        body["allocation_pools"] = pools
    return body


def subnet_pool_id(cloud, ref):
    pools = cloud.request("network", "GET", "/v2.0/subnetpools").json().get("subnetpools") or []
    found = [s for s in pools if ref in (s["id"], s.get("name"))]
    if len(found) != 1:
        raise ConfigError(
            "subnet_pool %r: %s on cloud %s region %s"
            % (ref, "several have that name" if found else "not found", cloud.name, cloud.region_name)
        )
    return found[0]["id"]


def ensure_subnet(cloud, params, check_mode=False):
    project = project_id(cloud, params.get("project"))
    state = params.get("state") or "present"
    current = find_own(cloud, "subnet", params["name"], project)
    body = subnet_body(cloud, params, project, current) if state == "present" else {}
    p = plan(cloud, "subnet", params["name"], state, body, project, SUBNET_FIXED, current=current)
    p["project"] = project
    changed, raw = run(cloud, p, check_mode)
    return changed, result(cloud, "subnet", raw), diff(p)


# -- ports ---------------------------------------------------------------------------------------------------------

PORT_FIELDS = (
    ("is_admin_state_up", "admin_state_up"),
    ("mac_address", "mac_address"),
    ("is_port_security_enabled", "port_security_enabled"),
    ("allowed_address_pairs", "allowed_address_pairs"),
    ("extra_dhcp_opts", "extra_dhcp_opts"),
    ("device_owner", "device_owner"),
    ("device_id", "device_id"),
    ("binding_vnic_type", "binding:vnic_type"),
    ("binding_profile", "binding:profile"),
    ("dns_name", "dns_name"),
    ("dns_domain", "dns_domain"),
    ("description", "description"),
    ("tags", "tags"),
)
PORT_FIXED = ("network_id", "mac_address")


def fixed_ips_body(cloud, entries, project, option="fixed_ips"):
    """fixed_ips with subnets by name or id (openstack.cloud writes subnet_id; `subnet` too)."""
    out = []
    for i, entry in enumerate(entries or []):
        entry = dict((k, v) for k, v in dict(entry).items() if v is not None)
        subnet = entry.pop("subnet", None) or entry.pop("subnet_id", None)
        if subnet:
            entry["subnet_id"] = find_ref(cloud, "subnet", subnet, project, "%s[%d] subnet_id" % (option, i))["id"]
        ip = entry.pop("ip", None) or entry.get("ip_address")
        if ip:
            entry["ip_address"] = ip
        if not entry:
            raise ConfigError("%s[%d] needs ip_address or subnet_id" % (option, i))
        out.append(entry)
    return out


def ensure_port(cloud, params, check_mode=False):
    project = project_id(cloud, params.get("project"))
    state = params.get("state") or "present"
    current = find_own(cloud, "port", params["name"], project)
    body = {}
    if state == "present":
        body = given(params, PORT_FIELDS)
        if "allowed_address_pairs" in body:
            body["allowed_address_pairs"] = [
                dict((k, v) for k, v in pair.items() if v is not None) for pair in body["allowed_address_pairs"]
            ]
        if params.get("network"):
            body["network_id"] = find_ref(cloud, "network", params["network"], project, "network")["id"]
        elif current is None:
            raise ConfigError("port %s does not exist: give network to create it" % params["name"])
        if params.get("fixed_ips") is not None:
            body["fixed_ips"] = fixed_ips_body(cloud, params["fixed_ips"], project)
        if params.get("no_security_groups"):
            body["security_groups"] = []
        elif params.get("security_groups") is not None:
            body["security_groups"] = [
                find_ref(cloud, "security_group", g, project, "security_groups")["id"]
                for g in params["security_groups"]
            ]
    p = plan(cloud, "port", params["name"], state, body, project, PORT_FIXED, current=current)
    p["project"] = project
    changed, raw = run(cloud, p, check_mode)
    return changed, result(cloud, "port", raw), diff(p)


# -- routers -------------------------------------------------------------------------------------------------------


def gateway_body(cloud, params, project):
    """external_gateway_info from openstack.cloud's network/enable_snat/external_fixed_ips (or the mapping)."""
    info = dict(params.get("external_gateway_info") or {})
    network = params.get("network") or info.pop("network", None) or info.pop("network_id", None)
    snat = params.get("enable_snat")
    snat = info.pop("enable_snat", None) if snat is None else snat
    ips = params.get("external_fixed_ips")
    ips = info.pop("external_fixed_ips", None) if ips is None else ips
    if not network:
        if snat is not None or ips:
            raise ConfigError("enable_snat and external_fixed_ips need network (the external network)")
        return None
    gateway = {"network_id": find_ref(cloud, "network", network, project, "network")["id"]}
    if snat is not None:
        gateway["enable_snat"] = snat
    if ips:
        gateway["external_fixed_ips"] = fixed_ips_body(cloud, ips, project, option="external_fixed_ips")
    return gateway


def interface_wants(cloud, interfaces, project):
    """The router's wanted interfaces: [{subnet_id, ip_address?, network_id?}] from subnet names or ids, or
    openstack.cloud's {net, subnet, portip} mappings."""
    out = []
    for i, item in enumerate(interfaces):
        option = "interfaces[%d]" % i
        if isinstance(item, dict):
            if not item.get("subnet"):
                raise ConfigError("%s needs subnet (and may give net and portip)" % option)
            want = {"subnet_id": find_ref(cloud, "subnet", item["subnet"], project, option + " subnet")["id"]}
            if item.get("net"):
                want["network_id"] = find_ref(cloud, "network", item["net"], project, option + " net")["id"]
            if item.get("portip"):
                want["ip_address"] = item["portip"]
        else:
            subnet = find_ref(cloud, "subnet", str(item), project, option)
            # the router takes the subnet's gateway address (neutron refuses a subnet without one)
            want = {"subnet_id": subnet["id"], "ip_address": subnet.get("gateway_ip"), "gateway": True}
        out.append(want)
    return out


def router_interfaces(cloud, router_id):
    """The router's internal interface ports (not its gateway port)."""
    ports = cloud.request("network", "GET", "/v2.0/ports", params={"device_id": router_id}).json().get("ports") or []
    return [p for p in ports if p.get("device_owner") in ROUTER_INTERFACE_OWNERS]


def interface_view(ports):
    return sorted(
        (
            dict(subnet_id=ip["subnet_id"], ip_address=ip["ip_address"])
            for p in ports
            for ip in p.get("fixed_ips") or []
        ),
        key=lambda v: (v["subnet_id"], v["ip_address"]),
    )


def plan_interfaces(ports, wants):
    """(to add, to remove): wanted interfaces no port has, interface ports no wanted entry names."""
    left = list(wants)
    remove = []
    for port in ports:
        hit = next(
            (
                w
                for w in left
                if any(
                    ip["subnet_id"] == w["subnet_id"]
                    and (w.get("gateway") or w.get("ip_address") in (None, ip["ip_address"]))
                    for ip in port.get("fixed_ips") or []
                )
            ),
            None,
        )
        if hit is None:
            remove.append(port)
        else:
            left.remove(hit)
    return left, remove


def ensure_router(cloud, params, check_mode=False):
    project = project_id(cloud, params.get("project"))
    state = params.get("state") or "present"
    current = find_own(cloud, "router", params["name"], project)
    body = {}
    if state == "present":
        body = given(
            params, (("is_admin_state_up", "admin_state_up"), ("description", "description"), ("tags", "tags"))
        )
        gateway = gateway_body(cloud, params, project)
        if gateway is not None:
            body["external_gateway_info"] = gateway
    p = plan(cloud, "router", params["name"], state, body, project, current=current)
    p["project"] = project
    ports = router_interfaces(cloud, current["id"]) if current else []
    wants = None
    if state == "present" and params.get("interfaces") is not None:
        wants = interface_wants(cloud, params["interfaces"], project)
        add, remove = plan_interfaces(ports, wants)
    else:
        add, remove = [], ports if state == "absent" else []
    p["extra"] = {"add": add, "remove": remove}
    if wants is not None or remove:
        p["before"] = dict(p["before"], interfaces=interface_view(ports)) if current else {}
        kept = [port for port in ports if port not in remove]
        after = interface_view(kept) + [{"subnet_id": w["subnet_id"], "ip_address": w.get("ip_address")} for w in add]
        after.sort(key=lambda v: (v["subnet_id"], v["ip_address"] or ""))
        p["after"] = dict(p["after"], interfaces=after) if state == "present" else {}
    if state == "absent":
        if not check_mode:  # neutron refuses to delete a router that still has interfaces
            for port in remove:
                _router_interface(cloud, current["id"], "remove", {"port_id": port["id"]})
        changed, raw = run(cloud, p, check_mode)
    else:
        shown = (
            (lambda raw: {"interfaces": interface_view(router_interfaces(cloud, raw["id"]))})
            if wants is not None
            else None
        )
        changed, raw = run(
            cloud, p, check_mode, after_apply=lambda raw: apply_interfaces(cloud, p, raw, project), after_view=shown
        )
    return changed, result(cloud, "router", raw), diff(p)


def _router_interface(cloud, router_id, verb, body):
    return cloud.request("network", "PUT", "/v2.0/routers/%s/%s_router_interface" % (router_id, verb), json=body).json()


def apply_interfaces(cloud, p, router, project):
    """Interfaces after the router's own changes; a router this run created is deleted again when one fails."""
    add, remove = p["extra"]["add"], p["extra"]["remove"]
    router_id = (router or p["current"])["id"]
    made = []
    try:
        for want in add:
            if not want.get("gateway"):  # an address of the task's choice: a port of its own, then attached
                port = post(cloud, "port", port_for_interface(cloud, want, project))
                made.append(port["id"])
                _router_interface(cloud, router_id, "add", {"port_id": port["id"]})
            else:
                _router_interface(cloud, router_id, "add", {"subnet_id": want["subnet_id"]})
    except Exception:
        if p["action"] == "create":
            for port in router_interfaces(cloud, router_id):
                _router_interface(cloud, router_id, "remove", {"port_id": port["id"]})
            delete(cloud, "router", router_id)
        for port_id in made:
            delete(cloud, "port", port_id)
        raise
    for port in remove:
        _router_interface(cloud, router_id, "remove", {"port_id": port["id"]})
    return router


def port_for_interface(cloud, want, project):
    network = want.get("network_id")
    if not network:
        subnet = cloud.request("network", "GET", "/v2.0/subnets/%s" % want["subnet_id"]).json()["subnet"]
        network = subnet["network_id"]
    fixed = {"subnet_id": want["subnet_id"]}
    if want.get("ip_address"):
        fixed["ip_address"] = want["ip_address"]
    body = {"network_id": network, "fixed_ips": [fixed]}
    if project != cloud.current_project_id:
        body["project_id"] = project
    return body


# -- security groups -----------------------------------------------------------------------------------------------

SELF = "(this group)"  # a rule of the group that names the group itself as remote_group, before the group exists
CLASSIC_DEFAULT_EGRESS = (
    {"direction": "egress", "ethertype": "IPv4"},
    {"direction": "egress", "ethertype": "IPv6"},
)


def default_rules(cloud):
    """The rules neutron gives a new group that is not `default`: its rule templates where the cloud has them
    (security-groups-default-rules), else the classic egress-anywhere pair."""
    try:
        found = cloud.request(
            "network", "GET", "/v2.0/default-security-group-rules", params={"used_in_non_default_sg": "true"}
        ).json()
    except NotFound:
        return [dict(r) for r in CLASSIC_DEFAULT_EGRESS]
    rules = found.get("default_security_group_rules") or []
    return [
        dict((k, v) for k, v in r.items() if k in RULE_FIELDS and k != "description" and v is not None)
        for r in rules
        if r.get("used_in_non_default_sg", True)
    ]


def rules_wanted(cloud, rules, project, group_name, group_id):
    bodies = []
    for i, spec in enumerate(rules):
        spec = dict(spec)
        own = spec.get("remote_group") in (group_name, group_id) and spec.get("remote_group")
        if own:
            spec.pop("remote_group")
        body = rule_body(spec, cloud, project, where="rules[%d]" % i)
        if own:
            body["remote_group_id"] = group_id or SELF
        bodies.append(body)
    keys = [rule_key(b) for b in bodies]
    twice = [i for i, k in enumerate(keys) if keys.index(k) != i]
    if twice:
        raise ConfigError("rules[%d] is the same rule as rules[%d]" % (twice[0], keys.index(keys[twice[0]])))
    return bodies


def rules_view(rules):
    return sorted((rule_view(r) for r in rules), key=lambda r: repr(sorted(r.items())))


def ensure_security_group(cloud, params, check_mode=False):
    """(changed, group after, diff) for os_security_group; `rules` (when given) makes the group's rules exactly
    those, compared as neutron compares rules."""
    project = project_id(cloud, params.get("project"))
    state = params.get("state") or "present"
    name = params["name"]
    current = find_own(cloud, "security_group", name, project)
    body = given(params, (("description", "description"), ("stateful", "stateful"), ("tags", "tags")))
    p = plan(cloud, "security_group", name, state, body if state == "present" else {}, project, current=current)
    p["project"] = project
    rules = params.get("rules")
    if state == "present" and rules is not None:
        have = current["security_group_rules"] if current else default_rules(cloud)
        wanted = rules_wanted(cloud, rules, project, name, current["id"] if current else None)
        add, remove = plan_rules(have, wanted)
        p["extra"] = {"add": add, "remove": remove, "wanted": wanted}
        p["before"] = dict(p["before"], rules=rules_view(current["security_group_rules"])) if current else {}
        p["after"] = dict(p["after"], rules=rules_view([r for r in have if r not in remove] + add))
    shown = (lambda raw: {"rules": rules_view(raw.get("security_group_rules") or [])}) if rules is not None else None
    changed, raw = run(cloud, p, check_mode, after_apply=lambda raw: apply_rules(cloud, p, raw), after_view=shown)
    return changed, result(cloud, "security_group", raw), diff(p)


def apply_rules(cloud, p, group):
    """Adds the missing rules (one request), then removes the others: the group never lacks a wanted rule. A group
    this run created is deleted again when its rules fail."""
    add, remove = p["extra"].get("add") or [], p["extra"].get("remove") or []
    group = group or p["current"]
    if p["action"] == "create" and "wanted" in p["extra"]:  # compared again with the rules neutron really gave
        wanted = [
            dict(b, remote_group_id=group["id"]) if b.get("remote_group_id") == SELF else b
            for b in p["extra"]["wanted"]
        ]
        add, remove = plan_rules(group.get("security_group_rules") or [], wanted)
    try:
        create_rules(cloud, group["id"], add)
    except Exception:
        if p["action"] == "create":
            delete(cloud, "security_group", group["id"])
        raise
    for rule in remove:
        delete(cloud, "security_group_rule", rule["id"])
    if add or remove:
        group = cloud.request("network", "GET", "%s/%s" % (PATHS["security_group"], group["id"])).json()[
            "security_group"
        ]
    return group


def create_rules(cloud, group_id, bodies):
    """One POST for every rule (neutron's bulk create is all or nothing)."""
    if not bodies:
        return []
    rules = [
        dict(
            b,
            security_group_id=group_id,
            remote_group_id=group_id if b.get("remote_group_id") == SELF else b.get("remote_group_id"),
        )
        for b in bodies
    ]
    rules = [dict((k, v) for k, v in r.items() if v is not None) for r in rules]
    if len(rules) == 1:
        return [
            cloud.request(
                "network", "POST", PATHS["security_group_rule"], json={"security_group_rule": rules[0]}
            ).json()["security_group_rule"]
        ]
    body = {"security_group_rules": rules}
    return cloud.request("network", "POST", PATHS["security_group_rule"], json=body).json()["security_group_rules"]


def ensure_security_group_rule(cloud, params, check_mode=False):
    """(changed, rule after or None, diff): the rule is found in its group by what it does, not by its spelling."""
    project = project_id(cloud, params.get("project"))
    group = find_ref(cloud, "security_group", params["security_group"], project, "security_group")
    body = rule_body(params, cloud, project)
    key = rule_key(body)
    matching = [r for r in group.get("security_group_rules") or [] if rule_key(r) == key]
    before = rule_view(matching[0]) if matching else {}
    if (params.get("state") or "present") == "absent":
        if matching and not check_mode:
            for rule in matching:
                delete(cloud, "security_group_rule", rule["id"])
        return bool(matching), None, {"before": before, "after": {}}
    if matching:
        return False, rule_result(cloud, matching[0]), {"before": before, "after": before}
    after = dict(body, security_group_id=group["id"])
    if check_mode:
        return True, rule_result(cloud, after), {"before": {}, "after": rule_view(after)}
    made = create_rules(cloud, group["id"], [body])[0]
    return True, rule_result(cloud, made), {"before": {}, "after": rule_view(made)}


# -- listings (the *_info modules) -------------------------------------------------------------------------------


def list_resources(cloud, kind, name=None, filters=None, project=None):
    """Resources of a kind (of one project when given): by name or id (a glob too), and `filters`, matched as a
    subset of each result (openstack.cloud's *_info filters)."""
    from ansible_collections.polystack.cloud.plugins.module_utils import _filters

    filters = dict(filters or {})
    params = {"project_id": project_id(cloud, project)} if project else {}
    if name and not _filters.is_glob(name):
        found = cloud.search(kind, name, filters=params, raw=True)
    else:
        found = cloud.list(kind, params, raw=True)
    # matched on the results, where both neutron's names and openstack.cloud's (is_router_external) are: neutron
    # answers a filter it does not know with 400
    found = [result(cloud, kind, r) for r in found]
    return _filters.select(found, name if name and _filters.is_glob(name) else None, filters)


def list_routers(cloud, name=None, filters=None, project=None):
    """Routers as list_resources finds them, each with interfaces_info (port_id, subnet_id, ip_address of its
    internal interfaces), which openstack.cloud's documentation shows playbooks building by hand: one listing of
    the interface ports for every router."""
    routers = list_resources(cloud, "router", name, filters, project)
    if not routers:
        return routers
    # neutron filters a field on several values given as repeated parameters: one request for the three owners
    ports = cloud.list("port", {"device_owner": list(ROUTER_INTERFACE_OWNERS)}, raw=True)
    by_router = {}
    for port in ports:
        for ip in port.get("fixed_ips") or []:
            entry = {"port_id": port["id"], "subnet_id": ip["subnet_id"], "ip_address": ip["ip_address"]}
            by_router.setdefault(port.get("device_id"), []).append(entry)
    for router in routers:
        router["interfaces_info"] = by_router.get(router["id"], [])
    return routers


def match_tags(items, tags=None, any_tags=None, not_tags=None, not_any_tags=None):
    """neutron's tag filters (tags, tags-any, not-tags, not-tags-any), on listed results."""

    def keep(item):
        have = set(item.get("tags") or [])
        return (
            (not tags or set(tags) <= have)
            and (not any_tags or have & set(any_tags))
            and (not not_tags or not set(not_tags) <= have)
            and (not not_any_tags or not have & set(not_any_tags))
        )

    return [i for i in items if keep(i)]


def list_rules(cloud, params):
    """Security group rules matching os_security_group_rule_info's options, compared as rules are (rule_key's
    normalizations) where an option is one of the rule's defining fields."""
    project = project_id(cloud, params["project"]) if params.get("project") else None
    query = {"project_id": project} if project else {}
    if params.get("security_group"):
        group = find_ref(
            cloud, "security_group", params["security_group"], project or cloud.current_project_id, "security_group"
        )
        query["security_group_id"] = group["id"]
    if params.get("remote_group"):
        ref = find_ref(
            cloud, "security_group", params["remote_group"], project or cloud.current_project_id, "remote_group"
        )
        query["remote_group_id"] = ref["id"]
    for option, field in (
        ("id", "id"),
        ("description", "description"),
        ("direction", "direction"),
        ("revision_number", "revision_number"),
    ):
        if params.get(option) is not None:
            query[field] = params[option]
    if params.get("ether_type"):
        query["ethertype"] = params["ether_type"]
    rules = cloud.request("network", "GET", PATHS["security_group_rule"], params=query).json()["security_group_rules"]
    rules = sorted_rules({"security_group_rules": rules})["security_group_rules"]
    return [rule_result(cloud, r) for r in rules if _rule_matches(r, params)]


def _rule_matches(rule, params):
    if params.get("protocol") is not None:
        wanted = protocol_number(params["protocol"])
        have = protocol_number(rule.get("protocol"))
        if wanted != have and not (
            wanted in ICMP_PROTOCOLS and have in ICMP_PROTOCOLS and rule.get("ethertype") == "IPv6"
        ):
            return False
    key = rule_key(rule)
    for option, index in (("port_range_min", 3), ("port_range_max", 4)):
        if params.get(option) is not None and _port(params[option]) != key[index]:
            return False
    if params.get("remote_ip_prefix") is not None:
        net = prefix_network(params["remote_ip_prefix"])
        if (str(net) if net else None) != key[5]:
            return False
    return True


# -- the Python API: openstacksdk's cloud-layer calls for these resources (Cloud inherits them) -------------------


class NetworkCalls:
    """Networks, ports, floating IPs, security groups, their rules, subnets, routers and router interfaces, with
    openstacksdk's cloud-layer names and arguments, on the Cloud (``cloud.create_security_group(...)``). Each call
    is one plain API call (as in openstacksdk); the modules' idempotent ``ensure_*`` functions of this file take the
    modules' options."""

    def list_networks(self, filters=None):
        return self.list("network", filters)

    def search_networks(self, name_or_id=None, filters=None):
        return self.search("network", name_or_id, filters)

    def get_network(self, name_or_id, filters=None):
        return self.get("network", name_or_id, filters)

    def visible_networks(self, want=()):
        """Every network this project sees, listed once for this Cloud object: os_server reads it to classify a
        server's addresses and to resolve its nics, one request instead of one per network name. Network
        changes made through this object clear it; want: names or ids the caller looks for, listed again if
        the kept listing lacks one (another client may have made it since)."""
        if self._networks is not None and want:
            known = set(n.get("name") for n in self._networks) | set(n["id"] for n in self._networks)
            if any(w not in known for w in want):
                self._networks = None
        if self._networks is None:
            self._networks = self.list("network")
        return self._networks

    def find_visible_network(self, name_or_id):
        """get_network from visible_networks(): None if missing, AmbiguousResource if the name is not unique."""
        nets = self.visible_networks(want=[name_or_id])
        found = [n for n in nets if n["id"] == name_or_id] or [n for n in nets if n.get("name") == name_or_id]
        if len(found) > 1:
            raise AmbiguousResource("network", name_or_id, found, cloud=self.name, region=self.region_name)
        return found[0] if found else None

    def create_network(self, name, **body):
        return self.create("network", dict(body, name=name))

    def update_network(self, name_or_id, **changes):
        return self.update("network", name_or_id, changes)

    def delete_network(self, name_or_id):
        return self.delete("network", name_or_id)

    def list_ports(self, filters=None):
        return self.list("port", filters)

    def search_ports(self, name_or_id=None, filters=None):
        return self.search("port", name_or_id, filters)

    def get_port(self, name_or_id, filters=None):
        return self.get("port", name_or_id, filters)

    def create_port(self, network, **body):
        net = self._require("network", network["id"] if isinstance(network, dict) else network)
        return self.create("port", dict(body, network_id=net["id"]))

    def update_port(self, name_or_id, **changes):
        return self.update("port", name_or_id, changes)

    def delete_port(self, name_or_id):
        return self.delete("port", name_or_id)

    def list_floating_ips(self, filters=None):
        return self.list("floating_ip", filters)

    def search_floating_ips(self, address_or_id=None, filters=None):
        return self.search("floating_ip", address_or_id, filters)

    def get_floating_ip(self, address_or_id, filters=None):
        return self.get("floating_ip", address_or_id, filters)

    def create_floating_ip(self, network, port_id=None, **body):
        """A floating IP from the external network (by name or id), on port_id if given (one atomic call)."""
        net = self._require("network", network["id"] if isinstance(network, dict) else network)
        body["floating_network_id"] = net["id"]
        if port_id:
            body["port_id"] = port_id
        find = None
        if port_id or body.get("floating_ip_address"):  # what tells the one a lost POST made (a port has one)

            def find():
                key = "port_id" if port_id else "floating_ip_address"
                got = self._paged("floating_ip", {key: body[key], "floating_network_id": net["id"]})
                got = [f for f in got if f.get("description", "") == body.get("description", "")]
                return got[0] if got else None

        return self.create("floating_ip", body, find=find)

    def update_floating_ip(self, address_or_id, **changes):
        """For example port_id=... to attach, port_id=None to detach."""
        return self.update("floating_ip", address_or_id, changes)

    def delete_floating_ip(self, address_or_id):
        return self.delete("floating_ip", address_or_id)

    def list_security_groups(self, filters=None):
        return [result(self, "security_group", g) for g in self.list("security_group", filters, raw=True)]

    def search_security_groups(self, name_or_id=None, filters=None):
        return [result(self, "security_group", g) for g in self.search("security_group", name_or_id, filters, raw=True)]

    def get_security_group(self, name_or_id, filters=None):
        found = self.get("security_group", name_or_id, filters, raw=True)
        return result(self, "security_group", found) if found else None

    def create_security_group(self, name, description="", project_id=None, stateful=None):
        body = {"name": name, "description": description}
        if project_id:
            body["project_id"] = project_id
        if stateful is not None:
            body["stateful"] = stateful
        return result(self, "security_group", post(self, "security_group", body))

    def update_security_group(self, name_or_id, **changes):
        group = self._require("security_group", name_or_id)
        return result(self, "security_group", put(self, "security_group", group["id"], changes))

    def delete_security_group(self, name_or_id):
        group = self.get("security_group", name_or_id, raw=True)
        return bool(group) and delete(self, "security_group", group["id"])

    def create_security_group_rule(
        self,
        secgroup_name_or_id,
        port_range_min=None,
        port_range_max=None,
        protocol=None,
        remote_ip_prefix=None,
        remote_group_id=None,
        remote_address_group_id=None,
        direction="ingress",
        ethertype="IPv4",
        project_id=None,
        description=None,
    ):
        """One rule, checked as os_security_group_rule checks it before neutron sees it."""
        group = self._require("security_group", secgroup_name_or_id)
        spec = dict(
            protocol=protocol,
            port_range_min=port_range_min,
            port_range_max=port_range_max,
            remote_ip_prefix=remote_ip_prefix,
            direction=direction,
            ether_type=ethertype,
            description=description,
        )
        body = rule_body(spec, where="security group rule")
        for key, value in (("remote_group_id", remote_group_id), ("remote_address_group_id", remote_address_group_id)):
            if value:
                body[key] = value
        if project_id:
            body["project_id"] = project_id
        return rule_result(self, create_rules(self, group["id"], [body])[0])

    def list_security_group_rules(self, filters=None):
        rules = self.request("network", "GET", PATHS["security_group_rule"], params=filters or {}).json()
        return [rule_result(self, r) for r in rules.get("security_group_rules") or []]

    def delete_security_group_rule(self, rule_id):
        return delete(self, "security_group_rule", rule_id)

    def list_subnets(self, filters=None):
        return self.list("subnet", filters)

    def search_subnets(self, name_or_id=None, filters=None):
        return self.search("subnet", name_or_id, filters)

    def get_subnet(self, name_or_id, filters=None):
        return self.get("subnet", name_or_id, filters)

    def create_subnet(
        self,
        network_name_or_id,
        cidr=None,
        ip_version=4,
        enable_dhcp=False,
        subnet_name=None,
        tenant_id=None,
        allocation_pools=None,
        gateway_ip=None,
        disable_gateway_ip=False,
        dns_nameservers=None,
        host_routes=None,
        ipv6_ra_mode=None,
        ipv6_address_mode=None,
        use_default_subnetpool=False,
        **kwargs,
    ):
        """openstacksdk's create_subnet (its defaults too: DHCP off unless enable_dhcp)."""
        network = self._require("network", network_name_or_id)
        if disable_gateway_ip and gateway_ip:
            raise ConfigError("gateway_ip and disable_gateway_ip contradict each other: give one")
        if not cidr and not use_default_subnetpool and not kwargs.get("subnetpool_id"):
            raise ConfigError("create_subnet needs cidr (or use_default_subnetpool, or subnetpool_id)")
        body = dict(kwargs, network_id=network["id"], ip_version=int(ip_version), enable_dhcp=bool(enable_dhcp))
        if cidr:
            body["cidr"] = str(parse_prefix(cidr, option="cidr"))
        optional = dict(
            name=subnet_name,
            project_id=tenant_id,
            allocation_pools=allocation_pools,
            dns_nameservers=dns_nameservers,
            host_routes=host_routes,
            ipv6_ra_mode=ipv6_ra_mode,
            ipv6_address_mode=ipv6_address_mode,
            gateway_ip=gateway_ip,
            use_default_subnetpool=use_default_subnetpool or None,
        )
        body.update((k, v) for k, v in optional.items() if v is not None)
        if disable_gateway_ip:
            body["gateway_ip"] = None
        return result(self, "subnet", post(self, "subnet", body))

    def update_subnet(self, name_or_id, **changes):
        subnet = self._require("subnet", name_or_id)
        return result(self, "subnet", put(self, "subnet", subnet["id"], changes))

    def delete_subnet(self, name_or_id):
        subnet = self.get("subnet", name_or_id, raw=True)
        return bool(subnet) and delete(self, "subnet", subnet["id"])

    def list_routers(self, filters=None):
        return self.list("router", filters)

    def search_routers(self, name_or_id=None, filters=None):
        return self.search("router", name_or_id, filters)

    def get_router(self, name_or_id, filters=None):
        return self.get("router", name_or_id, filters)

    def create_router(
        self,
        name=None,
        admin_state_up=True,
        ext_gateway_net_id=None,
        enable_snat=None,
        ext_fixed_ips=None,
        project_id=None,
        availability_zone_hints=None,
    ):
        body = {"name": name, "admin_state_up": admin_state_up}
        if ext_gateway_net_id:
            gateway = {"network_id": self._require("network", ext_gateway_net_id)["id"]}
            if enable_snat is not None:
                gateway["enable_snat"] = enable_snat
            if ext_fixed_ips:
                gateway["external_fixed_ips"] = ext_fixed_ips
            body["external_gateway_info"] = gateway
        elif enable_snat is not None or ext_fixed_ips:
            raise ConfigError("enable_snat and ext_fixed_ips need ext_gateway_net_id (the external network)")
        if project_id:
            body["project_id"] = project_id
        if availability_zone_hints:
            body["availability_zone_hints"] = availability_zone_hints
        return result(self, "router", post(self, "router", dict((k, v) for k, v in body.items() if v is not None)))

    def update_router(self, name_or_id, **changes):
        router = self._require("router", name_or_id)
        return result(self, "router", put(self, "router", router["id"], changes))

    def add_router_interface(self, router, subnet_id=None, port_id=None):
        """Attach a subnet (the router takes its gateway address) or a port; neutron's answer (port_id, ...)."""
        return self._router_interface(router, "add", subnet_id, port_id)

    def remove_router_interface(self, router, subnet_id=None, port_id=None):
        return self._router_interface(router, "remove", subnet_id, port_id)

    def _router_interface(self, router, verb, subnet_id, port_id):
        if bool(subnet_id) == bool(port_id):
            raise ConfigError("%s_router_interface needs subnet_id or port_id (one of them)" % verb)
        router = self._require("router", router["id"] if isinstance(router, dict) else router)
        body = {"port_id": port_id} if port_id else {"subnet_id": self._require("subnet", subnet_id)["id"]}
        return self.normalize("router_interface", _router_interface(self, router["id"], verb, body))

    def list_router_interfaces(self, router, interface_type=None):
        """The router's ports: internal ones, the gateway's (interface_type "external"; neutron shows a gateway port
        to admins only), or all (None)."""
        router = self._require("router", router["id"] if isinstance(router, dict) else router)
        ports = self.list("port", {"device_id": router["id"]})
        if interface_type == "internal":
            return [p for p in ports if p.get("device_owner") in ROUTER_INTERFACE_OWNERS]
        if interface_type == "external":
            return [p for p in ports if p.get("device_owner") == "network:router_gateway"]
        return ports

    def delete_router(self, name_or_id):
        """Deletes the router (neutron refuses while it has internal interfaces: remove_router_interface first)."""
        router = self.get("router", name_or_id, raw=True)
        return bool(router) and delete(self, "router", router["id"])
