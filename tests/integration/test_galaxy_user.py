"""The collection as a Galaxy user meets it (issue 19): in a fresh venv with only ansible-core installed and a fresh
HOME, the collection README's commands, word for word (the one substitution: the collection's tarball for its
Galaxy name, which this machine cannot reach), then its first playbook against the devcloud's clouds.yaml (the cloud
names of the example replaced by the devcloud's). And every command and path the README names exists in the
installed collection."""

import glob
import os
import re
import subprocess
import sys

import pytest
from conftest import BIN, ROOT

README = os.path.join(ROOT, "docs", "collection", "README.md")
INSTALLED = os.path.join(ROOT, ".ansible", "collections", "ansible_collections", "polystack", "cloud")


def blocks(kind):
    with open(README) as f:
        return re.findall(r"```%s\n(.*?)```" % kind, f.read(), re.S)


def core_version():
    return subprocess.run(
        [os.path.join(BIN, "python"), "-c", "import ansible.release as r; print(r.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.fixture(scope="module")
def user(tmp_path_factory):
    """A fresh HOME and a venv holding ansible-core only."""
    home = tmp_path_factory.mktemp("galaxy-user")
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "-q",
            "--disable-pip-version-check",
            "ansible-core==%s" % core_version(),
        ],
        check=True,
        timeout=900,
    )
    return home, venv


def sh(home, venv, command, clouds_yaml, cwd):
    env = {
        "HOME": str(home),
        "PATH": "%s:/usr/bin:/bin" % (venv / "bin"),
        "OS_CLIENT_CONFIG_FILE": clouds_yaml,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "LANG": "C.UTF-8",
    }
    proc = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=str(cwd),
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_the_readme_word_for_word(user, clouds_yaml, tmp_path):
    home, venv = user
    tarball = sorted(glob.glob(os.path.join(ROOT, "build", "polystack-cloud-*.tar.gz")))[-1]
    install, run = blocks("bash")[:2]
    assert "ansible-galaxy collection install polystack.cloud" in install
    rc, out = sh(home, venv, install.replace("install polystack.cloud", "install " + tarball), clouds_yaml, tmp_path)
    assert rc == 0, out[-4000:]
    first = blocks("yaml")[0]
    (tmp_path / "first.yml").write_text(first)
    assert "ansible-playbook first.yml -e clouds=mycloud,othercloud" in run
    rc, out = sh(home, venv, run.replace("mycloud,othercloud", "devcloud-fip,devcloud-direct"), clouds_yaml, tmp_path)
    assert rc == 0, out[-4000:]
    assert '"msg": "devcloud-fip: [' in out and '"msg": "devcloud-direct: [' in out, out[-3000:]
    # and only what the README made available was used: the collection under the fresh HOME, the venv's Python
    assert os.path.isdir(home / ".ansible" / "collections" / "ansible_collections" / "polystack" / "cloud")


def test_every_command_and_path_in_the_readme_exists(clouds_yaml):
    with open(README) as f:
        text = f.read()
    # paths inside the collection
    for path in re.findall(r"ansible_collections/polystack/cloud/([\w./-]+)", text) + ["CHANGELOG.rst"]:
        assert os.path.exists(os.path.join(INSTALLED, path)), path
    # every FQCN it names is a plugin, role or playbook of the installed collection
    for name in set(re.findall(r"polystack\.cloud\.(\w+)", text)):
        candidates = [
            os.path.join(INSTALLED, "plugins", "modules", name + ".py"),
            os.path.join(INSTALLED, "plugins", "inventory", name + ".py"),
            os.path.join(INSTALLED, "roles", name),
            os.path.join(INSTALLED, "playbooks", name + ".yml"),
        ]
        redirected = name in ("server", "image", "keypair", "floating_ip", "object")  # meta/runtime.yml
        assert any(os.path.exists(c) for c in candidates) or redirected, name
    assert "group/polystack.cloud.openstack" in text
