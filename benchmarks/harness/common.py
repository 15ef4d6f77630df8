"""What every part of the harness shares: paths, the devcloud's layout, logging, medians, request names."""

import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # benchmarks/
ROOT = os.path.dirname(HERE)
HOOK = os.path.join(HERE, "hook")
BENCH_DIR = os.environ.get("POLYSTACK_BENCH_DIR") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "polystack", "bench"
)
OUR_BIN = os.path.dirname(os.path.abspath(sys.executable))
MATRIX_CACHE = os.environ.get("POLYSTACK_MATRIX_CACHE") or os.path.expanduser("~/.cache/polystack/matrix")
# the baselines benchmarks/baseline-venv.sh makes: openstack.cloud version -> (ansible-core, its Python, ansible pkg)
BASELINES = {"2.6.0": ("2.21.5", "3.13", "14.5.0"), "2.5.0": ("2.19.14", "3.11", "12.3.0")}
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
ENGINE = "ours, engine only"  # uploads: our engine through the Python API in the harness's process, no ansible task


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


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


def fmt(v, spec="%.2f"):
    return "-" if v is None else spec % v


def engine_bound(rows, raw_of):
    """The uploads' bound, from the largest size measured with our engine alone: (row, the raw side's wall, the
    engine's wall, ansible's part of our task: its wall minus the module's own run), or None."""
    big = [r for r in rows if ENGINE in r and raw_of(r) in r and r["ours"].get("module_s")]
    if not big:
        return None
    r = big[-1]
    return r, r[raw_of(r)]["wall_s"], r[ENGINE]["wall_s"], r["ours"]["wall_s"] - r["ours"]["module_s"]
