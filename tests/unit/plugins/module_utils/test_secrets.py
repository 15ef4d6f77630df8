"""The one secret vocabulary (module_utils/_secrets.py): which keys hold secrets, for every part that asks."""

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _config, _secrets, _session


@pytest.mark.parametrize(
    "key",
    ["password", "OS_PASSWORD", "application_credential_secret", "token", "auth_token", "passcode", "adminPass",
     "private_key", "temp_url_key", "client_secret", "access_token"],
)  # fmt: skip
def test_a_secret_key(key):
    assert _secrets.is_secret_key(key)


@pytest.mark.parametrize(
    "key", ["auth_url", "username", "project_name", "user_domain_name", "key", "cacert", "region_name", "name", 5]
)
def test_a_harmless_key(key):
    assert not _secrets.is_secret_key(key)


def test_no_other_part_keeps_its_own_list():
    """_config and _session ask _secrets: no second word list to drift from this one."""
    for part in (_config, _session):
        names = [
            n for n, v in vars(part).items() if "secret" in n.lower() and isinstance(v, (tuple, list, set, frozenset))
        ]
        assert names == [], "%s defines %s" % (part.__name__, names)


def test_a_secret_config_value_is_masked_where_config_shows_it():
    shown = _config.mask({"auth": {"username": "demo", "password": "hunter2", "application_credential_secret": "s3"}})
    assert shown["auth"]["username"] == "demo"
    assert "hunter2" not in str(shown) and "s3" not in str(shown)


def test_a_null_secret_field_stays_valid_json():
    """openstack.cloud's results have admin_password and private_key keys, null when there is no secret: a null
    hides nothing, and masking it would break the JSON that pprint and the debug log show."""
    import json

    from ansible_collections.polystack.cloud.plugins.module_utils import _secrets

    text = json.dumps({"admin_password": None, "private_key": None, "adminPass": "s3cret!", "password": "hunter22"})
    masked = _secrets.mask(text)
    assert json.loads(masked) == {"admin_password": None, "private_key": None, "adminPass": "***", "password": "***"}
    assert _secrets.mask("password=nullable") == "password=***"  # a value that only begins like null is masked
