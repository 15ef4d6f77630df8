#!/usr/bin/env python3
"""polystack.cloud side by side with openstack.cloud 2.6.0 (openstacksdk 4.22) on the same devcloud.

    .venv/bin/python benchmarks/bench.py            # everything, medians of 5 runs: RESULTS.md, results.svg
    .venv/bin/python benchmarks/bench.py --quick    # 1 run, fewer and smaller items: proves the harness works
    .venv/bin/python benchmarks/bench.py --only noop,create --runs 7 --json /tmp/out.json
    .venv/bin/python benchmarks/bench.py --only inventory --servers 50,200,1000
    .venv/bin/python benchmarks/bench.py --baseline 2.5.0 ...   # the previous baseline (ansible-core 2.19.14)

Both sides run the same ansible-core (2.21.5; --baseline 2.5.0: 2.19.14) from their own venv (ours: the venv of that
ansible-core, the project venv or tests/matrix's, and a snapshot of this checkout built with ansible-galaxy; the
baseline: benchmarks/baseline-venv.sh), from the same empty working directory, with the same clouds.yaml,
interleaved run by run (the order alternates), so that the load of the shared 2-core machine falls on both alike.
Every Python process of a run loads benchmarks/hook/sitecustomize.py, which logs each HTTP request put on the wire
and each process's peak RSS: the same counting code for both sides, no proxy in the path.

The harness (benchmarks/harness: runner, report, chart) runs the targets of benchmarks/targets, one file each.
Resources are named bench-*; the harness deletes what it created (and bench-* leftovers of an interrupted run) at
the start and at the end.
"""

import argparse
import datetime
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import targets as target_modules  # noqa: E402 (benchmarks/ first on sys.path)
from harness import report  # noqa: E402
from harness.common import BASELINES, BENCH_DIR, ROOT, log  # noqa: E402
from harness.runner import Harness  # noqa: E402


def parse_args(names):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 run, fewer and smaller items (make test runs this)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default=",".join(names), help="comma-separated: " + ",".join(names))
    ap.add_argument("--baseline", default="2.6.0", choices=sorted(BASELINES), help="openstack.cloud version")
    ap.add_argument("--servers", help="inventory levels, comma-separated (default 50,200,1000)")
    ap.add_argument("--json", help="write all runs and the summary here")
    ap.add_argument("--svg", help="write the chart here (default: benchmarks/results.svg; quick: next to --json)")
    ap.add_argument("--no-results-md", action="store_true", help="do not rewrite benchmarks/RESULTS.md")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--worktree", action="store_true", help="ours from the checkout as it is, not the HEAD commit")
    ap.add_argument("--clouds-yaml", default=os.environ.get("OS_CLIENT_CONFIG_FILE"))
    ap.add_argument("--render", action="store_true", help="only rewrite RESULTS.md and the chart from results.json")
    return ap.parse_args()


def render(targets):
    with open(report.RESULTS_JSON) as f:
        merged = json.load(f)
    summary = report.summarize(merged, targets)
    svg = report.write_chart(merged, summary, targets, report.RESULTS_SVG)
    report.write_results_md(report.markdown(merged, summary, targets, svg and os.path.basename(svg)))
    return 0


def lock():
    """One harness at a time on this machine (another clone's `make test` included): each one sweeps bench-*."""
    os.makedirs(BENCH_DIR, exist_ok=True)
    handle = open(os.path.join(BENCH_DIR, ".lock"), "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log("another benchmark run holds %s: waiting for it" % handle.name)
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def stamp(h, name, started):
    """When a target was measured, how long it took, how many runs: RESULTS.md's heading of its section."""
    if name in h.results["targets"]:
        h.results["targets"][name]["_measured"] = {
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "seconds": round(time.time() - started),
            "runs": h.runs,
        }


def checkpointer(h, name, started, keep):
    """What a target calls when a part of it is measured: in a full run, write that part to results.json now, so
    that a long target interrupted later (the inventory's 1,000 servers) keeps its earlier levels."""

    def checkpoint():
        if keep:
            stamp(h, name, started)
            report.merge_results_json(h.results)

    return checkpoint


def run_targets(h, targets, only, keep):
    status = 0
    for name, module in targets.items():
        if name not in only:
            continue
        log("target %s" % name)
        started = time.time()
        h.checkpoint = checkpointer(h, name, started, keep)
        try:
            module.run(h)
        except Exception as e:  # keep what was measured, say what failed, go on with the next target
            log("target %s FAILED: %s: %s" % (name, type(e).__name__, e))
            h.results["errors"][name] = "%s: %s" % (type(e).__name__, str(e)[:2000])
            if name in h.results["targets"]:  # what was measured before the failure is kept, marked
                h.results["targets"][name]["_error"] = h.results["errors"][name][:300]
            status = 1
        stamp(h, name, started)
    return status


def main():
    targets = target_modules.discover()
    args = parse_args(list(targets))
    if args.render:
        return render(targets)
    if not args.clouds_yaml:
        args.clouds_yaml = subprocess.run(
            [os.path.join(ROOT, "devcloud", "devcloud"), "status", "--clouds-yaml"], capture_output=True, text=True
        ).stdout.strip()
    if not args.clouds_yaml or not os.path.exists(args.clouds_yaml):
        sys.exit("no clouds.yaml: bring the devcloud up (make devcloud-up) or set OS_CLIENT_CONFIG_FILE")
    only = [t for t in args.only.split(",") if t]
    unknown = set(only) - set(targets)
    if unknown:
        sys.exit("unknown target(s) %s; known: %s" % (", ".join(sorted(unknown)), ", ".join(targets)))
    t0 = time.time()

    def stop(signum, frame):  # kill <pid>: clean up (sweep, quotas) before leaving
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, stop)
    held = lock()
    h = Harness(args)
    log("work dir %s; baseline %s; %s mode, %d run(s)" % (h.work, h.base.bin, h.results["mode"], h.runs))
    h.results["env"] = report.environment(h)
    h.results["errors"] = {}
    status = 0
    try:
        h.sweep()
        status = run_targets(h, targets, only, keep=not args.quick and not args.no_results_md)
    finally:
        try:
            h.sweep()
        except Exception as e:
            log("cleanup failed: %s" % e)
            status = 1
    h.results["seconds"] = round(time.time() - t0, 1)
    full = not args.quick and not args.no_results_md and h.results["targets"]
    merged = report.merge_results_json(h.results) if full else h.results
    summary = report.summarize(merged, targets)
    h.results["summary"] = summary
    # the chart: next to RESULTS.md for a full run; else next to --json (the quick test reads it there)
    out_dir = os.path.dirname(os.path.abspath(args.json)) if args.json else os.path.join(BENCH_DIR, "last-run")
    svg = args.svg or (report.RESULTS_SVG if full else os.path.join(out_dir, "results.svg"))
    svg = report.write_chart(merged, summary, targets, svg)
    h.results["svg"] = svg
    if svg:
        log("wrote %s" % svg)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(h.results, f, indent=1, default=str)
    lines = report.markdown(merged, summary, targets, svg and os.path.basename(svg))
    print("\n".join(lines))
    for name, error in h.results["errors"].items():
        log("target %s failed: %s" % (name, error))
    if full:
        report.write_results_md(lines)
        log("wrote %s and %s" % (report.RESULTS_MD, report.RESULTS_JSON))
    if not args.keep:
        shutil.rmtree(h.work, ignore_errors=True)
    log("done in %.0fs" % (time.time() - t0))
    held.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
