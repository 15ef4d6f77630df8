"""The two sides and the runner: one timed command per side, what the hook logged, interleaving, cleanup.

Every Python process of a run loads benchmarks/hook/sitecustomize.py (PYTHONPATH): it logs each HTTP request
put on the wire and each process's peak RSS; Run reads that log back.
"""

import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from harness.common import (
    BASELINES,
    HERE,
    HOOK,
    MATRIX_CACHE,
    OUR_BIN,
    PREFIX,
    REGIONS,
    ROOT,
    USER_CLOUDS,
    MiB,
    core_version,
    log,
    name_request,
)

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


class Run:
    """One timed command and what the hook logged during it."""

    def __init__(self, wall, proc, hook_log):
        self.wall = wall
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.requests = []
        self.procs = []
        lines = []
        if hook_log:  # None: a run without the hook (nothing to count)
            try:
                with open(hook_log) as f:
                    lines = f.read().splitlines()
            except OSError:
                pass
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
        # a collection both sides see, for modules a target writes itself (polystack_bench.floor: see noop)
        self.bench_collections = os.path.join(self.work, "bench-collections")
        sys.path.insert(0, self.ours.collections)
        from ansible_collections.polystack.cloud.plugins.module_utils import _cloud

        self._connect = _cloud.connect
        self._clouds = {}
        # what a target calls when a part of it is measured (bench.py sets it per target: see checkpointer)
        self.checkpoint = lambda: None

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
        """The committed HEAD (--worktree: the checkout as it is), built and installed like `make collection` does,
        private to the run: the figures belong to the commit RESULTS.md names, not to whatever others are editing
        in this shared tree, and no `make collection` elsewhere can change it mid-run."""
        dest = os.path.join(self.work, "collections")
        build = os.path.join(self.work, "build")
        galaxy = os.path.join(OUR_BIN, "ansible-galaxy")
        source = ROOT
        if not getattr(self.args, "worktree", False):
            source = os.path.join(self.work, "head")
            os.makedirs(source)
            archive = subprocess.run(["git", "-C", ROOT, "archive", "HEAD"], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", source], input=archive, check=True, capture_output=True)
        subprocess.run(
            [galaxy, "collection", "build", "--force", "--output-path", build, source], check=True, capture_output=True
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
            ANSIBLE_COLLECTIONS_PATH=side.collections + os.pathsep + self.bench_collections,
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
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(argv, cwd=self.work, env=env, capture_output=True, text=True, timeout=timeout)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = Run(wall, proc, hook_log)
        # client CPU: user + system seconds of the command and every process it waited for (workers, forks)
        run.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return run

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
