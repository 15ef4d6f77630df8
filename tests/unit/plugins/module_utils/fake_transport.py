"""The unit tests' one fake transport: a loopback HTTP server that answers as the test scripts it, in place of a
cloud. Everything below the code under test runs as it does against a real cloud (CloudSession, keystoneauth1,
requests, sockets), so a fault scripted here reaches it the way a real one would.

It is for what a real cloud cannot produce on demand: a 503 on the third request, a volume that goes to error while
it is built, a truncated answer, an odd vendor's reply. Everything else is tested on the devcloud.

Two ways to script it, usable together:
  * ``fake.script``: a list of answers ``(status, headers, body)`` taken in order, one per request;
  * ``fake.on(method, pattern, *answers)``: answers for requests whose method and path (with its query) match the
    regular expression; the answers are taken in order, the last one repeats.
With nothing scripted for a request, the answer is ``200 {}``. ``fake.seen`` lists ``(method, path)`` of every
request and ``fake.bodies`` their bodies."""

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
        self.script, self.seen, self.bodies, self.routes = [], [], [], []
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, headers, payload = fake.answer(self.command, self.path, body)
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
            self.script, self.seen, self.bodies, self.routes = [], [], [], []

    def on(self, method, pattern, *answers):
        """Answer requests of this method whose path matches pattern (re.search), with these answers in order
        (status, body) or (status, body, headers); the last one repeats."""
        answers = [a if len(a) == 3 else (a[0], a[1], {}) for a in answers]
        with self.lock:
            self.routes.append((method.upper(), re.compile(pattern), answers))

    def answer(self, method, path, body):
        with self.lock:
            self.seen.append((method, path))
            self.bodies.append(body)
            for m, pattern, answers in self.routes:
                if m == method and pattern.search(path):
                    status, payload, headers = answers.pop(0) if len(answers) > 1 else answers[0]
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
