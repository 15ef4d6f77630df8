"""Target 5: object uploads of growing size (ours in segments) against `curl -T` to the same swift.

Each size is one file of random bytes; per run, curl's single PUT first, then both sides interleaved (ours with
a segment size, the baseline as it defaults), then our engine alone: the same upload through the Python API
(`create_object`, in the harness's own process: no ansible task around it), which bounds what the task can reach.
The largest size is the issue's 1 GiB; the smaller ones show how each side's cost grows with the size
(benchmarks/results.svg). Images: targets/image.py.
"""

import os
import subprocess
import time

from harness.common import ENGINE, MiB, engine_bound, fmt, log, median

NAME = "upload"
ORDER = 50
SIZES_MIB = (64, 256, 1024)
QUICK_SIZES_MIB = (4, 16)
SEGMENT_MIB = 128
QUICK_SEGMENT_MIB = 4
FIP = {"cloud": "devcloud-fip", "region_name": "RegionOne"}


def curl_put(h, c, swift_url, path, size_mib, i):
    """The same bytes in one PUT to the same swift (its token from our session, in a 0600 file)."""
    headers = os.path.join(h.work, "curl-headers")
    fd = os.open(headers, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("X-Auth-Token: %s\n" % c.session.authenticate())
    url = "%s/bench-big/curl-%d" % (swift_url, i)
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["curl", "-sS", "-f", "-o", "/dev/null", "-T", path, "-H", "@" + headers, url], capture_output=True, text=True
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError("curl -T failed: %s" % proc.stderr[-500:])
    c.request("object-store", "DELETE", "/bench-big/curl-%d" % i, ok=(404,))
    return {"wall": round(wall, 4), "throughput_mib_s": round(size_mib / wall, 1)}


def engine_upload(c, path, size_mib, segment, i):
    """Our engine without ansible: the Python API's create_object of the same file, segment size and threads
    (the collection's UPLOAD_THREADS) as the task; what is left between this and the task is ansible's."""
    name = "engine-%d" % i
    t0 = time.perf_counter()
    c.create_object("bench-big", name, filename=path, segment_size=segment)
    wall = time.perf_counter() - t0
    c.delete_object("bench-big", name)
    return {"wall": round(wall, 4), "throughput_mib_s": round(size_mib / wall, 1)}


def upload_object(h, side, path, size_mib, segment, i):
    name = "%s-%d" % (side.name, i)
    args = dict(FIP, container="bench-big", name=name, filename=path)
    if side is h.ours:
        args["segment_size"] = segment
    run = h.adhoc(side, "os_object", args, expect_changed=True)
    mod = run.module_procs()
    h.record(
        NAME,
        "object %d MiB" % size_mib,
        side,
        run,
        size_mib=size_mib,
        throughput_mib_s=round(size_mib / run.wall, 1),
        module_throughput_mib_s=round(size_mib / mod[0]["elapsed"], 1) if mod else None,
        module_read_mib=round(mod[0]["rchar"] / MiB, 1) if mod else None,
    )
    h.adhoc(h.ours, "os_object", dict(FIP, container="bench-big", name=name, state="absent"))


def run(h):
    sizes = QUICK_SIZES_MIB if h.quick else SIZES_MIB
    segment = (QUICK_SEGMENT_MIB if h.quick else SEGMENT_MIB) * MiB
    c = h.cloud("devcloud-fip")
    c.session.authenticate()
    swift_url = c.session.endpoint("object-store").rstrip("/")
    c.request("object-store", "PUT", "/bench-big", ok=(201, 202))
    results = h.results["targets"].setdefault(NAME, {})
    results["file"] = {"sizes_mib": list(sizes), "our_segment_size_mib": segment // MiB}
    for size_mib in sizes:
        path = h.data_file("bench-big.bin", size_mib * MiB)
        for i in range(h.runs):
            curl = curl_put(h, c, swift_url, path, size_mib, i)
            results.setdefault("object %d MiB" % size_mib, {}).setdefault("curl -T", []).append(curl)
            for side in h.order(i):
                upload_object(h, side, path, size_mib, segment, i)
            engine = engine_upload(c, path, size_mib, segment, i)
            results["object %d MiB" % size_mib].setdefault(ENGINE, []).append(engine)
        log("upload: %d MiB, %d run(s) done" % (size_mib, h.runs))


def summarize(t):
    rows = []
    for label, sides in t.items():
        if not label.startswith("object "):
            continue
        row = {"what": label, "size_mib": int(label.split()[1])}
        for side, runs in sides.items():
            row[side] = {
                "wall_s": median(r["wall"] for r in runs),
                "throughput_mib_s": median(r["throughput_mib_s"] for r in runs),
                "module_throughput_mib_s": median(r.get("module_throughput_mib_s") for r in runs),
                "rss_mib": median(r.get("module_rss_mib") for r in runs),
                "read_mib": median(r.get("module_read_mib") for r in runs),
                "requests": median(r.get("requests") for r in runs),
                "module_s": median(r.get("module_elapsed") for r in runs),
            }
        if "curl -T" in sides:
            row["ours_vs_curl"] = row["ours"]["throughput_mib_s"] / row["curl -T"]["throughput_mib_s"]
            if ENGINE in sides:
                row["engine_vs_curl"] = row[ENGINE]["throughput_mib_s"] / row["curl -T"]["throughput_mib_s"]
        rows.append(row)
    rows.sort(key=lambda r: r["size_mib"])
    return {"file": t.get("file"), "rows": rows}


def series(s):
    """Object upload throughput against the size, per side and for curl -T."""
    objects = [r for r in s["rows"] if r["what"].startswith("object")]
    lines = {}
    for side in ("ours", "baseline", "curl -T"):
        points = [(r["size_mib"], r[side]["throughput_mib_s"]) for r in objects if side in r]
        if points:
            lines[side] = points
    return {
        "key": "upload",
        "title": "object upload (ad hoc task) vs size",
        "xlabel": "object size (MiB)",
        "ylabel": "throughput, MiB/s (higher is better)",
        "xlog": True,
        "lines": lines,
    }


def markdown(u, measured):
    f = u.get("file") or {}
    out = [
        "### 5. Object uploads by size (%s MiB files, our segment size %s MiB)"
        % (", ".join(str(x) for x in f.get("sizes_mib") or []), f.get("our_segment_size_mib"))
        + measured,
        "",
        "Target: 1 GiB object throughput at least 90% of `curl -T` to the same swift, peak RSS under 100 MiB.",
        "",
        "| what | side | task wall s | MiB/s (task) | MiB/s (module process) | peak RSS MiB "
        "| bytes read by the module MiB | requests |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in u["rows"]:
        for side in ("curl -T", "ours", "baseline", ENGINE):
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
        if "engine_vs_curl" in r:
            out.append("| %s | engine only / curl | | %.0f%% | | | | |" % (r["what"], 100 * r["engine_vs_curl"]))
    out.extend(bound(u["rows"]))
    out.append("")
    return out


def bound(rows):
    """What the largest size's task could reach: its engine's own upload plus ansible's start of a task (the
    task's wall minus the module's own run), against curl."""
    found = engine_bound(rows, lambda r: "curl -T")
    if found is None:
        return []
    r, curl, engine, start = found
    size = r["size_mib"]
    return [
        "",
        "What bounds the task at %d MiB: our engine alone (the same upload through the Python API, no ansible task) "
        "took %.2f s, **%.0f%%** of curl's %.2f s; ansible's part of the task (its wall minus the module's own run) "
        "was %.2f s, so the engine's upload inside an ad-hoc task could reach at best %.0f%% of curl here."
        % (size, engine, 100 * curl / engine, curl, start, 100 * curl / (engine + start)),
    ]
