# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run jobs concurrently, at most ``workers`` at a time, each within its own time limit (controller side).

A job that overruns its limit is reported as timed out and its slot is given to the next job at once:
a cloud that hangs never holds up the others.  Its thread is a daemon and is left to finish (or not)
on its own, so it cannot keep the process alive either; whatever it returns later is discarded.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time
from collections import deque


class Outcome:
    """What one job gave: value (ok), error (an exception) or timed_out; seconds it took (or was given)."""

    __slots__ = ("key", "ok", "value", "error", "timed_out", "seconds")

    def __init__(self, key, ok=False, value=None, error=None, timed_out=False, seconds=0.0):
        self.key = key
        self.ok = ok
        self.value = value
        self.error = error
        self.timed_out = timed_out
        self.seconds = seconds

    def __repr__(self):
        state = "ok" if self.ok else ("timed out" if self.timed_out else "failed: %s" % self.error)
        return "Outcome(%r, %s, %.2fs)" % (self.key, state, self.seconds)


def run(jobs, workers=8, timeout=None, clock=time.monotonic):
    """jobs: [(key, callable)]; returns {key: Outcome}, in the order the jobs were given.

    workers: how many jobs run at once (at least 1); timeout: seconds each job may take from its start
    (None or 0: no limit)."""
    workers = max(1, int(workers or 1))
    timeout = float(timeout) if timeout else None
    pending = deque(jobs)
    order = [key for key, _job in jobs]
    running = {}  # key -> (started, token)
    results = {}
    cond = threading.Condition()

    def work(key, job, token, started):
        try:
            outcome = Outcome(key, ok=True, value=job())
        except BaseException as e:  # noqa: BLE001 - reported to the caller, never raised in a thread
            outcome = Outcome(key, error=e)
        with cond:
            if running.get(key, (None, None))[1] is token:  # not given up on meanwhile
                del running[key]
                outcome.seconds = clock() - started
                results[key] = outcome
                cond.notify_all()

    with cond:
        while pending or running:
            while pending and len(running) < workers:
                key, job = pending.popleft()
                token, started = object(), clock()
                running[key] = (started, token)
                thread = threading.Thread(
                    target=work, args=(key, job, token, started), name="polystack-%s" % (key,), daemon=True
                )
                thread.start()
            now = clock()
            if timeout:
                for key, (started, _token) in list(running.items()):
                    if now - started >= timeout:
                        del running[key]
                        results[key] = Outcome(key, timed_out=True, seconds=now - started)
            if pending and len(running) < workers:
                continue
            if not running:
                continue
            wait = None
            if timeout:
                wait = max(0.0, min(started + timeout for started, _token in running.values()) - now)
            cond.wait(wait)
    return dict((key, results[key]) for key in order if key in results)
