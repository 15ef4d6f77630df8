"""_compute's pure helpers (module_utils/_compute.py); the service calls run against the devcloud in
tests/integration (test_server_*, test_check_vs_real.py, test_openstack_cloud_options.py)."""

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _compute
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError


def test_metadata_text_is_openstack_clouds_key_value_list():
    assert _compute.metadata_strings("a=1, b = two,c=") == {"a": "1", "b": "two", "c": ""}
    assert _compute.metadata_strings({"port": 80, "on": True}) == {"port": "80", "on": "True"}
    assert _compute.metadata_strings(None) == {}


@pytest.mark.parametrize("bad", ["a:1", "=1", "a=1,,b=2", ["a", "b"], 5])
def test_metadata_that_is_neither_is_refused(bad):
    with pytest.raises(ConfigError, match="metadata"):
        _compute.metadata_strings(bad)


@pytest.mark.parametrize(
    "value, is_id",
    [("0123456789abcdef0123456789abcdef", True), ("01234567-89ab-cdef-0123-456789abcdef", True),
     ("demo", False), ("0123456789abcdef", False)],
)  # fmt: skip
def test_a_project_id_is_told_from_a_name(value, is_id):
    assert bool(_compute.PROJECT_ID.match(value)) is is_id
