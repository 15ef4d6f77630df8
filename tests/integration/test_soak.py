"""The soak, quick (tests/reliability/soak.py --quick: about 60 s, SOAK_SECONDS to change it): parallel workers
create and delete servers with public addresses, images and objects (plain and in segments) through the
modules on every user cloud and region; no operation fails, no cycle leaves anything behind, and the clouds
then hold what they held before (resources of the run counted; `make soak` runs 10 minutes with 20 workers and
compares the full counts of every project)."""

import json
import os
import subprocess
import sys

from conftest import ROOT
from reliability.runner import module_env


def test_quick_soak(clouds_yaml, tmp_path):
    out = str(tmp_path / "soak.json")
    env = module_env(clouds_yaml)
    env.setdefault("SOAK_COMPARE", "prefix")  # other tests' resources may come and go meanwhile
    proc = subprocess.run(
        [sys.executable, os.path.join(ROOT, "tests", "reliability", "soak.py"), "--quick", "--json", out],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert os.path.exists(out), proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(out) as f:
        report = json.load(f)
    print(proc.stdout.splitlines()[-1])
    assert report["operations"] >= 12, report
    assert report["failures"] == 0, json.dumps(report["causes"], indent=1)
    assert report["left_behind"] == [], report["left_behind"]
    assert report["leaked"] == {}, json.dumps(report["leaked"], indent=1)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    # every kind of operation ran
    assert {"server create", "server delete", "image create", "image delete", "container delete"} <= set(
        report["per_operation"]
    )
