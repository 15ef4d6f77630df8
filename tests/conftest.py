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
        try:
            os.symlink(ROOT, link)
        except FileExistsError:  # another pytest worker made it at the same time
            pass
    if base not in sys.path:
        sys.path.insert(0, base)


_collection_on_path()


# lines a test wants in pytest's closing summary (e.g. the bad-input suite's counts): shown even with -q. Under
# pytest-xdist each worker writes its lines into SUMMARY_DIR when it ends, and the main process shows them all.
SUMMARY_LINES = []
SUMMARY_DIR = os.path.join(ROOT, "tests", "output", "summary")


# Test files that must have the devcloud to themselves: make test runs the others two at a time (pytest-xdist,
# each file on one worker: -m "not alone"), then these one after the other (-m alone). Why each (a single test
# that needs it says so beside its @pytest.mark.alone):
ALONE = {
    "test_bench_quick.py": "times tasks side by side with openstack.cloud: another run would skew one side",
    "test_check_vs_real.py": "makes a network (a server booted meanwhile without one finds two: nova's 'auto' fails)",
    "test_core_smoke.py": "makes a network, subnet and router beside its server (as check_vs_real)",
    "test_demo.py": "the demo's shared demo- names, and it makes a network in a project that has none",
    "test_devcloud_computes.py": "adds and removes hypervisors (a server booted meanwhile could land on one)",
    "test_devcloud_reset.py": "resets the devcloud: deletes what every other test made",
    "test_devcloud_smoke.py": "asserts each cloud's networks are exactly its network model's",
    "test_faults_services.py": "stops and restarts nova-compute and keystone",
    "test_long_tasks.py": "1 GiB uploads polled every second: a second worker would change what the polls find",
    "test_module_utils_devcloud.py": "makes a network, and pages through every network and image comparing listings",
    "test_network_modules.py": "makes project networks on every cloud-region (servers without one then fail)",
    "test_openstack_cloud_options.py": "makes a second external network (which pool a floating IP comes from changes)",
    "test_server_auto_ip.py": "compares every floating IP of a project before and after",
    "test_server_extras.py": "counts the HTTP requests of a task",
    "test_soak.py": "counts everything the projects hold before and after its load",
    "test_zz_devcloud_lifecycle.py": "stops and starts the devcloud",
}


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


def pytest_sessionstart(session):
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # the main process: no lines left from an earlier run
        os.makedirs(SUMMARY_DIR, exist_ok=True)
        for name in os.listdir(SUMMARY_DIR):
            os.unlink(os.path.join(SUMMARY_DIR, name))


def pytest_sessionfinish(session):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is not None and SUMMARY_LINES:
        with open(os.path.join(SUMMARY_DIR, worker), "w") as f:
            f.write("".join(line + "\n" for line in SUMMARY_LINES))


def pytest_terminal_summary(terminalreporter):
    lines = list(SUMMARY_LINES)
    if os.path.isdir(SUMMARY_DIR):
        for name in sorted(os.listdir(SUMMARY_DIR)):
            with open(os.path.join(SUMMARY_DIR, name)) as f:
                lines.extend(f.read().splitlines())
    for line in lines:  # as each process wrote them (a line may carry its own continuation lines)
        terminalreporter.write_line(line)


def recap(out, host="localhost"):
    """ansible-playbook's PLAY RECAP for a host: {ok, changed, unreachable, failed}."""
    found = re.search(r"%s\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)" % re.escape(host), out)
    assert found, out[-4000:]
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, found.groups()), strict=True))


@pytest.hookimpl(tryfirst=True)  # before -m selects on the marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        if os.path.basename(str(item.fspath)) in ALONE:
            item.add_marker(pytest.mark.alone)
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
