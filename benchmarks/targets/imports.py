"""Target 7: module import + startup: `python -X importtime` of the kept AnsiballZ payload of a no-change task."""

import os
import re
import subprocess
import time

from harness.common import median
from harness.fixtures import noop_tasks

NAME = "import"
ORDER = 60


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


def run(h):
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
                entry = h.results["targets"].setdefault(NAME, {}).setdefault(label, {}).setdefault(side.name, [])
                entry.append(importtime(side.python(), payloads[(label, side.name)], env))
    h.results["targets"][NAME]["payloads"] = dict(("%s/%s" % k, os.path.basename(v)) for k, v in payloads.items())


def summarize(t):
    rows = []
    for label, sides in t.items():
        if label in ("payloads", "_measured", "_error"):
            continue
        row = {"task": label}
        for key in ("import_ms", "core_ms", "module_ms", "modules_imported", "wall"):
            row["ours_" + key] = median(r[key] for r in sides["ours"])
            row["baseline_" + key] = median(r[key] for r in sides["baseline"])
        row["ratio"] = row["ours_import_ms"] / row["baseline_import_ms"]
        row["module_ratio"] = row["ours_module_ms"] / row["baseline_module_ms"]
        rows.append(row)
    return rows


def markdown(rows, measured):
    out = []
    out.append("### 7. Module import + startup (`python -X importtime` of the kept AnsiballZ payload)" + measured)
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
    for r in rows:
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
