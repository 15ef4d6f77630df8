"""Shared fixtures: the repository, the devcloud's clouds.yaml, keystoneauth1 sessions per cloud/region."""

import ast
import os
import re
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEVCLOUD = os.path.join(ROOT, "devcloud", "devcloud")
REGIONS = ("RegionOne", "RegionTwo")
USER_CLOUDS = ("devcloud-fip", "devcloud-direct", "devcloud-appcred")
BIN = os.path.dirname(sys.executable)  # the project venv's bin (ansible, ansible-galaxy, ...)


def _collection_on_path():
    """Make `ansible_collections.polystack.cloud` import from this checkout (as ansible-test lays it out)."""
    base = os.path.join(ROOT, "tests", "output", "src")
    link = os.path.join(base, "ansible_collections", "polystack", "cloud")
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(ROOT, link)
    if base not in sys.path:
        sys.path.insert(0, base)


_collection_on_path()


# lines a test wants in pytest's closing summary (e.g. the bad-input suite's counts): shown even with -q
SUMMARY_LINES = []


def module_docs(path):
    """A module's DOCUMENTATION, EXAMPLES and RETURN, parsed without importing it: from its sidecar file (ours: the
    .yml beside the .py), or from the strings in the .py (openstack.cloud's modules)."""
    sidecar = os.path.splitext(path)[0] + ".yml"
    if os.path.exists(sidecar):
        with open(sidecar) as f:
            docs = yaml.safe_load(f)
        return dict(docs, EXAMPLES=yaml.safe_load(docs["EXAMPLES"]))
    with open(path) as f:
        tree = ast.parse(f.read())
    wanted = ("DOCUMENTATION", "EXAMPLES", "RETURN")
    return dict((n.targets[0].id, yaml.safe_load(n.value.value)) for n in tree.body
                if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") in wanted)  # fmt: skip


def pytest_terminal_summary(terminalreporter):
    for line in SUMMARY_LINES:
        terminalreporter.write_line(line)


def recap(out, host="localhost"):
    """ansible-playbook's PLAY RECAP for a host: {ok, changed, unreachable, failed}."""
    found = re.search(r"%s\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)" % re.escape(host), out)
    assert found, out[-4000:]
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, found.groups()), strict=True))


def pytest_collection_modifyitems(config, items):
    # tests that stop and start the devcloud run after all the others
    items.sort(key=lambda item: 1 if item.get_closest_marker("lifecycle") else 0)


def devcloud(*args, check=True, timeout=900):
    proc = subprocess.run([DEVCLOUD, *args], capture_output=True, text=True, timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(
            "devcloud %s exited %d:\n%s\n%s" % (" ".join(args), proc.returncode, proc.stdout, proc.stderr)
        )
    return proc


@pytest.fixture(scope="session")
def clouds_yaml():
    path = os.environ.get("OS_CLIENT_CONFIG_FILE") or devcloud("status", "--clouds-yaml", check=False).stdout.strip()
    if not path or not os.path.exists(path):
        pytest.fail("no clouds.yaml: bring the devcloud up (make devcloud-up) or set OS_CLIENT_CONFIG_FILE")
    return path


@pytest.fixture(scope="session")
def clouds(clouds_yaml):
    with open(clouds_yaml) as f:
        return yaml.safe_load(f)["clouds"]


@pytest.fixture(scope="session")
def session_for(clouds):
    """session_for("devcloud-fip") -> a keystoneauth1 Session authenticated as that cloud says."""
    from keystoneauth1 import loading, session

    cache = {}

    def make(cloud):
        if cloud not in cache:
            conf = clouds[cloud]
            loader = loading.get_plugin_loader(conf.get("auth_type", "password"))
            cache[cloud] = session.Session(auth=loader.load_from_options(**conf["auth"]))
        return cache[cloud]

    return make


def run_tool(argv, env, cwd=ROOT, timeout=900):
    """Run a command of the project venv (argv[0]: ansible-playbook, ansible-inventory, python, ... or a path),
    as the tests do everywhere: output captured as text, no stdin, its exit status left to the caller."""
    program = argv[0] if os.path.isabs(argv[0]) else os.path.join(BIN, argv[0])
    return subprocess.run(
        [program, *argv[1:]],
        cwd=str(cwd),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def adhoc(clouds_yaml, module, **args):
    """Run one module ad hoc (ansible localhost -m ...) from the checkout; its result as a dict."""
    import json

    env = dict(
        os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml, ANSIBLE_NOCOLOR="1"
    )
    proc = run_tool(["ansible", "localhost", "-m", module, "-a", json.dumps(args)], env)
    # ad-hoc output: "localhost | CHANGED => {...}"
    assert " => " in proc.stdout, proc.stdout + proc.stderr
    return json.loads(proc.stdout.split(" => ", 1)[1])


def endpoint(service_type, region):
    return {"service_type": service_type, "region_name": region, "interface": "public"}
