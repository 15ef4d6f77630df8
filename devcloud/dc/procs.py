"""Processes, commands and progress output (stdlib only)."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time

T0 = time.monotonic()


class DevcloudError(Exception):
    """A failure a human can act on: what failed, and the end of its log."""

    def __init__(self, message, log=None, lines=25):
        tail = ""
        if log and os.path.exists(log):
            with open(log, "rb") as f:
                f.seek(0, 2)
                f.seek(max(0, f.tell() - 64 * 1024))
                text = f.read().decode("utf-8", "replace").splitlines()[-lines:]
            tail = "\n--- last %d lines of %s ---\n%s" % (len(text), log, "\n".join(text))
        super().__init__(message + tail)


def say(msg):
    sys.stdout.write("[%6.1fs] %s\n" % (time.monotonic() - T0, msg))
    sys.stdout.flush()


class step:
    """``with step("name"):`` prints one line per step with its elapsed time."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.t = time.monotonic()
        return self

    def __exit__(self, exc_type, exc, tb):
        dt = time.monotonic() - self.t
        if exc_type is None:
            say("%-44s ok   (%.1fs)" % (self.name, dt))
        else:
            say("%-44s FAILED (%.1fs)" % (self.name, dt))
        return False


def run(argv, log, env=None, cwd=None, check=True, timeout=900):
    """Run a command, appending its output to ``log``; raise DevcloudError on failure."""
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "ab") as out:
        out.write(("\n$ %s\n" % " ".join(argv)).encode())
        out.flush()
        full_env = dict(os.environ, **(env or {}))
        try:
            rc = subprocess.call(
                argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=full_env,
                cwd=cwd,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise DevcloudError("%s timed out after %ss" % (os.path.basename(argv[0]), timeout), log) from None
        except FileNotFoundError:
            raise DevcloudError("command not found: %s" % argv[0]) from None
    if check and rc != 0:
        raise DevcloudError("%s exited %d" % (" ".join(os.path.basename(a) for a in argv[:3]), rc), log)
    return rc


def run_parallel(jobs):
    """jobs: [(label, argv, log)]; run them all at once, wait, raise on the first failure."""
    procs = []
    for label, argv, log in jobs:
        os.makedirs(os.path.dirname(log), exist_ok=True)
        out = open(log, "ab")
        out.write(("\n$ %s\n" % " ".join(argv)).encode())
        out.flush()
        procs.append(
            (label, log, out, subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
        )
    failed = None
    for label, log, out, proc in procs:
        rc = proc.wait()
        out.close()
        if rc != 0 and failed is None:
            failed = DevcloudError("%s exited %d" % (label, rc), log)
    if failed:
        raise failed


def port_open(port, host="127.0.0.1", timeout=0.5):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def http_answers(port, path="/", host="127.0.0.1", timeout=5):
    """True when something answers HTTP on the port with a non-5xx status."""
    try:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status < 500
    except (OSError, http.client.HTTPException):
        return False


def pid_alive(pidfile, expect=None):
    """The pid in pidfile if that process lives (and its command line contains expect)."""
    try:
        with open(pidfile) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    if expect:
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                if expect.encode() not in f.read():
                    return None
        except OSError:
            return None
    return pid


def start(argv, log, pidfile, env=None):
    """Start a daemon in its own session (so that stop can signal its whole group)."""
    os.makedirs(os.path.dirname(log), exist_ok=True)
    os.makedirs(os.path.dirname(pidfile), exist_ok=True)
    out = open(log, "ab")
    out.write(("\n==== %s start: %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), " ".join(argv))).encode())
    out.flush()
    proc = subprocess.Popen(
        argv,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, **(env or {})),
        start_new_session=True,
        close_fds=True,
    )
    out.close()
    with open(pidfile, "w") as f:
        f.write("%d\n" % proc.pid)
    return proc


def stop(pidfile, expect=None, grace=15):
    """SIGTERM the process group, then SIGKILL after ``grace`` seconds. True if something was stopped."""
    pid = pid_alive(pidfile, expect)
    if pid is None:
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        return False
    try:
        os.killpg(pid, signal.SIGTERM)
    except OSError:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        _reap(pid)
        if not _group_alive(pid):
            break
        time.sleep(0.1)
    else:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    _reap(pid)
    os.unlink(pidfile)
    return True


def _reap(pid):
    """Collect our own child's exit status (it is not ours when an earlier invocation started it)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except OSError:
        return False
