"""Measurement hook the benchmarks load into every Python process of a run, ours and the baseline's alike.

Active only when POLYSTACK_BENCH_LOG names a file (the harness puts this directory first on PYTHONPATH and
sets it). It appends one line per HTTP request put on the wire (an audit hook on http.client's "send" event:
requests, urllib3 and keystoneauth1 all end there, so both collections are counted by the same code, with
no proxy in the path and no change to either side) and, when the process exits, one line with its peak RSS:

    req <pid> <METHOD> <host:port> <path without query>
    rss <pid> <peak RSS KiB> <seconds since start> <bytes read (rchar)> <argv[0]>
"""

import os
import sys
import time

_START = time.time()

_LOG = os.environ.get("POLYSTACK_BENCH_LOG")


def _write(line):
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode("utf-8", "replace"))
    finally:
        os.close(fd)


if _LOG:
    _METHODS = (b"GET ", b"PUT ", b"POST ", b"HEAD ", b"DELETE ", b"PATCH ", b"COPY ", b"OPTIONS ")

    def _audit(event, args):
        if event != "http.client.send":
            return
        data = args[1]
        if isinstance(data, (bytes, bytearray)) and data.startswith(_METHODS):
            line = bytes(data[: data.find(b"\r\n")]).decode("latin-1")
            method, _, rest = line.partition(" ")
            path = rest.rsplit(" ", 1)[0].split("?", 1)[0]
            conn = args[0]
            _write("req %d %s %s:%s %s" % (os.getpid(), method, conn.host, conn.port, path))

    sys.addaudithook(_audit)

    import atexit

    @atexit.register
    def _peak():
        import resource

        rchar = 0
        try:
            with open("/proc/self/io") as f:
                rchar = int([line.split()[1] for line in f if line.startswith("rchar:")][0])
        except (OSError, IndexError, ValueError):
            pass
        _write(
            "rss %d %d %.3f %d %s"
            % (
                os.getpid(),
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                time.time() - _START,
                rchar,
                (sys.argv or ["?"])[0] or "-c",
            )
        )

    # A forked child that leaves through os._exit runs no atexit hook: multiprocessing's workers, and
    # polystack.cloud's module runs in a fork of the task's worker (plugins/plugin_utils/_in_process.py sets
    # sys.argv[0] there to the module's dotted name). Such a child logs its own line as it leaves.
    _PARENT = os.getpid()

    def _forked():
        global _START
        _START = time.time()

    os.register_at_fork(after_in_child=_forked)
    _real_exit = os._exit

    def _exit(code):
        if os.getpid() != _PARENT:
            try:
                _peak()
            except Exception:
                pass
        _real_exit(code)

    os._exit = _exit
