#!/usr/bin/env python3
"""polystack.cloud side by side with openstack.cloud 2.6.0 (openstacksdk 4.22) on the same devcloud.

    .venv/bin/python benchmarks/bench.py            # everything, medians of 5 runs, writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/bench.py --quick    # 1 run, fewer and smaller items: proves the harness works
    .venv/bin/python benchmarks/bench.py --only noop,create --runs 7 --json /tmp/out.json

Both sides run the same ansible-core (2.21.5; --baseline 2.5.0: 2.19.14) from their own venv (ours: the venv of that
ansible-core, the project venv or tests/matrix's, and a snapshot of this checkout built with ansible-galaxy; the
baseline: benchmarks/baseline-venv.sh), from the same empty
working directory, with the same clouds.yaml, interleaved run by run (the order alternates), so that the
load of the shared 2-core machine falls on both alike.  Every Python process of a run loads
benchmarks/hook/sitecustomize.py, which logs each HTTP request put on the wire and each process's peak RSS:
the same counting code for both sides, no proxy in the path.

Targets (issue 8): noop, create, loop, inventory, upload, import.  Resources are named bench-*; the harness
deletes what it created (and bench-* leftovers of an interrupted run) at the start and at the end.
"""

import argparse
import datetime
import fcntl
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "benchmarks")
HOOK = os.path.join(HERE, "hook")
BENCH_DIR = os.environ.get("POLYSTACK_BENCH_DIR") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "polystack", "bench"
)
OUR_BIN = os.path.dirname(os.path.abspath(sys.executable))
MATRIX_CACHE = os.environ.get("POLYSTACK_MATRIX_CACHE") or os.path.expanduser("~/.cache/polystack/matrix")
# the baselines benchmarks/baseline-venv.sh makes: openstack.cloud version -> (ansible-core, its Python, ansible pkg)
BASELINES = {"2.6.0": ("2.21.5", "3.13", "14.5.0"), "2.5.0": ("2.19.14", "3.11", "12.3.0")}
RESULTS_MD = os.path.join(HERE, "RESULTS.md")
RESULTS_JSON = os.path.join(HERE, "results.json")
KSA_FLOOR = "keystoneauth1 floor module"
TARGETS = ("noop", "create", "loop", "inventory", "upload", "import")
PREFIX = "bench-"
USER_CLOUDS = ("devcloud-fip", "devcloud-direct", "devcloud-appcred")
REGIONS = ("RegionOne", "RegionTwo")
# per cloud-region: the flavor and the network
FLAVOR = {"RegionOne": "m1.tiny", "RegionTwo": "v2-mini"}
NETWORK = {"devcloud-fip": "private", "devcloud-direct": "provider", "devcloud-appcred": "private"}
# a floating IP only where the server's network is not routable: on devcloud-direct's provider network the
# server's own address is public, and openstacksdk's auto_ip there waits for a floating IP it cannot make
# until its timeout (seen 2026-11-22), which would measure that wait instead of either collection
AUTO_IP = {"devcloud-fip": True, "devcloud-direct": False, "devcloud-appcred": True}
MiB = 1024 * 1024


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


# -- the two sides ---------------------------------------------------------------------------------------------


class Side:
    def __init__(self, name, bin_dir, collections, module_names):
        self.name = name
        self.bin = bin_dir
        self.collections = collections
        self.modules = module_names  # our module name -> this side's FQCN

    def python(self):
        return os.path.join(self.bin, "python")

    def fqcn(self, ours):
        return self.modules[ours]


OURS_MODULES = dict(
    (m, "polystack.cloud." + m)
    for m in (
        "os_keypair",
        "os_keypair_info",
        "os_image",
        "os_image_info",
        "os_object",
        "os_object_info",
        "os_server",
        "os_server_info",
        "os_floating_ip_info",
    )
)
OURS_MODULES["ping"] = "ansible.builtin.ping"
OURS_MODULES["ksa_floor"] = "polystack_bench.floor.ksa_floor"
BASE_MODULES = {
    "os_keypair": "openstack.cloud.keypair",
    "os_keypair_info": "openstack.cloud.keypair_info",
    "os_image": "openstack.cloud.image",
    "os_image_info": "openstack.cloud.image_info",
    "os_object": "openstack.cloud.object",
    "os_object_container": "openstack.cloud.object_container",
    "os_object_info": "openstack.cloud.object_containers_info",
    "os_server": "openstack.cloud.server",
    "os_server_info": "openstack.cloud.server_info",
    "os_floating_ip_info": "openstack.cloud.floating_ip_info",
    "ping": "ansible.builtin.ping",
    "ksa_floor": "polystack_bench.floor.ksa_floor",
}

# Target 1's second floor, run by both sides with their own interpreter and libraries: a module doing only what
# any module built on PyYAML + keystoneauth1 + requests must (read clouds.yaml, import keystoneauth1's session and
# v3 identity plugins, one HTTP GET: keystone's unauthenticated version document). No real module does less, so
# its overhead above `ping`, against the baseline's per task, bounds the ratio this design can reach.
KSA_FLOOR_MODULE = """#!/usr/bin/python
from __future__ import absolute_import, division, print_function
__metaclass__ = type
import os
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(cloud=dict(type="str", required=True)), supports_check_mode=True)
    import yaml
    from keystoneauth1 import session
    from keystoneauth1.identity import v3  # noqa: F401 (what every password or token auth imports)

    with open(os.environ["OS_CLIENT_CONFIG_FILE"]) as f:
        clouds = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["clouds"]
    auth_url = clouds[module.params["cloud"]]["auth"]["auth_url"]
    resp = session.Session().get(auth_url, authenticated=False)
    module.exit_json(changed=False, status=resp.status_code)


main()
"""


class Run:
    """One timed command and what the hook logged during it."""

    def __init__(self, wall, proc, hook_log):
        self.wall = wall
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.requests = []
        self.procs = []
        try:
            with open(hook_log) as f:
                lines = f.read().splitlines()
        except OSError:
            lines = []
        for line in lines:
            parts = line.split(" ", 4)
            if parts[0] == "req" and len(parts) == 5:
                self.requests.append((parts[2], parts[3], parts[4]))
            elif parts[0] == "rss" and len(parts) >= 5:
                fields = line.split(" ", 5)
                self.procs.append(
                    {
                        "pid": int(fields[1]),
                        "rss_kib": int(fields[2]),
                        "elapsed": float(fields[3]),
                        "rchar": int(fields[4]),
                        "argv0": fields[5] if len(fields) > 5 else "",
                    }
                )

    def module_procs(self):
        # a module process (AnsiballZ), or one of our in-process module runs (a fork; argv[0] the module's name)
        return [p for p in self.procs if "AnsiballZ_" in p["argv0"] or ".plugins.modules." in p["argv0"]]

    def module_rss_mib(self):
        procs = self.module_procs()
        return max(p["rss_kib"] for p in procs) / 1024.0 if procs else None

    def result(self):
        """The module's result of an ad-hoc run ("localhost | CHANGED => {...}")."""
        if " => " not in self.stdout:
            return None
        try:
            return json.loads(self.stdout.split(" => ", 1)[1])
        except ValueError:
            return None


class Harness:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.runs = 1 if args.quick else args.runs
        self.work = tempfile.mkdtemp(prefix="polystack-bench-")
        self.clouds_yaml = args.clouds_yaml
        self.results = {
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "mode": "quick" if self.quick else "full",
            "runs": self.runs,
            "targets": {},
        }
        with open(os.path.join(self.work, "ansible.cfg"), "w") as f:
            f.write("[defaults]\n")  # the same (empty) configuration for both sides
        self.seq = 0
        self.pubkey = self._keypair_file()
        self.ours = Side("ours", self._our_bin(), self._our_collection(), OURS_MODULES)
        base_venv = self._baseline_venv()
        self.base = Side("baseline", os.path.join(base_venv, "bin"), base_venv + "-collections", BASE_MODULES)
        self.sides = (self.ours, self.base)
        self.floor_collections = os.path.join(self.work, "floor-collections")
        floor = os.path.join(self.floor_collections, "ansible_collections", "polystack_bench", "floor")
        os.makedirs(os.path.join(floor, "plugins", "modules"))
        with open(os.path.join(floor, "plugins", "modules", "ksa_floor.py"), "w") as f:
            f.write(KSA_FLOOR_MODULE)
        sys.path.insert(0, self.ours.collections)
        from ansible_collections.polystack.cloud.plugins.module_utils import _cloud

        self._connect = _cloud.connect
        self._clouds = {}

    # -- setup ------------------------------------------------------------------------------------------------

    def _our_bin(self):
        """Our side runs on the baseline's ansible-core: the project venv if it has it, else tests/matrix's venv."""
        core, py, _ = BASELINES[self.args.baseline]
        if core_version(OUR_BIN) == core:
            return OUR_BIN
        other = os.path.join(MATRIX_CACHE, "%s-py%s" % (core, py), "bin")
        if core_version(other) != core:
            sys.exit("no venv with ansible-core %s for our side: make matrix makes %s" % (core, other))
        return other

    def _baseline_venv(self):
        proc = subprocess.run(
            ["bash", os.path.join(HERE, "baseline-venv.sh"), self.args.baseline],
            capture_output=True,
            text=True,
            timeout=1200,
        )
        if proc.returncode != 0:
            sys.exit("baseline venv failed:\n" + proc.stdout + proc.stderr)
        return proc.stdout.strip().splitlines()[-1]

    def _our_collection(self):
        """A snapshot of this checkout, built and installed like `make collection` does, private to the run."""
        dest = os.path.join(self.work, "collections")
        build = os.path.join(self.work, "build")
        galaxy = os.path.join(OUR_BIN, "ansible-galaxy")
        subprocess.run(
            [galaxy, "collection", "build", "--force", "--output-path", build, ROOT], check=True, capture_output=True
        )
        tarball = [os.path.join(build, n) for n in os.listdir(build) if n.endswith(".tar.gz")][0]
        subprocess.run(
            [galaxy, "collection", "install", "--force", "-p", dest, tarball], check=True, capture_output=True
        )
        return dest

    def _keypair_file(self):
        path = os.path.join(self.work, "id_bench")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], check=True)
        with open(path + ".pub") as f:
            return f.read().strip()

    def cloud(self, name, region="RegionOne"):
        key = (name, region)
        if key not in self._clouds:
            os.environ["OS_CLIENT_CONFIG_FILE"] = self.clouds_yaml
            self._clouds[key] = self._connect(cloud=name, region_name=region)
        return self._clouds[key]

    def data_file(self, name, size):
        path = os.path.join(self.work, name)
        if not os.path.exists(path) or os.path.getsize(path) != size:
            block = os.urandom(MiB)
            with open(path, "wb") as f:
                left = size
                while left > 0:
                    f.write(block[: min(left, MiB)])
                    left -= MiB
        return path

    # -- running ----------------------------------------------------------------------------------------------

    def env(self, side, hook_log, extra=None):
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PYTHON", "OS_")))
        env.pop("POLYSTACK_IN_PROCESS", None)  # the defaults, unless a target says otherwise
        env.update(
            PATH=side.bin + os.pathsep + os.environ.get("PATH", ""),
            OS_CLIENT_CONFIG_FILE=self.clouds_yaml,
            ANSIBLE_CONFIG=os.path.join(self.work, "ansible.cfg"),
            ANSIBLE_COLLECTIONS_PATH=side.collections + os.pathsep + self.floor_collections,
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            ANSIBLE_DEPRECATION_WARNINGS="0",
        )
        if hook_log:
            env.update(PYTHONPATH=HOOK, POLYSTACK_BENCH_LOG=hook_log)
        env.update(extra or {})
        return env

    def run(self, side, argv, extra_env=None, timeout=1800, hook=True):
        self.seq += 1
        hook_log = os.path.join(self.work, "hook-%05d.log" % self.seq) if hook else None
        env = self.env(side, hook_log, extra_env)
        t0 = time.perf_counter()
        proc = subprocess.run(argv, cwd=self.work, env=env, capture_output=True, text=True, timeout=timeout)
        wall = time.perf_counter() - t0
        return Run(wall, proc, hook_log)

    def adhoc(self, side, module, args, expect_changed=None, **kw):
        argv = [os.path.join(side.bin, "ansible"), "localhost", "-m", side.fqcn(module)]
        if args:
            argv += ["-a", json.dumps(args)]
        run = self.run(side, argv, **kw)
        result = run.result()
        if run.rc != 0 or result is None or result.get("failed"):
            raise RuntimeError(
                "%s %s %s failed (rc %d):\n%s\n%s"
                % (side.name, side.fqcn(module), json.dumps(args), run.rc, run.stdout[-3000:], run.stderr[-2000:])
            )
        if expect_changed is not None and bool(result.get("changed")) != expect_changed:
            run.unexpected = "changed=%s" % result.get("changed")
        return run

    def order(self, i):
        return self.sides if i % 2 == 0 else self.sides[::-1]

    # -- cleanup ------------------------------------------------------------------------------------------------

    def sweep(self):
        """Delete every bench-* resource on the user clouds (what this harness creates), FIPs of bench servers too."""
        from ansible_collections.polystack.cloud.plugins.module_utils import _object_store as swift

        for name in USER_CLOUDS:
            for region in REGIONS:
                c = self.cloud(name, region)
                servers = [s for s in c.list_servers() if s["name"].startswith(PREFIX)]
                for s in servers:
                    for port in c.request("network", "GET", "/v2.0/ports", params={"device_id": s["id"]}).json()[
                        "ports"
                    ]:
                        fips = c.request("network", "GET", "/v2.0/floatingips", params={"port_id": port["id"]})
                        for fip in fips.json()["floatingips"]:
                            c.request("network", "DELETE", "/v2.0/floatingips/%s" % fip["id"], ok=(404,))
                    c.request("compute", "DELETE", "/servers/%s" % s["id"], ok=(404,))
                for kp in c.list_keypairs():
                    if kp["name"].startswith(PREFIX):
                        c.delete_keypair(kp["name"])
                if servers:
                    self.wait_gone(c, [s["id"] for s in servers])
            c = self.cloud(name)
            project = c.current_project_id
            for image in c.list_images():
                if image["name"] and image["name"].startswith(PREFIX) and image.get("owner") in (None, project):
                    if image.get("is_protected"):
                        c.request(
                            "image",
                            "PATCH",
                            "/v2/images/%s" % image["id"],
                            json=[{"op": "replace", "path": "/protected", "value": False}],
                            headers={"Content-Type": "application/openstack-images-v2.1-json-patch"},
                        )
                    c.request("image", "DELETE", "/v2/images/%s" % image["id"], ok=(404,))
            for cont in c.list_containers():
                if cont["name"].startswith(PREFIX):
                    swift.delete_container(c, cont["name"], with_objects=True)

    def wait_gone(self, c, ids, timeout=600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            left = set(ids) & set(s["id"] for s in c.list_servers())
            if not left:
                return
            time.sleep(1)
        log("servers still there after %ds: %s" % (timeout, sorted(left)))

    # -- reporting helpers ----------------------------------------------------------------------------------------

    def record(self, target, key, side, run, **extra):
        entry = self.results["targets"].setdefault(target, {}).setdefault(key, {}).setdefault(side.name, [])
        item = {
            "wall": round(run.wall, 4),
            "requests": len(run.requests),
            "request_names": [name_request(r) for r in run.requests],
            "module_rss_mib": run.module_rss_mib(),
            "module_elapsed": max([p["elapsed"] for p in run.module_procs()] or [None], key=lambda x: x or 0),
        }
        if getattr(run, "unexpected", None):
            item["unexpected"] = run.unexpected
        item.update(extra)
        entry.append(item)
        return item


def core_version(bin_dir):
    python = os.path.join(bin_dir, "python")
    if not os.path.exists(python):
        return None
    cmd = [python, "-c", "import ansible.release as r; print(r.__version__)"]
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip() or None


def name_request(req):
    """'GET :8774 /v2.1/servers/{id}': ids and hex tokens replaced, so that runs compare."""
    method, hostport, path = req
    path = re.sub(r"/[0-9a-f]{32}(?=/|$)", "/{id}", path)
    path = re.sub(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=/|$)", "/{id}", path)
    path = re.sub(r"/AUTH_[0-9a-f]+", "/AUTH_{project}", path)
    path = re.sub(r"/bench-[\w.-]+", "/bench-*", path)
    return "%s :%s %s" % (method, hostport.rsplit(":", 1)[-1], path)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


# -- target 1: one task, no change needed ----------------------------------------------------------------------


def noop_tasks(h, quick):
    fip = {"cloud": "devcloud-fip", "region_name": "RegionOne"}
    small = h.data_file("bench-1m.bin", MiB)
    tasks = {
        "keypair present": ("os_keypair", dict(fip, name="bench-kp", public_key=h.pubkey), {}),
        "image present": (
            "os_image",
            dict(fip, name="bench-img", filename=small, disk_format="raw", container_format="bare"),
            {},
        ),
        "object present": ("os_object", dict(fip, container="bench-cont", name="bench-obj", filename=small), {}),
        "server present": (
            "os_server",
            dict(
                fip,
                name="bench-srv",
                image="devcloud-tiny",
                flavor="m1.tiny",
                network="private",
                auto_ip=True,
                wait=True,
            ),
            {},
        ),
    }
    if quick:  # no server to boot, no image to hash
        del tasks["server present"]
        del tasks["image present"]
    return tasks


def target_noop(h):
    tasks = noop_tasks(h, h.quick)
    log("noop: fixtures (created by ours, present for both) and warm-up")
    # openstack.cloud.object fails the same way when the container does not exist yet
    h.cloud("devcloud-fip").request("object-store", "PUT", "/bench-cont", ok=(201, 202))
    for label, (module, args, _unused) in tasks.items():
        # ours creates, except the object: openstack.cloud.object takes any object that it did not upload
        # itself (no x-sdk-md5/sha256 metadata) for stale and then fails ('NoneType' object has no attribute
        # 'metadata'); ours compares the content and takes the baseline's object as it is
        for side in (h.base, h.ours) if label == "object present" else (h.ours, h.base):
            try:
                h.adhoc(side, module, args)
            except RuntimeError:
                if side is not h.base:
                    raise
                # openstack.cloud.object sometimes fails that way after uploading: the object is there now
                log("noop: %s fixture failed on the baseline; trying once more" % label)
                h.adhoc(side, module, args)
    for i in range(h.runs):
        for side in h.order(i):
            h.record("noop", "ping (floor)", side, h.adhoc(side, "ping", None))
        for side in h.order(i):
            run = h.adhoc(side, "ksa_floor", {"cloud": "devcloud-fip"})
            h.record("noop", KSA_FLOOR, side, run)
        for label, (module, args, _unused) in tasks.items():
            for side in h.order(i):
                h.record("noop", label, side, h.adhoc(side, module, args, expect_changed=False))
        log("noop: run %d/%d done" % (i + 1, h.runs))


# -- target 2: creating, with wait ----------------------------------------------------------------------------------


def target_create(h):
    fip = {"cloud": "devcloud-fip", "region_name": "RegionOne"}
    small = h.data_file("bench-1m.bin", MiB)

    def tasks(tag):
        return {
            "keypair": (
                "os_keypair",
                dict(fip, name="bench-c-kp-" + tag, public_key=h.pubkey),
                dict(fip, name="bench-c-kp-" + tag, state="absent"),
            ),
            "image (1 MiB)": (
                "os_image",
                dict(fip, name="bench-c-img-" + tag, filename=small, disk_format="raw", container_format="bare"),
                dict(fip, name="bench-c-img-" + tag, state="absent"),
            ),
            "object (1 MiB)": (
                "os_object",
                dict(fip, container="bench-c-cont", name="obj-" + tag, filename=small),
                dict(fip, container="bench-c-cont", name="obj-" + tag, state="absent"),
            ),
            "server with auto_ip": (
                "os_server",
                dict(
                    fip,
                    name="bench-c-srv-" + tag,
                    image="devcloud-tiny",
                    flavor="m1.tiny",
                    network="private",
                    auto_ip=True,
                    wait=True,
                ),
                dict(fip, name="bench-c-srv-" + tag, state="absent", delete_ips=True, wait=True),
            ),
        }

    h.cloud("devcloud-fip").request("object-store", "PUT", "/bench-c-cont", ok=(201, 202))  # see target_noop
    labels = ["keypair"] if h.quick else list(tasks("x"))
    for i in range(h.runs):
        for label in labels:
            for side in h.order(i):
                tag = "%s-%d-%d" % (side.name[:4], os.getpid(), i)
                module, create, delete = tasks(tag)[label]
                run = h.adhoc(side, module, create, expect_changed=True)
                item = h.record("create", label, side, run)
                if label == "server with auto_ip":
                    server = (run.result() or {}).get("server") or {}
                    item["public_v4"] = server.get("public_v4") or server.get("accessIPv4") or None
                h.adhoc(side, module, delete)
        log("create: run %d/%d done" % (i + 1, h.runs))


# -- target 3: a loop of 10 tasks over 3 clouds x 2 regions ----------------------------------------------------------


def loop_playbook(h, side, quick):
    """10 tasks (quick: 2), each looped over the cloud-regions; the same calls on both sides."""
    small = h.data_file("bench-1m.bin", MiB)

    def task(name, module, args):
        # a failed item does not stop the play: failures are counted per run (the baseline fails on some
        # cloud-regions, e.g. openstacksdk's "'Image' object has no attribute 'owner_seen'")
        return {"name": name, side.fqcn(module): args, "loop": "{{ targets }}", "ignore_errors": True}

    c = {"cloud": "{{ item.cloud }}", "region_name": "{{ item.region }}"}
    ours = side.name == "ours"
    tasks = [
        task("keypair present", "os_keypair", dict(c, name="bench-kp", public_key=h.pubkey)),
        task("keypairs", "os_keypair_info", dict(c)),
        task(
            "server present",
            "os_server",
            dict(
                c,
                name="bench-loop-srv",
                image="devcloud-tiny",
                flavor="{{ item.flavor }}",
                network="{{ item.network }}",
                auto_ip="{{ item.auto_ip }}",
                wait=True,
            ),
        ),
        task("image present", "os_image", dict(c, name="bench-img", filename=small, disk_format="raw")),
        task("image info", "os_image_info", dict(c, name="devcloud-tiny")),
        task("server info", "os_server_info", dict(c, name="bench-loop-srv", detailed=False)),
        task("floating IPs", "os_floating_ip_info", dict(c)),
        (
            task("container present", "os_object", dict(c, container="bench-cont"))
            if ours
            else task("container present", "os_object_container", dict(c, name="bench-cont"))
        ),
        task("object present", "os_object", dict(c, container="bench-cont", name="bench-obj", filename=small)),
        (
            task("container info", "os_object_info", dict(c, container="bench-cont", name="bench-obj"))
            if ours
            else task("container info", "os_object_info", dict(c, name="bench-cont"))
        ),
    ]
    if quick:
        tasks = [tasks[0], tasks[8]]
    clouds = USER_CLOUDS[:1] if quick else USER_CLOUDS
    targets = [
        {"cloud": cl, "region": r, "flavor": FLAVOR[r], "network": NETWORK[cl], "auto_ip": AUTO_IP[cl]}
        for cl in clouds
        for r in REGIONS
    ]
    play = [{"name": "bench loop", "hosts": "localhost", "gather_facts": False, "vars": {"targets": targets}}]
    play[0]["tasks"] = tasks
    path = os.path.join(h.work, "loop-%s.yml" % side.name)
    with open(path, "w") as f:
        json.dump(play, f, indent=1)  # JSON is YAML
    return path, len(tasks), len(targets)


def target_loop(h):
    books = dict((side.name, loop_playbook(h, side, h.quick)) for side in h.sides)
    log("loop: warm-up (ours creates the fixtures on every cloud-region; the baseline uploads the object)")
    for side in (h.ours, h.base):
        if side is h.base:  # see target_noop: the baseline must have uploaded the object itself
            for name in USER_CLOUDS:
                h.cloud(name).request("object-store", "DELETE", "/bench-cont/bench-obj", ok=(404,))
        run = h.run(side, [os.path.join(side.bin, "ansible-playbook"), books[side.name][0]])
        if run.rc != 0:
            raise RuntimeError("loop warm-up of %s failed:\n%s" % (side.name, run.stdout[-4000:]))
    for i in range(h.runs):
        for side in h.order(i):
            path, ntasks, ntargets = books[side.name]
            run = h.run(side, [os.path.join(side.bin, "ansible-playbook"), path])
            if run.rc != 0:
                raise RuntimeError("loop run of %s failed:\n%s" % (side.name, run.stdout[-4000:]))
            m = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)", run.stdout)
            h.record(
                "loop",
                "%d tasks x %d cloud-regions" % (ntasks, ntargets),
                side,
                run,
                changed=int(m.group(2)) if m else None,
                failed_items=len(re.findall(r"^failed: \[localhost\]", run.stdout, re.M)),
                module_runs=len(run.module_procs()),
                max_module_rss_mib=max([p["rss_kib"] for p in run.module_procs()] or [0]) / 1024.0,
            )
        log("loop: run %d/%d done" % (i + 1, h.runs))


# -- target 5: large uploads ----------------------------------------------------------------------------------------


def target_upload(h):
    size_mib = 16 if h.quick else 1024
    size = size_mib * MiB
    segment = (4 if h.quick else 128) * MiB
    path = h.data_file("bench-big.bin", size)
    fip = {"cloud": "devcloud-fip", "region_name": "RegionOne"}
    c = h.cloud("devcloud-fip")
    c.session.authenticate()
    swift_url = c.session.endpoint("object-store").rstrip("/")
    c.request("object-store", "PUT", "/bench-big", ok=(201, 202))
    headers = os.path.join(h.work, "curl-headers")
    key = "%d MiB" % size_mib
    for i in range(h.runs):
        # curl: the same bytes, one PUT, to the same swift (its token from our session, in a 0600 file)
        fd = os.open(headers, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write("X-Auth-Token: %s\n" % c.session.authenticate())
        url = "%s/bench-big/curl-%d" % (swift_url, i)
        t0 = time.perf_counter()
        proc = subprocess.run(
            ["curl", "-sS", "-f", "-o", "/dev/null", "-T", path, "-H", "@" + headers, url],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError("curl -T failed: %s" % proc.stderr[-500:])
        h.results["targets"].setdefault("upload", {}).setdefault("object " + key, {}).setdefault("curl -T", []).append(
            {"wall": round(wall, 4), "throughput_mib_s": round(size_mib / wall, 1)}
        )
        c.request("object-store", "DELETE", "/bench-big/curl-%d" % i, ok=(404,))
        for side in h.order(i):
            name = "%s-%d" % (side.name, i)
            args = dict(fip, container="bench-big", name=name, filename=path)
            if side is h.ours:
                args["segment_size"] = segment
            run = h.adhoc(side, "os_object", args, expect_changed=True)
            mod = run.module_procs()
            h.record(
                "upload",
                "object " + key,
                side,
                run,
                throughput_mib_s=round(size_mib / run.wall, 1),
                module_throughput_mib_s=round(size_mib / mod[0]["elapsed"], 1) if mod else None,
                module_read_mib=round(mod[0]["rchar"] / MiB, 1) if mod else None,
            )
            h.adhoc(h.ours, "os_object", dict(fip, container="bench-big", name=name, state="absent"))
        for side in h.order(i):
            name = "bench-big-img-%s-%d" % (side.name, i)
            args = dict(fip, name=name, filename=path, disk_format="raw", container_format="bare", wait=True)
            run = h.adhoc(side, "os_image", args, expect_changed=True)
            mod = run.module_procs()
            h.record(
                "upload",
                "image " + key,
                side,
                run,
                throughput_mib_s=round(size_mib / run.wall, 1),
                module_read_mib=round(mod[0]["rchar"] / MiB, 1) if mod else None,
            )
            h.adhoc(h.ours, "os_image", dict(fip, name=name, state="absent"))
        log("upload: run %d/%d done" % (i + 1, h.runs))
    h.results["targets"]["upload"]["file"] = {"size_mib": size_mib, "our_segment_size_mib": segment // MiB}


# -- target 6: module import + startup ------------------------------------------------------------------------------


def importtime(python, payload, env):
    """One run of a kept AnsiballZ payload under -X importtime: {total_ms, core_ms, module_ms, modules, wall}.

    core_ms: what ansible-core costs any module (interpreter startup, the AnsiballZ loader and basic.py: the
    import roots up to the loader); module_ms: the rest, imported by the module and its module_utils, at
    import time or lazily while it runs (its libraries: requests, keystoneauth1, openstacksdk ...)."""
    t0 = time.perf_counter()
    proc = subprocess.run([python, "-X", "importtime", payload], capture_output=True, text=True, env=env, timeout=600)
    wall = time.perf_counter() - t0
    total = core = module = count = 0
    loader_seen = False
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not m:
            continue
        count += 1
        total += int(m.group(1))
        if m.group(3) != " ":  # not a root: counted in its root's cumulative time
            continue
        cumulative, name = int(m.group(2)), m.group(4)
        if not loader_seen or name.startswith("ansible.module_utils."):
            core += cumulative
        else:
            module += cumulative
        if name.endswith("._ansiballz._loader"):
            loader_seen = True
    if not count or not loader_seen:
        raise RuntimeError("no -X importtime output from %s: %s %s" % (payload, proc.stdout[-500:], proc.stderr[-500:]))
    return {
        "import_ms": round(total / 1000.0, 1),
        "core_ms": round(core / 1000.0, 1),
        "module_ms": round(module / 1000.0, 1),
        "modules_imported": count,
        "wall": round(wall, 4),
    }


def target_import(h):
    fip = {"cloud": "devcloud-fip", "region_name": "RegionOne"}
    tasks = noop_tasks(h, h.quick)
    labels = ["keypair present"] if h.quick else ["keypair present", "server present"]
    keep = os.path.join(h.work, "remote-tmp")
    payloads = {}
    for label in labels:
        module, args, _ = tasks[label]
        for side in h.sides:
            run = h.adhoc(
                side,
                module,
                args,
                # ours runs in a fork of the worker by default (no payload, no new interpreter, nothing imported
                # per run): the payload measured here is the module process it falls back to elsewhere
                extra_env=dict(
                    {"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": keep},
                    **({"POLYSTACK_IN_PROCESS": "0"} if side is h.ours else {}),
                ),
            )
            found = [p["argv0"] for p in run.module_procs()]
            if not found or not os.path.exists(found[0]):
                raise RuntimeError("no AnsiballZ payload kept for %s %s" % (side.name, module))
            payloads[(label, side.name)] = found[0]
    for i in range(h.runs):
        for label in labels:
            for side in h.order(i):
                env = h.env(side, None)
                entry = h.results["targets"].setdefault("import", {}).setdefault(label, {}).setdefault(side.name, [])
                entry.append(importtime(side.python(), payloads[(label, side.name)], env))
    h.results["targets"]["import"]["payloads"] = dict(("%s/%s" % k, os.path.basename(v)) for k, v in payloads.items())
    del fip


# -- target 4: inventory -----------------------------------------------------------------------------------------

# in inventory.py (it boots servers and needs the inventory plugin)


# -- summary ----------------------------------------------------------------------------------------------------


def summarize(results):
    """Medians per target, scenario and side, and the ratios the issue asks for (ours / baseline)."""
    t = results["targets"]
    s = {}
    if "noop" in t:
        floor = dict(
            (side, median(r["wall"] for r in t["noop"]["ping (floor)"][side])) for side in ("ours", "baseline")
        )
        rows = []
        for label, sides in t["noop"].items():
            if label in ("ping (floor)", KSA_FLOOR, "_measured", "_error"):
                continue
            o = median(r["wall"] for r in sides["ours"])
            b = median(r["wall"] for r in sides["baseline"])
            oo, bo = o - floor["ours"], b - floor["baseline"]
            rows.append(
                {
                    "task": label,
                    "ours_s": o,
                    "baseline_s": b,
                    "ours_over_floor_s": oo,
                    "baseline_over_floor_s": bo,
                    "ratio": oo / bo if bo > 0 else None,
                    "ours_requests": median(r["requests"] for r in sides["ours"]),
                    "baseline_requests": median(r["requests"] for r in sides["baseline"]),
                    "ours_request_names": sides["ours"][-1]["request_names"],
                    "ours_rss_mib": median(r["module_rss_mib"] for r in sides["ours"]),
                    "baseline_rss_mib": median(r["module_rss_mib"] for r in sides["baseline"]),
                    "ours_module_s": median(r.get("module_elapsed") for r in sides["ours"]),
                    "baseline_module_s": median(r.get("module_elapsed") for r in sides["baseline"]),
                    "unexpected": sorted(
                        set("%s %s" % (k, r["unexpected"]) for k in sides for r in sides[k] if r.get("unexpected"))
                    ),
                }
            )
        s["noop"] = {"floor_s": floor, "rows": rows}
        if KSA_FLOOR in t["noop"]:
            ksa = t["noop"][KSA_FLOOR]
            s["noop"]["ksa_floor"] = dict(
                (
                    side,
                    {
                        "wall_s": median(r["wall"] for r in ksa[side]),
                        "over_floor_s": median(r["wall"] for r in ksa[side]) - floor[side],
                        "module_s": median(r.get("module_elapsed") for r in ksa[side]),
                        "requests": median(r["requests"] for r in ksa[side]),
                    },
                )
                for side in ("ours", "baseline")
            )
    for target in ("create", "loop"):
        if target in t:
            rows = []
            for label, sides in t[target].items():
                if label in ("_measured", "_error"):
                    continue
                o = median(r["wall"] for r in sides["ours"])
                b = median(r["wall"] for r in sides["baseline"])
                rows.append(
                    {
                        "task": label,
                        "ours_s": o,
                        "baseline_s": b,
                        "ratio": o / b,
                        "ours_requests": median(r["requests"] for r in sides["ours"]),
                        "baseline_requests": median(r["requests"] for r in sides["baseline"]),
                        "ours_rss_mib": median(
                            r.get("max_module_rss_mib") or r["module_rss_mib"] for r in sides["ours"]
                        ),
                        "baseline_rss_mib": median(
                            r.get("max_module_rss_mib") or r["module_rss_mib"] for r in sides["baseline"]
                        ),
                        "changed": dict((k, [r.get("changed") for r in v]) for k, v in sides.items()),
                        "failed": dict((k, [r.get("failed_items") for r in v]) for k, v in sides.items()),
                        "unexpected": sorted(
                            set("%s %s" % (k, r["unexpected"]) for k in sides for r in sides[k] if r.get("unexpected"))
                        ),
                    }
                )
            s[target] = rows
    if "upload" in t:
        rows = []
        for label, sides in t["upload"].items():
            if label in ("file", "_measured", "_error"):
                continue
            row = {"what": label}
            for side, runs in sides.items():
                row[side] = {
                    "wall_s": median(r["wall"] for r in runs),
                    "throughput_mib_s": median(r["throughput_mib_s"] for r in runs),
                    "module_throughput_mib_s": median(r.get("module_throughput_mib_s") for r in runs),
                    "rss_mib": median(r.get("module_rss_mib") for r in runs),
                    "read_mib": median(r.get("module_read_mib") for r in runs),
                    "requests": median(r.get("requests") for r in runs),
                }
            if "curl -T" in sides:
                row["ours_vs_curl"] = row["ours"]["throughput_mib_s"] / row["curl -T"]["throughput_mib_s"]
            rows.append(row)
        s["upload"] = {"file": t["upload"].get("file"), "rows": rows}
    if "import" in t:
        rows = []
        for label, sides in t["import"].items():
            if label in ("payloads", "_measured", "_error"):
                continue
            row = {"task": label}
            for key in ("import_ms", "core_ms", "module_ms", "modules_imported", "wall"):
                row["ours_" + key] = median(r[key] for r in sides["ours"])
                row["baseline_" + key] = median(r[key] for r in sides["baseline"])
            row["ratio"] = row["ours_import_ms"] / row["baseline_import_ms"]
            row["module_ratio"] = row["ours_module_ms"] / row["baseline_module_ms"]
            rows.append(row)
        s["import"] = rows
    if "inventory" in t:
        s["inventory"] = t["inventory"].get("summary")
    return s


def measured(results, target):
    m = results["targets"].get(target, {}).get("_measured")
    return " (measured %s, %d runs, %ds)" % (m["date"], m["runs"], m["seconds"]) if m else ""


def fmt(v, spec="%.2f"):
    return "-" if v is None else spec % v


def markdown(results, summary):
    out = []
    o = results["env"]
    out.append(
        "Last run %s (%s mode, medians of %d runs) on %s."
        % (results["date"], results["mode"], results["runs"], o["machine"])
    )
    out.append("Versions: %s." % o["versions"])
    out.append("")
    if "noop" in summary:
        n = summary["noop"]
        out.append("### 1. One task, no change needed (ad hoc, warm token cache)" + measured(results, "noop"))
        out.append("")
        out.append(
            "`ansible localhost -m ansible.builtin.ping` floor: ours %.2fs, baseline %.2fs. Target: overhead above "
            "the floor at most 0.3x the baseline's; at most 3 requests."
            % (n["floor_s"]["ours"], n["floor_s"]["baseline"])
        )
        out.append("")
        out.append(
            "| task | ours s | baseline s | ours - floor | baseline - floor | ratio | requests ours / baseline "
            "| module RSS MiB ours / baseline | module process s ours / baseline (ratio) |"
        )
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in n["rows"]:
            out.append(
                "| %s | %.2f | %.2f | %.2f | %.2f | **%s** | %s / %s | %s / %s | %s / %s (%s) |"
                % (
                    r["task"],
                    r["ours_s"],
                    r["baseline_s"],
                    r["ours_over_floor_s"],
                    r["baseline_over_floor_s"],
                    fmt(r["ratio"]),
                    fmt(r["ours_requests"], "%d"),
                    fmt(r["baseline_requests"], "%d"),
                    fmt(r["ours_rss_mib"], "%.0f"),
                    fmt(r["baseline_rss_mib"], "%.0f"),
                    fmt(r.get("ours_module_s")),
                    fmt(r.get("baseline_module_s")),
                    fmt(
                        r["ours_module_s"] / r["baseline_module_s"]
                        if r.get("ours_module_s") and r.get("baseline_module_s")
                        else None
                    ),
                )
            )
        out.append("")
        out.append("Our requests, named:")
        out.append("")
        for r in n["rows"]:
            out.append("- %s: %s" % (r["task"], ", ".join("`%s`" % x for x in r["ours_request_names"]) or "none"))
        if any(r["unexpected"] for r in n["rows"]):
            out.append("")
            out.append(
                "Unexpected results: "
                + "; ".join("%s: %s" % (r["task"], r["unexpected"]) for r in n["rows"] if r["unexpected"])
            )
        out.append("")
        k = n.get("ksa_floor")
        if k:
            out.append(
                "The module-process floor: a module that does only what any module on PyYAML + keystoneauth1 + "
                "requests must (read clouds.yaml, import keystoneauth1's session and v3 identity, one "
                "unauthenticated GET of keystone's version document; `benchmarks/bench.py` KSA_FLOOR_MODULE), run "
                "by each side as a module process with its own interpreter: %.2fs / %.2fs above `ping` (module "
                "process %s / %s s). Against the baseline's overhead per task that floor alone is %s: no module "
                "process of this design goes below it. Ours runs below it (and below `ping`, whose own module "
                "process it does not pay) because on the controller it starts no module process: each run is a "
                "fork of the task's worker, with the libraries already imported (`plugins/plugin_utils/"
                "_in_process.py`); its 'module process' column is that fork, its RSS the worker's pages it shares."
                % (
                    k["ours"]["over_floor_s"],
                    k["baseline"]["over_floor_s"],
                    fmt(k["ours"]["module_s"]),
                    fmt(k["baseline"]["module_s"]),
                    ", ".join(
                        "%s %s" % (r["task"], fmt(k["ours"]["over_floor_s"] / r["baseline_over_floor_s"]))
                        for r in n["rows"]
                        if r["baseline_over_floor_s"] > 0
                    ),
                )
            )
            out.append("")
    for target, title, goal in (
        (
            "create",
            "2. Creating the resource, `wait: true` (devcloud-fip RegionOne)",
            "server with auto_ip at most 0.5x",
        ),
        ("loop", "3. A playbook: tasks looped over clouds x regions (ansible-playbook wall)", "at most 0.35x"),
    ):
        if target in summary:
            out.append("### " + title + measured(results, target))
            out.append("")
            out.append("Target: %s." % goal)
            out.append("")
            out.append(
                "| what | ours s | baseline s | ratio | requests ours / baseline | max module RSS MiB ours / baseline |"
            )
            out.append("| --- | --- | --- | --- | --- | --- |")
            for r in summary[target]:
                out.append(
                    "| %s | %.2f | %.2f | **%.2f** | %s / %s | %s / %s |"
                    % (
                        r["task"],
                        r["ours_s"],
                        r["baseline_s"],
                        r["ratio"],
                        fmt(r["ours_requests"], "%d"),
                        fmt(r["baseline_requests"], "%d"),
                        fmt(r["ours_rss_mib"], "%.0f"),
                        fmt(r["baseline_rss_mib"], "%.0f"),
                    )
                )
                if target == "loop":
                    out.append("")
                    out.append("changed (tasks) per run: %s; failed items per run: %s" % (r["changed"], r["failed"]))
            out.append("")
    if "inventory" in summary and summary["inventory"]:
        out.append("### 4. Inventory" + measured(results, "inventory"))
        out.append("")
        out.extend(summary["inventory"]["markdown"])
        out.append("")
    if "upload" in summary:
        u = summary["upload"]
        out.append(
            "### 5. Large uploads (%s MiB file, our segment size %s MiB)"
            % (u["file"]["size_mib"], u["file"]["our_segment_size_mib"])
            + measured(results, "upload")
        )
        out.append("")
        out.append(
            "Targets: object throughput at least 70% of `curl -T`, peak RSS under 100 MiB; image peak RSS under "
            "100 MiB, file read once."
        )
        out.append("")
        out.append(
            "| what | side | task wall s | MiB/s (task) | MiB/s (module process) | peak RSS MiB "
            "| bytes read by the module MiB | requests |"
        )
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in u["rows"]:
            for side in ("curl -T", "ours", "baseline"):
                if side in r:
                    x = r[side]
                    out.append(
                        "| %s | %s | %.2f | %s | %s | %s | %s | %s |"
                        % (
                            r["what"],
                            side,
                            x["wall_s"],
                            fmt(x["throughput_mib_s"], "%.0f"),
                            fmt(x["module_throughput_mib_s"], "%.0f"),
                            fmt(x["rss_mib"], "%.0f"),
                            fmt(x["read_mib"], "%.0f"),
                            fmt(x["requests"], "%d"),
                        )
                    )
            if "ours_vs_curl" in r:
                out.append("| %s | **ours / curl** | | **%.0f%%** | | | | |" % (r["what"], 100 * r["ours_vs_curl"]))
        out.append("")
    if "import" in summary:
        out.append(
            "### 6. Module import + startup (`python -X importtime` of the kept AnsiballZ payload)"
            + measured(results, "import")
        )
        out.append("")
        out.append(
            "Target: at most 0.3x. Import ms: the sum of every import's own time over the whole payload run "
            "(a no-change task), split into what ansible-core costs any module (interpreter, AnsiballZ loader, "
            "basic.py) and what the module itself imports (its module_utils and libraries, lazily too)."
        )
        out.append("")
        out.append(
            "| payload | import ms ours / baseline | ratio | of which the module's ms ours / baseline | "
            "module ratio | ansible-core ms ours / baseline | modules ours / baseline "
            "| payload wall s ours / baseline |"
        )
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in summary["import"]:
            out.append(
                "| %s | %.0f / %.0f | **%.2f** | %.0f / %.0f | **%.2f** | %.0f / %.0f | %d / %d | %.2f / %.2f |"
                % (
                    r["task"],
                    r["ours_import_ms"],
                    r["baseline_import_ms"],
                    r["ratio"],
                    r["ours_module_ms"],
                    r["baseline_module_ms"],
                    r["module_ratio"],
                    r["ours_core_ms"],
                    r["baseline_core_ms"],
                    r["ours_modules_imported"],
                    r["baseline_modules_imported"],
                    r["ours_wall"],
                    r["baseline_wall"],
                )
            )
        out.append("")
    return out


def environment(h):
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.strip()
        except OSError:
            return "?"

    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024.0**3
    ours_v = version([h.ours.python(), "-c", "import ansible.release as r; print(r.__version__)"])
    base_v = version(
        [
            h.base.python(),
            "-c",
            "import ansible.release as r, openstack.version as o, keystoneauth1 as k, sys; "
            "print(r.__version__, o.__version__, k.__version__, sys.version.split()[0])",
        ]
    ).split()
    ka = version(
        [h.ours.python(), "-c", "import keystoneauth1 as k, sys; print(k.__version__, sys.version.split()[0])"]
    )
    with open(os.path.join(ROOT, "galaxy.yml")) as f:
        ours_coll = re.search(r"^version:\s*(\S+)", f.read(), re.M).group(1)
    git = version(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    return {
        "machine": "%s, %d cores (%s), %.0f GiB RAM, Python %s; load average at start %s; the devcloud and other "
        "developers' jobs share these cores"
        % (
            platform.platform(),
            os.cpu_count(),
            cpu,
            mem,
            platform.python_version(),
            "%.2f %.2f %.2f" % os.getloadavg(),
        ),
        "versions": "ours: polystack.cloud %s (git %s), ansible-core %s, keystoneauth1 %s, Python %s; baseline: "
        "openstack.cloud %s (from the ansible %s wheel), ansible-core %s, openstacksdk %s, keystoneauth1 %s, Python %s"
        % (
            ours_coll,
            git,
            ours_v,
            *(ka.split() + ["?"] * 2)[:2],
            h.args.baseline,
            BASELINES[h.args.baseline][2],
            *(base_v + ["?"] * 4)[:4],
        ),
    }


def write_results_md(lines):
    begin, end = "<!-- bench:begin (written by benchmarks/bench.py) -->", "<!-- bench:end -->"
    text = ""
    if os.path.exists(RESULTS_MD):
        with open(RESULTS_MD) as f:
            text = f.read()
    block = begin + "\n" + "\n".join(lines) + "\n" + end
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = "# Benchmarks: polystack.cloud vs openstack.cloud\n\n" + block + "\n" + text
    with open(RESULTS_MD, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 run, fewer and smaller items (make test runs this)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline", default="2.6.0", choices=sorted(BASELINES), help="openstack.cloud version")
    ap.add_argument("--only", default=",".join(TARGETS), help="comma-separated: " + ",".join(TARGETS))
    ap.add_argument("--json", help="write all runs and the summary here")
    ap.add_argument("--no-results-md", action="store_true", help="do not rewrite benchmarks/RESULTS.md")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--clouds-yaml", default=os.environ.get("OS_CLIENT_CONFIG_FILE"))
    ap.add_argument("--render", action="store_true", help="only rewrite RESULTS.md from benchmarks/results.json")
    args = ap.parse_args()
    if args.render:
        with open(RESULTS_JSON) as f:
            merged = json.load(f)
        merged["summary"] = summarize(merged)
        write_results_md(markdown(merged, merged["summary"]))
        return 0
    if not args.clouds_yaml:
        args.clouds_yaml = subprocess.run(
            [os.path.join(ROOT, "devcloud", "devcloud"), "status", "--clouds-yaml"], capture_output=True, text=True
        ).stdout.strip()
    if not args.clouds_yaml or not os.path.exists(args.clouds_yaml):
        sys.exit("no clouds.yaml: bring the devcloud up (make devcloud-up) or set OS_CLIENT_CONFIG_FILE")
    only = [t for t in args.only.split(",") if t]
    unknown = set(only) - set(TARGETS)
    if unknown:
        sys.exit("unknown target(s) %s; known: %s" % (", ".join(sorted(unknown)), ", ".join(TARGETS)))
    t0 = time.time()

    def stop(signum, frame):  # kill <pid>: clean up (sweep) before leaving
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, stop)
    # one harness at a time on this machine (another clone's `make test` included): each one sweeps bench-*
    os.makedirs(BENCH_DIR, exist_ok=True)
    lock = open(os.path.join(BENCH_DIR, ".lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log("another benchmark run holds %s: waiting for it" % lock.name)
        fcntl.flock(lock, fcntl.LOCK_EX)
    h = Harness(args)
    log("work dir %s; baseline %s; %s mode, %d run(s)" % (h.work, h.base.bin, h.results["mode"], h.runs))
    h.results["env"] = environment(h)
    status = 0
    h.results["errors"] = {}
    try:
        h.sweep()
        for target in TARGETS:
            if target not in only:
                continue
            log("target %s" % target)
            started = time.time()
            try:
                if target == "inventory":
                    import inventory  # noqa: PLC0415 (benchmarks/inventory.py, next to this file)

                    inventory.target_inventory(h)
                else:
                    globals()["target_" + target](h)
            except Exception as e:  # keep what was measured, say what failed, go on with the next target
                log("target %s FAILED: %s: %s" % (target, type(e).__name__, e))
                h.results["errors"][target] = "%s: %s" % (type(e).__name__, str(e)[:2000])
                if target in h.results["targets"]:  # what was measured before the failure is kept, marked
                    h.results["targets"][target]["_error"] = h.results["errors"][target][:300]
                status = 1
            if target in h.results["targets"]:
                h.results["targets"][target]["_measured"] = {
                    "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                    "seconds": round(time.time() - started),
                    "runs": h.runs,
                }
    finally:
        try:
            h.sweep()
        except Exception as e:
            log("cleanup failed: %s" % e)
            status = 1
    h.results["seconds"] = round(time.time() - t0, 1)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(h.results, f, indent=1, default=str)
    merged = h.results
    if not args.quick and not args.no_results_md and h.results["targets"]:
        # a run of some targets replaces theirs in benchmarks/results.json; RESULTS.md shows them all
        try:
            with open(RESULTS_JSON) as f:
                merged = json.load(f)
        except (OSError, ValueError):
            merged = {"targets": {}}
        merged["targets"].update(h.results["targets"])
        for key in ("date", "mode", "runs", "env"):
            merged[key] = h.results[key]
        with open(RESULTS_JSON, "w") as f:
            json.dump(merged, f, indent=1, default=str)
    merged["summary"] = summarize(merged)
    lines = markdown(merged, merged["summary"])
    print("\n".join(lines))
    for target, error in h.results["errors"].items():
        log("target %s failed: %s" % (target, error))
    if not args.quick and not args.no_results_md and h.results["targets"]:
        write_results_md(lines)
        log("wrote %s and %s" % (RESULTS_MD, RESULTS_JSON))
    if not args.keep:
        shutil.rmtree(h.work, ignore_errors=True)
    log("done in %.0fs" % (time.time() - t0))
    return status


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    sys.exit(main())
