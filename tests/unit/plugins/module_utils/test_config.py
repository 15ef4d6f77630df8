"""The clouds.yaml loader: search order, merging and precedence, profiles, regions, networks, errors."""

import json
import os
import re

import pytest
import yaml
from ansible_collections.polystack.cloud.plugins.module_utils import _config
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError

AUTH = {
    "auth_url": "https://keystone.example.com/v3",
    "username": "alice",
    "password": "pw-alice-S3CRET",
    "project_name": "p",
    "user_domain_name": "Default",
    "project_domain_name": "Default",
}


def cloud(**extra):
    entry = {"auth": dict(AUTH)}
    entry.update(extra)
    return entry


@pytest.fixture
def world(tmp_path):
    """world(files={"cwd/clouds.yaml": {...} or "text"}, env={...}) -> CloudConfig over tmp dirs."""
    dirs = [str(tmp_path / d) for d in ("cwd", "user", "site")]
    for d in dirs:
        os.makedirs(d)

    def make(files=None, env=None, **kw):
        for rel, content in (files or {}).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if not isinstance(content, str):
                content = json.dumps(content) if rel.endswith(".json") else yaml.safe_dump(content)
            path.write_text(content)
        env = {k: (str(tmp_path / v[5:]) if str(v).startswith("$TMP/") else v) for k, v in (env or {}).items()}
        return _config.CloudConfig(env=env, dirs=dirs, **kw)

    make.tmp = tmp_path
    return make


# -- search order -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files,env,expect",
    [
        # OS_CLIENT_CONFIG_FILE first
        (
            {"elsewhere/my.yaml": {"clouds": {"a": cloud()}}, "cwd/clouds.yaml": {"clouds": {"b": cloud()}}},
            {"OS_CLIENT_CONFIG_FILE": "$TMP/elsewhere/my.yaml"},
            "elsewhere/my.yaml",
        ),
        # the current directory before the user dir before the site dir
        (
            {"cwd/clouds.yaml": {"clouds": {"a": cloud()}}, "user/clouds.yaml": {"clouds": {"b": cloud()}}},
            {},
            "cwd/clouds.yaml",
        ),
        (
            {"user/clouds.yml": {"clouds": {"a": cloud()}}, "site/clouds.yaml": {"clouds": {"b": cloud()}}},
            {},
            "user/clouds.yml",
        ),
        ({"site/clouds.json": {"clouds": {"a": cloud()}}}, {}, "site/clouds.json"),
        # .yaml before .yml before .json in one directory
        (
            {"cwd/clouds.json": {"clouds": {"b": cloud()}}, "cwd/clouds.yml": {"clouds": {"a": cloud()}}},
            {},
            "cwd/clouds.yml",
        ),
    ],
)
def test_first_file_found_wins(world, files, env, expect):
    cfg = world(files, env)
    assert cfg.config_file == str(world.tmp / expect)
    assert cfg.names() == ["a"]


def test_config_dirs_per_platform():
    env = {"XDG_CONFIG_HOME": "/x", "LOCALAPPDATA": "C:\\L", "PROGRAMDATA": "C:\\P"}
    assert _config.config_dirs(env, "linux", "/h", "/c") == ["/c", "/x/openstack", "/etc/openstack"]
    assert _config.config_dirs({}, "linux", "/h", "/c")[1] == "/h/.config/openstack"
    mac = _config.config_dirs({}, "darwin", "/h", "/c")
    assert mac[1:] == ["/h/Library/Application Support/openstack", "/Library/Application Support/openstack"]
    win = _config.config_dirs(env, "win32", "/h", "/c")
    assert win[1].endswith(os.path.join("OpenStack", "openstack")) and win[1].startswith("C:\\L")


def test_secure_yaml_is_deep_merged(world):
    public = {"clouds": {"a": {"auth": {k: v for k, v in AUTH.items() if k != "password"}, "region_name": "R"}}}
    secure = {"clouds": {"a": {"auth": {"password": "from-secure"}}}}
    r = world({"cwd/clouds.yaml": public, "user/secure.yaml": secure}).get_one("a")
    assert r.auth["password"] == "from-secure" and r.auth["username"] == "alice" and r.region_name == "R"
    assert r.origins["auth.password"].startswith("secure.yaml")
    assert r.origins["auth.username"].startswith("clouds.yaml")


# -- which cloud ----------------------------------------------------------------------------------------------

ENV_AUTH = {
    "OS_AUTH_URL": "https://env.example.com/v3",
    "OS_USERNAME": "envuser",
    "OS_PASSWORD": "env-S3CRET",
    "OS_PROJECT_ID": "pid",
    "OS_USER_DOMAIN_ID": "default",
}


@pytest.mark.parametrize(
    "clouds,env,expect",
    [
        ({"a": cloud()}, {}, "a"),  # a single cloud needs no name
        ({"a": cloud(), "b": cloud()}, {"OS_CLOUD": "b"}, "b"),
        ({"a": cloud(), "b": cloud()}, ENV_AUTH, "envvars"),
        ({"a": cloud()}, dict(ENV_AUTH, OS_CLOUD_NAME="mine"), "mine"),
        ({"a": cloud()}, dict(ENV_AUTH, OS_CLOUD="a"), "a"),  # OS_CLOUD beats the envvars cloud
    ],
)
def test_default_cloud(world, clouds, env, expect):
    assert world({"cwd/clouds.yaml": {"clouds": clouds}}, env).get_one().name == expect


def test_envvars_cloud_maps_variables(world):
    r = world({}, dict(ENV_AUTH, OS_REGION_NAME="RX", OS_INTERFACE="internal", OS_INSECURE="true")).get_one()
    assert r.auth["auth_url"] == "https://env.example.com/v3" and r.auth["project_id"] == "pid"
    assert r.region_name == "RX" and r.interface() == "internal" and r.verify is False
    assert r.origins["auth.username"] == "OS_* variables"


@pytest.mark.parametrize(
    "clouds,env,call,message",
    [
        ({"a": cloud(), "b": cloud()}, {}, {}, "2 clouds are configured and none is named: set the cloud option"),
        ({}, {}, {}, "no cloud configured: no clouds.yaml found"),
        ({"a": cloud(), "b": cloud()}, {}, {"cloud": "c"}, "unknown cloud 'c'; known clouds: a, b"),
        ({"a": cloud()}, {"OS_CLOUD": "zz"}, {}, "unknown cloud 'zz' (from OS_CLOUD)"),
    ],
)
def test_cloud_selection_errors(world, clouds, env, call, message):
    cfg = world({"cwd/clouds.yaml": {"clouds": clouds}} if clouds else {}, env)
    with pytest.raises(ConfigError) as err:
        cfg.get_one(**call)
    assert message in str(err.value)
    if "unknown cloud" in message or "no cloud" in message:
        assert "searched:" in str(err.value) and str(world.tmp / "site" / "clouds.json") in str(err.value)


# -- caller auth precedence ---------------------------------------------------------------------------------------


def test_caller_auth_without_cloud_is_the_whole_cloud(world):
    cfg = world({"cwd/clouds.yaml": {"clouds": {"a": cloud()}}}, ENV_AUTH)
    auth = {k: v for k, v in AUTH.items() if k != "password"}
    # the env's OS_PASSWORD is NOT mixed in: the task's auth is complete or it is an error
    with pytest.raises(ConfigError, match="auth_type password needs auth.password"):
        cfg.get_one(auth=auth)
    r = cfg.get_one(auth=dict(auth, password="caller-pw"))
    assert r.name == "caller" and r.auth["password"] == "caller-pw" and r.auth["username"] == "alice"
    assert r.origins["auth.password"] == "caller"


def test_caller_auth_fills_gaps_of_a_named_cloud(world):
    no_pw = {"clouds": {"a": {"auth": {k: v for k, v in AUTH.items() if k != "password"}}}}
    r = world({"cwd/clouds.yaml": no_pw}).get_one("a", auth={"password": "vault-pw"})
    assert r.auth["password"] == "vault-pw" and r.origins["auth.password"] == "caller"


@pytest.mark.parametrize(
    "auth,auth_type,message",
    [
        ({"username": "mallory"}, None, "the task's auth would override auth.username of cloud a"),
        ({"password": "other"}, None, "would override auth.password"),
        (None, "v3applicationcredential", "auth_type 'v3applicationcredential' given by the task differs"),
    ],
)
def test_caller_auth_never_silently_overrides_a_cloud(world, auth, auth_type, message):
    cfg = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(auth_type="password")}}})
    with pytest.raises(ConfigError) as err:
        cfg.get_one("a", auth=auth, auth_type=auth_type)
    assert message in str(err.value)
    assert "pw-alice-S3CRET" not in str(err.value)


def test_caller_options_override_cloud_values(world):
    r = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(interface="internal", api_timeout=5)}}}).get_one(
        "a", interface="admin", api_timeout=30
    )
    assert r.interface() == "admin" and r.get("api_timeout") == 30.0 and r.origins["interface"] == "caller"


# -- profiles -------------------------------------------------------------------------------------------------


def test_profile_under_cloud_values(world):
    entry = {"profile": "vexxhost", "auth": {k: v for k, v in AUTH.items() if k != "auth_url"}}
    r = world({"cwd/clouds.yaml": {"clouds": {"v": entry}}}).get_one("v", region_name="ca-ymq-1")
    assert r.auth["auth_url"].startswith("https://") and "vexxhost" in r.auth["auth_url"]
    assert r.origins["auth.auth_url"] == "profile vexxhost (shipped with the collection)"
    assert r.auth["username"] == "alice"


@pytest.mark.parametrize(
    "profile,region,url",
    [
        ("citycloud", "Sto2", "https://Sto2.citycloud.com:5000/v3/"),
        ("otc", "eu-nl", "https://iam.eu-nl.otc.t-systems.com/v3"),
    ],
)
def test_profile_urls_follow_the_region(world, profile, region, url):
    entry = {"profile": profile, "auth": {k: v for k, v in AUTH.items() if k != "auth_url"}}
    r = world({"cwd/clouds.yaml": {"clouds": {"x": entry}}}).get_one("x", region_name=region)
    assert r.auth["auth_url"] == url and r.warnings == []


def test_retired_profiles_warn(world):
    entry = {"profile": "internap", "auth": {k: v for k, v in AUTH.items() if k != "auth_url"}}
    r = world({"cwd/clouds.yaml": {"clouds": {"x": entry}}}).get_one("x")
    assert r.region_name == "ams01" and "status" not in r.config
    assert r.warnings and "profile internap" in r.warnings[0] and "shut down" in r.warnings[0]


def test_clouds_public_yaml_adds_profiles(world):
    public = {
        "public-clouds": {
            "acme": {"auth": {"auth_url": "https://acme.example/v3"}, "regions": ["r1", "r2"], "image_format": "raw"}
        }
    }
    entry = {"profile": "acme", "auth": {k: v for k, v in AUTH.items() if k != "auth_url"}}
    r = world({"cwd/clouds.yaml": {"clouds": {"x": entry}}, "site/clouds-public.yaml": public}).get_one("x")
    assert r.auth["auth_url"] == "https://acme.example/v3" and r.region_name == "r1" and r.get("image_format") == "raw"
    assert "clouds-public.yaml" in r.origins["image_format"]


def test_unknown_profile_lists_known(world):
    cfg = world({"cwd/clouds.yaml": {"clouds": {"x": cloud(profile="nosuch")}}})
    with pytest.raises(ConfigError, match="unknown profile 'nosuch'.*known profiles: .*vexxhost"):
        cfg.get_one("x")


# -- regions --------------------------------------------------------------------------------------------------

REGIONS = [{"name": "r1"}, {"name": "r2", "values": {"interface": "internal", "auth": {"project_name": "p2"}}}, "r3"]


@pytest.mark.parametrize(
    "region,env,expect_region,expect_interface,expect_project",
    [
        (None, {}, "r1", "public", "p"),  # first region by default
        ("r2", {}, "r2", "internal", "p2"),  # region values override (deep merge into auth)
        (None, {"OS_REGION_NAME": "r3"}, "r3", "public", "p"),
        (None, {"OS_REGION_NAME": "elsewhere"}, "r1", "public", "p"),  # not one of this cloud's: ignored
    ],
)
def test_region_selection(world, region, env, expect_region, expect_interface, expect_project):
    r = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(regions=REGIONS)}}}, env).get_one("a", region_name=region)
    assert (r.region_name, r.interface(), r.auth["project_name"]) == (expect_region, expect_interface, expect_project)
    assert r.get("regions") == ["r1", "r2", "r3"]


def test_unknown_region_lists_the_clouds_regions(world):
    cfg = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(regions=REGIONS)}}})
    with pytest.raises(ConfigError, match="cloud a has no region 'r9' .*its regions: r1, r2, r3"):
        cfg.get_one("a", region_name="r9")


@pytest.mark.parametrize(
    "regions,message",
    [
        ({"r1": {}}, "'regions' must be a list"),
        ([{"name": "r1", "value": {}}], "region r1 has unknown keys value"),
        ([42], "each entry of 'regions' must be a name or {name, values}"),
        (["r1", "r1"], "a region is listed twice"),
        ([{"name": "r1", "values": ["x"]}], "values of region r1 must be a mapping"),
    ],
)
def test_bad_regions(world, regions, message):
    with pytest.raises(ConfigError, match=message):
        world({"cwd/clouds.yaml": {"clouds": {"a": cloud(regions=regions)}}}).get_one("a")


# -- networks ---------------------------------------------------------------------------------------------------


def test_networks_by_name_or_id(world):
    nets = [
        {"name": "wan", "routes_externally": True, "default_interface": True},
        {"id": "abc", "nat_destination": True},
    ]
    r = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(networks=nets)}}}).get_one("a")
    wan, lan = r.networks
    assert wan["routes_ipv4_externally"] and wan["routes_ipv6_externally"] and wan["default_interface"]
    assert lan["id"] == "abc" and lan["nat_destination"] and not lan["routes_externally"]


@pytest.mark.parametrize(
    "nets,message",
    [
        ({"name": "x"}, "'networks' must be a list"),
        (["wan"], r"networks\[0\] must be a mapping"),
        ([{"routes_externally": True}], r"networks\[0\] needs exactly one of name or id"),
        ([{"name": "a", "id": "b"}], "needs exactly one of name or id"),
        ([{"name": "a", "route_externally": True}], "unknown keys route_externally"),
        ([{"name": "a", "routes_externally": "yes"}], "routes_externally must be true or false"),
        (
            [{"name": "a", "default_interface": True}, {"name": "b", "default_interface": True}],
            "only one network may be default_interface, not a, b",
        ),
    ],
)
def test_bad_networks(world, nets, message):
    with pytest.raises(ConfigError, match=message):
        world({"cwd/clouds.yaml": {"clouds": {"a": cloud(networks=nets)}}}).get_one("a")


# -- files that cannot be read ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,text,message",
    [
        (
            "clouds.yaml",
            "clouds:\n  a:\n    auth: {username: x\n",
            r"YAML syntax error in .*clouds.yaml line \d+ column \d+",
        ),
        ("clouds.yaml", "clouds:\n\ta: 1\n", r"YAML syntax error in .*clouds.yaml line 2"),
        ("clouds.json", '{"clouds": {', r"clouds.json is not valid JSON"),
        ("clouds.yaml", "- a\n- b\n", r"must hold a mapping"),
        ("clouds.yaml", "clouds: [a, b]\n", r"'clouds' must be a mapping"),
    ],
)
def test_unreadable_files_name_file_and_line(world, name, text, message):
    with pytest.raises(ConfigError, match=message):
        world({"cwd/" + name: text})


def test_a_malformed_cloud_fails_alone(world):
    """One cloud that is not a mapping fails when it is asked for, naming the file; the others still work, and
    it is still listed (so that the inventory reports it as one failed source)."""
    config = world({"cwd/clouds.yaml": "clouds:\n  a: just-a-string\n  b: {auth: {auth_url: 'http://x:5000/v3'}}\n"})
    assert config.names() == ["a", "b"]
    with pytest.raises(ConfigError, match=r"clouds.yaml: cloud 'a' must be a mapping of settings, not str"):
        config.get_one("a")
    assert config.get_one("b", auth_type="none").name == "b"


def test_named_config_file_must_exist(world):
    with pytest.raises(ConfigError, match="clouds.yaml file /nonexistent/clouds.yaml does not exist"):
        world(config_file="/nonexistent/clouds.yaml")


# -- auth validation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "auth_type,auth,message",
    [
        ("password", {"username": "u", "password": "p", "project_id": "x"}, "needs auth.auth_url"),
        ("password", {"auth_url": "u", "password": "p", "project_id": "x"}, "needs auth.username or auth.user_id"),
        ("password", {"auth_url": "u", "user_id": "i", "project_id": "x"}, "needs auth.password"),
        (
            "v3applicationcredential",
            {"auth_url": "u", "application_credential_id": "i"},
            "needs auth.application_credential_secret",
        ),
        (
            "v3applicationcredential",
            {"auth_url": "u", "application_credential_secret": "s"},
            "needs auth.application_credential_id or auth.application_credential_name",
        ),
        ("token", {"auth_url": "u"}, "needs auth.token"),
        (
            "password",
            {"auth_url": "u", "user_id": "i", "password": "p", "project_name": "x"},
            "auth.project_name needs auth.project_domain_name or auth.project_domain_id",
        ),
        (
            "password",
            {"auth_url": "u", "username": "n", "password": "p", "project_id": "x"},
            "auth.username needs auth.user_domain_name or auth.user_domain_id",
        ),
    ],
)
def test_missing_auth_fields_are_named(world, auth_type, auth, message):
    cfg = world({"cwd/clouds.yaml": {"clouds": {"a": {"auth_type": auth_type, "auth": auth}}}})
    with pytest.raises(ConfigError, match=message):
        cfg.get_one("a")


def test_old_names_and_domain_shortcut(world):
    auth = {"auth_url": "u", "username": "n", "password": "p", "tenant_name": "t", "domain_name": "D"}
    r = world({"cwd/clouds.yaml": {"clouds": {"a": {"auth": auth}}}}).get_one("a")
    assert r.auth["project_name"] == "t" and "tenant_name" not in r.auth
    # domain_name with a project: the default for both domains, not a domain-scoped token
    assert r.auth["user_domain_name"] == r.auth["project_domain_name"] == "D" and "domain_name" not in r.auth


# -- where every value came from, without secrets ---------------------------------------------------------------------


def test_describe_tells_origins_and_hides_secrets(world):
    r = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(regions=REGIONS)}}}).get_one(
        "a", region_name="r2", api_timeout=9
    )
    d = r.describe()
    assert d["auth.password"] == {"value": "***", "from": "clouds.yaml %s" % (world.tmp / "cwd" / "clouds.yaml")}
    assert d["auth.project_name"]["from"].startswith("region r2 values")
    assert d["api_timeout"] == {"value": 9.0, "from": "caller"}
    assert d["identity_api_version"]["from"] == "default"
    assert "pw-alice-S3CRET" not in json.dumps(d)


# -- precedence and robustness details ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cloud_auth,task_auth,clash",
    [
        ({"project_name": "prod"}, {"project_id": "X"}, "auth.project_name"),  # the same thing by another name
        ({"username": "alice"}, {"user_id": "U"}, "auth.username"),
        ({"tenant_name": "prod"}, {"project_name": "other"}, "auth.project_name"),  # old spelling in the cloud
    ],
)
def test_task_auth_cannot_rename_its_way_over_the_cloud(world, cloud_auth, task_auth, clash):
    auth = dict(AUTH, **cloud_auth)
    if "tenant_name" in cloud_auth:
        del auth["project_name"]
    cfg = world({"cwd/clouds.yaml": {"clouds": {"a": {"auth": auth}}}})
    with pytest.raises(ConfigError, match="would override %s" % clash):
        cfg.get_one("a", auth=task_auth)


@pytest.mark.parametrize(
    "cloud_extra,caller,verify,cacert",
    [
        ({"insecure": True}, {"verify": True}, True, None),  # the caller wins over the file's insecure
        ({"insecure": True}, {}, False, None),
        ({"verify": "/etc/ca.pem"}, {}, True, "/etc/ca.pem"),  # verify: <path> is a CA bundle
        ({"verify": "false"}, {}, False, None),
        ({"cacert": "/c.pem"}, {"verify": False}, False, "/c.pem"),
    ],
)
def test_tls_precedence(world, cloud_extra, caller, verify, cacert):
    # the CA bundles named must exist (a missing one is an error: test_missing_tls_file_is_named)
    def bundle(v):
        return str(world.tmp / v.lstrip("/")) if isinstance(v, str) and v.startswith("/") else v

    for path in ("/etc/ca.pem", "/c.pem"):
        (world.tmp / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (world.tmp / path.lstrip("/")).write_text("CA")
    cloud_extra = dict((k, bundle(v)) for k, v in cloud_extra.items())
    cacert = bundle(cacert)
    r = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(**cloud_extra)}}}).get_one("a", **caller)
    assert r.config["verify"] is verify and r.config.get("cacert") == cacert
    assert r.verify == (False if not verify else (cacert or True))


@pytest.mark.parametrize(
    "where,key,option",
    [("cloud", "cacert", "ca_cert"), ("cloud", "cert", "client_cert"), ("caller", "key", "client_key")],
)
def test_missing_tls_file_is_named(world, where, key, option):
    missing = str(world.tmp / "no" / "such.pem")
    extra = {key: missing}
    cfg = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(**(extra if where == "cloud" else {}))}}})
    origin = "given by the task" if where == "caller" else "clouds.yaml"
    with pytest.raises(
        ConfigError,
        match=r"cloud a: %s \(the %s option\) %s is not a file \(.*%s" % (key, option, re.escape(missing), origin),
    ):
        cfg.get_one("a", **(extra if where == "caller" else {}))


@pytest.mark.parametrize("value", [0, -1, 86401, 1e300])
def test_api_timeout_out_of_range_is_named(world, value):
    cfg = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(api_timeout=value)}}})
    with pytest.raises(ConfigError, match="cloud a: api_timeout must be more than 0 and at most 86400 seconds"):
        cfg.get_one("a")


def test_secure_file_env_var_and_vendor_file_env_var(world):
    secure = {"clouds": {"a": {"auth": {"password": "from-env-secure"}}}}
    vendor = {"public-clouds": {"acme": {"image_format": "vhd"}}}
    cfg = world(
        {"cwd/clouds.yaml": {"clouds": {"a": cloud(profile="acme")}}, "x/s.yaml": secure, "x/v.yaml": vendor},
        {"OS_CLIENT_SECURE_FILE": "$TMP/x/s.yaml", "OS_CLIENT_VENDOR_FILE": "$TMP/x/v.yaml"},
    )
    r = cfg.get_one("a")
    assert r.auth["password"] == "from-env-secure" and r.get("image_format") == "vhd"


def test_a_file_that_is_not_utf8(world):
    (world.tmp / "cwd" / "clouds.yaml").write_bytes(b"clouds:\n  a: {profile: \xe9}\n")
    with pytest.raises(ConfigError, match="clouds.yaml is not UTF-8 text"):
        world()


def test_interface_alone_does_not_make_an_envvars_cloud(world):
    r = world(
        {"cwd/clouds.yaml": {"clouds": {"a": cloud()}}}, {"OS_INTERFACE": "internal", "OS_IDENTITY_API_VERSION": "3"}
    ).get_one()
    assert r.name == "a"


def test_os_region_name_of_another_cloud_is_reported(world):
    r = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(regions=["r1", "r2"])}}}, {"OS_REGION_NAME": "zz"}).get_one()
    assert r.region_name == "r1" and "OS_REGION_NAME=zz is not a region of cloud a" in r.warnings[0]


@pytest.mark.parametrize(
    "extra,message",
    [
        ({"profile": ["x"]}, "profile must be a profile's name"),
        ({"auth": "not-a-dict"}, "'auth' must be a mapping"),
    ],
)
def test_odd_types_are_config_errors(world, extra, message):
    entry = dict(cloud(), **extra)
    with pytest.raises(ConfigError, match=message):
        world({"cwd/clouds.yaml": {"clouds": {"a": entry}}}).get_one("a")


def test_odd_scalars_are_taken_as_strings(world):
    entry = cloud(region_name=1, identity_api_version=None, networks=[{"name": 42, "default_interface": True}])
    r = world({"cwd/clouds.yaml": {"clouds": {"a": entry}}}).get_one("a")
    assert r.region_name == "1" and r.get("identity_api_version") == "3" and r.networks[0]["name"] == "42"


def test_region_placeholder_never_touches_secrets(world):
    auth = dict(AUTH, password="S3cr{region_name}t", auth_url="https://{region_name}.example.com/v3")
    r = world({"cwd/clouds.yaml": {"clouds": {"a": {"auth": auth, "regions": ["r1"]}}}}).get_one("a")
    assert r.auth["password"] == "S3cr{region_name}t" and r.auth["auth_url"] == "https://r1.example.com/v3"
    auth["auth_url"] = "https://{region_name}.example.com/v3"
    with pytest.raises(ConfigError) as err:
        world({"cwd/clouds.yaml": {"clouds": {"b": {"auth": dict(auth, password="pw-{region_name}-x")}}}}).get_one("b")
    assert "auth_url contains {region_name}" in str(err.value) and "pw-" not in str(err.value)


def test_origins_of_regions(world):
    r = world({"cwd/clouds.yaml": {"clouds": {"a": cloud(regions=["r1"])}}}).get_one("a")
    d = r.describe()
    assert d["region_name"]["from"].startswith("first of the cloud's regions")
    assert d["regions"]["from"].startswith("clouds.yaml")
    r = world({"cwd/clouds.yaml": {"clouds": {"b": cloud()}}}).get_one("b")
    assert r.region_name is None and r.origins["region_name"].startswith("none")


def test_default_domain_without_a_project(world):
    auth = {"auth_url": "u", "username": "n", "password": "p", "default_domain_id": "D"}
    r = world({"cwd/clouds.yaml": {"clouds": {"a": {"auth": auth}}}}).get_one("a")
    assert r.auth["user_domain_id"] == "D" and "default_domain_id" not in r.auth


def test_a_vault_encrypted_clouds_yaml_says_so(world):
    vaulted = "$ANSIBLE_VAULT;1.1;AES256\n61626364\n"
    with pytest.raises(ConfigError, match=r"clouds.yaml is encrypted with Ansible Vault.*Vault guide"):
        world({"cwd/clouds.yaml": vaulted})
