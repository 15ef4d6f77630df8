"""Running the collection's modules from tests, the soak and the fault sweep: ad hoc, one process per task.

result = run_module("polystack.cloud.os_keypair", {"cloud": "devcloud-fip", "name": "rel-kp"}, clouds_yaml)
result.rc, result.data (the task's result), result.out (everything ansible printed)
"""

import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
PREFIX = "rel-"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGw5nkXs2JvPqV4xWbq3LSu5WfHRyF8pDmB6sQpY8XvJ rel@faults"
KEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMzYejoji4FIl3BJVIac3CRQj/9ToVXBbbBoeObNE+Ng rel@faults2"


class Result:
    def __init__(self, rc, data, out):
        self.rc = rc
        self.data = data
        self.out = out

    @property
    def ok(self):
        return self.rc == 0 and not self.data.get("failed")

    @property
    def msg(self):
        return str(self.data.get("msg", ""))

    def __repr__(self):
        return "Result(rc=%d, %s)" % (self.rc, json.dumps(self.data, default=str)[:2000])


def module_env(clouds_yaml, cache_dir=None, **extra):
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    env["OS_CLIENT_CONFIG_FILE"] = clouds_yaml
    env.pop("ANSIBLE_CONFIG", None)
    for key in [k for k in env if k.startswith("OS_") and k != "OS_CLIENT_CONFIG_FILE"]:
        env.pop(key)  # a developer's OS_CLOUD / OS_PASSWORD must not leak into the tests
    if cache_dir:
        env["POLYSTACK_CACHE_DIR"] = cache_dir
    env.update((k, str(v)) for k, v in extra.items())
    return env


def run_module(module, args, clouds_yaml, cache_dir=None, verbosity=0, timeout=900, env=None):
    """ansible localhost -m module -a json(args); the result parsed from the one-line ad-hoc output."""
    argv = [os.path.join(BIN, "ansible"), "localhost", "-m", module, "-a", json.dumps(args)]
    if verbosity:
        argv.append("-" + "v" * verbosity)
    proc = subprocess.run(
        argv,
        cwd=ROOT,
        env=env or module_env(clouds_yaml, cache_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    out = proc.stdout + proc.stderr
    data = {}
    for marker in (" | SUCCESS => ", " | CHANGED => ", " | FAILED! => "):
        if marker in proc.stdout:
            text = proc.stdout.split(marker, 1)[1]
            try:
                data = json.JSONDecoder().raw_decode(text)[0]
            except ValueError:
                data = {}
            break
    return Result(proc.returncode, data, out)


def collections_path():
    """Where ansible finds the collection: ANSIBLE_COLLECTIONS_PATH, else ansible.cfg's (make collection)."""
    return os.environ.get("ANSIBLE_COLLECTIONS_PATH") or os.path.join(ROOT, ".ansible", "collections")


def run_module_direct(module, args, env, timeout=900):
    """The module's own process as Ansible starts it on the managed host (arguments in a file), without the
    controller: its exit status and the JSON it prints.  A fifth of the CPU of `ansible localhost -m`."""
    fd, path = tempfile.mkstemp(prefix="rel-args-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump({"ANSIBLE_MODULE_ARGS": args}, f)
    try:
        name = "ansible_collections.%s.plugins.modules.%s" % tuple(module.rsplit(".", 1))
        proc = subprocess.run(
            [sys.executable, "-m", name, path],
            cwd=ROOT,
            env=dict(env, PYTHONPATH=collections_path()),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    finally:
        os.unlink(path)
    data = {}
    for line in reversed(proc.stdout.strip().splitlines()):
        try:
            data = json.loads(line)
            break
        except ValueError:
            continue
    return Result(proc.returncode, data, proc.stdout + proc.stderr)
