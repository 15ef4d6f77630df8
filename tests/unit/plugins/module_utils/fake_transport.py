"""The unit tests' one fake transport: a loopback HTTP server that answers as the test scripts it, in place of a
cloud. Everything below the code under test runs as it does against a real cloud (CloudSession, keystoneauth1,
requests, sockets), so a fault scripted here reaches it the way a real one would.

It is for what a real cloud cannot produce on demand: a 503 on the third request, a volume that goes to error while
it is built, a truncated answer, an odd vendor's reply. Everything else is tested on the devcloud.

Two ways to script it, usable together:
  * ``fake.script``: a list of answers ``(status, headers, body)`` taken in order, one per request;
  * ``fake.on(method, pattern, *answers)``: answers for requests whose method and path (with its query) match the
    regular expression; the answers are taken in order, the last one repeats. An answer may be a function
    ``(path, body, headers) -> (status, body[, headers])`` for a fake that keeps state (``swift_store``).
With nothing scripted for a request, the answer is ``200 {}``. ``fake.seen`` lists ``(method, path)`` of every
request and ``fake.bodies`` their bodies."""

import hashlib
import http.server
import json
import re
import threading

from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config, _session

SERVICES = {  # service type -> the path of its endpoint on the fake
    "compute": "",
    "network": "",
    "image": "/v2",
    "block-storage": "/v3",
    "object-store": "/v1/AUTH_fake",
}


def _encode(body):
    if isinstance(body, (dict, list)):
        return json.dumps(body).encode("utf-8"), "application/json"
    if isinstance(body, str):
        return body.encode("utf-8"), "text/plain"
    return body or b"", "application/octet-stream"


class FakeTransport:
    def __init__(self):
        self.script, self.seen, self.bodies, self.routes, self.headers = [], [], [], [], []
        self.gates = []
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def read_body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0], 16)
                        chunks.append(self.rfile.read(size + 2)[:size])
                        if not size:
                            return b"".join(chunks)
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def do_any(self):
                body = self.read_body()
                fake.pass_gates(self.command, self.path, dict(self.headers))
                status, headers, payload = fake.answer(self.command, self.path, body, dict(self.headers))
                data, ctype = _encode(payload)
                self.send_response(status)
                headers = dict(headers or {})
                if data and "Content-Type" not in headers:
                    headers["Content-Type"] = ctype
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self.lock:
            self.script, self.seen, self.bodies, self.routes, self.headers = [], [], [], [], []
            self.gates = []

    def on(self, method, pattern, *answers):
        """Answer requests of this method whose path matches pattern (re.search), with these answers in order
        (status, body) or (status, body, headers); the last one repeats."""
        answers = [a if callable(a) or len(a) == 3 else (a[0], a[1], {}) for a in answers]
        with self.lock:
            self.routes.append((method.upper(), re.compile(pattern), answers))

    def gate(self, method, pattern, parties, when=None):
        """Hold requests of this method whose path matches (and whose headers pass `when`) until `parties` of
        them have arrived, then answer them all: requests in flight at the same moment, on demand."""
        self.gates.append((method.upper(), re.compile(pattern), threading.Barrier(parties), when))

    def pass_gates(self, method, path, headers):
        for m, pattern, barrier, when in list(self.gates):
            if m == method and pattern.search(path) and (when is None or when(headers)):
                barrier.wait(10)

    def answer(self, method, path, body, request_headers=None):
        with self.lock:
            self.seen.append((method, path))
            self.bodies.append(body)
            self.headers.append(request_headers or {})
            for m, pattern, answers in self.routes:
                if m == method and pattern.search(path):
                    found = answers.pop(0) if len(answers) > 1 else answers[0]
                    if callable(found):
                        found = found(path, body, request_headers or {})
                        found = found if len(found) == 3 else (found[0], found[1], {})
                    status, payload, headers = found
                    return status, headers, payload
            if self.script:
                return self.script.pop(0)
        return 200, {}, b"{}"

    def requests(self, method=None, pattern=None):
        """The requests seen, filtered: [(method, path)]."""
        return [
            (m, p)
            for m, p in self.seen
            if (method is None or m == method) and (pattern is None or re.search(pattern, p))
        ]

    def sent(self, method=None, pattern=None):
        """The requests seen, filtered, with what they carried: [(path, headers, body)]."""
        with self.lock:
            seen = list(zip(self.seen, self.headers, self.bodies, strict=True))
        return [
            (p, h, b)
            for (m, p), h, b in seen
            if (method is None or m == method) and (pattern is None or re.search(pattern, p))
        ]

    def region(self, **options):
        """A cloud-region whose every service is this fake (no keystone: auth_type none)."""
        overrides = dict(("%s_endpoint_override" % k.replace("-", "_"), self.url + v) for k, v in SERVICES.items())
        overrides.update(options)
        return _config.CloudConfig(env={}, dirs=[]).get_one(
            auth={"endpoint": self.url}, auth_type="none", cloud_name="fake", **overrides
        )

    def session(self, **options):
        return _session.CloudSession(self.region(**options), token_cache=False)

    def cloud(self, **options):
        """A Cloud on this fake, its project known (a token would say it; auth_type none has none)."""
        cloud = _cloud.Cloud(self.region(**options), token_cache=False)
        cloud._location = {"cloud": "fake", "region_name": None, "project": {"id": "project-1"}}
        return cloud


def swift_store(fake, corrupt=None):
    """Make the fake an object store that keeps what it is sent: {path under the account: bytes or manifest}.
    Containers exist when something was put in them (HEAD 204, else 404); an object PUT answers the MD5 of the
    bytes it received as its ETag, except for paths matching `corrupt` (a proxy that changed them: the ETag of
    other bytes); a manifest PUT (?multipart-manifest=put) is kept as its JSON."""
    store = {}
    account = SERVICES["object-store"]

    def put(path, body, headers):
        key = path[len(account) :].split("?")[0]
        if "multipart-manifest=put" in path:
            store[key] = json.loads(body)
            return 201, b""
        store[key] = body
        etag = hashlib.md5(body + (b"!" if corrupt and re.search(corrupt, key) else b"")).hexdigest()
        return 201, b"", {"Etag": etag}

    def head(path, body, headers):
        key = path[len(account) :].split("?")[0]
        if key.count("/") == 1:  # a container
            return (204 if any(k.startswith(key + "/") or k == key for k in store) else 404), b""
        return (200 if key in store else 404), b""

    fake.on("PUT", "^" + re.escape(account) + "/", put)
    fake.on("HEAD", "^" + re.escape(account) + "/", head)
    fake.on("GET", "^" + re.escape(account) + "/", lambda path, body, headers: (404, b""))
    return store
