"""_ledger: what earlier tasks of one check run predicted. The devcloud test runs it under ansible-playbook
(tests/integration/test_network_modules.py); here, the run key and the file without one."""

import os

from ansible_collections.polystack.cloud.plugins.module_utils import _ledger


class Where:
    name, region_name = "c", "RegionOne"


def test_no_ansible_playbook_above_no_run_and_no_ledger(monkeypatch, tmp_path):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path))
    assert _ledger.run_key() is None  # pytest runs under no ansible-playbook
    monkeypatch.setitem(_ledger._state, "on", True)
    _ledger.record(Where, "network", "n", "p")
    assert not _ledger.planned(Where, "network", "n", "p")
    assert not (tmp_path / "check-runs").exists()


def test_a_run_sees_its_own_predictions_only(monkeypatch, tmp_path):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(_ledger._state, "on", True)
    monkeypatch.setattr(_ledger, "run_key", lambda: "100-1")
    _ledger.record(Where, "network", "n", "p")
    assert _ledger.planned(Where, "network", "n", "p")
    assert not _ledger.planned(Where, "network", "n", "other-project")
    assert not _ledger.planned(Where, "subnet", "n", "p")
    path = tmp_path / "check-runs" / "100-1.jsonl"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setattr(_ledger, "run_key", lambda: "101-1")  # another run
    assert not _ledger.planned(Where, "network", "n", "p")
    monkeypatch.setitem(_ledger._state, "on", False)  # a real run never reads it
    monkeypatch.setattr(_ledger, "run_key", lambda: "100-1")
    assert not _ledger.planned(Where, "network", "n", "p")


def test_old_runs_are_forgotten(monkeypatch, tmp_path):
    old = tmp_path / "old.jsonl"
    old.write_text("[]\n")
    os.utime(old, (1, 1))
    _ledger._forget_old(str(tmp_path))
    assert not old.exists()
