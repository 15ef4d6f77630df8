"""What a run writes: the environment line, results.json (merged by target), RESULTS.md's block, the chart."""

import json
import os
import platform
import re
import subprocess

from harness import chart
from harness.common import BASELINES, HERE, ROOT

RESULTS_MD = os.path.join(HERE, "RESULTS.md")
RESULTS_JSON = os.path.join(HERE, "results.json")
RESULTS_SVG = os.path.join(HERE, "results.svg")
BEGIN, END = "<!-- bench:begin (written by benchmarks/bench.py) -->", "<!-- bench:end -->"


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
    if getattr(h.args, "worktree", False):
        git += " + uncommitted changes"
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


def measured(results, target):
    m = results["targets"].get(target, {}).get("_measured")
    return " (measured %s, %d runs, %ds)" % (m["date"], m["runs"], m["seconds"]) if m else ""


def summarize(results, targets):
    """{target: its summary} for every target with results."""
    return dict(
        (name, module.summarize(results["targets"][name]))
        for name, module in targets.items()
        if name in results["targets"]
    )


def markdown(results, summary, targets, svg_name=None):
    o = results["env"]
    out = [
        "Last run %s (%s mode, medians of %d runs) on %s."
        % (results["date"], results["mode"], results["runs"], o["machine"]),
        "Versions: %s." % o["versions"],
        "",
    ]
    if svg_name:
        out += ["![how each side's cost grows with the servers and the size](%s)" % svg_name, ""]
    for name, module in targets.items():
        if summary.get(name):
            out.extend(module.markdown(summary[name], measured(results, name)))
    return out


def write_chart(results, summary, targets, path):
    panels = [
        module.series(summary[name])
        for name, module in targets.items()
        if summary.get(name) and hasattr(module, "series")
    ]
    subtitle = "%s (%s mode, medians of %d runs). %s" % (
        results["date"],
        results["mode"],
        results["runs"],
        results["env"]["versions"],
    )
    return chart.write_svg(panels, path, _wrap(subtitle, 170))


def _wrap(text, width):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = (line + " " + word).strip()
    return "\n".join(lines + [line])


def merge_results_json(results):
    """A run of some targets replaces theirs in benchmarks/results.json; returns the merged results."""
    try:
        with open(RESULTS_JSON) as f:
            merged = json.load(f)
    except (OSError, ValueError):
        merged = {"targets": {}}
    merged["targets"].update(results["targets"])
    for key in ("date", "mode", "runs", "env"):
        merged[key] = results[key]
    with open(RESULTS_JSON, "w") as f:
        json.dump(merged, f, indent=1, default=str)
    return merged


def write_results_md(lines):
    text = ""
    if os.path.exists(RESULTS_MD):
        with open(RESULTS_MD) as f:
            text = f.read()
    block = BEGIN + "\n" + "\n".join(lines) + "\n" + END
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = "# Benchmarks: polystack.cloud vs openstack.cloud\n\n" + block + "\n" + text
    with open(RESULTS_MD, "w") as f:
        f.write(text)
