"""Progress for async_status (module_utils/_progress.py); the callback that prints it: tests/unit/plugins/callback.

The job file is found from the parent's command line, as ansible-core's async_wrapper lays it out (2.19/2.20 and
2.21/2.22 differ after the time limit); a real parent process named async_wrapper.py is started here so that /proc
is read for real. The devcloud test (tests/integration/test_long_tasks.py) runs the real async_wrapper."""

import json
import os
import subprocess
import sys
import threading

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _compute, _image, _progress, _volume
from ansible_collections.polystack.cloud.plugins.module_utils import _object_store as swift
from ansible_collections.polystack.cloud.plugins.module_utils._errors import WaitTimeout
from ansible_collections.polystack.cloud.tests.unit.plugins.module_utils.fake_transport import (
    FakeTransport,
    swift_store,
)

MiB = 1024 * 1024


class Clock:
    def __init__(self, now=100.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def fake():
    transport = FakeTransport()
    yield transport
    transport.close()


def job(async_dir, jid, **extra):
    path = async_dir / jid
    path.write_text(json.dumps(dict({"started": True, "finished": False, "ansible_job_id": jid}, **extra)))
    return path


def fake_proc(tmp_path, pid, argv):
    proc = tmp_path / "proc"
    (proc / str(pid)).mkdir(parents=True)
    (proc / str(pid) / "cmdline").write_bytes(b"\0".join(a.encode() for a in argv) + b"\0")
    return str(proc)


# the wrapper's command line in ansible-core 2.21/2.22 and in 2.19/2.20 (plugins/action/__init__.py)
TMP = "/h/.ansible/tmp/t-1/"
ARGV_221 = ["/usr/bin/python3", TMP + "async_wrapper.py", "j123456", "600", "false", TMP + "AnsiballZ_os_object.py",
            "/usr/bin/python3", TMP + "AnsiballZ_os_object.py"]  # fmt: skip
ARGV_219 = ["/usr/bin/python3", TMP + "async_wrapper.py", "j123456", "600", TMP + "AnsiballZ_os_object.py", "_"]


@pytest.mark.parametrize("argv", [ARGV_221, ARGV_219], ids=["2.21", "2.19"])
def test_the_job_file_is_found_from_the_wrappers_command_line(tmp_path, argv):
    async_dir = tmp_path / "async"
    async_dir.mkdir()
    path = job(async_dir, "j123456.4242")
    job(async_dir, "j999.4242")  # another job: not ours
    proc = fake_proc(tmp_path, 77, argv)
    assert _progress.find_job_file({"ANSIBLE_ASYNC_DIR": str(async_dir)}, 77, proc) == str(path)


def test_the_async_dir_is_expanded_as_the_wrapper_does(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".ansible_async").mkdir()
    path = job(tmp_path / ".ansible_async", "j123456.1")
    proc = fake_proc(tmp_path, 77, ARGV_221)
    assert _progress.find_job_file({"ANSIBLE_ASYNC_DIR": "~/.ansible_async"}, 77, proc) == str(path)
    assert _progress.find_job_file({}, 77, proc) == str(path)  # the wrapper's default


@pytest.mark.parametrize(
    "case",
    ["not-a-wrapper", "parent-gone", "two-candidates", "finished", "other-jid", "no-dir", "unreadable-parent"],
)
def test_nothing_is_found_unless_certain(tmp_path, case):
    async_dir = tmp_path / "async"
    async_dir.mkdir()
    argv, ppid = ARGV_221, 77
    if case == "not-a-wrapper":
        argv = ["/usr/bin/python3", "/usr/bin/ansible-playbook", "j123456", "site.yml"]
    job(async_dir, "j123456.1", **({"finished": True} if case == "finished" else {}))
    if case == "two-candidates":
        job(async_dir, "j123456.2")
    if case == "other-jid":
        job(async_dir, "j123456.1", ansible_job_id="j123456.9")
    proc = fake_proc(tmp_path, 77, argv)
    if case == "parent-gone":
        ppid = 1
    if case == "unreadable-parent":
        ppid = 78  # no such process in this /proc
    environ = {"ANSIBLE_ASYNC_DIR": str(tmp_path / "missing" if case == "no-dir" else async_dir)}
    assert _progress.find_job_file(environ, ppid, proc) is None


CHILD = (
    "from ansible_collections.polystack.cloud.plugins.module_utils import _progress\nprint(_progress.find_job_file())"
)
# what async_wrapper does before it starts the module: the job file "started", then the module as its child
WRAPPER = (
    """
import json, os, subprocess, sys
jid = "%%s.%%d" %% (sys.argv[1], os.getpid())
path = os.path.join(os.environ["ANSIBLE_ASYNC_DIR"], jid)
with open(path, "w") as f:
    json.dump({"started": True, "finished": False, "ansible_job_id": jid}, f)
out = subprocess.run([sys.executable, "-c", %r], stdout=subprocess.PIPE, check=True).stdout.decode().strip()
print(json.dumps({"jid": jid, "found": out}))
"""
    % CHILD
)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the parent's command line from /proc")
def test_a_real_child_of_a_process_named_async_wrapper_finds_its_job(tmp_path):
    wrapper = tmp_path / "tmpdir" / "async_wrapper.py"
    wrapper.parent.mkdir()
    wrapper.write_text(WRAPPER)
    env = dict(os.environ, ANSIBLE_ASYNC_DIR=str(tmp_path), PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.run(
        [sys.executable, str(wrapper), "j4711", "600", "false", "x"], stdout=subprocess.PIPE, env=env, check=True
    )
    got = json.loads(proc.stdout)
    assert got["found"] == str(tmp_path / got["jid"])
    # the same module started by something else (this test's process) finds nothing
    out = subprocess.run([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, env=env, check=True).stdout
    assert out.decode().strip() == "None"


def reporter_on(path, clock=None):
    looked = []

    def find():
        looked.append(1)
        return str(path) if path else None

    return _progress.Reporter(find=find, clock=clock or Clock()), looked


def test_progress_is_written_atomically_into_the_job_file_and_throttled(tmp_path):
    path = job(tmp_path, "j1.2")
    clock = Clock()
    rep, looked = reporter_on(path, clock)
    assert rep.report({"done": 1}) is True
    doc = json.loads(path.read_text())
    assert doc == {"started": True, "finished": False, "ansible_job_id": "j1.2", "progress": {"done": 1}}
    clock.now += 0.5
    assert rep.report({"done": 2}) is False and not rep.due()  # within a second: not written
    assert rep.report({"done": 3}, force=True) is True  # the first and last figures of a phase are
    clock.now += 1.0
    assert rep.due() and rep.report({"done": 4}) is True
    assert json.loads(path.read_text())["progress"] == {"done": 4}
    assert rep.writes == 3 and len(looked) == 1  # looked for once
    assert sorted(os.listdir(tmp_path)) == ["j1.2"]  # no temporary file left


def test_a_finished_job_is_never_written_again(tmp_path):
    path = job(tmp_path, "j1.2")
    clock = Clock()
    rep, _looked = reporter_on(path, clock)
    assert rep.report({"done": 1})
    result = {"changed": True, "object": {"name": "o"}}  # the wrapper writes the module's result when it is done
    path.write_text(json.dumps(result))
    clock.now += 5
    assert rep.report({"done": 2}, force=True) is False
    assert json.loads(path.read_text()) == result
    assert not rep.due() and rep.report({"done": 3}, force=True) is False


def test_without_a_job_file_nothing_is_written_and_it_is_looked_for_once():
    rep, looked = reporter_on(None)
    assert rep.report({"done": 1}, force=True) is False
    assert rep.report({"done": 2}, force=True) is False
    assert not rep.due() and len(looked) == 1 and rep.writes == 0


class Recorder:
    """A Reporter that keeps what it would write."""

    def __init__(self):
        self.seen = []
        self._last = None

    def due(self):
        return True

    def report(self, progress, force=False):
        self.seen.append(dict(progress))
        return True


def test_a_transfer_counts_what_is_sent_once_and_its_throughput():
    clock, rec = Clock(), Recorder()
    t = _progress.Transfer("c/o", reporter=rec, clock=clock)
    t.start(10 * MiB)
    t.add(4 * MiB)
    clock.now += 1
    t.add(-4 * MiB)  # rewound to be sent again
    t.add(10 * MiB)
    clock.now += 1
    t.finish()
    assert t.stats() == {"bytes": 10 * MiB, "seconds": 2.0, "bytes_per_second": 5 * MiB}
    last = rec.seen[-1]
    assert last["label"] == "c/o" and last["phase"] == "upload" and last["unit"] == "bytes"
    assert (last["done"], last["total"], last["percent"], last["per_second"]) == (10 * MiB, 10 * MiB, 100.0, 5 * MiB)
    assert [p["done"] for p in rec.seen] == [0, 4 * MiB, 0, 10 * MiB, 10 * MiB]


def test_parallel_segments_add_up():
    t = _progress.Transfer("c/o", reporter=Recorder())
    t.start(8 * 1000 * 4096)

    def send():
        for _block in range(1000):
            t.add(4096)

    threads = [threading.Thread(target=send) for _thread in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    t.finish()
    assert t.stats()["bytes"] == 8 * 1000 * 4096


def test_a_file_slice_rewound_for_a_retry_counts_its_bytes_once(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * (3 * MiB))
    t = _progress.Transfer("c/o", reporter=Recorder())
    t.start(2 * MiB)
    piece = swift.FileSlice(str(path), MiB, 2 * MiB, transfer=t)
    try:
        piece.read(MiB)
        piece.seek(0)
        while piece.read(64 * 1024):
            pass
    finally:
        piece.close()
    assert t.done == 2 * MiB


def test_an_image_stream_rewound_counts_once_and_hashing_reports_its_own_phase(tmp_path):
    path = tmp_path / "img"
    path.write_bytes(b"y" * (2 * MiB + 5))
    t = _progress.Transfer("img", reporter=Recorder())
    reader = _image.HashingReader(str(path), ["md5"], transfer=t)
    try:
        reader.read(MiB)
        reader.seek(0)
        while reader.read(MiB):
            pass
    finally:
        reader.close()
    assert t.done == 2 * MiB + 5


def test_upload_stats_are_the_bytes_this_run_sent(fake, tmp_path, monkeypatch):
    swift_store(fake)
    rec = Recorder()
    monkeypatch.setattr(_progress, "REPORTER", rec)
    path = tmp_path / "blob"
    path.write_bytes(b"".join(bytes([i]) * MiB for i in range(5)) + b"tail")
    cloud = fake.cloud()
    desired, _current = swift.object_state(cloud, "c", "o", filename=str(path), segment_size=2 * MiB)
    t = _progress.Transfer("c/o")
    assert swift.upload(cloud, "c", "o", desired, filename=str(path), transfer=t) == 3
    assert t.stats()["bytes"] == 5 * MiB + 4 and t.stats()["seconds"] >= 0
    uploads = [p for p in rec.seen if p["phase"] == "upload"]
    assert uploads[0]["done"] == 0 and uploads[-1]["done"] == uploads[-1]["total"] == 5 * MiB + 4

    # plain object from data
    desired, _current = swift.object_state(cloud, "c", "small", data="hello")
    t = _progress.Transfer("c/small")
    swift.upload(cloud, "c", "small", desired, transfer=t)
    assert t.stats()["bytes"] == 5


def test_hashing_a_file_first_is_progress_too(tmp_path, monkeypatch):
    rec = Recorder()
    monkeypatch.setattr(_progress, "REPORTER", rec)
    path = tmp_path / "blob"
    path.write_bytes(b"z" * (3 * MiB))
    swift.segment_plan(str(path), MiB, label="c/o")
    _image.hash_file(str(path), ["md5"], label="img")
    seen = {(p["label"], p["phase"], p["done"]) for p in rec.seen}
    assert ("c/o", "hash", 3 * MiB) in seen and ("img", "hash", 3 * MiB) in seen


def test_a_server_wait_reports_its_status_and_the_seconds_waited(fake, monkeypatch):
    rec = Recorder()
    monkeypatch.setattr(_progress, "REPORTER", rec)
    monkeypatch.setattr(_compute.time, "sleep", lambda s: None)
    answers = [(200, {"server": {"id": "s1", "name": "web-1", "status": s}}) for s in ("BUILD", "BUILD", "ACTIVE")]
    fake.on("GET", r"^/servers/s1$", *answers)
    server = _compute.wait_for_server(fake.cloud(), "s1", 60)
    assert server["status"] == "ACTIVE"
    assert [p["status"] for p in rec.seen] == ["BUILD", "BUILD", "ACTIVE"]
    assert all(p["label"] == "web-1" and p["phase"] == "wait" and p["unit"] == "seconds" for p in rec.seen)
    assert all(p["total"] == 60 and p["want"] == "ACTIVE" and p["done"] >= 0 for p in rec.seen)


def test_a_wait_pauses_in_proportion_to_the_time_waited():
    """first, then a tenth of the time waited, never above cap; at_most wins when smaller."""
    now = [100.0]
    slept = []
    pacer = _progress.Pacer(first=0.3, share=0.1, cap=2.0, clock=lambda: now[0], sleep=slept.append)
    for waited in (0.0, 1.0, 5.0, 11.0, 30.0):
        now[0] = 100.0 + waited
        pacer.pause()
    assert slept == [0.3, 0.3, 0.5, pytest.approx(1.1), 2.0]
    pacer.pause(at_most=0.2)
    assert slept[-1] == 0.2


def test_a_wait_with_a_timeout_never_pauses_past_it():
    """The last pause ends at the timeout (the poll after it is the last), not up to `cap` past it."""
    now = [100.0]
    slept = []
    pacer = _progress.Pacer(first=0.3, share=0.1, cap=2.0, clock=lambda: now[0], sleep=slept.append, timeout=12.0)
    for waited in (0.0, 11.0, 11.9, 12.0, 13.0):
        now[0] = 100.0 + waited
        pacer.pause()
    assert slept == [0.3, pytest.approx(1.0), pytest.approx(0.1), 0.0, 0.0]


def test_a_volume_wait_ends_at_its_timeout(monkeypatch):
    """_volume's waits give the Pacer their timeout: a volume stuck creating fails after polls that end at it."""
    made = []
    real = _progress.Pacer

    def pacer(**kwargs):
        made.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(_progress, "Pacer", pacer)
    monkeypatch.setattr(_volume, "POLL", 0.01)
    fake = FakeTransport()
    try:
        fake.on("GET", r"^/v3/?$", (200, {"version": {"id": "v3.0", "version": "3.70", "min_version": "3.0"}}))
        vid = "5f0c1b1e-8d4e-4c39-9a7b-2f8a1f6c0e01"
        fake.on("GET", r"^/v3/volumes/%s$" % vid, (200, {"volume": {"id": vid, "name": "data", "status": "creating"}}))
        with pytest.raises(WaitTimeout, match="still creating after 0s"):
            _volume.wait_for(fake.cloud(), vid, "available", 0.05)
    finally:
        fake.close()
    assert made == [{"first": 0.01, "timeout": 0.05}]
