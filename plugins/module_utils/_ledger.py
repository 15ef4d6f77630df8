# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the earlier tasks of one check run predicted they would make.

Check mode looks at the cloud as it is, and a task must find what it names (check mode rejects what the real run
would). In a check run of a playbook that makes a network, then its subnet, the subnet task would find no network:
the network task only predicted it. So a task in check mode that predicts a create writes it here, and a later task
of the same ``ansible-playbook`` run that names it finds the prediction (shown as such in its diff), as the real
run would find the network the earlier task made.

The run is the ``ansible-playbook`` process the module runs under (its pid and start time, read from /proc by
walking up the module's parents): tasks of one run share it, two runs never do. Without /proc, or under ``ansible``
ad hoc, or on a managed host, there is no run to find and no ledger: check mode looks at the cloud alone, as before.
Entries say where (cloud, region, project), what kind and what name; the file is 0600, under the cache directory,
and files of runs over a day old are removed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

from ansible_collections.polystack.cloud.plugins.module_utils import _session

PLANNED = "(planned by an earlier task of this check run)"
_state = {"on": False}  # a module in check mode turns it on (CloudModule); the Python API never does


def activate():
    _state["on"] = True


def run_key():
    """pid-starttime of the ansible-playbook process above this one, or None. Its workers are forks of it with the
    same command line (and the module may run in a fork of a worker): the topmost one is the run."""
    pid, found = os.getpid(), None
    for _depth in range(16):
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")[:3]
        except (OSError, IndexError):
            break
        if any(os.path.basename(a.decode("utf-8", "replace")).startswith("ansible-playbook") for a in argv):
            found = "%d-%s" % (pid, fields[19])  # (starttime: a pid reused later is another run)
        pid = int(fields[1])  # the parent
        if pid <= 1:
            break
    return found


def _path():
    if not _state["on"] or fcntl is None:
        return None
    key = run_key()
    if key is None:
        return None
    directory = os.path.join(os.path.dirname(_session.cache_dir()), "check-runs")
    os.makedirs(directory, mode=0o700, exist_ok=True)
    return os.path.join(directory, key + ".jsonl")


def _entry(cloud, kind, name, project):
    return [cloud.name, cloud.region_name, project, kind, name]


def record(cloud, kind, name, project):
    """A check-mode task predicts it makes this (one JSON line, appended under an exclusive lock)."""
    path = _path()
    if path is None:
        return
    _forget_old(os.path.dirname(path))
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, (json.dumps(_entry(cloud, kind, name, project)) + "\n").encode("utf-8"))
    finally:
        os.close(fd)


def planned(cloud, kind, name, project):
    """Whether an earlier check-mode task of this run predicted it makes this."""
    path = _path()
    if path is None or not os.path.exists(path):
        return False
    wanted = _entry(cloud, kind, name, project)
    with open(path) as f:
        return any(json.loads(line) == wanted for line in f if line.strip())


def _forget_old(directory, age=86400):
    now = time.time()
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        try:
            if now - os.path.getmtime(path) > age:
                os.remove(path)
        except OSError:
            pass
