# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Cloud facade: what a module, the inventory or a plain Python user holds.

Python users import it through the public module ``cloud`` (this one is private: its names may change)::

    from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack
    cloud = openstack.connect(cloud="devcloud-fip", region_name="RegionTwo")
    flavor = cloud.get_flavor_by_ram(512)
    image = cloud.get_image("devcloud-tiny")

Lookups by name or id use server-side filters (``?name=``) and follow pagination; a name that
matches several resources raises AmbiguousResource listing them.  Results are munch objects
(``server.name`` and ``server["name"]``).  The business logic (servers and their public addresses,
image uploads, large objects) is in ``_compute``, ``_image`` and ``_object_store``, which the modules
call too; the methods here are the Python API's shape over it (shade's and openstacksdk's names).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import sys
import time

try:
    from urllib.parse import quote, urlparse
except ImportError:  # pragma: no cover
    from urllib import quote

    from urlparse import urlparse

from ansible_collections.polystack.cloud.plugins.module_utils import (
    _compute,
    _config,
    _image,
    _neutron,
    _normalize,
    _object_store,
    _session,
    _volume,
)
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    AmbiguousResource,
    ConfigError,
    HTTPError,
    MissingLibrary,
    NotFound,
    WaitTimeout,
)
from ansible_collections.polystack.cloud.plugins.module_utils._secrets import mask as mask_secrets

try:
    import munch

    HAS_MUNCH = True
except ImportError:
    HAS_MUNCH = False

UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
PAGE = 1000
MAX_PAGES = 10000

# kind -> (service type, create path, the body's wrapper key)
CREATE = {
    "server": ("compute", "/servers", "server"),
    "keypair": ("compute", "/os-keypairs", "keypair"),
    "image": ("image", "/v2/images", None),
    "network": ("network", "/v2.0/networks", "network"),
    "subnet": ("network", "/v2.0/subnets", "subnet"),
    "port": ("network", "/v2.0/ports", "port"),
    "router": ("network", "/v2.0/routers", "router"),
    "floating_ip": ("network", "/v2.0/floatingips", "floatingip"),
    "security_group": ("network", "/v2.0/security-groups", "security_group"),
    "volume": ("block-storage", "/volumes", "volume"),
    "volume_snapshot": ("block-storage", "/snapshots", "snapshot"),
}
# kind -> (service type, collection path, response key, detail path or None)
RESOURCES = {
    "server": ("compute", "/servers/detail", "servers", "/servers/%s"),
    "flavor": ("compute", "/flavors/detail", "flavors", "/flavors/%s"),
    "keypair": ("compute", "/os-keypairs", "keypairs", "/os-keypairs/%s"),
    "image": ("image", "/v2/images", "images", "/v2/images/%s"),
    "network": ("network", "/v2.0/networks", "networks", "/v2.0/networks/%s"),
    "subnet": ("network", "/v2.0/subnets", "subnets", "/v2.0/subnets/%s"),
    "port": ("network", "/v2.0/ports", "ports", "/v2.0/ports/%s"),
    "router": ("network", "/v2.0/routers", "routers", "/v2.0/routers/%s"),
    "floating_ip": ("network", "/v2.0/floatingips", "floatingips", "/v2.0/floatingips/%s"),
    "security_group": ("network", "/v2.0/security-groups", "security_groups", "/v2.0/security-groups/%s"),
    "volume": ("block-storage", "/volumes/detail", "volumes", "/volumes/%s"),
    "volume_snapshot": ("block-storage", "/snapshots/detail", "snapshots", "/snapshots/%s"),
    "volume_summary": ("block-storage", "/volumes", "volumes", "/volumes/%s"),
}
# the filter that carries a floating IP's "name"
NAME_FILTER = {"floating_ip": "floating_ip_address"}


def munchify(value):
    if not HAS_MUNCH:
        raise MissingLibrary("munch")
    return munch.munchify(value)


def connect(
    cloud=None, region_name=None, config=None, app_name=None, app_version=None, token_cache=None, strict=False, **kwargs
):
    """A Cloud for one cloud-region: config from clouds.yaml/secure.yaml/OS_*/profiles, or ``auth=`` alone."""
    config = config or _config.CloudConfig()
    cloud_region = config.get_one(cloud=cloud, region_name=region_name, **kwargs)
    return Cloud(cloud_region, app_name=app_name, app_version=app_version, token_cache=token_cache, strict=strict)


def enable_logging(debug=False, http_debug=False, stream=None, path=None):
    return _session.enable_logging(debug=debug, http_debug=http_debug, stream=stream, path=path)


class Cloud(_neutron.NetworkCalls, _volume.VolumeCalls):
    def __init__(self, cloud_region, app_name=None, app_version=None, token_cache=None, strict=False):
        self.config = cloud_region
        self.strict = strict  # strict normalization: only the declared model at the top level
        self._location = None
        self._networks = None  # every network the project sees, listed once (see visible_networks)
        self.name = cloud_region.name
        self.region_name = cloud_region.region_name
        self.session = _session.CloudSession(
            cloud_region, app_name=app_name, app_version=app_version, token_cache=token_cache
        )

    def __repr__(self):
        return "Cloud(%s, %s)" % (self.name, self.region_name)

    # -- plumbing -----------------------------------------------------------------------------------------

    def request(self, service_type, method, path, **kwargs):
        return self.session.request(service_type, method, path, **kwargs)

    def has_service(self, service_type):
        return self.session.has_service(service_type)

    @property
    def current_project_id(self):
        return self.session.project_id

    def location(self):
        return munchify(
            {"cloud": self.name, "region_name": self.region_name, "project": {"id": self.current_project_id}}
        )

    def pprint(self, resource):
        """Print a result (or a list of them) as indented JSON, secrets masked (a new server's adminPass)."""
        sys.stdout.write(mask_secrets(json.dumps(resource, indent=2, sort_keys=True, default=str)) + "\n")

    def _paged(self, kind, filters=None, microversion=None):
        """Every item of a collection matching the server-side filters, following pagination."""
        service, path, key, _detail = RESOURCES[kind]
        params = dict((k, v) for k, v in (filters or {}).items() if v is not None)
        if kind != "keypair":  # keypair paging needs compute microversion 2.35
            params.setdefault("limit", PAGE)
        url = path
        seen = set()
        urls = set()
        pages = 0
        while url:
            urls.add(url)
            pages += 1
            resp = self.request(service, "GET", url, params=params, microversion=microversion)
            body = _json(resp, dict)
            items = body.get(key, [])
            if kind == "keypair":
                items = [i.get("keypair", i) for i in items]
            new = 0
            for item in items:
                ident = item.get("id") or item.get("name")
                if ident not in seen:
                    seen.add(ident)
                    new += 1
                    yield item
            url, params = self._next(service, key, body, items, params)
            # a link that repeats, a page with nothing new, or an absurd count ends the listing
            if url in urls or not new or pages >= MAX_PAGES:
                if url and pages >= MAX_PAGES:
                    raise HTTPError(
                        "%s listing of %ss did not end after %d pages" % (service, kind, pages),
                        cloud=self.name,
                        region=self.region_name,
                        service=service,
                    )
                url = None

    def _next(self, service, key, body, items, params):
        """The next page: glance's relative 'next'; nova's and neutron's '<key>_links' rel=next (absolute)."""
        if service == "image":
            nxt = body.get("next")
            return (nxt, {}) if nxt else (None, None)
        for link in body.get(key + "_links", []) or []:
            if link.get("rel") == "next":
                return self._rebase(service, link["href"]), {}
        return None, None

    def _rebase(self, service, href):
        """A link as the API wrote it, sent to the endpoint we use (the API may not know its public URL)."""
        endpoint = (self.session.endpoint(service) or "").rstrip("/")
        if not href.startswith(("http://", "https://")) or href.startswith(endpoint + "/"):
            return href
        parsed, base = urlparse(href), urlparse(endpoint)
        path = parsed.path
        if base.path and path.startswith(base.path.rstrip("/") + "/"):
            path = path[len(base.path.rstrip("/")) :]
        return endpoint + path + ("?" + parsed.query if parsed.query else "")

    # -- generic list / search / get --------------------------------------------------------------------------

    def normalize(self, kind, raw):
        if self._location is None:
            self._location = {
                "cloud": self.name,
                "region_name": self.region_name,
                "project": {"id": self.current_project_id},
            }
        return munchify(_normalize.normalize(kind, raw, dict(self._location), strict=self.strict))

    def list(self, kind, filters=None, raw=False, microversion=None):
        """raw: as the API shows them (os_server compares those), else normalized."""
        # servers as os_server shows them (embedded flavor, tags, description): at os_server's microversion
        if microversion is None and kind == "server":
            microversion = _compute.server_microversion(self)
        elif microversion is None and kind in ("volume", "volume_snapshot"):
            microversion = _volume.microversion(self)
        found = self._paged(kind, filters, microversion=microversion)
        return list(found) if raw else [self.normalize(kind, i) for i in found]

    def search(self, kind, name_or_id=None, filters=None, raw=False):
        """Resources whose id or name is name_or_id (server-side ?name= filter), plus filters."""
        filters = dict(filters or {})
        if name_or_id is None:
            return self.list(kind, filters, raw=raw)
        name_or_id = _ident(kind, name_or_id)
        service, _path, key, detail = RESOURCES[kind]
        found = []
        if kind in ("keypair",):
            got = self._get_path(kind, detail % _quote(name_or_id), raw=raw)
            return [got] if got else []
        if UUID.match(str(name_or_id)) or kind == "flavor":
            got = self._get_path(kind, detail % _quote(name_or_id), raw=raw)
            if got:
                found.append(got)
        if not found:
            name_key = NAME_FILTER.get(kind, "name")
            if kind == "flavor":  # nova has no ?name= for flavors: one list, filtered here
                found = [f for f in self.list(kind, filters, raw=raw) if f.get("name") == name_or_id]
            else:
                value = name_or_id
                if service == "compute":  # nova matches ?name= as a regular expression
                    value = "^%s$" % re.escape(name_or_id)
                found = [
                    i
                    for i in self.list(kind, dict(filters, **{name_key: value}), raw=raw)
                    if i.get(name_key) == name_or_id
                ]
        if kind == "server":  # nova shows a just-deleted server by id for a moment
            found = [i for i in found if i.get("status") != "DELETED"]
        return found

    def get(self, kind, name_or_id, filters=None, raw=False):
        """One resource by name or id; None if missing; AmbiguousResource if the name is not unique."""
        found = self.search(kind, name_or_id, filters, raw=raw)
        if len(found) > 1:
            raise AmbiguousResource(kind.replace("_", " "), name_or_id, found, cloud=self.name, region=self.region_name)
        return found[0] if found else None

    def _get_path(self, kind, path, raw=False):
        service = RESOURCES[kind][0]
        try:
            microversion = _compute.server_microversion(self) if kind == "server" else None
            if kind in ("volume", "volume_snapshot"):
                microversion = _volume.microversion(self)
            body = _json(self.request(service, "GET", path, microversion=microversion))
        except NotFound:
            return None
        key = CREATE.get(kind, (None, None, kind))[2]
        got = body.get(key, body) if key else body
        return got if raw else self.normalize(kind, got)

    # -- generic create / update / delete ---------------------------------------------------------------------

    def create(self, kind, body, find=None, **kwargs):
        """POST one resource; returns it normalized (for a server: the create answer, not yet ACTIVE).

        find: when the answer is lost (connection broken, 502/503/504), a function that returns the
        resource if the lost request made it (raw, as the API shows it), else None: then the POST is
        sent again, so that a retry never makes two (see CloudSession.create)."""
        if kind == "network":
            self._networks = None
        service, path, wrapper = CREATE[kind]
        payload = {wrapper: body} if wrapper else body
        if find is None:
            resp = self.request(service, "POST", path, json=payload, **kwargs)
        else:
            resp, found = self.session.create(service, path, find, json=payload, **kwargs)
            if found is not None:
                return self.normalize(kind, found)
        data = _json(resp)
        return self.normalize(kind, data.get(wrapper, data) if wrapper else data)

    def update(self, kind, name_or_id, changes, **kwargs):
        """PUT changes to a nova or neutron resource (glance images change by JSON patch in os_image)."""
        if kind == "network":
            self._networks = None
        resource = self._require(kind, name_or_id)
        service, _path, wrapper = CREATE[kind]
        detail = RESOURCES[kind][3]
        data = _json(self.request(service, "PUT", detail % resource["id"], json={wrapper: changes}, **kwargs))
        return self.normalize(kind, data.get(wrapper, data))

    def delete(self, kind, name_or_id, **kwargs):
        """DELETE one resource by name or id; False if it was already gone."""
        if kind == "network":
            self._networks = None
        resource = self.get(kind, name_or_id)
        if resource is None:
            return False
        service, detail = RESOURCES[kind][0], RESOURCES[kind][3]
        ident = resource["name"] if kind == "keypair" else resource["id"]
        try:
            self.request(service, "DELETE", detail % _quote(ident), **kwargs)
        except NotFound:
            return False
        return True

    def _wait_gone(self, kind, ident, timeout):
        """Poll (0.3 s, growing to 2 s) until the resource of that id is gone; WaitTimeout says where it is."""
        deadline = time.time() + timeout
        delay = 0.3
        while self.get(kind, ident) is not None:
            if time.time() > deadline:
                raise WaitTimeout(
                    "%s %s on cloud %s region %s is still there after %ds"
                    % (kind.replace("_", " "), ident, self.name, self.region_name, timeout),
                    cloud=self.name,
                    region=self.region_name,
                )
            time.sleep(delay)
            delay = min(delay * 1.5, 2.0)

    def _require(self, kind, name_or_id):
        resource = self.get(kind, name_or_id)
        if resource is None:
            raise NotFound(
                "no %s %r on cloud %s region %s" % (kind.replace("_", " "), name_or_id, self.name, self.region_name),
                cloud=self.name,
                region=self.region_name,
            )
        return resource

    # -- what the seed demo uses --------------------------------------------------------------------------

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
            details = _compute.server_details(self, raw)
            if not self.strict:  # with the keys openstacksdk's embedded image and flavor have, names filled in
                details["image"] = _normalize.server_image(dict(out["image"], **details["image"]))
                details["flavor"] = _normalize.server_flavor(dict(out["flavor"], **details["flavor"]))
            out.update(munchify(details))
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
                got = _json(self.request("compute", "GET", "/os-keypairs/%s" % _quote(name), microversion=microversion))
            except NotFound:
                return None
            got = got.get("keypair", got)
            if not public_key:
                self.request("compute", "DELETE", "/os-keypairs/%s" % _quote(name), ok=(404,))
                return None
            if got.get("fingerprint") == _compute.public_key_fingerprint(public_key):
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
        image = None if boot_volume else _compute.resolve_image(self, image)
        flavor = _compute.resolve_flavor(self, flavor)
        mapping, boot, _extra = _volume.boot_mapping(
            self, image, flavor, boot_from_volume, boot_volume, volume_size, terminate_volume, volumes
        )
        if mapping:
            body["block_device_mapping_v2"] = mapping
        if boot["mode"] != "image":
            image = None
        if "meta" in body:  # shade's and openstacksdk's name for the server's metadata
            body["metadata"] = _compute.metadata_strings(body.pop("meta"))
        if network is None and not nics and self.has_service("network"):
            network = (_compute.default_network(self) or {}).get("id")
        networks = _compute.resolve_nics(self, network, nics)
        if networks:
            body["networks"] = networks
        server, _fip = _compute.create_server(
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
        addresses = _compute.server_addresses(self, raw)
        _compute.add_neutron_floating(self, out, addresses.pop("not_in_nova", None))
        out.update(addresses)
        return out

    def update_server(self, name_or_id, detailed=False, bare=False, **changes):
        """Change the server's name or description (metadata, security groups, tags: os_server's own calls)."""
        unknown = sorted(set(changes) - set(("name", "description")))
        if unknown:
            raise ConfigError("update_server changes name and description, not %s" % ", ".join(unknown))
        raw = _compute.update_server(self, self._server_id(name_or_id), **changes)
        return self._server_out(_compute.get_server_raw(self, raw["id"]) or raw, detailed, bare)

    def wait_for_server(
        self, server, auto_ip=True, ips=None, ip_pool=None, reuse=False, timeout=180, nat_destination=None
    ):
        """Wait until the server (one made with wait=False) is ACTIVE, then give it its public address as
        create_server(wait=True) does; the server, with its addresses. ERROR or a timeout raise."""
        raw = _compute.wait_for_server(self, self._server_id(server), timeout)
        _compute.add_ips_to_server(self, raw, auto_ip, _addresses(ips), ip_pool, reuse, None, nat_destination)
        return self.server_result(_compute.get_server_raw(self, raw["id"]))

    def add_auto_ip(self, server, wait=False, timeout=60, reuse=False):
        """Give the server a public address if it has none (a floating IP where the network model needs one);
        the public address it has then, or None. wait: until nova shows a new floating IP on the server."""
        raw = _compute.get_server_raw(self, self._server_id(server))
        fip = _compute.add_public_ip(self, raw, reuse=reuse)
        if fip and wait:
            raw = _compute.wait_for_address(self, raw["id"], fip["floating_ip_address"], timeout)
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
        raw = _compute.get_server_raw(self, self._server_id(server))
        fips = _compute.add_ips_to_server(
            self, raw, auto_ip, _addresses(ips), ip_pool, reuse, fixed_address, nat_destination
        )
        for fip in fips if wait else []:
            _compute.wait_for_address(self, raw["id"], fip["floating_ip_address"], timeout)
        return self.server_result(_compute.get_server_raw(self, raw["id"]))

    def delete_server(self, name_or_id, wait=False, timeout=180, delete_ips=False):
        """Delete a server (by name, id or result); delete_ips also deletes the floating IPs auto_ip allocated
        for it (and no other: one attached by ips= is the caller's). False if there was no such server."""
        server = self.get_server(name_or_id, bare=True)
        if server is None:
            return False
        return _compute.delete_server(self, server["id"], delete_ips=delete_ips, wait=wait, timeout=timeout)

    def create_image(
        self,
        name,
        filename=None,
        wait=False,
        timeout=3600,
        disk_format=None,
        container_format=None,
        tags=None,
        url=None,
        on_content_change="fail",
        upload_method="auto",
        **meta,
    ):
        """Upload a file (or have glance fetch url) as the image `name`, the way this cloud takes images (PUT,
        or the import glance-direct / web-download); the image. Idempotent by content: an image of that name
        with the same bytes is not uploaded again (its fields are updated). wait: until it is active.

        meta: the image's fields (min_disk, min_ram, visibility, protected, owner) and properties (os_distro=...,
        or properties={...}). Other content under that name: on_content_change fail (the default, a
        CloudError), ignore (kept), replace (a new image, the old one deleted once it is there). disk_format:
        the cloud's image_format (profile), else qcow2; container_format: bare."""
        props = dict(meta.pop("properties", None) or {}, **meta.pop("meta", None) or {})
        if "is_protected" in meta:
            meta["protected"] = meta.pop("is_protected")
        core = dict((k, meta.pop(k)) for k in _image.CORE if k in meta and k not in ("disk_format", "tags"))
        props.update(meta)
        fields = dict(
            core=core,
            properties=props,
            tags=tags,
            disk_format=disk_format,
            container_format=container_format,
            upload_method=upload_method,
            wait=wait,
            timeout=timeout,
        )
        result = _image.ensure_present(self, name, filename, url, on_content_change, fields)
        return self.normalize("image", result["after"])

    def update_image_properties(self, name_or_id=None, image=None, meta=None, **properties):
        """Set properties (and fields: min_ram, visibility ...) of an image given by name, id or result; the
        image. Only what differs is sent (one JSON patch)."""
        current = _image.get_image(self, self._require("image", image or name_or_id)["id"])
        props = dict(meta or {}, **properties)
        core = dict((k, props.pop(k)) for k in _image.CORE if k in props and k not in ("disk_format", "tags"))
        fields = _image.image_fields(core=core, properties=props, active=current.get("status") != "deactivated")
        return self.normalize("image", _image.update_fields(self, current, fields)["after"])

    def delete_image(self, name_or_id, wait=False, timeout=3600):
        """Delete an image (by name, id or result); wait: until glance no longer shows it. False if there was
        no such image."""
        image = self.get("image", name_or_id)
        if image is None or not self.delete("image", image["id"]):
            return False
        if wait:
            self._wait_gone("image", image["id"], timeout)
        return True

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

    # -- object store ------------------------------------------------------------------------------------

    def list_containers(self):
        return self._swift_listing("")

    def get_container(self, name):
        """The container's metadata (HEAD) as a dict of lower-cased headers, or None."""
        try:
            resp = self.request("object-store", "HEAD", _object_store.container_path(name))
        except NotFound:
            return None
        return munchify(dict((k.lower(), v) for k, v in resp.headers.items()))

    def create_container(self, name, public=False):
        headers = {"X-Container-Read": ".r:*,.rlistings"} if public else None
        self.request("object-store", "PUT", _object_store.container_path(name), headers=headers)
        return self.get_container(name)

    def delete_container(self, name):
        """Delete an empty container, and the container of its segments (<name>_segments) when that is empty
        too (large objects leave it behind); False if there was no such container."""
        return _object_store.delete_container(self, name)

    def search_containers(self, prefix=None):
        return [c for c in self.list_containers() if not prefix or c["name"].startswith(prefix)]

    def update_container(self, name, public=None, metadata=None):
        headers = dict(("X-Container-Meta-%s" % k, str(v)) for k, v in (metadata or {}).items())
        if public is not None:
            headers["X-Container-Read"] = ".r:*,.rlistings" if public else ""
        self.request("object-store", "POST", _object_store.container_path(name), headers=headers, idempotent=True)
        return self.get_container(name)

    def list_objects(self, container):
        return self._swift_listing(_object_store.container_path(container))

    def search_objects(self, container, prefix=None):
        return [o for o in self.list_objects(container) if not prefix or o["name"].startswith(prefix)]

    def update_object(self, container, name, metadata):
        """Set the object's metadata (swift replaces all of it: pass every key to keep)."""
        _object_store.validate_metadata(self, metadata)
        headers = _object_store.object_meta_headers(metadata)
        self.request("object-store", "POST", _object_store.obj_path(container, name), headers=headers, idempotent=True)

    def create_object(
        self,
        container,
        name,
        filename=None,
        data=None,
        segment_size=None,
        use_slo=True,
        metadata=None,
        content_type=None,
    ):
        """Store a file (or data: bytes or text) as container/name, the container made if missing; the object.

        A file bigger than segment_size (default: the cloud's largest object, at most 5 GiB) goes in segments,
        sent in parallel to <container>_segments and joined by a static large object manifest; a re-run sends
        only the segments missing or different, and content already there is not sent again."""
        if not use_slo:
            raise ConfigError("use_slo=False (dynamic large objects) is not supported: segments are joined by a SLO")
        if filename is None and data is None:
            data = b""
        result = _object_store.ensure_object(
            self,
            container,
            name,
            filename=filename,
            data=data,
            segment_size=segment_size,
            content_type=content_type,
            metadata=metadata,
        )
        return munchify(_normalize.swift_object(result["after"], result["headers"]))

    def get_object(self, container, name):
        """(headers, bytes) or None."""
        try:
            resp = self.request("object-store", "GET", _object_store.obj_path(container, name))
        except NotFound:
            return None
        return munchify(dict((k.lower(), v) for k, v in resp.headers.items())), resp.content

    def delete_object(self, container, name):
        """Delete the object; a large (SLO) object's segments too."""
        return _object_store.delete_object(self, container, name)

    def _swift_listing(self, path):
        out, marker = [], None
        while True:
            params = {"format": "json", "limit": PAGE}
            if marker:
                params["marker"] = marker
            page = _json_list(self.request("object-store", "GET", path, params=params))
            out.extend(munchify(c) for c in page)
            if len(page) < PAGE:
                return out
            marker = page[-1]["name"]


def _addresses(ips):
    """ips as a list: one address alone is a list of one (as openstacksdk takes it)."""
    if ips is None or isinstance(ips, (list, tuple)):
        return ips
    return [ips]


def _ident(kind, value):
    """A name or id, from a string or a resource (the seed passes results back: delete_server(server))."""
    if isinstance(value, dict):
        return value.get("name") if kind == "keypair" else (value.get("id") or value.get("name"))
    return str(value)


def _json(resp, kind=dict):
    """The JSON body, which must be a ``kind``; an HTTPError naming the request otherwise."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    if not isinstance(body, kind):
        req = getattr(resp, "request", None)
        raise HTTPError(
            "%s %s answered %d without the JSON expected: %r"
            % (getattr(req, "method", "?"), getattr(resp, "url", "?"), resp.status_code, (resp.text or "")[:200]),
            status=resp.status_code,
        )
    return body


def _json_list(resp):
    """Swift answers 204 with no body for an empty listing."""
    return _json(resp, list) if resp.status_code == 200 and resp.content else []


def _quote(name):
    """A name or id as one path segment: '.' and '..' encoded too (HTTP clients would resolve them away)."""
    quoted = quote(str(name), safe="")
    return quoted.replace(".", "%2E") if quoted in (".", "..") else quoted
