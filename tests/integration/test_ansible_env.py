"""From the checkout's root, with the project venv, ansible finds the collection installed from the tarball
(ansible.cfg's collections_path) and the devcloud's clouds (OS_CLIENT_CONFIG_FILE)."""

import json
import os
import subprocess
import tarfile

from conftest import BIN, ROOT, devcloud


def ansible(tool, *args):
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], ANSIBLE_NOCOLOR="1")
    env.pop("ANSIBLE_CONFIG", None)
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)
    return subprocess.run(
        [os.path.join(BIN, tool), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_collection_is_installed_from_the_tarball():
    out = ansible("ansible-galaxy", "collection", "list", "polystack.cloud", "--format", "json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    path = os.path.join(ROOT, ".ansible", "collections", "ansible_collections")
    assert found[path]["polystack.cloud"]["version"] == "0.1.0"
    # what was installed is what the tarball holds: collection content only, no devcloud or tooling
    with tarfile.open(os.path.join(ROOT, "build", "polystack-cloud-0.1.0.tar.gz")) as tar:
        names = tar.getnames()
    assert "MANIFEST.json" in names and "meta/runtime.yml" in names
    for excluded in ("devcloud", "Makefile", ".ci", ".venv", "ansible.cfg", "requirements-dev.txt", "build"):
        assert not any(n == excluded or n.startswith(excluded + "/") for n in names), excluded


def test_adhoc_ansible_runs_from_the_checkout(clouds_yaml):
    env_lines = devcloud("env").stdout.split("\n")
    assert "export OS_CLIENT_CONFIG_FILE=%s" % clouds_yaml in env_lines
    out = ansible("ansible", "localhost", "-m", "ansible.builtin.ping")
    assert out.returncode == 0 and '"ping": "pong"' in out.stdout, out.stdout + out.stderr
    out = ansible("ansible-config", "dump", "--only-changed", "--format", "json")
    settings = {s["name"]: s["value"] for s in json.loads(out.stdout) if "name" in s}
    assert settings["COLLECTIONS_PATHS"] == [os.path.join(ROOT, ".ansible", "collections")]
