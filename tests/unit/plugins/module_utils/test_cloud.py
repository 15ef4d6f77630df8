"""The public Python API (plugins/module_utils/cloud.py): the names a shade / openstacksdk cloud-layer user imports
are there, are the collection's own objects (the module names things, it holds no logic), and take the arguments
the seed talk passes. What the calls do is proven against the devcloud: tests/integration/test_talk_examples.py."""

import ast
import inspect

import pytest
import requests
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config, _errors
from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

SHADE_NAMES = {
    "OpenStackCloudException": _errors.CloudError,
    "OpenStackCloudHTTPError": _errors.HTTPError,
    "OpenStackCloudBadRequest": _errors.BadRequest,
    "OpenStackCloudURINotFound": _errors.NotFound,
    "OpenStackCloudResourceNotFound": _errors.NotFound,
    "OpenStackCloudTimeout": _errors.WaitTimeout,
    "OpenStackCloud": _cloud.Cloud,
    "openstack_cloud": _cloud.connect,
    "connect": _cloud.connect,
    "enable_logging": _cloud.enable_logging,
}


@pytest.mark.parametrize("name", sorted(SHADE_NAMES))
def test_the_talks_names_are_the_collections_own(name):
    assert getattr(openstack, name) is SHADE_NAMES[name]
    assert name in openstack.__all__


def test_every_exported_name_exists():
    assert sorted(openstack.__all__) == sorted(set(openstack.__all__))
    for name in openstack.__all__:
        assert getattr(openstack, name) is not None, name


def test_the_module_defines_no_function_or_class_of_its_own():
    """A re-export only: one copy of every logic, in the private modules."""
    with open(openstack.__file__) as f:
        tree = ast.parse(f.read())
    defined = [n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))]
    assert defined == []
    assert openstack.__doc__ and "import cloud as openstack" in openstack.__doc__


def test_the_exception_tree_is_the_talks():
    """All subclasses of OpenStackCloudException; the HTTP error also a requests.exceptions.HTTPError (so that
    `except requests.exceptions.HTTPError` of requests code catches it); 404 and 400 are HTTP errors."""
    assert issubclass(openstack.OpenStackCloudHTTPError, openstack.OpenStackCloudException)
    assert issubclass(openstack.OpenStackCloudHTTPError, requests.exceptions.HTTPError)
    for cls in (openstack.OpenStackCloudURINotFound, openstack.OpenStackCloudBadRequest):
        assert issubclass(cls, openstack.OpenStackCloudHTTPError)
    for cls in (openstack.OpenStackCloudTimeout, openstack.ConfigError, openstack.AmbiguousResource):
        assert issubclass(cls, openstack.OpenStackCloudException)
        assert not issubclass(cls, requests.exceptions.HTTPError)


# the calls of the talk's examples, with the arguments they pass (self is None: only the signature is checked)
TALK_CALLS = [
    ("connect", (), {"cloud": "c", "region_name": "r"}),
    ("connect", (), {"cloud": "c", "region_name": "r", "strict": True}),
    ("connect", (), {"cloud": "c", "app_name": "AmazingApp", "app_version": "1.0"}),
    ("openstack_cloud", (), {"cloud": "c", "region_name": "r"}),
    ("enable_logging", (), {"debug": True}),
    ("enable_logging", (), {"http_debug": True}),
    ("create_image", (None, "devuan-jessie"), {"filename": "devuan-jessie.qcow2", "wait": True}),
    ("create_image", (None, "i"), {"filename": "f", "disk_format": "raw", "container_format": "bare", "min_ram": 1}),
    ("get_flavor_by_ram", (None, 512), {}),
    ("get_flavor_by_ram", (None, 512), {"include": "standard"}),
    ("create_server", (None, "my-server"), {"image": {}, "flavor": {}, "wait": True, "auto_ip": True}),
    ("create_server", (None, "s", "image", {"id": "f"}), {"ips": ["1.2.3.4"], "ip_pool": "p", "reuse_ips": False}),
    ("delete_server", (None, {}), {"wait": True, "delete_ips": True}),
    ("get_server", (None, "my-server"), {"detailed": False}),
    ("get_server", (None, "my-server"), {"bare": True}),
    ("search_servers", (None, "my-server"), {}),
    ("list_servers", (None,), {"detailed": True}),
    ("update_server", (None, "s"), {"name": "n", "description": "d"}),
    ("wait_for_server", (None, {}), {"auto_ip": True, "ips": None, "ip_pool": None, "timeout": 180}),
    ("add_auto_ip", (None, {}), {"wait": True, "timeout": 60, "reuse": False}),
    ("add_ips_to_server", (None, {}), {"ips": ["1.2.3.4"], "fixed_address": "10.0.0.5", "nat_destination": "n"}),
    ("pprint", (None, {}), {}),
    ("get_image", (None, "Ubuntu 16.04.1 LTS [2017-03-03]"), {}),
    ("list_images", (None,), {}),
    ("list_networks", (None,), {}),
    ("has_service", (None, "network"), {}),
    ("create_object", (None,), {"container": "my-container", "name": "my-object", "filename": "f"}),
    ("create_object", (None, "c", "o"), {"filename": "f", "segment_size": 1000000, "use_slo": True}),
    ("create_object", (None, "c", "o"), {"data": b"x"}),
    ("delete_object", (None, "my-container", "my-object"), {}),
    ("delete_container", (None, "my-container"), {}),
    ("delete_image", (None, "i"), {"wait": True, "timeout": 60}),
    ("update_image_properties", (None,), {"name_or_id": "i", "os_distro": "devuan"}),
]


@pytest.mark.parametrize("name,args,kwargs", TALK_CALLS, ids=["%s-%d" % (c[0], i) for i, c in enumerate(TALK_CALLS)])
def test_the_talks_calls_take_its_arguments(name, args, kwargs):
    function = getattr(openstack, name, None) or getattr(openstack.OpenStackCloud, name)
    inspect.signature(function).bind(*args, **kwargs)


def bare_cloud():
    """A Cloud without a session: what a call does before it sends anything."""
    cloud = openstack.OpenStackCloud.__new__(openstack.OpenStackCloud)
    cloud.name, cloud.region_name, cloud.strict, cloud.session = "c", "r", False, None
    return cloud


def test_what_is_refused_is_refused_before_any_request():
    cloud = bare_cloud()  # a request would fail with AttributeError: session is None
    with pytest.raises(openstack.ConfigError, match="use_slo=False"):
        cloud.create_object("c", "o", filename="f", use_slo=False)
    with pytest.raises(openstack.ConfigError, match="name and description, not flavor"):
        cloud.update_server("s", flavor="big")


def test_pprint_masks_a_new_servers_admin_password(capsys):
    bare_cloud().pprint({"name": "my-server", "adminPass": "Xy7-secret-pass", "public_v4": "172.24.4.5"})
    out = capsys.readouterr().out
    assert '"adminPass": "***"' in out and "Xy7-secret-pass" not in out and '"public_v4": "172.24.4.5"' in out


def test_an_unknown_cloud_is_an_openstack_cloud_exception(tmp_path):
    path = tmp_path / "clouds.yaml"
    path.write_text("clouds:\n  mine:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n")
    config = _config.CloudConfig(config_file=str(path), env={}, dirs=[])
    with pytest.raises(openstack.OpenStackCloudException, match="unknown cloud 'my-vexxhost'"):
        openstack.connect(cloud="my-vexxhost", region_name="ca-ymq-1", config=config)
