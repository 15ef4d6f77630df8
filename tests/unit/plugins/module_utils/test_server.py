"""The server engine's pure parts (module_utils/_server.py); the engine itself runs against the devcloud in
tests/integration/test_check_vs_real.py, test_server_extras.py and test_server_auto_ip.py."""

import base64

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _server
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError


class NoCloud:
    """A cloud that must not be asked anything."""

    name, region_name = "c", "R"

    def __getattr__(self, name):
        raise AssertionError("the cloud was asked for %s" % name)


def test_userdata_is_the_text_or_the_files_content(tmp_path):
    assert base64.b64decode(_server.userdata("#cloud-config\n")) == b"#cloud-config\n"
    script = tmp_path / "init.sh"
    script.write_text("echo hi\n")
    assert base64.b64decode(_server.userdata(str(script))) == b"echo hi\n"
    assert _server.userdata("") is None and _server.userdata(None) is None


def test_userdata_naming_a_directory_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="is a directory"):
        _server.userdata(str(tmp_path))


def test_a_flavor_ram_of_zero_is_refused_before_any_request():
    with pytest.raises(ConfigError, match="flavor_ram must be a positive number"):
        _server.ensure_present(NoCloud(), {"name": "web", "flavor_ram": 0})


def test_view_is_what_diff_shows():
    server = {
        "name": "web",
        "status": "ACTIVE",
        "image": {"id": "img-1"},
        "flavor": {"original_name": "m1.small", "id": "f1"},
        "metadata": {"a": "1"},
        "security_groups": [{"name": "web"}, {"name": "default"}, {"name": "web"}],
        "tags": ["b", "a"],
        "public_v4": "203.0.113.5",
        "private_v4": "10.0.0.5",
        "adminPass": "never shown",
    }
    assert _server.view(server) == {
        "name": "web",
        "status": "ACTIVE",
        "image": "img-1",
        "flavor": "m1.small",
        "metadata": {"a": "1"},
        "description": None,
        "security_groups": ["default", "web"],
        "tags": ["a", "b"],
        "public_v4": "203.0.113.5",
        "private_v4": "10.0.0.5",
        "volumes": [],
    }
    assert _server.view(dict(server, volumes=[{"id": "v2"}, {"id": "v1"}]))["volumes"] == ["v1", "v2"]
    # booted from a volume: nova says image "" (no image dict)
    assert _server.view(dict(server, image=""))["image"] is None
    assert _server.view(None) == {}
