"""Target 6: image upload by size against a raw PUT to the same glance, and the same through glance's import.

The raw side is what any client must do at least: create the image record (one POST), send the file with curl
and wait until glance says active (polled every 0.2 s), timed from the POST. Two ways, as the issue asks for
"image upload and import": a PUT of the file to `/v2/images/{id}/file`, and the interoperable import
glance-direct (the file PUT to `/v2/images/{id}/stage`, then `POST /v2/images/{id}/import`; glance then copies it
from its staging area into the store itself). Both collections run `os_image` / `openstack.cloud.image` with
`wait: true` ad hoc, interleaved, on the same file (`use_import: true` for the import: the same option on both
sides); then our engine alone, the same upload through the Python API (`create_image`, in the harness's own
process: no ansible task around it), which bounds what the task can reach.
"""

import os
import subprocess
import time

from harness.common import ENGINE, MiB, engine_bound, fmt, log, median

NAME = "image"
ORDER = 55
SIZES_MIB = (64, 256, 1024)
QUICK_SIZES_MIB = (4, 16)
FIP = {"cloud": "devcloud-fip", "region_name": "RegionOne"}
# the two ways a file reaches glance: (label prefix, the raw side's name, its curl path, our upload_method)
WAYS = {
    "image": ("raw PUT", "file", "put"),
    "import": ("raw import", "stage", "glance-direct"),
}


def label(way, size_mib):
    return "%s %d MiB" % (way, size_mib)


def raw_put(h, c, path, size_mib, i, way="image"):
    """The least any client does: the record, curl -T of the file, (import: the import call), until active."""
    _raw, target, _method = WAYS[way]
    glance = c.session.endpoint("image").rstrip("/")
    headers = os.path.join(h.work, "curl-image-headers")
    fd = os.open(headers, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:  # the token in a 0600 file, not on a command line
        # no "Expect: 100-continue": glance's server does not answer it, and curl would wait 1 s before sending
        f.write("X-Auth-Token: %s\nContent-Type: application/octet-stream\nExpect:\n" % c.session.authenticate())
    t0 = time.perf_counter()
    body = {"name": "bench-raw-img-%d" % i, "disk_format": "raw", "container_format": "bare"}
    image = c.request("image", "POST", "/v2/images", json=body).json()
    try:
        proc = subprocess.run(
            ["curl", "-sS", "-f", "-o", "/dev/null", "-T", path, "-H", "@" + headers]
            + ["%s/v2/images/%s/%s" % (glance, image["id"], target)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError("curl -T to glance's %s failed: %s" % (target, proc.stderr[-500:]))
        put = time.perf_counter() - t0
        if way == "import":
            body = {"method": {"name": "glance-direct"}}
            c.request("image", "POST", "/v2/images/%s/import" % image["id"], json=body)
        while True:
            status = c.request("image", "GET", "/v2/images/%s" % image["id"]).json()["status"]
            if status == "active":
                break
            if status in ("killed", "deleted") or time.perf_counter() - t0 > 600:
                raise RuntimeError("raw %s: image %s after %.0f s" % (way, status, time.perf_counter() - t0))
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        # untimed: glance's import task still holds the image a moment after active, and a delete then fails
        while way == "import" and c.request("image", "GET", "/v2/images/%s" % image["id"]).json().get(
            "os_glance_import_task"
        ):
            if time.perf_counter() - t0 > 600:
                break
            time.sleep(0.2)
    finally:
        c.request("image", "DELETE", "/v2/images/%s" % image["id"], ok=(404,))
    return {"wall": round(wall, 4), "put_s": round(put, 4), "throughput_mib_s": round(size_mib / wall, 1)}


def engine_upload(c, path, size_mib, i, way="image"):
    """Our engine without ansible: the Python API's create_image of the same file the same way, waiting until
    active, as the task does; what is left between this and the task is ansible's."""
    name = "bench-big-img-engine-%d" % i
    t0 = time.perf_counter()
    c.create_image(
        name, filename=path, disk_format="raw", container_format="bare", wait=True, upload_method=WAYS[way][2]
    )
    wall = time.perf_counter() - t0
    c.delete_image(name)
    return {"wall": round(wall, 4), "throughput_mib_s": round(size_mib / wall, 1)}


def upload_image(h, side, path, size_mib, i, way="image"):
    name = "bench-big-img-%s-%d" % (side.name, i)
    args = dict(FIP, name=name, filename=path, disk_format="raw", container_format="bare", wait=True)
    if way == "import":
        args["use_import"] = True
    run = h.adhoc(side, "os_image", args, expect_changed=True)
    mod = run.module_procs()
    h.record(
        NAME,
        label(way, size_mib),
        side,
        run,
        size_mib=size_mib,
        throughput_mib_s=round(size_mib / run.wall, 1),
        module_read_mib=round(mod[0]["rchar"] / MiB, 1) if mod else None,
    )
    h.adhoc(h.ours, "os_image", dict(FIP, name=name, state="absent"))


def run(h):
    sizes = QUICK_SIZES_MIB if h.quick else SIZES_MIB
    c = h.cloud("devcloud-fip")
    results = h.results["targets"].setdefault(NAME, {})
    results["file"] = {"sizes_mib": list(sizes)}
    for size_mib in sizes:
        path = h.data_file("bench-big.bin", size_mib * MiB)
        for way, (raw_name, _target, _method) in WAYS.items():
            for i in range(h.runs):
                raw = raw_put(h, c, path, size_mib, i, way)
                results.setdefault(label(way, size_mib), {}).setdefault(raw_name, []).append(raw)
                for side in h.order(i):
                    upload_image(h, side, path, size_mib, i, way)
                engine = engine_upload(c, path, size_mib, i, way)
                results[label(way, size_mib)].setdefault(ENGINE, []).append(engine)
            log("image: %s %d MiB, %d run(s) done" % (way, size_mib, h.runs))


def summarize(t):
    rows = []
    for what, sides in t.items():
        way = what.split()[0]
        if way not in WAYS or not what.endswith(" MiB"):
            continue
        raw_name = WAYS[way][0]
        row = {"what": what, "way": way, "raw": raw_name, "size_mib": int(what.split()[1])}
        for side, runs in sides.items():
            row[side] = {
                "wall_s": median(r["wall"] for r in runs),
                "throughput_mib_s": median(r["throughput_mib_s"] for r in runs),
                "rss_mib": median(r.get("module_rss_mib") for r in runs),
                "read_mib": median(r.get("module_read_mib") for r in runs),
                "requests": median(r.get("requests") for r in runs),
                "module_s": median(r.get("module_elapsed") for r in runs),
            }
        for side in ("ours", "baseline", ENGINE):
            if raw_name in row and side in row:
                row[side + "_vs_raw"] = row[raw_name]["wall_s"] / row[side]["wall_s"]
        rows.append(row)
    rows.sort(key=lambda r: (list(WAYS).index(r["way"]), r["size_mib"]))
    return {"rows": rows}


def series(s):
    """The PUT's throughput against the size (the import's is in the table)."""
    lines = {}
    for side in ("ours", "baseline", "raw PUT"):
        points = [(r["size_mib"], r[side]["throughput_mib_s"]) for r in s["rows"] if r["way"] == "image" and side in r]
        if points:
            lines[side] = points
    return {
        "key": "image",
        "title": "image upload, wait active (ad hoc task) vs size",
        "xlabel": "image size (MiB)",
        "ylabel": "throughput, MiB/s (higher is better)",
        "xlog": True,
        "lines": lines,
    }


def markdown(s, measured):
    out = [
        "### 6. Image upload and import by size against the same steps done raw (curl) to glance" + measured,
        "",
        "Target: at least 0.9x of the raw side by wall time, timed from the record's POST until glance says active: "
        "`image` rows a PUT of the file (`curl -T` to `/v2/images/{id}/file`), `import` rows glance's interoperable "
        "import glance-direct (`curl -T` to `/v2/images/{id}/stage`, `POST .../import`; `use_import: true` on both "
        "sides); peak RSS under 100 MiB, the file read once.",
        "",
        "| what | side | wall s | MiB/s | raw wall / this wall | peak RSS MiB | bytes read MiB | requests |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in s["rows"]:
        for side in (r["raw"], "ours", "baseline", ENGINE):
            if side in r:
                x = r[side]
                ratio = ""
                if side != r["raw"]:
                    ratio = ("**%s**" if side != ENGINE else "%s") % fmt(r.get(side + "_vs_raw"))
                out.append(
                    "| %s | %s | %.2f | %s | %s | %s | %s | %s |"
                    % (
                        r["what"],
                        "**%s**" % side if side == "ours" else side,
                        x["wall_s"],
                        fmt(x["throughput_mib_s"], "%.0f"),
                        ratio,
                        fmt(x["rss_mib"], "%.0f"),
                        fmt(x["read_mib"], "%.0f"),
                        fmt(x["requests"], "%d"),
                    )
                )
    for way in WAYS:
        out.extend(bound([r for r in s["rows"] if r["way"] == way]))
    out.append("")
    return out


def bound(rows):
    """What the largest size's task could reach: its engine's own upload plus ansible's part of the task (the
    task's wall minus the module's own run), against the raw side."""
    found = engine_bound(rows, lambda r: r["raw"])
    if found is None:
        return []
    r, raw, engine, start = found
    return [
        "",
        "What bounds the %s task at %d MiB: our engine alone (the same upload through the Python API, no ansible "
        "task) took %.2f s, **%.2fx** of the %s's %.2f s; ansible's part of the task (its wall minus the module's "
        "own run) was %.2f s: the %s plus that alone is %.3fx, the engine plus that %.2fx."
        % (
            r["way"],
            r["size_mib"],
            engine,
            raw / engine,
            r["raw"],
            raw,
            start,
            r["raw"],
            raw / (raw + start),
            raw / (engine + start),
        ),
    ]
