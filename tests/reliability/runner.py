"""Running the collection's modules from tests, the soak and the fault sweep: ad hoc, one process per task.

result = run_module("polystack.cloud.os_keypair", {"cloud": "devcloud-fip", "name": "rel-kp"}, clouds_yaml)
result.rc, result.data (the task's result), result.out (everything ansible printed)
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
PREFIX = "rel-"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGw5nkXs2JvPqV4xWbq3LSu5WfHRyF8pDmB6sQpY8XvJ rel@faults"


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
