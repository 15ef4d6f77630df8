"""The benchmark harness (benchmarks/bench.py) runs end to end in quick mode against the devcloud.

This proves the harness works, both sides included (the baseline venv is created from PyPI when missing):
every target of benchmarks/targets produced real measurements — wall times, HTTP requests counted on the wire,
peak RSS of the module processes, inventories that found every server booted on the 6 cloud-regions with the
client CPU measured, uploads of two sizes, imports counted — and the chart (results.svg) was drawn with both
sides' series.  It asserts no timing threshold: speed is reported by `make bench` in benchmarks/RESULTS.md,
never tested.
"""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIDES = ("ours", "baseline")

pytestmark = pytest.mark.devcloud


@pytest.fixture(scope="module")
def quick(clouds_yaml, tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml)
    proc = subprocess.run(
        [sys.executable, os.path.join(ROOT, "benchmarks", "bench.py"), "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert out.exists(), proc.stdout[-4000:] + proc.stderr[-4000:]
    with open(out) as f:
        results = json.load(f)
    results["_output"] = proc.stdout[-6000:] + proc.stderr[-3000:]
    results["_rc"] = proc.returncode
    return results


def section(results, target):
    """The target's RESULTS.md section, rendered from the run's summary by the target's own module."""
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    try:
        module = __import__("targets." + target, fromlist=["markdown"])
    finally:
        sys.path.pop(0)
    return "\n".join(module.markdown(results["summary"][target], ""))


def runs(results, target, scenario):
    sides = results["targets"][target][scenario]
    for side in SIDES:
        assert sides.get(side), "%s/%s: no run of %s" % (target, scenario, side)
    return sides


def test_every_target_ran(quick):
    assert quick["_rc"] == 0, quick["_output"]
    assert quick["errors"] == {}, quick["errors"]
    assert quick["mode"] == "quick" and quick["runs"] == 1
    # one file per target under benchmarks/targets: every one the harness finds ran and recorded its runs
    targets_dir = os.path.join(ROOT, "benchmarks", "targets")
    files = [n for n in os.listdir(targets_dir) if n.endswith(".py") and not n.startswith("_")]
    found = subprocess.run(
        [sys.executable, "-c", "import targets; print(' '.join(targets.discover()))"],
        cwd=os.path.join(ROOT, "benchmarks"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert len(found) == len(files), (found, files)
    assert set(quick["targets"]) == set(found), quick["_output"]
    assert {"noop", "create", "loop", "inventory", "upload", "image", "import"} <= set(found)


def test_noop_tasks_counted_requests_and_memory(quick):
    for side in SIDES:
        floor = runs(quick, "noop", "ping (floor)")[side][0]
        assert floor["wall"] > 0 and floor["requests"] == 0  # ping talks to no cloud: the hook counted nothing
    for scenario in ("keypair present", "object present"):
        sides = runs(quick, "noop", scenario)
        for side in SIDES:
            run = sides[side][0]
            assert run["wall"] > 0
            assert run["requests"] >= 1 and len(run["request_names"]) == run["requests"]
            assert 5 < run["module_rss_mib"] < 2048  # a real module process was measured
            assert "unexpected" not in run, run  # no change was reported on either side
        # our keypair lookup is one named compute request with the warm token cache
    names = runs(quick, "noop", "keypair present")["ours"][0]["request_names"]
    assert all(":8774 " in n for n in names), names


def test_create_measured_both_sides(quick):
    sides = runs(quick, "create", "keypair")
    for side in SIDES:
        run = sides[side][0]
        assert run["wall"] > 0 and run["requests"] >= 1 and "unexpected" not in run


def test_loop_ran_every_module_without_change(quick):
    (scenario,) = [k for k in quick["targets"]["loop"] if not k.startswith("_")]
    sides = runs(quick, "loop", scenario)
    tasks, regions = [int(x) for x in scenario.replace(" tasks x", "").split()[:2]]
    for side in SIDES:
        run = sides[side][0]
        assert run["module_runs"] == tasks * regions, run
        assert run["changed"] == 0, run
        assert run["requests"] >= tasks * regions


def test_inventory_found_every_server(quick):
    inv = quick["targets"]["inventory"]
    sides = runs(quick, "inventory", "6 servers")  # one per cloud-region
    for side in SIDES:
        run = sides[side][0]
        assert run["bench_hosts"] == 6 and run["hosts"] >= 6
        assert run["requests"] >= 6  # at least one request per source (3 clouds x 2 regions)
        assert run["rss_mib"] > 5
        assert run["cpu_s"] > 0  # the client's CPU was measured
    assert inv["boot"]["6 servers"]["booted"] == 6 and inv["boot"]["delete all"]["seconds"] >= 0
    # 6 servers need no more fake hypervisors than the devcloud's one per region (`devcloud computes` not run)
    assert inv["boot"]["6 servers"]["computes_per_region"] == 1
    row = quick["summary"]["inventory"]["rows"][0]
    assert row["servers"] == 6 and row["ours"]["cpu_ms_per_server"] > 0 and row["baseline"]["cpu_ms_per_server"] > 0
    # the bounds: the cloud's slowest answer against the baseline, and that plus ansible-inventory's own cost for
    # the same hosts (an inventory script printing what ours listed, checked by the harness to list all 6)
    assert sides["script floor"][0]["wall"] > 0 and sides["script floor"][0]["cpu_s"] > 0
    assert 0 < row["cloud_ratio"] < row["floor_ratio"] < 10
    assert sides["nova list"][0]["wall"] > 0  # nova's answer alone (it raises unless it listed every server)
    assert 0 < row["nova_floor_ratio"] < 10


def test_upload_measured_against_curl(quick):
    up = quick["targets"]["upload"]
    sizes = up["file"]["sizes_mib"]
    assert len(sizes) >= 2  # the chart's curve needs more than one size
    for size in sizes:
        curl = up["object %d MiB" % size]["curl -T"][0]
        assert curl["wall"] > 0 and curl["throughput_mib_s"] > 0
        sides = runs(quick, "upload", "object %d MiB" % size)
        for side in SIDES:
            run = sides[side][0]
            assert run["module_rss_mib"] > 5
            # the module process read the file at least once (rchar from /proc/self/io)
            assert run["module_read_mib"] >= size
        engine = up["object %d MiB" % size]["ours, engine only"][0]  # the Python API alone: the task's bound
        assert engine["wall"] > 0 and engine["throughput_mib_s"] > 0
    assert "What bounds the task at %d MiB: our engine alone" % sizes[-1] in section(quick, "upload")


def test_image_measured_against_a_raw_put(quick):
    """Both ways to glance (a PUT of the file and the import glance-direct), each against the same steps done raw
    with curl, both sides and our engine alone, and the bound of each written from them."""
    img = quick["targets"]["image"]
    sizes = img["file"]["sizes_mib"]
    for way, raw_name in (("image", "raw PUT"), ("import", "raw import")):
        for size in sizes:
            raw = img["%s %d MiB" % (way, size)][raw_name][0]
            assert 0 < raw["put_s"] <= raw["wall"] and raw["throughput_mib_s"] > 0
            sides = runs(quick, "image", "%s %d MiB" % (way, size))
            for side in SIDES:
                run = sides[side][0]
                assert run["requests"] >= 3 and run["module_rss_mib"] > 5
                assert run["module_read_mib"] >= size
                assert "unexpected" not in run, run  # each side reported the image as created
            if way == "import":  # the import is a stage then an import call, on the wire, on both sides
                for side in SIDES:
                    names = sides[side][0]["request_names"]
                    assert any(n.endswith("/stage") for n in names) and any(n.endswith("/import") for n in names), (
                        side,
                        names,
                    )
            engine = img["%s %d MiB" % (way, size)]["ours, engine only"][0]
            assert engine["wall"] > 0 and engine["throughput_mib_s"] > 0
        assert "What bounds the %s task at %d MiB: our engine alone" % (way, sizes[-1]) in section(quick, "image")


def test_chart_has_both_sides(quick):
    """results.svg is a real SVG drawn by matplotlib, with the inventory and upload panels and both sides."""
    path = quick["svg"]
    assert path and os.path.exists(path), quick["_output"]
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = open(path).read()
    assert "Matplotlib" in text  # drawn by the plotting library, not by hand
    for label in ("polystack.cloud (ours)", "openstack.cloud (baseline)", "curl -T"):
        assert label in text, label
    assert "inventory (6 cloud-regions) vs servers" in text and "object upload (ad hoc task) vs size" in text
    # the lines themselves, one SVG group per series with a path through its points (one per size / level)
    groups = dict((el.get("id"), el) for el in root.iter("{http://www.w3.org/2000/svg}g") if el.get("id"))
    sizes = len(quick["targets"]["upload"]["file"]["sizes_mib"])
    for gid, points in (
        ("series-inventory-ours", 1),
        ("series-inventory-baseline", 1),
        ("series-upload-ours", sizes),
        ("series-upload-baseline", sizes),
        ("series-upload-curl", sizes),
        ("series-image-ours", sizes),
        ("series-image-baseline", sizes),
        ("series-image-raw", sizes),
    ):
        assert gid in groups, (gid, sorted(groups))
        paths = [p.get("d") for p in groups[gid].iter("{http://www.w3.org/2000/svg}path")]
        assert paths and paths[0].count("L") >= points - 1, (gid, paths)


def test_import_time_parsed(quick):
    sides = runs(quick, "import", "keypair present")
    for side in SIDES:
        run = sides[side][0]
        assert run["modules_imported"] > 50
        assert run["import_ms"] > 0 and run["core_ms"] > 0 and run["module_ms"] > 0
        assert abs(run["core_ms"] + run["module_ms"] - run["import_ms"]) <= 0.02 * run["import_ms"] + 1
