"""A small REST helper on keystoneauth1 for the devcloud's own bootstrap and reset.

Runs with the devcloud venv's Python (which has keystoneauth1 and PyYAML).
This is test-harness code, not the collection: the collection has its own
module_utils.
"""

import json
import time

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

KEYSTONE = "http://127.0.0.1:5000/v3"


class ApiError(Exception):
    pass


class Client:
    """Admin (or user) client: ``c.get("compute", "/flavors", region="RegionTwo")``."""

    def __init__(self, username="admin", password=None, project="admin", domain="Default", auth=None):
        self.auth = auth or v3.Password(
            auth_url=KEYSTONE,
            username=username,
            password=password,
            project_name=project,
            user_domain_name=domain,
            project_domain_name=domain,
        )
        self.session = ks_session.Session(auth=self.auth)

    def request(self, method, service, path, region="RegionOne", ok=(200, 201, 202, 204), headers=None, **kw):
        if path.startswith("http"):  # an absolute URL (e.g. another project's swift account)
            url = path
        elif service == "identity":
            url = KEYSTONE + path
        else:
            url = path
            kw["endpoint_filter"] = {"service_type": service, "interface": "public", "region_name": region}
        if service == "compute":
            headers = dict(headers or {}, **{"OpenStack-API-Version": "compute 2.79"})
        for attempt in range(5):
            resp = self.session.request(url, method, raise_exc=False, headers=headers, **kw)
            if resp.status_code in (502, 503) and attempt < 4:  # a service still starting
                time.sleep(1 + attempt)
                continue
            break
        if resp.status_code not in ok:
            raise ApiError("%s %s %s (%s): %d %s" % (method, service, path, region, resp.status_code, resp.text[:500]))
        if resp.status_code in (204, 404) or not resp.content:
            return None
        ctype = resp.headers.get("Content-Type", "")
        return resp.json() if "json" in ctype else resp.text

    def exists(self, service, path, **kw):
        return self.request("GET", service, path, ok=(200, 404), **kw) is not None

    def get(self, service, path, **kw):
        return self.request("GET", service, path, **kw)

    def post(self, service, path, body, **kw):
        return self.request("POST", service, path, json=body, **kw)

    def put(self, service, path, body=None, **kw):
        if body is not None:
            kw["json"] = body
        return self.request("PUT", service, path, **kw)

    def delete(self, service, path, **kw):
        kw.setdefault("ok", (200, 202, 204, 404))
        return self.request("DELETE", service, path, **kw)

    def project_id(self):
        return self.session.get_project_id()

    def token(self):
        return self.session.get_token()


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save(path, data, mode=0o600):
    import os

    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
    os.replace(tmp, path)
