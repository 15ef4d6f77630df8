"""A fault-injecting HTTP proxy of our own (stdlib only) between the collection and the devcloud's APIs.

One listener on 127.0.0.1 per upstream API endpoint (keystone, glance, swift, nova and neutron per region).
Answers are forwarded with every upstream URL rewritten to the listener's, so the keystone catalog a client
receives through the proxy points through the proxy too ("a catalog of its own"): a clouds.yaml whose auth_url
is the proxy's identity listener sends every request of every service through it.

Faults are rules, applied in order to each request they match (method, path regex, service, region):

    status    answer ``status`` (502, 503, 429 ...) with Retry-After and a request id, without forwarding
    reset     reset the connection (TCP RST): before forwarding, or after (the request was done, the answer lost)
    latency   wait ``delay`` seconds, then go on (other rules still apply)
    truncate  forward, then send the headers and only part of the body, and close
    expire    the request's token expires: 401 now and for every later request carrying that token

Each rule fires ``times`` times (None: for ever) after letting ``skip`` matching requests through.
Every request is recorded in ``proxy.events`` (service, method, path, status, fault), so a test can count the
POSTs that reached the cloud, and the faults injected.

    with FaultProxy.for_clouds_yaml(src) as proxy:
        proxy.write_clouds_yaml(src, dst)        # the same clouds, through the proxy
        proxy.add(Rule("status", method="POST", path=r"/servers$", status=503, times=1))

Run it by hand: ``python tests/reliability/faultproxy.py CLOUDS_YAML OUT_YAML [--rules rules.json]``.
"""

import argparse
import http.client
import json
import re
import socket
import struct
import sys
import threading
import time
import uuid
import weakref
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import yaml

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "accept-encoding",
}
ACTIONS = ("status", "reset", "latency", "truncate", "expire")
REASONS = {
    401: "Unauthorized",
    413: "Request Entity Too Large",
    429: "Too Many Requests",
    502: "Bad Gateway",
    503: "Service Unavailable",
    507: "Insufficient Storage",
}


class Rule:
    def __init__(
        self,
        action,
        method=None,
        path=None,
        service=None,
        region=None,
        times=1,
        skip=0,
        status=503,
        retry_after=None,
        delay=1.0,
        when="before",
        keep=0.5,
        name=None,
        message=None,
    ):
        if action not in ACTIONS:
            raise ValueError("unknown fault action %r (one of %s)" % (action, ", ".join(ACTIONS)))
        self.action = action
        self.method = method.upper() if method else None
        self.path = re.compile(path) if path else None
        self.service = service
        self.region = region
        self.times = times
        self.skip = skip
        self.status = status
        self.retry_after = retry_after
        self.delay = delay
        self.when = when
        self.keep = keep
        self.message = message  # the text of a status fault's answer
        self.name = name or self.describe()
        self.matched = 0
        self.fired = 0

    def describe(self):
        what = {
            "status": "%s%s" % (self.status, " Retry-After %s" % self.retry_after if self.retry_after else ""),
            "reset": "reset %s" % self.when,
            "latency": "latency %.1fs" % self.delay,
            "truncate": "truncate to %d%%" % (self.keep * 100),
            "expire": "token expiry (401)",
        }[self.action]
        target = " ".join(x for x in (self.service, self.method, self.path.pattern if self.path else None) if x)
        return "%s on %s" % (what, target or "any request")

    def matches(self, service, region, method, path):
        return (
            (self.method is None or self.method == method)
            and (self.service is None or self.service == service)
            and (self.region is None or region in (None, self.region))
            and (self.path is None or self.path.search(path) is not None)
        )

    def take(self):
        """Count one matching request; True if the fault fires on it."""
        self.matched += 1
        if self.matched <= self.skip or (self.times is not None and self.fired >= self.times):
            return False
        self.fired += 1
        return True

    @property
    def exhausted(self):
        return self.times is not None and self.fired >= self.times


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, proxy, upstream, service, region):
        self.proxy = proxy
        self.upstream = upstream  # (host, port)
        self.service = service
        self.region = region
        self.resets = weakref.WeakSet()
        super().__init__(("127.0.0.1", 0), _Handler)

    def shutdown_request(self, request):
        if request in self.resets:  # close with SO_LINGER 0: the peer gets a TCP RST, not a FIN
            try:
                request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
            self.close_request(request)
            return
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        pass  # a client that went away is not news


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "faultproxy"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._proxy()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_COPY = do_GET

    def _body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reset(self):
        self.server.resets.add(self.connection)
        self.close_connection = True

    def _proxy(self):
        srv, proxy = self.server, self.server.proxy
        body = self._body()
        method, path = self.command, self.path
        token = self.headers.get("X-Auth-Token")
        faults = []
        event = dict(
            t=time.time(), service=srv.service, region=srv.region, method=method, path=path, status=None, faults=faults
        )
        proxy.record(event)
        if token:
            proxy.note_secret(token)
        if token and token in proxy.expired_tokens:
            faults.append("expired token")
            return self._error(event, 401)
        for rule in proxy.firing(srv.service, srv.region, method, path):
            faults.append(rule.name)
            if rule.action == "latency":
                time.sleep(rule.delay)
                continue
            if rule.action == "status":
                return self._error(event, rule.status, rule.retry_after, rule.message)
            if rule.action == "expire":
                if token:
                    proxy.expired_tokens.add(token)
                    return self._error(event, 401)
                continue
            if rule.action == "reset" and rule.when == "before":
                event["status"] = "reset"
                return self._reset()
            after = rule  # reset after / truncate: forward first
            break
        else:
            after = None
        try:
            status, reason, headers, data = self._forward(method, path, body)
        except OSError as e:
            event["status"] = "upstream %s" % e.__class__.__name__
            return self._error(event, 502)
        event["status"] = status
        if after is not None and after.action == "reset":
            event["status"] = "%s then reset" % status
            return self._reset()
        keep = len(data)
        if after is not None and after.action == "truncate" and data:
            keep = int(len(data) * after.keep)
            event["status"] = "%s truncated %d/%d" % (status, keep, len(data))
            self.close_connection = True
        self.send_response_only(status, reason)
        for k, v in headers:
            self.send_header(k, v)
        if method != "HEAD" and status not in (204, 304):
            self.send_header("Content-Length", str(len(data)))
        elif method == "HEAD":
            for k, v in self._upstream_length:
                self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if method != "HEAD" and data:
            self.wfile.write(data[:keep])
        self.wfile.flush()

    def _forward(self, method, path, body):
        srv = self.server
        conn = http.client.HTTPConnection(srv.upstream[0], srv.upstream[1], timeout=300)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Host"] = "%s:%d" % srv.upstream
            if body or method in ("POST", "PUT", "PATCH"):
                headers["Content-Length"] = str(len(body))
            conn.request(method, path, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            out = []
            self._upstream_length = []
            for k, v in resp.getheaders():
                if k.lower() == "content-length":
                    self._upstream_length = [(k, v)]
                if k.lower() in HOP_BY_HOP:
                    continue
                if k.lower() in ("location", "content-location"):
                    v = srv.proxy.rewrite_text(v)
                out.append((k, v))
            ctype = resp.getheader("Content-Type") or ""
            srv.proxy.note_secret(resp.getheader("X-Subject-Token"))
            if b'"adminPass"' in data or b'"private_key"' in data or b'"secret"' in data:
                srv.proxy.note_secrets_in(data)
            if data and "json" in ctype and srv.service != "object-store":
                data = srv.proxy.rewrite_text(data.decode("utf-8")).encode("utf-8")
            return resp.status, resp.reason, out, data
        finally:
            conn.close()

    def _error(self, event, status, retry_after=None, message=None):
        event["status"] = status
        request_id = "req-%s" % uuid.uuid4()
        event["request_id"] = request_id
        message = message or "injected by the fault proxy (%s)" % self.server.service
        if status == 401:
            message = "The request you have made requires authentication."
        body = {"error": {"code": status, "title": REASONS.get(status, "Error"), "message": message}}
        data = json.dumps(body).encode()
        self.send_response_only(status, REASONS.get(status))
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Openstack-Request-Id", request_id)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Keystone uri="%s"' % self.server.proxy.identity_url)
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()


class FaultProxy:
    """Listeners for a set of upstreams {"http://127.0.0.1:8774": ("compute", "RegionOne"), ...}."""

    def __init__(self, upstreams):
        self.lock = threading.Lock()
        self.rules = []
        self.events = []
        self.expired_tokens = set()
        self.secrets = set()  # tokens, passwords and keys that went through (for the secrets scan)
        self.servers = {}
        self.mapping = {}
        self.identity_url = None
        for base, (service, region) in sorted(upstreams.items()):
            u = urlparse(base)
            srv = _Server(self, (u.hostname, u.port), service, region)
            self.servers[base] = srv
            self.mapping["%s://%s" % (u.scheme, u.netloc)] = "http://127.0.0.1:%d" % srv.server_address[1]
        self._pattern = re.compile("|".join(re.escape(k) + r"(?![0-9])" for k in sorted(self.mapping, key=len)[::-1]))
        self.threads = []

    # -- building one from a clouds.yaml ---------------------------------------------------------------------

    @classmethod
    def for_clouds_yaml(cls, path, cloud=None):
        """Upstreams from the catalog that the cloud (default: the first with a password) receives."""
        return cls(discover_upstreams(path, cloud))

    def write_clouds_yaml(self, src, dst, clouds=None, suffix=""):
        """The clouds of src (or only those named) with their auth_url through the proxy."""
        with open(src) as f:
            data = yaml.safe_load(f)
        out = {}
        for name, conf in data["clouds"].items():
            if clouds and name not in clouds:
                continue
            conf = json.loads(json.dumps(conf))
            conf["auth"]["auth_url"] = self.rewrite_text(conf["auth"]["auth_url"])
            out[name + suffix] = conf
        with open(dst, "w") as f:
            yaml.safe_dump({"clouds": out}, f, default_flow_style=False)
        return dst

    def rewrite_text(self, text):
        return self._pattern.sub(lambda m: self.mapping[m.group(0)], text)

    def url(self, upstream):
        return self.mapping[upstream.rstrip("/")]

    # -- running -------------------------------------------------------------------------------------------------

    def start(self):
        for srv in self.servers.values():
            if srv.service == "identity":
                self.identity_url = "http://127.0.0.1:%d" % srv.server_address[1]
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
            t.start()
            self.threads.append(t)
        return self

    def stop(self):
        for srv in self.servers.values():
            srv.shutdown()
            srv.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- rules and what happened ---------------------------------------------------------------------------

    def add(self, *rules):
        with self.lock:
            self.rules.extend(rules)
        return rules[0] if len(rules) == 1 else rules

    def clear(self):
        """Forget the rules, the log and the expired tokens."""
        with self.lock:
            self.rules = []
            self.events = []
            self.expired_tokens = set()

    def firing(self, service, region, method, path):
        """The rules that fire on this request: latencies, then at most one fault that answers."""
        out = []
        with self.lock:
            for rule in self.rules:
                if rule.matches(service, region, method, path) and rule.take():
                    out.append(rule)
                    if rule.action != "latency":
                        break
        return out

    def record(self, event):
        with self.lock:
            self.events.append(event)

    def note_secret(self, value):
        if value:
            with self.lock:
                self.secrets.add(value)

    def note_secrets_in(self, data):
        """Secrets in an answer: a server's adminPass, a generated private key, an application credential's."""
        try:
            body = json.loads(data)
        except ValueError:
            return
        for value in body.values() if isinstance(body, dict) else []:
            if isinstance(value, dict):
                for key in ("adminPass", "private_key", "secret"):
                    self.note_secret(value.get(key))

    def requests(self, method=None, path=None, service=None):
        """Events that match (path: a regex searched in the request path)."""
        rx = re.compile(path) if path else None
        with self.lock:
            return [
                e
                for e in self.events
                if (method is None or e["method"] == method)
                and (service is None or e["service"] == service)
                and (rx is None or rx.search(e["path"]))
            ]

    def injected(self):
        """The faults injected so far: [(rule name or 'expired token', service, method, path)]."""
        with self.lock:
            return [(f, e["service"], e["method"], e["path"]) for e in self.events for f in e["faults"]]

    def unfired(self):
        with self.lock:
            return [r.name for r in self.rules if r.fired == 0]


def discover_upstreams(path, cloud=None):
    """{base URL: (service type, region)} of the catalog, and the identity endpoint of auth_url."""
    from keystoneauth1 import loading, session

    with open(path) as f:
        clouds = yaml.safe_load(f)["clouds"]
    name = cloud or next(n for n, c in clouds.items() if "password" in c.get("auth", {}))
    conf = clouds[name]
    auth = loading.get_plugin_loader(conf.get("auth_type", "password")).load_from_options(**conf["auth"])
    sess = session.Session(auth=auth)
    catalog = auth.get_access(sess).service_catalog.catalog
    found = {}
    u = urlparse(conf["auth"]["auth_url"])
    found["%s://%s" % (u.scheme, u.netloc)] = ("identity", None)
    for entry in catalog:
        for ep in entry["endpoints"]:
            u = urlparse(ep["url"])
            base = "%s://%s" % (u.scheme, u.netloc)
            known = found.get(base)
            region = ep.get("region_id") or ep.get("region")
            if known and known[0] == entry["type"] and known[1] != region:
                region = None  # one endpoint for every region (glance, swift, keystone of the devcloud)
            if not known or known[0] == entry["type"]:
                found[base] = (entry["type"], region)
    return found


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    ap.add_argument("clouds_yaml", help="the clouds.yaml of the real cloud")
    ap.add_argument("out", help="where to write the clouds.yaml that goes through the proxy")
    ap.add_argument("--rules", help="JSON list of rules: [{action, method, path, service, times, status, ...}]")
    args = ap.parse_args(argv)
    proxy = FaultProxy.for_clouds_yaml(args.clouds_yaml).start()
    proxy.write_clouds_yaml(args.clouds_yaml, args.out)
    if args.rules:
        with open(args.rules) as f:
            for spec in json.load(f):
                proxy.add(Rule(**spec))
    for up, local in sorted(proxy.mapping.items()):
        print("%s -> %s" % (up, local))
    print("clouds.yaml through the proxy: %s (Ctrl-C stops)" % args.out)
    try:
        while True:
            time.sleep(5)
            for fault in proxy.injected()[-5:]:
                print("fault: %s %s %s %s" % fault)
    except KeyboardInterrupt:
        proxy.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
