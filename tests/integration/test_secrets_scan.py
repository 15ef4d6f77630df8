"""No secret in any output: every password, token, application credential secret and server admin password the
devcloud issued or was sent, searched for in everything the collection printed or wrote.

The tasks run through the fault proxy (without faults), which notes every token it carries (X-Auth-Token,
X-Subject-Token) and every secret in an answer (a server's adminPass), so the tokens searched for are the ones
actually used.  Outputs searched: ansible's stdout/stderr at -vvvv (module arguments and result JSON), Ansible's
log file (ANSIBLE_LOG_PATH), the collection's HTTP debug log (POLYSTACK_DEBUG_LOG: every request and answer),
the inventory plugin at -vvvvv (which logs HTTP), the Python API's http_debug log, and the files of the
repository and of tests/output.  Tasks that fail (wrong password, an API error with a request id) count too.
The token cache: files 0600 in a 0700 directory."""

import io
import logging
import os
import stat
import subprocess
import uuid

import pytest
import yaml
from conftest import BIN, ROOT
from reliability.faultproxy import FaultProxy
from reliability.runner import KEY, module_env, run_module
from reliability.scenarios import connect, image_file, remove_named
from reliability.secrets_util import devcloud_secrets

RUN = uuid.uuid4().hex[:6]
N = "rel-sec-%s" % RUN
WRONG_PASSWORD = "Wr0ng-Pa55-%s" % uuid.uuid4().hex[:10]


@pytest.fixture(scope="module")
def scan(clouds_yaml, tmp_path_factory):
    """Run the tasks; (the outputs {label: text}, the secrets to look for, the token cache directory)."""
    tmp = tmp_path_factory.mktemp("secrets")
    with open(clouds_yaml) as f:
        clouds = yaml.safe_load(f)["clouds"]
    wrong = dict(clouds["devcloud-fip"], auth=dict(clouds["devcloud-fip"]["auth"], password=WRONG_PASSWORD))
    proxy = FaultProxy.for_clouds_yaml(clouds_yaml).start()
    outputs = {}
    cache = str(tmp / "cache")
    debug_log = str(tmp / "polystack-debug.log")
    ansible_log = str(tmp / "ansible.log")
    try:
        faulty = proxy.write_clouds_yaml(clouds_yaml, str(tmp / "clouds.yaml"))
        with open(faulty) as f:
            data = yaml.safe_load(f)
        data["clouds"]["rel-wrong"] = dict(
            wrong, auth=dict(wrong["auth"], auth_url=proxy.rewrite_text(wrong["auth"]["auth_url"]))
        )
        with open(faulty, "w") as f:
            yaml.safe_dump(data, f)
        env = module_env(faulty, cache_dir=cache, POLYSTACK_DEBUG_LOG=debug_log, ANSIBLE_LOG_PATH=ansible_log)

        def task(label, module, **args):
            result = run_module("polystack.cloud." + module, args, faulty, verbosity=4, env=env)
            outputs[label] = result.out
            return result

        fip, app = {"cloud": "devcloud-fip"}, {"cloud": "devcloud-appcred"}
        steps = [
            ("keypair", "os_keypair", dict(fip, name=N, public_key=KEY), True),
            ("image", "os_image", dict(app, name=N, filename=image_file(), disk_format="raw"), True),
            ("object", "os_object", dict(app, container=N, name="o", data="secret scan\n"), True),
            (
                "server",
                "os_server",
                dict(fip, name=N, image="devcloud-tiny", flavor_ram=256, auto_ip=True, timeout=300),
                True,
            ),
            ("server-info", "os_server_info", dict(fip, name=N), True),
            ("direct-info", "os_keypair_info", dict(cloud="devcloud-direct", region_name="RegionTwo"), True),
            # the cloud's settings (password included) given as the cloud option itself
            ("cloud-as-settings", "os_keypair_info", dict(cloud=data["clouds"]["devcloud-fip"]), True),
            ("wrong-password", "os_keypair_info", dict(cloud="rel-wrong"), False),
            ("api-error", "os_server", dict(fip, name=N + "-x", image="rel-no-such-image", flavor_ram=256), False),
            ("server-delete", "os_server", dict(fip, name=N, state="absent", delete_ips=True, timeout=300), True),
            ("object-delete", "os_object", dict(app, container=N, state="absent", delete_with_all_objects=True), True),
            ("image-delete", "os_image", dict(app, name=N, state="absent"), True),
            ("keypair-delete", "os_keypair", dict(fip, name=N, state="absent"), True),
        ]
        for label, module, args, ok in steps:
            result = task(label, module, **args)
            assert result.ok == ok, "%s: %r" % (label, result)
        # the inventory plugin at -vvvvv logs every HTTP request
        inv = tmp / "rel.openstack.yml"
        inv.write_text("plugin: polystack.cloud.openstack\nonly_clouds: [devcloud-fip, devcloud-appcred]\n")
        proc = subprocess.run(
            [os.path.join(BIN, "ansible-inventory"), "-i", str(inv), "--list", "-vvvvv"],
            cwd=ROOT,
            env=dict(env, ANSIBLE_INVENTORY_ENABLED="polystack.cloud.openstack"),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        outputs["inventory"] = proc.stdout + proc.stderr
        outputs["python-api"] = python_api_log(faulty, cache)
    finally:
        proxy.stop()
        left = remove_named(clouds_yaml, N, clouds=("devcloud-fip", "devcloud-appcred"), regions=("RegionOne",))
    for label, path in (("debug log", debug_log), ("ansible log", ansible_log)):
        with open(path, errors="replace") as f:
            outputs[label] = f.read()
    outputs.update(repository_files())
    secrets = set(devcloud_secrets(clouds_yaml)) | proxy.secrets | {WRONG_PASSWORD}
    return dict(
        outputs=outputs, secrets=sorted(s for s in secrets if len(s) >= 12), cache=cache, seen=proxy.secrets, left=left
    )


def python_api_log(clouds_yaml, cache):
    """The Python API with http_debug: a keypair nova generates (its private key) and a token, logged."""
    from ansible_collections.polystack.cloud.plugins.module_utils import _session

    stream = io.StringIO()
    handler = _session.enable_logging(debug=True, http_debug=True, stream=stream)
    try:
        c = connect(clouds_yaml, "devcloud-fip", cache_dir=cache)
        made = c.create_keypair(N + "-gen")
        try:
            assert "PRIVATE KEY" in made.private_key
            secret_key = made.private_key.strip().splitlines()[1]  # a line of the key itself
        finally:
            c.delete_keypair(N + "-gen")
    finally:
        for name in ("polystack.cloud", "keystoneauth"):
            logging.getLogger(name).removeHandler(handler)
    text = stream.getvalue()
    assert "POST" in text and "os-keypairs" in text  # the log did record the calls
    assert secret_key not in text
    return text


def repository_files():
    """The tracked files of the repository and what tests left in tests/output (reports, logs)."""
    out = {}
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.split()
    paths = [os.path.join(ROOT, p) for p in tracked]
    base = os.path.join(ROOT, "tests", "output")
    for top, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d != "src"]  # the link to the checkout itself
        paths += [os.path.join(top, f) for f in files]
    for path in paths:
        try:
            if os.path.getsize(path) < 5 * 1024 * 1024:
                with open(path, errors="replace") as f:
                    out["file " + os.path.relpath(path, ROOT)] = f.read()
        except OSError:
            pass
    return out


def test_the_scan_saw_what_it_must(scan):
    outputs = scan["outputs"]
    assert scan["left"] == [], scan["left"]  # the tasks deleted what they made
    # tokens of three clouds were issued and carried, an admin password was answered, and the logs hold the
    # HTTP traffic (with the names of the secret fields, their values masked)
    assert len(scan["seen"]) >= 4
    assert "X-Auth-Token" in outputs["debug log"] and "/v3/auth/tokens" in outputs["debug log"]
    assert "adminPass" in outputs["debug log"]  # the key is logged, its value masked
    assert "REQ: curl" in outputs["inventory"] or "GET" in outputs["inventory"]
    assert "authentication refused" in outputs["wrong-password"]
    assert "[request id" in outputs["api-error"] or "not found" in outputs["api-error"]


def test_no_secret_in_any_output(scan):
    outputs, secrets = scan["outputs"], scan["secrets"]
    found = [
        "%s holds a secret (%s...)" % (label, secret[:4])
        for label, text in outputs.items()
        for secret in secrets
        if secret in text
    ]
    assert found == [], "\n".join(found[:40])
    assert all("Traceback" not in text for label, text in outputs.items() if not label.startswith("file "))


def test_token_cache_is_private(scan):
    tokens = os.path.join(scan["cache"], "tokens")
    assert stat.S_IMODE(os.stat(tokens).st_mode) == 0o700
    files = os.listdir(tokens)
    assert any(f.endswith(".json") for f in files)
    cached = ""
    for name in files:
        assert stat.S_IMODE(os.stat(os.path.join(tokens, name)).st_mode) == 0o600, name
        with open(os.path.join(tokens, name), "rb") as f:
            cached += f.read().decode("utf-8", "replace")
    # the cache holds the very tokens the proxy saw (so the scan looked for the tokens really used)
    assert any(token in cached for token in scan["seen"])
