# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's one exception tree.

Modules catch ``CloudError`` only; its ``str()`` is a message a human can act on (which cloud, which
region, which service and request, what the server said) and never holds a secret.

    CloudError
    +-- ConfigError          clouds.yaml / secure.yaml / OS_* / profile / argument problems
    +-- DriftError           what cannot change in place differs, and on_drift=fail
    +-- MissingLibrary       a required Python library is not installed on the host running the task
    +-- AmbiguousResource    a name matches several resources (lists the candidates)
    +-- WaitTimeout          a resource did not reach the wanted state in time (says where it is)
    +-- HTTPError            an API answered with an error status (or could not be reached); also a
        |                    requests.exceptions.HTTPError, so that `except HTTPError` of requests code catches it
        +-- BadRequest       400
        +-- NotFound         404
        +-- Conflict         409
        +-- AuthError        401/403 and authentication failures
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
from html import unescape as html_unescape

from ansible_collections.polystack.cloud.plugins.module_utils._secrets import mask as mask_secrets

try:
    from requests.exceptions import HTTPError as _RequestsHTTPError
except ImportError:  # requests missing: MissingLibrary says so; the tree stays importable meanwhile
    _RequestsHTTPError = Exception

REQUEST_ID_HEADERS = ("x-openstack-request-id", "x-compute-request-id", "x-trans-id", "x-request-id")


class CloudError(Exception):
    """Base of every error the collection raises on purpose."""

    def __init__(self, message, cloud=None, region=None, result=None):
        super(CloudError, self).__init__(message)
        self.message = message
        self.cloud = cloud
        self.region = region
        # what the failed task's result carries beside msg: the resource as it stands, for a playbook to act on
        self.result = dict(result or {})

    def where(self):
        parts = []
        if self.cloud:
            parts.append("cloud %s" % self.cloud)
        if self.region:
            parts.append("region %s" % self.region)
        return ", ".join(parts)

    def __str__(self):
        # the cloud and the region, each unless the message names it already ("... on cloud x region y")
        named = ["cloud %s" % self.cloud if self.cloud else None, "region %s" % self.region if self.region else None]
        missing = [text for text in named if text and text not in self.message]
        if missing:
            return "%s (%s)" % (self.message, ", ".join(missing))
        return self.message

    def to_result(self):
        """Extra keys for fail_json: machine-readable details beside ``msg``."""
        out = dict(self.result)
        if self.cloud:
            out["cloud"] = self.cloud
        if self.region:
            out["region"] = self.region
        if getattr(self, "cleanup", None) is not None:
            out["cleanup"] = self.cleanup
        return out


class ConfigError(CloudError):
    pass


class DriftError(CloudError):
    """A resource differs in what cannot change in place, and the user asked to fail on it (on_drift=fail);
    drift says how: {field: {"server": what it has, "wanted": what was asked}}."""

    def __init__(self, message, drift, **kwargs):
        super(DriftError, self).__init__(message, **kwargs)
        self.drift = drift

    def to_result(self):
        out = super(DriftError, self).to_result()
        out["drift"] = self.drift
        return out


class MissingLibrary(CloudError):
    def __init__(self, library, reason=None):
        super(MissingLibrary, self).__init__(
            "the Python library %s is required on the host that runs this task%s "
            "(install the collection's requirements.txt: pip install keystoneauth1 PyYAML munch requests)"
            % (library, ": %s" % reason if reason else "")
        )
        self.library = library


class AmbiguousResource(CloudError):
    def __init__(self, kind, name, candidates, cloud=None, region=None):
        listed = ", ".join(
            "%s (id %s)" % (c.get("name"), c.get("id")) if isinstance(c, dict) else str(c) for c in candidates
        )
        super(AmbiguousResource, self).__init__(
            "%d %ss are named %r: %s; use the id instead" % (len(candidates), kind, name, listed),
            cloud=cloud,
            region=region,
        )
        self.kind = kind
        self.name = name
        self.candidates = candidates


class WaitTimeout(CloudError):
    pass


class HTTPError(CloudError, _RequestsHTTPError):
    """An API error: keeps status, request id, method, URL and the server's own message; `response` is the
    answer when there was one (as requests' HTTPError has it), None when the cloud could not be reached."""

    def __init__(
        self,
        message,
        status=None,
        request_id=None,
        method=None,
        url=None,
        service=None,
        server_message=None,
        cloud=None,
        region=None,
        response=None,
    ):
        super(HTTPError, self).__init__(message, cloud=cloud, region=region)
        self.response = response  # (requests' __init__, reached through CloudError's, set it to None)
        self.request = getattr(response, "request", None)
        self.status = status
        self.request_id = request_id
        self.method = method
        self.url = url
        self.service = service
        self.server_message = server_message

    def to_result(self):
        out = super(HTTPError, self).to_result()
        for key in ("status", "request_id", "method", "url", "service"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


class BadRequest(HTTPError):
    pass


class NotFound(HTTPError):
    pass


class Conflict(HTTPError):
    pass


class AuthError(HTTPError):
    pass


_BY_STATUS = {400: BadRequest, 404: NotFound, 409: Conflict, 401: AuthError, 403: AuthError}


def server_message(body, content_type=""):
    """The human part of an OpenStack error body, whatever the service's format."""
    if not body:
        return ""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    data = None
    if "json" in (content_type or "") or body.lstrip().startswith("{"):
        try:
            data = json.loads(body)
        except ValueError:
            data = None
    if isinstance(data, dict):
        # neutron: {"NeutronError": {"type", "message", "detail"}}; keystone: {"error": {"message"}};
        # nova: {"itemNotFound": {"message", "code"}}; placement: {"errors": [{"detail"}]};
        # glance (some): {"message": ...}
        for key in ("NeutronError", "error"):
            if isinstance(data.get(key), dict) and data[key].get("message"):
                return str(data[key]["message"])
        if isinstance(data.get("errors"), list) and data["errors"]:
            first = data["errors"][0]
            if isinstance(first, dict):
                return str(first.get("detail") or first.get("title") or first)
        if data.get("message"):
            return str(data["message"])
        if data.get("faultstring"):
            return str(data["faultstring"])
        if len(data) == 1:
            inner = list(data.values())[0]
            if isinstance(inner, dict) and inner.get("message"):
                return str(inner["message"])
        return json.dumps(data)[:500]
    # glance and swift answer with HTML or plain text
    text = re.sub(r"<[^>]+>", " ", body)
    text = html_unescape(re.sub(r"\s+", " ", text).strip())  # glance writes &#x27; for '
    return text[:500]


def from_response(response, service=None, cloud=None, region=None, method=None):
    """An HTTPError (of the right subclass) from a requests/keystoneauth1 response."""
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    request_id = None
    for name in REQUEST_ID_HEADERS:
        if headers.get(name):
            request_id = headers[name]
            break
    method = method or getattr(getattr(response, "request", None), "method", None)
    url = mask_url(getattr(response, "url", None))
    text = mask_secrets(server_message(response.content, headers.get("content-type", "")))
    status = response.status_code
    reason = (getattr(response, "reason", "") or "").strip()
    if reason:  # HTML error pages repeat "415 Unsupported Media Type" as title and heading
        head = "%d %s" % (status, reason)
        while text.startswith(head):
            text = text[len(head) :].strip()
    msg = "%s %s %s: %d %s" % (service or "API", method or "", url or "", status, getattr(response, "reason", "") or "")
    msg = re.sub(r"\s+", " ", msg).strip()
    if text:
        msg += ": %s" % text
    if request_id:
        msg += " [request id %s]" % request_id
    cls = _BY_STATUS.get(status, HTTPError)
    return cls(
        msg,
        status=status,
        request_id=request_id,
        method=method,
        url=url,
        service=service,
        server_message=text,
        cloud=cloud,
        region=region,
        response=response,
    )


_SECRET_QUERY = re.compile(r"((?:temp_url_sig|signature|token|password|secret)=)[^&]*", re.IGNORECASE)


def mask_url(url):
    if not url:
        return url
    return _SECRET_QUERY.sub(r"\1***", str(url))
