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
    _progress,
    _session,
    _volume,
)
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    AmbiguousResource,
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


class Cloud(
    _compute.ComputeCalls, _neutron.NetworkCalls, _volume.VolumeCalls, _image.ImageCalls, _object_store.ObjectCalls
):
    """One cloud-region: the session and the generic calls (list, search, get, create, update, delete of any kind)
    here; each service's calls in its own part, which it inherits (ComputeCalls, NetworkCalls, VolumeCalls,
    ImageCalls, ObjectCalls)."""

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

    @staticmethod
    def _munch(value):
        """A result as munch (attribute and item access), for the service parts (which do not import this module)."""
        return munchify(value)

    @staticmethod
    def _json_list(resp):
        return _json_list(resp)

    @staticmethod
    def _json(resp, kind=dict):
        return _json(resp, kind)

    @staticmethod
    def _quote(name):
        return _quote(name)

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
        if kind == "server" and not _compute.asks_for_deleted(filters):
            found = (i for i in found if i.get("status") != "DELETED")  # being deleted: gone the next moment
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
        """Poll (0.3 s, then a tenth of the time waited, at most 2 s) until the resource of that id is gone;
        WaitTimeout says where it is."""
        deadline = time.time() + timeout
        pacer = _progress.Pacer(first=0.3)
        while self.get(kind, ident) is not None:
            if time.time() > deadline:
                raise WaitTimeout(
                    "%s %s on cloud %s region %s is still there after %ds"
                    % (kind.replace("_", " "), ident, self.name, self.region_name, timeout),
                    cloud=self.name,
                    region=self.region_name,
                )
            pacer.pause()

    def _require(self, kind, name_or_id):
        resource = self.get(kind, name_or_id)
        if resource is None:
            raise NotFound(
                "no %s %r on cloud %s region %s" % (kind.replace("_", " "), name_or_id, self.name, self.region_name),
                cloud=self.name,
                region=self.region_name,
            )
        return resource


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
