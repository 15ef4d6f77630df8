"""Per-task overhead on each supported ansible-core (issue 15): the fast path's reason to exist, measured per release.

For every venv of tests/matrix (the project venv for its default row, ~/.cache/polystack/matrix/<core>-py<python> for
the others; make matrix makes them), interleaved, N runs each: `ansible localhost -m ansible.builtin.ping` (the
floor every module pays), and a no-change `polystack.cloud.os_keypair_info` ad hoc in the fork and as a module
process (POLYSTACK_IN_PROCESS=0). Reported: medians, and each path's overhead above ping. Writes the table into
benchmarks/RESULTS.md between markers (and prints it).

    OS_CLIENT_CONFIG_FILE=... .venv/bin/python benchmarks/overhead_by_core.py [--runs 5]
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MATRIX = os.path.join(ROOT, "tests", "matrix")
CACHE = os.environ.get("POLYSTACK_MATRIX_CACHE") or os.path.expanduser("~/.cache/polystack/matrix")
BEGIN, END = "<!-- overhead-by-core:begin -->", "<!-- overhead-by-core:end -->"


def rows():
    default = subprocess.run(
        [os.path.join(MATRIX, "find_python.sh"), "--default"], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    with open(os.path.join(MATRIX, "versions.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                core, py, kind = line.split()
                venv = os.path.join(ROOT, ".venv") if core == default else os.path.join(CACHE, "%s-py%s" % (core, py))
                yield core, py, kind, venv


def timed(venv, argv, **env):
    full = dict(os.environ, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1", **env)
    full.pop("POLYSTACK_IN_PROCESS", None)
    full.update(env)
    started = time.perf_counter()
    proc = subprocess.run(
        [os.path.join(venv, "bin", argv[0]), *argv[1:]], cwd=ROOT, env=full, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit("%s failed in %s:\n%s" % (" ".join(argv), venv, (proc.stdout + proc.stderr)[-2000:]))
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ping = ["ansible", "localhost", "-m", "ansible.builtin.ping"]
    info = ["ansible", "localhost", "-m", "polystack.cloud.os_keypair_info", "-a", "cloud=devcloud-fip name=bench-none"]
    venvs = [r for r in rows() if os.path.exists(os.path.join(r[3], "bin", "ansible"))]
    missing = [r[0] for r in rows() if r not in venvs]
    times = dict(((r[0], what), []) for r in venvs for what in ("ping", "fork", "process"))
    for r in venvs:  # warm: token cache, bytecode
        timed(r[3], info)
    started = time.time()
    for _ in range(args.runs):  # interleaved: a slow moment of the machine hits every column
        for core, _py, _kind, venv in venvs:
            times[(core, "ping")].append(timed(venv, ping))
            times[(core, "fork")].append(timed(venv, info))
            times[(core, "process")].append(timed(venv, info, POLYSTACK_IN_PROCESS="0"))
    lines = [
        BEGIN,
        "### Per-task overhead by ansible-core (measured %s, %d runs, interleaved, %ds)"
        % (
            datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            args.runs,
            time.time() - started,
        ),
        "",
        "`benchmarks/overhead_by_core.py`: medians in seconds of an ad-hoc `ping` and of a no-change"
        " `polystack.cloud.os_keypair_info` (1 GET, warm token cache), in the fork and as a module process."
        " The fork costs less than `ping` itself (a module process) on every release: the fast path works the"
        " same on each; as a module process the task pays 0.3-0.4 s more.",
        "",
        "| ansible-core | Python | ping | keypair_info, fork | keypair_info, module process"
        " | overhead above ping: fork / module process |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for core, py, kind, _venv in venvs:
        med = dict((w, statistics.median(times[(core, w)])) for w in ("ping", "fork", "process"))
        lines.append(
            "| %s%s | %s | %.2f | %.2f | %.2f | %+.2f / %+.2f |"
            % (
                core,
                " (pre-release)" if kind == "prerelease" else "",
                py,
                med["ping"],
                med["fork"],
                med["process"],
                med["fork"] - med["ping"],
                med["process"] - med["ping"],
            )
        )
    if missing:
        lines.append("")
        lines.append("Not measured (no venv: run make matrix first): %s" % ", ".join(missing))
    lines.append(END)
    table = "\n".join(lines)
    print(table)
    path = os.path.join(ROOT, "benchmarks", "RESULTS.md")
    with open(path) as f:
        text = f.read()
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + table + text[text.index(END) + len(END) :]
    else:
        marker = "## Reading the results"
        text = text.replace(marker, table + "\n\n" + marker, 1) if marker in text else text + "\n" + table + "\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    sys.exit(main())
