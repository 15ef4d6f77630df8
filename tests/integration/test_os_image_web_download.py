"""os_image with url: glance downloads the image itself (interoperable import web-download) from a
web server on 127.0.0.1:80 (glance's default allowed ports are 80 and 443); a re-run does not import again."""

import functools
import hashlib
import http.server
import threading
import uuid

import pytest
from conftest import adhoc


@pytest.fixture
def web(tmp_path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 80), handler)
    except OSError as e:
        pytest.fail("this test serves the image on 127.0.0.1:80 (glance's allowed port) and cannot: %s" % e)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path
    server.shutdown()
    server.server_close()


def test_web_download(clouds_yaml, web):
    data = hashlib.sha256(b"web").digest() * 32768  # 1 MiB
    (web / "img.raw").write_bytes(data)
    name = "polytest-web-" + uuid.uuid4().hex[:8]
    args = dict(cloud="devcloud-fip", name=name, url="http://127.0.0.1/img.raw", disk_format="raw")
    try:
        first = adhoc(clouds_yaml, "polystack.cloud.os_image", **args)
        assert first["changed"] and not first.get("failed"), first.get("msg")
        assert first["image"]["status"] == "active"
        assert first["image"]["hash_value"] == hashlib.sha512(data).hexdigest()
        assert first["image"]["properties"]["polystack_source_url"] == "http://127.0.0.1/img.raw"
        again = adhoc(clouds_yaml, "polystack.cloud.os_image", **args)
        assert not again["changed"] and not again["uploaded"]
    finally:
        gone = adhoc(clouds_yaml, "polystack.cloud.os_image", cloud="devcloud-fip", name=name, state="absent")
        assert not gone.get("failed"), gone.get("msg")
