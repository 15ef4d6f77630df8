# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: openstack
short_description: Servers of every cloud and region of clouds.yaml, read concurrently, as Ansible hosts
version_added: 0.1.0
description:
  - Reads the servers of every region of every cloud in C(clouds.yaml) (or of the clouds in O(only_clouds),
    or of the cloud named by E(OS_CLOUD)) and adds them as hosts. One region of one cloud is a I(source).
  - Sources are read concurrently (at most O(concurrency) at once), each within O(timeout) seconds, with one
    paginated C(servers/detail) request per source and bulk lookups (the servers' networks by name, floating
    IPs and their ports when nova does not show one yet, images by id, flavors on clouds older than compute
    API 2.47) instead of requests per server.
  - B(Error isolation.) A source that cannot be read (cloud down, authentication refused, no answer within
    O(timeout), broken configuration) is reported by a warning naming it and the reason, and is listed in
    the variable C(polystack_inventory.failed_sources) of group C(all); every other source still populates
    the inventory. O(fail_on_errors) only decides whether the inventory source then counts as failed.
  - B(Host variables.) C(ansible_host) (see O(private), O(only_ipv4) and O(use_names)) and C(openstack), the
    normalized server (C(id), C(name), C(status), C(addresses), C(metadata), C(tags), C(availability_zone),
    C(key_name), C(security_groups), C(volumes), ...) with C(cloud), C(region), C(project) (C(id), C(name)),
    C(az), C(flavor) (C(name), C(ram), C(vcpus), ...), C(image) (C(id), C(name)), C(public_v4), C(public_v6),
    C(private_v4), C(floating_ips) and C(interface_ip). With O(expand_hostvars) also C(ports) and C(volumes)
    (full documents).
  - B(The ansible_host rule.) C(interface_ip) is the server's public IPv4 address (a floating IP, or a
    fixed address on a network that routes externally, as C(router:external) or C(routes_externally) in
    C(clouds.yaml) says), else its public IPv6 address, else its private IPv4 address. With O(private), the
    private IPv4 address comes first. With O(only_ipv4), IPv6 addresses are never used. C(ansible_host) is
    C(interface_ip), or the server's name with O(use_names).
  - B(The host name rule.) With O(inventory_hostname=name), a host is named after its server when no other
    server of the inventory (all sources together) has that name; servers sharing a name (on one cloud or
    across clouds) are named by their IDs instead and each joins a group named after the shared name, so no
    server hides another. With O(inventory_hostname=uuid), every host is named by its server's ID and joins
    a group named after the server. A server seen in two sources (one project configured twice) is one host,
    from the first source (clouds in the order of O(only_clouds), else sorted by name; regions in their
    C(clouds.yaml) order).
  - B(Legacy groups) (O(legacy_groups)), spelled as the old C(openstack.py) script did (Ansible may warn about
    characters such as C(-) in group names unless C(force_valid_group_names) is set) - the cloud, the region,
    C(<cloud>_<region>), the availability zone, C(<region>_<az>), C(<cloud>_<region>_<az>),
    C(flavor-<name>), C(image-<name>), C(meta-<key>_<value>) for each metadata item, the metadata items
    C(group) and C(groups) (comma-separated) as group names, and C(instance-<id>).
  - B(Cache.) With O(cache), each source is cached under its own key, so a source that fails or is slow
    never invalidates the others; a failed source is not cached and is read again next time.
  - Uses inventory files whose names end in C(openstack.yml) or C(openstack.yaml) (with C(plugin) set to this
    plugin), or in C(clouds.yml) or C(clouds.yaml) (plugin options beside C(clouds), or a plain C(clouds.yaml)
    read with the default options when this plugin is in C(enable_plugins)).
  - The variable C(polystack_inventory) of group C(all) also says, per source, its status (C(ok), C(cached),
    C(failed)), how many servers and hosts it gave, how many HTTP requests it took and how long; C(-v) prints
    the same.
author:
  - polystack.cloud developers (@polystack)
requirements:
  - keystoneauth1
  - PyYAML
  - munch
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  all_projects:
    description:
      - List the servers of every project (an admin operation; nova's C(all_tenants)).
      - Project names are known only for the project the source authenticates to.
    type: bool
    default: false
  clouds_yaml_path:
    description:
      - The C(clouds.yaml) to read; the first of the list that exists is used (a relative path is looked
        for in the current directory, then beside the inventory file). None existing is an error.
      - Without it, C(clouds.yaml) is searched where every polystack.cloud module looks (the current
        directory, C(~/.config/openstack), C(/etc/openstack)); C(secure.yaml) and C(clouds-public.yaml) are
        searched there in any case.
      - An inventory file named C(clouds.yaml) or C(clouds.yml) is its own C(clouds.yaml).
    type: list
    elements: str
    env:
      - name: OS_CLIENT_CONFIG_FILE
  concurrency:
    description:
      - How many sources are read at the same time.
    type: int
    default: 8
  expand_hostvars:
    description:
      - Add the full documents of the servers' ports (one bulk request per 40 servers) and of their volumes
        (one listing per source, on clouds with a block-storage service) to C(openstack.ports) and
        C(openstack.volumes).
    type: bool
    default: false
  fail_on_errors:
    description:
      - What a failed source makes of the whole inventory source. The other sources populate the inventory
        and the failure is warned about either way.
      - V(false) - the inventory source counts as parsed.
      - V(true) - after populating what could be read, the plugin fails the inventory source with an error
        listing the failed sources; Ansible then reports "Failed to parse" and, when its
        C(inventory_any_unparsed_is_failed) setting (E(ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED)) is true,
        stops with a non-zero exit status (without it, Ansible only warns and goes on with the hosts that
        were added).
    type: bool
    default: false
  inventory_hostname:
    description:
      - What hosts are named after (see the host name rule above).
    type: str
    choices: [name, uuid]
    default: name
  legacy_groups:
    description:
      - Make the groups of the old C(openstack.py) script (see above).
    type: bool
    default: true
  only_clouds:
    description:
      - The clouds of C(clouds.yaml) to read (every region of each). An unknown name is an error.
      - Without it, the cloud named by E(OS_CLOUD) if that is set, else every cloud configured (including the
        cloud that C(OS_*) variables such as E(OS_AUTH_URL) make).
    type: list
    elements: str
    default: []
  only_ipv4:
    description:
      - Never use an IPv6 address for C(ansible_host).
    type: bool
    default: false
  plugin:
    description:
      - Marks the file as this plugin's configuration.
    type: str
    required: true
    choices: [polystack.cloud.openstack]
  private:
    description:
      - Use the private IPv4 address first for C(ansible_host) (for example when Ansible runs inside the cloud).
    type: bool
    default: false
  regions:
    description:
      - Read only these regions of each cloud (the others are not contacted). Empty - every region the cloud
        lists in C(clouds.yaml) (E(OS_REGION_NAME) does not limit them).
    type: list
    elements: str
    default: []
  server_filters:
    description:
      - Filters for nova's server listing, sent as query parameters (for example C(status), C(name) as a
        regular expression, C(tags), C(flavor)); see U(https://docs.openstack.org/api-ref/compute/#list-servers).
    type: dict
    default: {}
  show_all:
    description:
      - Also add servers that have no address to reach them on (building, failed or without a network); they
        have no C(ansible_host) then.
    type: bool
    default: false
  timeout:
    description:
      - Seconds each source may take (authentication and every listing). A source that takes longer is
        reported as failed and the inventory goes on without it. Also the socket timeout of each request, unless
        the cloud sets its own C(api_timeout).
    type: float
    default: 300
  use_names:
    description:
      - Set C(ansible_host) to the server's name instead of an address (the name is then a DNS name, or a name a
        jump host or SSH configuration resolves).
    type: bool
    default: false
notes:
  - Sessions reuse cached tokens as every polystack.cloud module does, so a second run does not authenticate again.
  - With C(-vvvv), the collection's debug log (secrets masked) goes to standard error; with C(-vvvvv), every
    HTTP request too.
"""

EXAMPLES = r"""
# openstack.yml: every region of every cloud in clouds.yaml
plugin: polystack.cloud.openstack

---
# openstack.yml: two clouds, one region, reached on their private addresses, grouped by a metadata key
plugin: polystack.cloud.openstack
only_clouds: [devcloud-fip, devcloud-direct]
regions: [RegionOne]
private: true
keyed_groups:
  - key: openstack.metadata.role | default('none')
    prefix: role
compose:
  ansible_user: "'debian' if 'debian' in (openstack.image.name | default('')) else 'cirros'"
groups:
  big: openstack.flavor.ram >= 4096

---
# openstack.yml: a given clouds.yaml, a short time limit per source, failures fail the inventory source,
# and each source cached for ten minutes
plugin: polystack.cloud.openstack
clouds_yaml_path: [/etc/openstack/clouds.yaml]
timeout: 60
fail_on_errors: true
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/polystack/inventory
cache_timeout: 600

# In a playbook: which sources failed
# - ansible.builtin.debug:
#     var: polystack_inventory.failed_sources
#   run_once: true
"""

import os
import sys
import time

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

try:
    from ansible_collections.polystack.cloud.plugins.module_utils import _config, _session
    from ansible_collections.polystack.cloud.plugins.module_utils._errors import CloudError
    from ansible_collections.polystack.cloud.plugins.plugin_utils import _fanout
    from ansible_collections.polystack.cloud.plugins.plugin_utils import _inventory as inv

    IMPORT_ERROR = None
except ImportError as e:  # a missing third-party library (keystoneauth1, PyYAML, munch)
    IMPORT_ERROR = e

NAME = "polystack.cloud.openstack"
SUMMARY_VAR = "polystack_inventory"
FILE_NAMES = ("openstack.yml", "openstack.yaml", "clouds.yml", "clouds.yaml")
_LOGGING = {}


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = NAME

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        return path.endswith(FILE_NAMES)

    # -- configuration -----------------------------------------------------------------------------------

    def _configure(self, path):
        """Options from the inventory file (or defaults for a bare clouds.yaml); the clouds.yaml to read."""
        data = None
        if path.endswith(FILE_NAMES[2:]):
            try:
                data = self.loader.load_from_file(path, cache="none")
            except Exception as e:
                raise AnsibleParserError("%s: %s" % (path, to_native(e))) from None
        if isinstance(data, dict) and "plugin" not in data:
            if "clouds" not in data:
                raise AnsibleParserError("%s is neither a %s configuration nor a clouds.yaml" % (path, NAME))
            self.set_options(direct={"plugin": NAME}, var_options=self._vars)
            if self.get_option("cache"):
                self.load_cache_plugin()
            return path
        config = self._read_config_data(path)
        self._refuse_unknown_options(path, config)
        paths = self.get_option("clouds_yaml_path") or []
        if not paths and isinstance(config, dict) and "clouds" in config:
            return path  # plugin options and clouds in one file
        if not paths:
            return None
        here = os.path.dirname(os.path.abspath(path))
        for p in paths:
            p = os.path.expanduser(str(p))
            for candidate in [p] if os.path.isabs(p) else [p, os.path.join(here, p)]:
                if os.path.isfile(candidate):
                    return os.path.abspath(candidate)
        raise AnsibleParserError(
            "%s: clouds_yaml_path: none of %s exists (relative paths: in %s or %s)"
            % (path, ", ".join(str(p) for p in paths), os.getcwd(), here)
        )

    def _refuse_unknown_options(self, path, config):
        """ansible-core ignores keys of an inventory file that the plugin does not define: a misspelt option
        (`only_cloud:`) would silently read every cloud."""
        known = set(self.get_options()) | {"plugin"}
        unknown = sorted(str(k) for k in (config or {}) if k not in known)
        if unknown:
            raise AnsibleParserError(
                "%s: unknown option%s %s of %s (see ansible-doc -t inventory %s)"
                % (path, "s" if len(unknown) > 1 else "", ", ".join(unknown), NAME, NAME)
            )

    def _checked_options(self, path):
        opts = dict(
            (k, self.get_option(k))
            for k in (
                "all_projects",
                "concurrency",
                "expand_hostvars",
                "fail_on_errors",
                "inventory_hostname",
                "legacy_groups",
                "only_clouds",
                "only_ipv4",
                "private",
                "regions",
                "server_filters",
                "show_all",
                "timeout",
                "use_names",
            )
        )
        if opts["concurrency"] is None or opts["concurrency"] < 1:
            raise AnsibleParserError("%s: concurrency must be at least 1, not %r" % (path, opts["concurrency"]))
        if opts["timeout"] is not None and opts["timeout"] <= 0:
            raise AnsibleParserError(
                "%s: timeout must be a number of seconds above 0, not %r" % (path, opts["timeout"])
            )
        for key in ("only_clouds", "regions"):
            opts[key] = [str(v) for v in opts[key] or []]
        for key in ("keyed_groups",):
            if any(not isinstance(entry, dict) for entry in self.get_option(key) or []):
                raise AnsibleParserError("%s: each entry of %s must be a mapping (key, prefix, ...)" % (path, key))
        opts["server_filters"] = dict(opts["server_filters"] or {})
        return opts

    # -- parse -------------------------------------------------------------------------------------------

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        if IMPORT_ERROR is not None:
            raise AnsibleParserError(
                "%s needs the Python libraries keystoneauth1, PyYAML and munch on the controller: %s"
                % (NAME, to_native(IMPORT_ERROR))
            )
        clouds_yaml = self._configure(path)
        opts = self._checked_options(path)
        self._logging()
        started = time.time()
        try:
            config = _config.CloudConfig(config_file=clouds_yaml)
            clouds = inv.select_clouds(config, opts["only_clouds"])
        except CloudError as e:
            raise AnsibleParserError("%s: %s" % (path, inv.reason(e))) from None
        sources = inv.select_sources(config, clouds, opts["regions"], opts["timeout"])
        if not sources and opts["regions"]:  # regions named that no cloud has: a typo, not an empty estate
            raise AnsibleParserError(
                "%s: no cloud of %s has a region among %s"
                % (path, ", ".join(sorted(str(c) for c in clouds)) or "clouds.yaml", ", ".join(opts["regions"]))
            )
        if not sources:
            self.display.warning("%s: no source to read in %s: no cloud has a region" % (NAME, path))
        results = self._read_sources(path, config, sources, opts, cache)

        failed = [(s, r) for s, r in results if r["status"] == "failed"]
        for source, result in failed:
            self.display.warning(
                "%s: source %s failed, its servers are not in the inventory: %s" % (NAME, source.name, result["error"])
            )
        servers = []
        for source, result in results:
            for server in result.get("servers") or []:
                servers.append((source, server))
        counts = self._populate(servers, opts)
        summary = self._summary(results, counts, started)
        if self.get_option("cache"):
            self.update_cache_if_changed()  # also when failing below (Ansible only saves after a parse that passed)
        if failed and opts["fail_on_errors"]:
            # Ansible links groups to 'all' only after a source that parsed: the hosts added stay usable
            self.inventory.reconcile_inventory()
            raise AnsibleParserError(
                "%s: %d of %d sources failed (fail_on_errors is true; the others populated the inventory): %s"
                % (NAME, len(failed), len(results), "; ".join("%s: %s" % (s.name, r["error"]) for s, r in failed))
            )
        return summary

    def _logging(self):
        level = self.display.verbosity
        if level > 3 and not _LOGGING.get("on"):
            _LOGGING["on"] = _session.enable_logging(debug=True, http_debug=level > 4, stream=sys.stderr)

    def _read_sources(self, path, config, sources, opts, cache):
        """[(source, result)] in source order: result has status ok/cached/failed, servers, requests, seconds."""
        use_cache = bool(self.get_option("cache"))
        fetch_opts = {
            "all_projects": opts["all_projects"],
            "server_filters": opts["server_filters"],
            "expand": opts["expand_hostvars"],
        }
        prefix = self._get_cache_prefix(path)
        results = {}
        keys = {}
        jobs = []
        clouds = {}
        for source in sources:
            if source.error is not None:
                results[source.name] = {"status": "failed", "error": inv.reason(source.error)}
                continue
            keys[source.name] = inv.cache_key(prefix, source, config.config_file, fetch_opts)
            if use_cache and cache:
                try:
                    data = self._cache[keys[source.name]]
                except KeyError:
                    data = None
                if isinstance(data, dict) and isinstance(data.get("servers"), list):
                    results[source.name] = dict(data, status="cached", requests=0, seconds=0.0)
                    continue
            jobs.append((source.name, self._job(config, source, fetch_opts, clouds)))
        outcomes = _fanout.run(jobs, workers=opts["concurrency"], timeout=opts["timeout"])
        for name, outcome in outcomes.items():
            cloud = clouds.get(name)
            requests = cloud.session.requests if cloud is not None else 0
            if outcome.ok:
                data = outcome.value
                results[name] = dict(data, status="ok", requests=requests, seconds=round(outcome.seconds, 3))
                if use_cache:
                    self._cache[keys[name]] = data
            else:
                if outcome.timed_out:
                    error = "no answer within the timeout of %gs" % opts["timeout"]
                else:
                    error = inv.reason(outcome.error)
                results[name] = {
                    "status": "failed",
                    "error": error,
                    "requests": requests,
                    "seconds": round(outcome.seconds, 3),
                }
        return [(s, results[s.name]) for s in sources]

    @staticmethod
    def _job(config, source, fetch_opts, clouds):
        def job():
            cloud = inv.connect(config, source)
            clouds[source.name] = cloud
            return inv.fetch(
                cloud,
                all_projects=fetch_opts["all_projects"],
                server_filters=fetch_opts["server_filters"],
                expand=fetch_opts["expand"],
            )

        return job

    # -- hosts and groups ----------------------------------------------------------------------------------

    def _populate(self, servers, opts):
        """Add the hosts; returns {source name: hosts added}."""
        kept = []
        for source, server in servers:
            ip = inv.interface_ip(server, opts["private"], opts["only_ipv4"])
            if ip or opts["show_all"]:
                kept.append((source, dict(server, interface_ip=ip)))
        source_of = dict((id(server), source) for source, server in kept)
        counts = {}
        strict = self.get_option("strict")
        for hostname, server, name_group in inv.hostnames([s for _src, s in kept], opts["inventory_hostname"]):
            source = source_of[id(server)]
            counts[source.name] = counts.get(source.name, 0) + 1
            self.inventory.add_host(hostname, group="all")
            self.inventory.set_variable(hostname, "openstack", server)
            if opts["use_names"]:
                self.inventory.set_variable(hostname, "ansible_host", server["name"])
            elif server["interface_ip"]:
                self.inventory.set_variable(hostname, "ansible_host", server["interface_ip"])
            groups = inv.legacy_groups(server, name_group) if opts["legacy_groups"] else []
            if name_group and server["name"] not in groups:
                groups.append(server["name"])
            for group in groups:
                name = self.inventory.add_group(group)
                if name == hostname:
                    self.display.vvvv("%s: group %s has the name of a host: not added to it" % (NAME, name))
                    continue
                self.inventory.add_child(name, hostname)
            hostvars = self.inventory.get_host(hostname).get_vars()
            self._set_composite_vars(self.get_option("compose"), hostvars, hostname, strict=strict)
            hostvars = self.inventory.get_host(hostname).get_vars()
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, hostname, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, hostname, strict=strict)
        return counts

    def _summary(self, results, counts, started):
        sources = {}
        for source, result in results:
            entry = {
                "cloud": source.cloud,
                "region": source.region,
                "status": result["status"],
                "servers": len(result.get("servers") or []),
                "hosts": counts.get(source.name, 0),
                "requests": result.get("requests", 0),
                "seconds": result.get("seconds", 0.0),
            }
            if result.get("error"):
                entry["error"] = result["error"]
            sources[source.name] = entry
            self.display.v(
                "%s: %s: %s, %d servers, %d hosts, %d HTTP requests, %.2fs"
                % (
                    NAME,
                    source.name,
                    entry["status"],
                    entry["servers"],
                    entry["hosts"],
                    entry["requests"],
                    entry["seconds"],
                )
            )
        summary = {
            "sources": sources,
            "failed_sources": [name for name, e in sources.items() if e["status"] == "failed"],
            "hosts": sum(counts.values()),
            "requests": sum(e["requests"] for e in sources.values()),
            "seconds": round(time.time() - started, 3),
        }
        previous = self.inventory.groups["all"].get_vars().get(SUMMARY_VAR) if "all" in self.inventory.groups else None
        if isinstance(previous, dict) and isinstance(previous.get("sources"), dict):  # a second inventory file
            merged = dict(previous["sources"], **sources)
            summary = dict(
                summary,
                sources=merged,
                failed_sources=[name for name, e in merged.items() if e["status"] == "failed"],
                hosts=previous.get("hosts", 0) + summary["hosts"],
                requests=previous.get("requests", 0) + summary["requests"],
            )
        self.inventory.set_variable("all", SUMMARY_VAR, summary)
        self.display.v(
            "%s: %d sources (%d failed), %d hosts, %d HTTP requests, %.2fs"
            % (
                NAME,
                len(sources),
                len(summary["failed_sources"]),
                summary["hosts"],
                summary["requests"],
                summary["seconds"],
            )
        )
        return summary
