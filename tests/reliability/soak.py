"""The soak: parallel workers create and delete servers with public addresses (floating IPs where the cloud needs
them), images and objects (plain and segmented) through the collection's modules, on every user cloud and
region of the devcloud, for a while; then every resource of the run is checked gone and the clouds are counted
again: they must hold exactly what they held before.

    python tests/reliability/soak.py                      # 20 workers, 10 minutes, full counts per project
    python tests/reliability/soak.py --quick              # 60 s (SOAK_SECONDS), 6 workers
    python tests/reliability/soak.py --compare prefix     # count only resources named rel-soak-* (while others
                                                          # work on the same clouds)

Each operation is one module run (ansible ad hoc, its own process, like a fork of a playbook run); a worker
repeats server, object and image cycles on its cloud-region until the time is up.  The report (stdout, and
--json) gives operations, failures with their causes, and the counts before and after.  Exit status 0 only if
nothing leaked.
"""

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "output", "src"))

from reliability.runner import ROOT, run_module  # noqa: E402

CLOUDS = ("devcloud-fip", "devcloud-direct", "devcloud-appcred")
REGIONS = ("RegionOne", "RegionTwo")
PREFIX = "rel-soak-"


class Soak:
    def __init__(self, clouds_yaml, seconds, workers, compare, workdir):
        self.clouds_yaml = clouds_yaml
        self.seconds = seconds
        self.workers = workers
        self.compare = compare
        self.workdir = workdir
        self.run_id = uuid.uuid4().hex[:6]
        self.prefix = PREFIX + self.run_id
        self.lock = threading.Lock()
        self.ops = collections.Counter()
        self.failures = collections.Counter()
        self.causes = collections.Counter()
        self.durations = collections.defaultdict(list)
        self.made = []  # (cloud, region, kind, name) of everything a worker asked for
        self.small = self._file("small.raw", 4096)
        self.large = self._file("segmented.bin", 96 * 1024)

    def _file(self, name, size):
        path = os.path.join(self.workdir, name)
        with open(path, "wb") as f:
            f.write(os.urandom(size))
        return path

    # -- one operation ---------------------------------------------------------------------------------------

    def op(self, label, module, args):
        t = time.time()
        result = run_module("polystack.cloud." + module, args, self.clouds_yaml, cache_dir=self.cache)
        with self.lock:
            self.ops[label] += 1
            self.durations[label].append(time.time() - t)
            if not result.ok:
                self.failures[label] += 1
                self.causes[cause(result)] += 1
        return result.ok

    def server_cycle(self, cloud, region, name):
        with self.lock:
            self.made.append((cloud, region, "server", name))
        base = dict(cloud=cloud, region_name=region, name=name, timeout=600)
        self.op(
            "server create",
            "os_server",
            dict(base, image="devcloud-tiny", flavor_ram=256, auto_ip=True, metadata={"soak": self.run_id}),
        )
        self.op("server delete", "os_server", dict(base, state="absent", delete_ips=True))

    def object_cycle(self, cloud, region, name):
        with self.lock:
            self.made.append((cloud, region, "container", name))
        base = dict(cloud=cloud, region_name=region, container=name)
        self.op("object create", "os_object", dict(base, name="small", data="soak %s\n" % name))
        self.op(
            "object create (segmented)", "os_object", dict(base, name="big", filename=self.large, segment_size=32768)
        )
        self.op("container delete", "os_object", dict(base, state="absent", delete_with_all_objects=True))

    def image_cycle(self, cloud, region, name):
        with self.lock:
            self.made.append((cloud, region, "image", name))
        base = dict(cloud=cloud, region_name=region, name=name)
        self.op("image create", "os_image", dict(base, filename=self.small, disk_format="raw", visibility="private"))
        self.op("image delete", "os_image", dict(base, state="absent"))

    def worker(self, index, deadline):
        cloud = CLOUDS[index % len(CLOUDS)]
        region = REGIONS[(index // len(CLOUDS)) % len(REGIONS)]
        cycles = [self.server_cycle, self.object_cycle, self.image_cycle]
        n = index  # workers start on different cycles
        time.sleep(random.uniform(0, min(5, self.seconds / 10.0)))
        while time.time() < deadline:
            name = "%s-w%d-%d" % (self.prefix, index, n)
            cycles[n % len(cycles)](cloud, region, name)
            n += 1

    # -- the run ---------------------------------------------------------------------------------------------

    def run(self):
        self.cache = os.path.join(self.workdir, "cache")
        print("soak %s: %d workers, %ds, clouds %s x %s" % (self.prefix, self.workers, self.seconds, CLOUDS, REGIONS))
        before = counts(self.clouds_yaml, self.compare, self.prefix)
        started = time.time()
        deadline = started + self.seconds
        threads = [threading.Thread(target=self.worker, args=(i, deadline)) for i in range(self.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - started
        # what the cycles left behind (deleted now, so that the counts tell whether anything else leaked)
        swept = sweep(self.clouds_yaml, self.prefix)
        after = counts(self.clouds_yaml, self.compare, self.prefix)
        leaks = diff(before, after)
        report = {
            "run": self.prefix,
            "workers": self.workers,
            "seconds": round(elapsed),
            "operations": sum(self.ops.values()),
            "failures": sum(self.failures.values()),
            "per_operation": dict(
                (k, {"ops": v, "failed": self.failures[k], "mean_s": round(sum(self.durations[k]) / v, 1)})
                for k, v in sorted(self.ops.items())
            ),
            "causes": dict(self.causes.most_common()),
            "left_behind": swept,
            "compare": self.compare,
            "before": before,
            "after": after,
            "leaked": leaks,
        }
        return report


def cause(result):
    """A failure's cause, without its ids (so that causes add up)."""
    msg = result.msg or result.out[-300:]
    msg = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|req-[0-9a-f-]+", "*", msg)
    msg = re.sub(r"rel-soak-[\w-]+", "rel-soak-*", msg)
    msg = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:*", msg)
    return msg[:240]


def connect(clouds_yaml, cloud, region):
    from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config

    return _cloud.connect(cloud=cloud, region_name=region, config=_config.CloudConfig(config_file=clouds_yaml, env={}))


def counts(clouds_yaml, compare, prefix):
    """{cloud/region: {servers, ports, floating_ips, images, containers, objects}} for the project (compare=full),
    or of the resources named with the prefix (compare=prefix)."""
    out = {}
    for cloud in CLOUDS:
        for region in REGIONS:
            c = connect(clouds_yaml, cloud, region)

            def mine(name):
                return compare == "full" or (name or "").startswith(prefix)

            servers = [s for s in c.list_servers() if mine(s.name)]
            server_ids = set(s.id for s in servers)
            ports = [p for p in c.list_ports() if compare == "full" or p.get("device_id") in server_ids]
            fips = [f for f in c.list_floating_ips() if compare == "full" or prefix in (f.get("description") or "")]
            project = c.current_project_id
            images = [i for i in c.list_images({"owner": project}) if mine(i.name)]
            entry = {
                "servers": len(servers),
                "ports": len(ports),
                "floating_ips": len(fips),
                "images": len(images),
            }
            if compare == "prefix":
                entry["floating_ips"] = sum(len(c.list_floating_ips({"port_id": p.id})) for p in ports)
            if region == REGIONS[0]:  # one swift (one account per project) serves both regions
                containers = [x for x in c.list_containers() if mine(x["name"])]
                entry["containers"] = len(containers)
                entry["objects"] = sum(int(x.get("count", 0)) for x in containers)
            out["%s/%s" % (cloud, region)] = entry
    return out


def diff(before, after):
    return dict(
        (where, dict((k, after[where][k] - v) for k, v in counts.items() if after[where][k] != v))
        for where, counts in before.items()
        if any(after[where][k] != v for k, v in counts.items())
    )


def sweep(clouds_yaml, prefix):
    """Delete whatever of the run is still there (servers with their floating IPs, images, containers)."""
    from ansible_collections.polystack.cloud.plugins.module_utils import _object_store

    left = []
    for cloud in CLOUDS:
        for region in REGIONS:
            c = connect(clouds_yaml, cloud, region)
            for s in c.list_servers():
                if s.name.startswith(prefix):
                    left.append("%s/%s server %s (%s)" % (cloud, region, s.name, s.status))
                    c.delete_server(s.id, wait=True, delete_ips=True, timeout=600)
            for i in c.list_images({"owner": c.current_project_id}):
                if (i.name or "").startswith(prefix):
                    left.append("%s/%s image %s (%s)" % (cloud, region, i.name, i.status))
                    c.delete_image(i.id)
            if region == REGIONS[0]:
                for x in c.list_containers():
                    if x["name"].startswith(prefix):
                        left.append("%s container %s (%s objects)" % (cloud, x["name"], x.get("count")))
                        _object_store.delete_container(c, x["name"], with_objects=True)
    return left


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    ap.add_argument("--quick", action="store_true", help="60 s (or SOAK_SECONDS), 6 workers")
    ap.add_argument("--seconds", type=int, help="how long (default SOAK_SECONDS or 600)")
    ap.add_argument("--workers", type=int, help="parallel workers (default 20; 6 with --quick)")
    ap.add_argument("--compare", choices=["full", "prefix"], default=os.environ.get("SOAK_COMPARE", "full"))
    ap.add_argument("--json", help="write the report here too")
    args = ap.parse_args(argv)
    seconds = args.seconds or int(os.environ.get("SOAK_SECONDS") or (60 if args.quick else 600))
    workers = args.workers or int(os.environ.get("SOAK_WORKERS") or (6 if args.quick else 20))
    clouds_yaml = os.environ.get("OS_CLIENT_CONFIG_FILE") or (
        subprocess.run(
            [os.path.join(ROOT, "devcloud", "devcloud"), "status", "--clouds-yaml"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    )
    workdir = tempfile.mkdtemp(prefix="rel-soak-")
    report = Soak(clouds_yaml, seconds, workers, args.compare, workdir).run()
    text = json.dumps(report, indent=1)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text)
    ok = not report["leaked"] and not report["left_behind"]
    print(
        "soak: %d operations in %ds by %d workers, %d failed; left behind: %d; leaked: %s"
        % (
            report["operations"],
            report["seconds"],
            workers,
            report["failures"],
            len(report["left_behind"]),
            report["leaked"] or "nothing",
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
