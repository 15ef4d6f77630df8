"""The fault sweep: every request of a module step, each fault kind, one at a time, against the devcloud.

For each scenario (tests/reliability/scenarios.py) the step runs once through the proxy without faults (the
baseline: its requests, its result, what the cloud holds after it); then, for every distinct request of the
baseline and every fault kind, the step runs again from the same starting point with that one fault injected.
A trial is

    survived   the task succeeded with the baseline's `changed` and the cloud holds what the baseline left
    failed     the task failed with a clear message (cloud and service named, request id when the API
               answered, no traceback), and a re-run without faults leaves what the baseline left
    BAD        anything else: a duplicate, a leak, a wrong `changed`, a traceback or an unclear message

    python tests/reliability/sweep.py [--scenario keypair-create ...] [--kinds 503,reset-after] [--json out]

Needs the devcloud (OS_CLIENT_CONFIG_FILE or devcloud/devcloud status --clouds-yaml) and the collection
installed (make collection).  Resources are named rel-sw-*.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # tests/ (for reliability.*)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "output", "src"))  # the checkout as ansible_collections

from reliability.faultproxy import FaultProxy, Rule  # noqa: E402
from reliability.runner import ROOT, run_module  # noqa: E402

KINDS = {
    "503": dict(action="status", status=503, retry_after=1),
    "502": dict(action="status", status=502),
    "429": dict(action="status", status=429, retry_after=1),
    "reset-before": dict(action="reset", when="before"),
    "reset-after": dict(action="reset", when="after"),
    "truncate": dict(action="truncate", keep=0.5),
    "expire": dict(action="expire"),
    "latency": dict(action="latency", delay=2.0),
}
_ID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|rel-[\w-]+|AUTH_[0-9a-f]+")


def shape(event):
    """A request without its ids and query: what makes two requests of a step the same kind of request."""
    return "%s %s %s" % (event["service"], event["method"], _ID.sub("*", event["path"].split("?")[0]))


class Bench:
    """A proxy, the clouds.yaml through it, and runners with a fresh token cache per task."""

    def __init__(self, clouds_yaml, workdir=None):
        self.direct = clouds_yaml
        self.workdir = workdir or tempfile.mkdtemp(prefix="rel-faults-")
        self.proxy = FaultProxy.for_clouds_yaml(clouds_yaml).start()
        self.faulty = self.proxy.write_clouds_yaml(clouds_yaml, os.path.join(self.workdir, "clouds-faulty.yaml"))
        self.runs = 0

    def close(self):
        self.proxy.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def cache(self):
        self.runs += 1
        return tempfile.mkdtemp(prefix="cache-%d-" % self.runs, dir=self.workdir)

    def run_direct(self, module, args):
        return run_module(module, args, self.direct, cache_dir=self.cache())

    def run_faulty(self, module, args, rules=()):
        self.proxy.clear()
        self.proxy.add(*rules) if rules else None
        result = run_module(module, args, self.faulty, cache_dir=self.cache())
        return result, list(self.proxy.events), self.proxy.injected()

    def state(self, scenario):
        from reliability.scenarios import connect

        return scenario.state(connect(self.direct, cache_dir=os.path.join(self.workdir, "verify-cache")))


def message_problems(result, injected, events, cloud):
    """What is wrong with a failed task's message (empty: it is clear)."""
    problems = []
    msg = result.msg
    if "Traceback" in result.out or "Traceback" in msg:
        problems.append("traceback")
    if cloud not in msg:
        problems.append("cloud not named")
    services = set(e["service"] for e in events if e["faults"])
    if services and not any(s in msg for s in services):
        problems.append("service not named (%s)" % ", ".join(sorted(services)))
    ids = [e.get("request_id") for e in events if e.get("request_id")]
    if ids and not any(i in msg for i in ids) and "connection" not in msg and "connect" not in msg:
        problems.append("request id not named")
    return problems


def trial(bench, scenario, rules, baseline):
    """One run of the scenario's step with the rules; its verdict and details."""
    scenario.prepare(bench.run_direct)
    try:
        result, events, injected = bench.run_faulty(scenario.module, scenario.args(), rules)
        state = bench.state(scenario)
        verdict, why = "survived", []
        if not result.ok:
            verdict = "failed"
            why = message_problems(result, injected, events, "devcloud-fip")
            rerun = bench.run_direct(scenario.module, scenario.args())
            after = bench.state(scenario)
            if not rerun.ok:
                why.append("the re-run failed: %s" % rerun.msg[:300])
            if after != baseline["state"]:
                why.append("after a re-run the cloud holds %s, not %s" % (after, baseline["state"]))
        else:
            if result.data.get("changed") != baseline["changed"]:
                why.append("changed=%s (baseline %s)" % (result.data.get("changed"), baseline["changed"]))
            if state != baseline["state"]:
                why.append("the cloud holds %s, not %s" % (state, baseline["state"]))
            if "Traceback" in result.out:
                why.append("traceback")
        if why:
            verdict = "BAD"
        return dict(
            verdict=verdict,
            why=why,
            msg=result.msg[:500] if not result.ok else "",
            injected=[i[0] for i in injected],
            requests=len(events),
        )
    finally:
        scenario.cleanup(bench.run_direct)


def baseline_of(bench, scenario):
    scenario.prepare(bench.run_direct)
    try:
        result, events, _unused = bench.run_faulty(scenario.module, scenario.args())
        if not result.ok:
            raise RuntimeError("%s fails without faults: %s" % (scenario.label(), result.msg or result.out[-2000:]))
        return dict(changed=result.data.get("changed"), state=bench.state(scenario), events=events)
    finally:
        scenario.cleanup(bench.run_direct)


def sweep(bench, name, kinds, report, only=None, save=None):
    from reliability.scenarios import SCENARIOS

    cls = SCENARIOS[name]
    tag = uuid.uuid4().hex[:6]
    base = baseline_of(bench, cls("rel-sw-%s-b" % tag))
    seen = {}
    for index, event in enumerate(base["events"]):
        seen.setdefault(shape(event), index)
    print("%s: %d requests, %d kinds of request" % (name, len(base["events"]), len(seen)), flush=True)
    for req, index in sorted(seen.items(), key=lambda x: x[1]):
        if only and not re.search(only, req):
            continue
        for kind in kinds:
            t = time.time()
            got = trial(bench, cls("rel-sw-%s-%d" % (tag, len(report))), [Rule(skip=index, **KINDS[kind])], base)
            got.update(scenario=name, request=req, index=index, kind=kind, seconds=round(time.time() - t, 1))
            report.append(got)
            if save:  # after every trial: a long sweep that is stopped still tells what it found
                save(report)
            print(
                "  %-8s %-13s #%-3d %-60s %s%s"
                % (
                    got["verdict"],
                    kind,
                    index,
                    req[:60],
                    "; ".join(got["why"]),
                    (" | " + got["msg"][:160]) if got["verdict"] != "survived" else "",
                ),
                flush=True,
            )


def main(argv=None):
    from reliability.scenarios import SCENARIOS

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    ap.add_argument("--scenario", action="append", choices=sorted(SCENARIOS), help="default: all")
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: %s" % ", ".join(KINDS))
    ap.add_argument("--only", help="a regex: only the requests whose shape matches ('compute POST')")
    ap.add_argument("--json", help="write the trials here")
    args = ap.parse_args(argv)
    clouds_yaml = (
        os.environ.get("OS_CLIENT_CONFIG_FILE")
        or subprocess.run(
            [os.path.join(ROOT, "devcloud", "devcloud"), "status", "--clouds-yaml"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    )
    bench = Bench(clouds_yaml)
    report = []

    def save(trials):
        if args.json:
            with open(args.json, "w") as f:
                json.dump(trials, f, indent=1)

    try:
        for name in args.scenario or sorted(SCENARIOS):
            sweep(bench, name, args.kinds.split(","), report, args.only, save)
    finally:
        bench.close()
        save(report)
    counts = {}
    for r in report:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    print("trials %d: %s" % (len(report), ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    return 1 if counts.get("BAD") else 0


if __name__ == "__main__":
    sys.exit(main())
