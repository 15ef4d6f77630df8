"""Process handling of the devcloud: errors show the end of the log, daemons stop with their children."""

import os
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "devcloud"))
from dc import procs  # noqa: E402


def test_failed_command_names_itself_and_shows_log_tail(tmp_path):
    log = str(tmp_path / "x.log")
    with pytest.raises(procs.DevcloudError) as err:
        procs.run([sys.executable, "-c", "print('line one'); print('the real cause'); raise SystemExit(3)"], log)
    text = str(err.value)
    assert "exited 3" in text and "the real cause" in text and log in text


def test_missing_command_is_a_clear_error(tmp_path):
    with pytest.raises(procs.DevcloudError, match="command not found: /nonexistent/tool"):
        procs.run(["/nonexistent/tool"], str(tmp_path / "x.log"))


def test_start_and_stop_a_daemon_with_its_children(tmp_path):
    pidfile, log = str(tmp_path / "d.pid"), str(tmp_path / "d.log")
    # a parent that forks a child, like nova-conductor's master and worker
    code = "import os, time\nif os.fork() == 0:\n    time.sleep(60)\nelse:\n    time.sleep(60)\n"
    proc = procs.start([sys.executable, "-c", code, "marker-arg"], log, pidfile)
    time.sleep(0.5)
    assert procs.pid_alive(pidfile, "marker-arg") == proc.pid
    assert procs.pid_alive(pidfile, "some-other-service") is None  # a reused pid is not ours
    children = [p for p in os.listdir("/proc") if p.isdigit() and _pgid(int(p)) == proc.pid]
    assert len(children) == 2
    assert procs.stop(pidfile, "marker-arg", grace=5) is True
    assert not os.path.exists(pidfile)
    assert [p for p in os.listdir("/proc") if p.isdigit() and _pgid(int(p)) == proc.pid] == []
    assert procs.stop(pidfile, "marker-arg") is False  # stopping a stopped daemon is fine


def _pgid(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()
        return int(state[2]) if state[0] != "Z" else None
    except OSError:
        return None


def test_computes_up_watch_tells_a_running_process_from_an_exited_one():
    """`devcloud computes N` hands computes-up the pids it started: a nova-compute that exited (a zombie until the
    CLI reaps it, or gone) must fail the wait at once rather than after its timeout."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "devcloud", "inside"))
    import bootstrap

    assert bootstrap._running(os.getpid())
    child = subprocess.Popen(["true"])
    deadline = time.monotonic() + 10
    while bootstrap._running(child.pid) and time.monotonic() < deadline:  # exits at once; a zombie until reaped
        time.sleep(0.05)
    assert not bootstrap._running(child.pid)
    child.wait()
    assert not bootstrap._running(child.pid)  # reaped: gone
