# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""keystoneauth1 sessions for one cloud-region: auth plugin, TLS, retries, token cache, masked logs.

* The auth plugin comes from ``keystoneauth1.loading`` by ``auth_type`` (password by default); unknown
  types and unknown options are ConfigErrors that list what keystoneauth1 offers.
* ``CloudSession.request(service_type, method, path)`` sends through a keystoneauth1 Adapter (one per
  service: explicit service type, interface, region, endpoint override) and turns error statuses
  into the collection's HTTPError (status, request id, method, URL, the server's message).
* Retries, bounded: connection failures (with backoff; a body cut short counts as one); 502/503/504
  for idempotent methods; 429 and 413 with Retry-After for every method (the request was refused, not run),
  honouring Retry-After up to ``MAX_RETRY_AFTER`` seconds.  Each retry is logged.
* Token cache: every Ansible task is a new process, so the token and catalog of a cloud-region are
  kept in ``~/.cache/polystack/tokens/<sha256 of the auth parameters>.json`` (0600, in a 0700
  directory), reused until shortly before expiry; different credentials never share a file.  Off with
  ``token_cache=False`` or POLYSTACK_TOKEN_CACHE=0.
* Logging: logger ``polystack.cloud`` (calls and decisions) at DEBUG with ``debug``; ``http_debug``
  adds keystoneauth1's request/response log.  A filter on both masks every password, secret and token.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import hashlib
import hmac
import importlib
import json
import logging
import os
import re
import tempfile
import threading
import time
from email.utils import parsedate_to_datetime

from ansible_collections.polystack.cloud.plugins.module_utils import _errors, _secrets
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError, HTTPError, MissingLibrary
from ansible_collections.polystack.cloud.plugins.module_utils._secrets import SECRETS

try:
    from keystoneauth1 import adapter as ks_adapter
    from keystoneauth1 import exceptions as ks_exc
    from keystoneauth1 import loading as ks_loading
    from keystoneauth1 import session as ks_session

    HAS_KEYSTONEAUTH = True
except ImportError:  # reported as MissingLibrary when a session is made
    HAS_KEYSTONEAUTH = False

LOG = logging.getLogger("polystack.cloud")
HTTP_LOGGERS = ("keystoneauth", "keystoneauth.session", "keystoneauth.identity")
APP_NAME = "polystack.cloud"
APP_VERSION = "0.1.0"

IDEMPOTENT = ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
RETRY_STATUSES_IDEMPOTENT = (502, 503, 504)
RETRY_STATUSES_ANY = (429, 413)
MAX_RETRIES = 4
MAX_RETRY_AFTER = 30.0
TOKEN_EXPIRY_MARGIN = 300  # seconds: a cached token this close to expiry is not reused


LOG.addFilter(SECRETS)
logging.getLogger("keystoneauth").addFilter(SECRETS)
for _name in HTTP_LOGGERS:
    logging.getLogger(_name).addFilter(SECRETS)


def enable_logging(debug=False, http_debug=False, stream=None, path=None):
    """Log calls and decisions (debug) and every HTTP request/response (http_debug), secrets masked.

    keystoneauth1's own warnings (its connection retries) are shown with debug too. Called again, it replaces
    the handler it added before (one line per record, whatever the number of calls); a log file is created 0600
    (and made 0600 if it was not): what it records is masked, but it still shows the cloud's layout."""
    for old in list(LOG.handlers):
        if getattr(old, "_polystack", False):
            LOG.removeHandler(old)
            logging.getLogger("keystoneauth").removeHandler(old)
            old.close()
    if path:
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
        os.chmod(path, 0o600)
        handler = logging.FileHandler(path)
    else:
        handler = logging.StreamHandler(stream)
    handler._polystack = True
    handler.addFilter(SECRETS)  # also masks records of loggers we did not filter above
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.DEBUG if (debug or http_debug) else logging.INFO)
    ksa = logging.getLogger("keystoneauth")  # the children (session, identity) propagate to it
    ksa.setLevel(logging.DEBUG if http_debug else logging.WARNING)
    for name in HTTP_LOGGERS[1:]:
        logging.getLogger(name).setLevel(logging.NOTSET)
    if (debug or http_debug) and handler not in ksa.handlers:
        ksa.addHandler(handler)
    return handler


# -- the token cache -----------------------------------------------------------------------------------------


def cache_dir():
    base = os.environ.get("POLYSTACK_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "polystack"
    )
    return os.path.join(base, "tokens")


def cache_key(cloud_region):
    """A hash of everything that identifies the credentials (never of a subset: no sharing between users)."""
    material = {
        "auth_type": cloud_region.auth_type,
        "auth": cloud_region.auth,
        "verify": str(cloud_region.verify),
        "cert": str(cloud_region.cert),
    }
    blob = json.dumps(material, sort_keys=True, default=str).encode("utf-8")
    # keyed with a per-user random secret: a file name seen in a log does not allow guessing passwords
    return hmac.new(cache_secret(), blob, hashlib.sha256).hexdigest()


def cache_secret():
    directory = cache_dir()
    path = os.path.join(directory, ".key")
    try:
        with open(path, "rb") as f:
            key = f.read()
        if len(key) >= 32 and os.stat(path).st_uid == os.getuid():
            return key
    except OSError:
        pass
    key = os.urandom(32)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        try:
            os.link(tmp, path)  # first writer wins; the others read its key
        except OSError:
            pass
        os.unlink(tmp)
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return key  # no cache dir: the cache cannot be used anyway


class TokenCache:
    def __init__(self, key, directory=None):
        self.directory = directory or cache_dir()
        self.path = os.path.join(self.directory, key + ".json")

    def load(self):
        try:
            st = os.stat(self.path)
            if st.st_uid != os.getuid() or st.st_mode & 0o077:
                LOG.debug("token cache %s ignored: not private to this user", self.path)
                return None
            with open(self.path) as f:
                data = json.load(f)
            if not isinstance(data.get("state"), str) or float(data["expires_at"]) - time.time() < TOKEN_EXPIRY_MARGIN:
                return None
        except (OSError, ValueError, TypeError, KeyError, AttributeError):  # a damaged file is a miss
            return None
        return data

    def save(self, data, path=None):
        path = path or self.path
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            os.chmod(self.directory, 0o700)
            fd, tmp = tempfile.mkstemp(dir=self.directory)  # 0600, unique per thread and process
            with os.fdopen(fd, "w") as f:
                json.dump(data, f)
            os.replace(tmp, path)
        except OSError as e:  # a cache that cannot be written only costs a re-auth
            LOG.debug("token cache %s not written: %s", path, e)

    def _extra_path(self, name):
        return self.path[: -len(".json")] + "." + name + ".json"

    def load_extra(self, name):
        """Data cached beside the token (version discovery), same key, same permissions."""
        path = self._extra_path(name)
        try:
            st = os.stat(path)
            if st.st_uid != os.getuid() or st.st_mode & 0o077:
                return None
            with open(path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def save_extra(self, name, data):
        self.save(data, self._extra_path(name))

    def clear(self):
        try:
            os.unlink(self.path)
        except OSError:
            pass


# -- the session ----------------------------------------------------------------------------------------------


def effective_auth_type(cloud_region):
    """The generic password/token plugins discover the identity version (one more request); when the
    cloud says which version it speaks, and the auth_url says it too, use that version's plugin directly."""
    auth_type = cloud_region.auth_type
    if auth_type not in ("password", "token"):
        return auth_type
    version = str(cloud_region.get("identity_api_version", "3"))
    url = str(cloud_region.auth.get("auth_url") or "").rstrip("/")
    if version.startswith("3") and url.endswith("/v3"):
        return "v3" + auth_type
    if version.startswith("2") and (url.endswith("/v2.0") or url.endswith("/v2")):
        return "v2" + auth_type
    return auth_type


# keystoneauth1's own identity loaders, by entry point name. get_plugin_loader finds a loader through stevedore,
# which reads the entry points of every installed distribution (50-600 ms on each module run); the common
# auth types are looked up here instead, and anything else (extras, third-party plugins) goes through stevedore.
_BUILTIN_LOADERS = {
    "password": ("generic", "Password"),
    "token": ("generic", "Token"),
    "v2password": ("v2", "Password"),
    "v2token": ("v2", "Token"),
    "v3password": ("v3", "Password"),
    "v3token": ("v3", "Token"),
    "v3applicationcredential": ("v3", "ApplicationCredential"),
    "v3totp": ("v3", "TOTP"),
    "v3multifactor": ("v3", "MultiFactor"),
}


def _plugin_loader(auth_type):
    builtin = _BUILTIN_LOADERS.get(auth_type)
    if builtin:
        try:
            module = importlib.import_module("keystoneauth1.loading._plugins.identity." + builtin[0])
            return getattr(module, builtin[1])()
        except (ImportError, AttributeError):  # a keystoneauth1 that moved them: ask stevedore
            pass
    return ks_loading.get_plugin_loader(auth_type)


def load_auth_plugin(cloud_region):
    if not HAS_KEYSTONEAUTH:
        raise MissingLibrary("keystoneauth1")
    auth_type = effective_auth_type(cloud_region)
    try:
        loader = _plugin_loader(auth_type)
    except ks_exc.NoMatchingPlugin:
        raise ConfigError(
            "cloud %s: unknown auth_type %r; keystoneauth1 offers: %s (%s)"
            % (
                cloud_region.name,
                auth_type,
                ", ".join(sorted(ks_loading.get_available_plugin_names())),
                cloud_region.origins.get("auth_type", cloud_region.source),
            )
        ) from None
    known = {o.dest for o in loader.get_options()} | {o.name.replace("-", "_") for o in loader.get_options()}
    unknown = sorted(k for k in cloud_region.auth if k not in known)
    if unknown:
        raise ConfigError(
            "cloud %s: auth_type %s does not take auth.%s; it takes: %s (%s)"
            % (
                cloud_region.name,
                auth_type,
                ", auth.".join(unknown),
                ", ".join(sorted(o.dest for o in loader.get_options())),
                cloud_region.source,
            )
        )
    SECRETS.add(*[v for k, v in cloud_region.auth.items() if _secrets.is_secret_key(k)])
    try:
        return loader.load_from_options(**cloud_region.auth)
    except ks_exc.MissingRequiredOptions as e:
        raise ConfigError(
            "cloud %s: auth_type %s needs auth.%s (%s)"
            % (cloud_region.name, auth_type, ", auth.".join(o.dest for o in e.options), cloud_region.source)
        ) from None
    except ks_exc.OptionError as e:
        raise ConfigError("cloud %s: %s (%s)" % (cloud_region.name, e, cloud_region.source)) from None


class CloudSession:
    """One authenticated session for a cloud-region, with one Adapter per service type."""

    def __init__(self, cloud_region, app_name=None, app_version=None, token_cache=None):
        self.cloud = cloud_region
        self.plugin = load_auth_plugin(cloud_region)
        timeout = cloud_region.get("api_timeout")
        self.session = ks_session.Session(
            auth=self.plugin,
            verify=cloud_region.verify,
            cert=cloud_region.cert,
            timeout=timeout,
            app_name=app_name or APP_NAME,
            app_version=app_version or APP_VERSION,
            additional_user_agent=[(APP_NAME, APP_VERSION)] if app_name else None,
            collect_timing=False,
        )
        self.adapters = {}
        self.requests = 0  # how many HTTP requests this session sent (auth included), for tests and benchmarks
        self.auth_requests = 0  # of which token requests (POST .../auth/tokens)
        self._count_lock = threading.Lock()
        self._auth_lock = threading.Lock()  # one re-authentication at a time after a 401 (_reauthenticate)
        self.session.session.hooks["response"].append(self._count)
        if token_cache is None:
            token_cache = os.environ.get("POLYSTACK_TOKEN_CACHE", "1").lower() not in ("0", "false", "no", "off")
        self.token_cache = TokenCache(cache_key(cloud_region)) if token_cache else None
        self._cached_state = None
        self._discovery = {}
        if self.token_cache:
            self._discovery = self.token_cache.load_extra("discovery")
            if not isinstance(self._discovery, dict):
                self._discovery = {}
            data = self.token_cache.load()
            if data and hasattr(self.plugin, "set_auth_state"):
                try:
                    self.plugin.set_auth_state(data["state"])
                    self._cached_state = data["state"]
                except Exception:  # a damaged or foreign state: authenticate as if there were none
                    self.plugin.invalidate()
                    LOG.debug("cloud %s: cached token unusable, authenticating", cloud_region.name)
                LOG.debug("cloud %s: reusing the cached token from %s", cloud_region.name, self.token_cache.path)

    def _count(self, response, *args, **kwargs):
        with self._count_lock:  # threads share a session (object segments, the inventory's lookups): no lost count
            self.requests += 1
            if response.request.method == "POST" and response.url.rstrip("/").endswith("/auth/tokens"):
                self.auth_requests += 1
        token = response.headers.get("X-Subject-Token")
        if token:
            SECRETS.add(token)
        return response

    # -- auth and the cache ----------------------------------------------------------------------------

    def authenticate(self):
        attempt = 0
        while True:  # asking for a token twice is harmless: transient failures are retried
            try:
                token = self.session.get_token()
                break
            except (ks_exc.ConnectionError, ks_exc.RetriableConnectionFailure, ks_exc.HttpError) as e:
                status = getattr(e, "http_status", None)
                if (
                    isinstance(e, ks_exc.SSLError)
                    or (status and status not in RETRY_STATUSES_IDEMPOTENT + RETRY_STATUSES_ANY)
                    or attempt >= MAX_RETRIES
                ):
                    return self._auth_failed(e)
                delay = retry_delay(getattr(getattr(e, "response", None), "headers", {}).get("Retry-After"), attempt)
                attempt += 1
                LOG.debug(
                    "cloud %s: authentication failed (%s); retry %d in %.1fs",
                    self.cloud.name,
                    _short(e),
                    attempt,
                    delay,
                )
                time.sleep(delay)
            except ks_exc.ClientException as e:
                return self._auth_failed(e)
        SECRETS.add(token)
        self._save_token()
        return token

    def _reauthenticate(self, stale):
        """A new token after a 401 to a request sent with `stale`: once for all the threads that got one, so the
        token a thread fetched is not thrown away by the next thread's 401 to the old one."""
        with self._auth_lock:
            current = getattr(getattr(self.plugin, "auth_ref", None), "auth_token", None)
            if current is None or current == stale:
                self.plugin.invalidate()
            return self.authenticate()

    def _auth_failed(self, e):
        where = dict(cloud=self.cloud.name, region=self.cloud.region_name, service="identity")
        request_id = getattr(e, "request_id", None)
        rid = " [request id %s]" % request_id if request_id else ""
        if isinstance(e, ks_exc.Unauthorized):
            raise _errors.AuthError(
                "authentication refused by %s: %s (check the credentials of cloud %s, %s)%s"
                % (self.cloud.auth.get("auth_url"), _short(e), self.cloud.name, self.cloud.source, rid),
                status=401,
                request_id=request_id,
                **where,
            ) from None
        if isinstance(e, ks_exc.ConnectFailure):
            raise ConnectionLost(
                "cannot reach the identity service of cloud %s: %s" % (self.cloud.name, _short(e)), **where
            ) from None
        raise HTTPError(
            "authentication with cloud %s failed: %s%s" % (self.cloud.name, _short(e), rid),
            status=getattr(e, "http_status", None),
            request_id=request_id,
            **where,
        ) from None

    def _save_token(self):
        if not self.token_cache or not hasattr(self.plugin, "get_auth_state"):
            return
        state = self.plugin.get_auth_state()
        if not state or state == self._cached_state:
            return
        access = self.plugin.get_access(self.session)
        expires = access.expires
        self.token_cache.save({"state": state, "expires_at": expires.timestamp() if expires else time.time() + 3600})
        self._cached_state = state

    @property
    def project_id(self):
        self.authenticate()
        return self.plugin.get_project_id(self.session)

    @property
    def project_domain(self):
        """(id, name) of the domain of the project the token is scoped to (from the token)."""
        self.authenticate()
        access = self.plugin.get_access(self.session)
        return access.project_domain_id, access.project_domain_name

    @property
    def project_name(self):
        """The name of the project the token is scoped to (from the token: no request to keystone)."""
        self.authenticate()
        return self.plugin.get_access(self.session).project_name

    # -- services ------------------------------------------------------------------------------------------

    def adapter(self, service_type):
        if service_type not in self.adapters:
            self.adapters[service_type] = ks_adapter.Adapter(
                self.session,
                # a cloud may name a service differently in its catalog (volumev3, rax:database ...)
                service_type=self.cloud.get("%s_service_type" % service_type.replace("-", "_")) or service_type,
                interface=self.cloud.interface(service_type),
                region_name=self.cloud.region_name,
                service_name=self.cloud.get("%s_service_name" % service_type.replace("-", "_")),
                endpoint_override=self.cloud.endpoint_override(service_type),
                connect_retries=3,
                logger=logging.getLogger("keystoneauth.session"),
            )
        return self.adapters[service_type]

    def endpoint(self, service_type):
        self.authenticate()
        try:
            return self.adapter(service_type).get_endpoint()
        except ks_exc.EndpointNotFound:
            return None

    def has_service(self, service_type):
        """Whether the cloud offers the service: its catalog has it, unless clouds.yaml says has_<service>: false
        (a cloud whose catalog lists a network endpoint that its users cannot use, as openstacksdk reads it)."""
        flag = self.cloud.config.get("has_%s" % service_type.replace("-", "_"))
        if flag is False or str(flag).strip().lower() in ("false", "no", "off", "0"):
            return False
        return self.endpoint(service_type) is not None

    def _strip_version(self, service_type, path):
        """A path written with its API version (/v2/images) sent to an endpoint that has it already
        (an override like https://image.example.com/v2) loses the repeated segment."""
        if not path.startswith("/v"):
            return path
        m = _VERSION_SEGMENT.match(path)
        if not m:
            return path
        try:
            endpoint = self.adapter(service_type).get_endpoint() or ""
        except ks_exc.ClientException:
            return path
        if endpoint.rstrip("/").endswith(m.group(0)):
            return path[len(m.group(0)) :] or "/"
        return path

    # -- microversions --------------------------------------------------------------------------------------

    def version_range(self, service_type):
        """(min, max) microversion of the service's current API version, or None; cached like the token."""
        key = "%s|%s" % (self.cloud.region_name, service_type)
        cached = self._discovery.get(key)
        try:
            if cached and float(cached.get("expires_at", 0)) > time.time():
                return tuple(cached["range"][:2]) if cached["range"] else None
        except (AttributeError, TypeError, ValueError, KeyError):
            pass  # a damaged entry: discover again
        try:
            body = self.request(service_type, "GET", "/", ok=(300,)).json()
        except ValueError:  # not a version document (swift answers with the account listing)
            body = {}
        if not isinstance(body, dict):
            body = {}
        doc = body.get("version") or {}
        if not doc and isinstance(body.get("versions"), list):  # an unversioned endpoint: the CURRENT one
            current = [v for v in body["versions"] if v.get("status") == "CURRENT"] or body["versions"]
            doc = current[0] if current else {}
        top, bottom = doc.get("version") or doc.get("max_version"), doc.get("min_version")
        found = (bottom or top, top) if top else None
        LOG.debug(
            "cloud %s region %s: %s microversions %s",
            self.cloud.name,
            self.cloud.region_name,
            service_type,
            "%s to %s" % found if found else "not supported",
        )
        self._discovery[key] = {"range": list(found) if found else None, "expires_at": time.time() + 86400}
        self._save_discovery()
        return found

    def negotiate(self, service_type, wanted):
        """The highest microversion <= wanted that the service supports (None: it has no microversions)."""
        found = self.version_range(service_type)
        if not found:
            return None
        low, high = found
        if str(wanted) == "latest":
            return high
        if version_tuple(wanted) < version_tuple(low):
            return low
        return wanted if version_tuple(wanted) <= version_tuple(high) else high

    def _save_discovery(self):
        if self.token_cache:
            self.token_cache.save_extra("discovery", self._discovery)

    def request(self, service_type, method, path, ok=None, headers=None, microversion=None, idempotent=None, **kwargs):
        """Send one request; error statuses become HTTPError subclasses. ok: statuses that are not errors.

        idempotent: whether sending twice is harmless (default: by method; a swift metadata POST is).
        Connection failures are retried here, not by keystoneauth1 (which would resend a consumed body), and
        only when sending twice is harmless: a POST whose answer was lost may have been done. A body cut short
        (truncated answer) counts as a connection failure."""
        self.authenticate()
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT
        adapter = self.adapter(service_type)
        if microversion:
            kwargs["microversion"] = microversion
        path = self._strip_version(service_type, path)
        rewind = _rewinder(kwargs.get("data"))
        where = (service_type, method, path)
        attempt, reauthenticated = 0, False
        while True:
            resp, failure = self._send(adapter, where, headers, rewind, kwargs)
            if failure is not None:
                if not (idempotent and rewind is not False and attempt < MAX_RETRIES):
                    raise self._connection_lost(failure, where, attempt)
                delay, why = retry_delay(None, attempt), ": " + _short(failure)
            elif resp.status_code == 401 and rewind is not False and not reauthenticated:
                reauthenticated = True
                LOG.debug("%s %s %s answered 401: authenticating again", *where)
                self._reauthenticate(resp.request.headers.get("X-Auth-Token"))
                if rewind:
                    rewind()
                continue
            elif self._retriable(resp, idempotent, rewind, where) and attempt < MAX_RETRIES:
                delay, why = retry_delay(resp.headers.get("Retry-After"), attempt), " answered %d" % resp.status_code
            else:
                return self._answer(resp, where, ok)
            if rewind:
                rewind()
            attempt += 1
            LOG.debug("%s %s %s%s; retry %d of %d in %.1fs", *(where + (why, attempt, MAX_RETRIES, delay)))
            time.sleep(delay)

    def _send(self, adapter, where, headers, rewind, kwargs):
        """(response, None), or (None, the connection failure worth a retry); other failures raise."""
        service_type, method, path = where
        try:
            resp = adapter.request(
                path,
                method,
                headers=headers,
                raise_exc=False,
                connect_retries=0,
                # a 401 (token expired) is answered in request(), not by keystoneauth1: it would send a stream body
                # that was consumed, and with threads sharing the session (the inventory's lookups, object
                # segments) only the first thread's invalidate() counts for it: the others got their 401 back
                allow_reauth=False,
                **kwargs,
            )
            return resp, None
        except ks_exc.EndpointNotFound:
            raise HTTPError(
                "cloud %s has no %s service in region %s (interface %s)"
                % (self.cloud.name, service_type, self.cloud.region_name, self.cloud.interface(service_type)),
                cloud=self.cloud.name,
                region=self.cloud.region_name,
                service=service_type,
            ) from None
        except ks_exc.SSLError as e:  # a certificate refused is refused again: never retried
            raise self._connection_lost(e, where, 0) from None
        except (ks_exc.ConnectionError, ks_exc.RetriableConnectionFailure) as e:
            return None, e
        except ks_exc.ClientException as e:
            raise HTTPError(
                "%s %s %s failed: %s" % (service_type, method, path, _short(e)),
                cloud=self.cloud.name,
                region=self.cloud.region_name,
                service=service_type,
                method=method,
            ) from None

    def _connection_lost(self, failure, where, attempt):
        service_type, method, path = where
        return ConnectionLost(
            "%s %s %s: %s: %s%s"
            % (
                service_type,
                method,
                path,
                "cannot connect" if isinstance(failure, ks_exc.ConnectFailure) else "connection failed",
                _short(failure),
                " (after %d retries)" % attempt if attempt else "",
            ),
            cloud=self.cloud.name,
            region=self.cloud.region_name,
            service=service_type,
            method=method,
        )

    @staticmethod
    def _retriable(resp, idempotent, rewind, where):
        """Whether an answer is worth sending the request again (a rate limit, a proxy's 502/503/504 ...)."""
        status = resp.status_code
        retriable = status in RETRY_STATUSES_ANY or (status in RETRY_STATUSES_IDEMPOTENT and idempotent)
        if status == 413 and not resp.headers.get("Retry-After"):
            retriable = False  # too large, or over a quota (swift): only a rate limit says when to come back
        if retriable and rewind is False:
            LOG.debug("%s %s %s answered %d; not retried: the body was a stream", *(where + (status,)))
            retriable = False
        return retriable

    def _answer(self, resp, where, ok):
        """The response, logged (one line per call at debug level); an error status raised as its HTTPError."""
        service_type, method, path = where
        status = resp.status_code
        LOG.debug("cloud %s region %s: %s %s %s: %d", self.cloud.name, self.cloud.region_name, *(where + (status,)))
        if status >= 400 and (ok is None or status not in ok):
            error = _errors.from_response(
                resp, service=service_type, cloud=self.cloud.name, region=self.cloud.region_name, method=method
            )
            error.retry_after = resp.headers.get("Retry-After")
            raise error
        return resp

    def create(self, service_type, path, find, **kwargs):
        """POST that creates one resource, sent again without making two when its answer is lost.

        The answer to a POST can be lost after the cloud acted on it (connection reset or timeout, a
        502/503/504 from a proxy in front of the API).  Then find() looks whether the resource was made
        (returns it as the API shows it, else None) and, if it was not, the POST is sent again (bounded).
        Returns (response, None), or (None, what find() returned)."""
        attempt = 0
        while True:
            try:
                return self.request(service_type, "POST", path, **kwargs), None
            except HTTPError as e:
                lost = isinstance(e, ConnectionLost) or e.status in RETRY_STATUSES_IDEMPOTENT
                resendable = isinstance(kwargs.get("data"), (type(None), bytes, str))
                if not lost or not resendable or attempt >= MAX_RETRIES:
                    raise
                delay = retry_delay(getattr(e, "retry_after", None), attempt)
                attempt += 1
                time.sleep(delay)
                found = find()
                LOG.debug(
                    "%s POST %s: the answer was lost (%s); %s",
                    service_type,
                    path,
                    e.status or "connection",
                    "the resource was made: %s" % (found.get("id") or found.get("name"))
                    if found is not None
                    else "nothing was made: sent again (%d of %d)" % (attempt, MAX_RETRIES),
                )
                if found is not None:
                    return None, found


def _rewinder(body):
    """How to send a body again: None (no body, bytes or text: nothing to rewind), a function that rewinds the
    stream to where it started, or False (a stream that cannot be sent twice: never retried)."""
    if body is None or isinstance(body, (bytes, str)):
        return None
    try:
        return functools.partial(body.seek, body.tell())
    except (AttributeError, OSError, ValueError):
        return False


class ConnectionLost(HTTPError):
    """The API could not be reached, or the connection broke before the whole answer came."""


_VERSION_SEGMENT = re.compile(r"^/v\d+(?:\.\d+)?(?=/|$)")


def version_tuple(text):
    major, minor = str(text).partition(".")[::2]
    return int(major), int(minor or 0)


def retry_delay(retry_after, attempt):
    """Retry-After (seconds or an HTTP date) capped at MAX_RETRY_AFTER, else 0.5 s doubling."""
    backoff = min(0.5 * (2**attempt), MAX_RETRY_AFTER)
    if not retry_after:
        return backoff
    try:
        value = float(retry_after)
    except ValueError:
        try:
            value = parsedate_to_datetime(retry_after).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            return backoff
    return max(0.0, min(value, MAX_RETRY_AFTER))


def _short(exc):
    return re.sub(r"\s+", " ", str(exc)).strip()[:300]
