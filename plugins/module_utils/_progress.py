# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Progress of long tasks (uploads, waits) for Ansible's ``async``, and the size, duration and throughput of a transfer.

A task with ``async:`` runs its module under ansible-core's ``async_wrapper``, which writes the job file that
``async_status`` reads (``<async_dir>/<jid>``): ``{"started": true, "finished": false, "ansible_job_id": jid}``
while the module runs, the module's result when it is done.  ``async_status`` returns that file's JSON as it is,
so a ``progress`` key written there while the module runs is what ``async_status`` (and the ``poll:`` loop of
ansible-core, and the ``polystack.cloud.progress`` callback) shows.

Which file is ours is known for certain, or nothing is written.  What the module process can know
(``ansible/modules/async_wrapper.py`` and ``plugins/action/__init__.py`` of ansible-core 2.19 to 2.22):

* its parent is the wrapper process that started it and will write its result: ``_run_module`` runs the module
  with ``subprocess.Popen`` after writing the "started" job file;
* that parent's command line is ``<python> <tmp>/async_wrapper.py <jid prefix> <time limit> ...``, the jid
  prefix being ``j`` and random digits; the job id is ``<prefix>.<pid of the first wrapper process>``, a process
  that has exited by then, so the file is found as the one name ``<prefix>.<digits>`` in the async directory;
* the async directory is ``ANSIBLE_ASYNC_DIR`` (the action plugin puts it in the module's environment), ``~``
  expanded as the wrapper expands it, with the wrapper's default.

Only a file that still says ``started`` and not ``finished`` with its own name as ``ansible_job_id`` is
rewritten, atomically (a temporary file beside it, then ``os.replace``: ``async_status`` never reads half a file),
at most about once a second.  The module never writes after it finished: the wrapper writes the result only once
the module process has exited, and every write here happens in that process before it exits.  Nothing is written
when the module does not run under ``async_wrapper`` (a task without ``async``, this collection's in-process
runs, a Python caller of module_utils).  No Ansible import: module_utils engine code.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import threading
import time

INTERVAL = 1.0  # seconds between two writes of the job file (async_status polls every few seconds)
DEFAULT_ASYNC_DIR = "~/.ansible_async"  # async_wrapper's default when ANSIBLE_ASYNC_DIR is not set
_WRAPPER = re.compile(r"(^|[/\\])(AnsiballZ_)?async_wrapper(\.py)?$")
_JID_PREFIX = re.compile(r"^j?[0-9]+$")


def _argv(pid, proc="/proc"):
    """The command line of a process, as a list; None when it cannot be read. From /proc (Linux): elsewhere (macOS,
    BSD) there is no file for it, and running ps is not for module_utils (ansible-test: run_command only, which needs
    the AnsibleModule), so there nothing is found and nothing is written."""
    try:
        with open(os.path.join(proc, str(pid), "cmdline"), "rb") as f:
            raw = f.read()
    except OSError:
        return None
    return [part.decode("utf-8", "surrogateescape") for part in raw.split(b"\0") if part]


def _running_job(path):
    """Whether path is a job file that async_wrapper wrote for a job still running: started, not finished, named
    by its own ansible_job_id (what the wrapper writes before it starts the module, and what is written here)."""
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and bool(data.get("started"))
        and not data.get("finished")
        and data.get("ansible_job_id") == os.path.basename(path)
    )


def find_job_file(environ=None, ppid=None, proc="/proc"):
    """The async job file of this module process, or None when there is none or it cannot be told for certain."""
    environ = os.environ if environ is None else environ
    ppid = os.getppid() if ppid is None else ppid
    if ppid <= 1:  # the parent is gone (reparented to init or a subreaper): no wrapper is waiting for this process
        return None
    argv = _argv(ppid, proc) or []
    prefix = None
    for index, arg in enumerate(argv[:-1]):
        if _WRAPPER.search(arg) and _JID_PREFIX.match(argv[index + 1]):
            prefix = argv[index + 1]
            break
    if prefix is None:
        return None
    job_dir = os.path.expanduser(environ.get("ANSIBLE_ASYNC_DIR") or DEFAULT_ASYNC_DIR)
    try:
        names = os.listdir(job_dir)
    except OSError:
        return None
    found = [n for n in names if n.startswith(prefix + ".") and n[len(prefix) + 1 :].isdigit()]
    if len(found) != 1:
        return None
    path = os.path.join(job_dir, found[0])
    return path if _running_job(path) else None


class Reporter:
    """Writes progress into this process's async job file, at most once per INTERVAL; a no-op when there is none.

    The job file is looked for at the first report (not at import: most module runs never report), once."""

    def __init__(self, find=find_job_file, clock=time.monotonic):
        self._find = find
        self._clock = clock
        self._lock = threading.Lock()
        self._path = None
        self._looked = False
        self._last = None
        self.writes = 0

    def due(self):
        """Whether a report now would be written (cheap: callers build their figures only then)."""
        if self._looked and self._path is None:
            return False
        return self._last is None or self._clock() - self._last >= INTERVAL

    def report(self, progress, force=False):
        """Write {"progress": progress} into the job file; True when written. force: ignore the interval (the
        first and last figures of a phase)."""
        with self._lock:
            now = self._clock()
            if not force and self._last is not None and now - self._last < INTERVAL:
                return False
            if not self._looked:
                self._looked = True
                self._path = self._find()
            if self._path is None:
                return False
            self._last = now
            return self._write(progress)

    def _write(self, progress):
        path = self._path
        if not _running_job(path):  # finished, timed out or gone: never write it again
            self._path = None
            return False
        tmp = path + ".progress"  # beside it (os.replace is atomic within a file system), not the wrapper's .tmp
        doc = {"started": True, "finished": False, "ansible_job_id": os.path.basename(path), "progress": progress}
        try:
            with open(tmp, "w") as f:
                json.dump(doc, f)
            os.replace(tmp, path)
        except (OSError, TypeError, ValueError):
            self._path = None  # progress is a convenience: never fail the task over it
            try:
                os.unlink(tmp)
            except OSError:
                pass
            return False
        self.writes += 1
        return True


REPORTER = Reporter()


def report(done, total=None, unit="bytes", force=False, **details):
    """Say how far a long task is: done of total units (bytes, seconds), with details (label, phase, status...).

    What async_status then shows under ``progress``: done, total, unit, percent (when total is known) and the
    details. Throttled (force: write now); does nothing unless this module runs under async_wrapper."""
    progress = dict(details, done=done, total=total, unit=unit)
    if total:
        progress["percent"] = round(100.0 * done / total, 1)
    return REPORTER.report(progress, force=force)


class Transfer:
    """Bytes of one object or image moving: progress while they move (thread-safe: parallel segments add to it),
    then its size, duration and throughput (stats(): a transfer's result)."""

    def __init__(self, label, phase="upload", reporter=None, clock=time.monotonic):
        self.label = label
        self.phase = phase
        self.reporter = reporter or REPORTER
        self.clock = clock
        self.total = None
        self.done = 0
        self.started = None
        self.seconds = None
        self._lock = threading.Lock()

    def start(self, total):
        """The transfer begins: total bytes to move (None: unknown)."""
        with self._lock:
            self.total = total
            self.done = 0
            self.started = self.clock()
            self.seconds = None
        self._report(force=True)

    def add(self, count):
        """count bytes moved (negative: a stream rewound to be sent again)."""
        if not count:
            return
        with self._lock:
            if self.started is None:
                self.started = self.clock()
            self.done += count
        self._report()

    def finish(self):
        with self._lock:
            if self.started is None:
                self.started = self.clock()
            self.seconds = self.clock() - self.started
        self._report(force=True)

    def elapsed(self):
        if self.seconds is not None:
            return self.seconds
        return self.clock() - self.started if self.started is not None else 0.0

    def stats(self):
        """{bytes, seconds, bytes_per_second}: what was moved, how long it took, how fast (0 when instant)."""
        seconds = self.elapsed()
        return {
            "bytes": self.done,
            "seconds": round(seconds, 3),
            "bytes_per_second": int(round(self.done / seconds)) if seconds > 0 else 0,
        }

    def progress(self):
        seconds = self.elapsed()
        out = {
            "label": self.label,
            "phase": self.phase,
            "unit": "bytes",
            "done": self.done,
            "total": self.total,
            "seconds": round(seconds, 1),
            "per_second": int(round(self.done / seconds)) if seconds > 0 else 0,
        }
        if self.total:
            out["percent"] = round(100.0 * self.done / self.total, 1)
        return out

    def _report(self, force=False):
        if force or self.reporter.due():  # add() is called for every block read: build the figures only when due
            self.reporter.report(self.progress(), force=force)


class Wait:
    """A wait for a resource to reach a state: its status and the seconds waited, of timeout."""

    def __init__(self, label, timeout, want, reporter=None, clock=time.monotonic):
        self.label = label
        self.timeout = timeout
        self.want = want
        self.reporter = reporter or REPORTER
        self.clock = clock
        self.started = clock()
        self._first = True

    def update(self, status):
        """The status seen now (each poll of the wait)."""
        waited = self.clock() - self.started
        progress = {
            "label": self.label,
            "phase": "wait",
            "unit": "seconds",
            "done": round(waited, 1),
            "total": self.timeout,
            "status": status,
            "want": self.want,
        }
        if self.timeout:
            progress["percent"] = round(min(100.0, 100.0 * waited / self.timeout), 1)
        self.reporter.report(progress, force=self._first)  # a new phase shows at once
        self._first = False


class Pacer:
    """The pauses between the polls of one wait: each is ``share`` of the time waited so far, at least ``first`` and
    at most ``cap`` seconds.

    Why not a fixed growth: what a wait loses is the time between the resource becoming ready and the next poll. A
    pause that grew 1.5x per poll up to 2 s lost about 1 s at the end of an 11 s glance import (measured
    2026-12-07, the raw side polling every 0.2 s); a pause in proportion to the wait keeps that loss to about
    ``share`` of it, and a long wait still costs about one request per ``cap`` seconds."""

    def __init__(self, first=0.2, share=0.1, cap=2.0, clock=time.monotonic, sleep=time.sleep, timeout=None):
        self.first = first
        self.share = share
        self.cap = cap
        self.clock = clock
        self.sleep = sleep
        self.started = clock()
        # the wait's own limit: the last pause ends there, so that the poll after it is the last one (a pause of up
        # to `cap` would otherwise end that much past the timeout)
        self.timeout = timeout

    def next_delay(self, at_most=None):
        waited = self.clock() - self.started
        delay = min(self.cap, max(self.first, self.share * waited))
        if self.timeout is not None:
            delay = min(delay, max(0.0, self.timeout - waited))
        return min(delay, at_most) if at_most is not None else delay

    def pause(self, at_most=None):
        """Sleep before the next poll; at_most: the caller knows the change is imminent (or its deadline is)."""
        self.sleep(self.next_delay(at_most))
