"""The Vault guide (docs/docsite/rst/vault.rst), run as written on the devcloud: clouds.yaml without the password, the
password in a vault-encrypted vars file given to every module through module_defaults; it works and the password
shows nowhere at -vvvv. A vault-encrypted clouds.yaml fails saying so."""

import json
import os
import re
import subprocess

import yaml
from conftest import BIN, ROOT

DOCS = os.path.join(ROOT, "docs", "docsite", "rst", "vault.rst")


def blocks():
    """The guide's YAML code blocks, in order: clouds.yaml, the vars file, the playbook."""
    with open(DOCS) as f:
        text = f.read()
    found = re.findall(r"\.\. code-block:: yaml\n\n((?:(?: {7}.*)?\n)+)", text)
    return [yaml.safe_load("\n".join(line[7:] for line in block.splitlines())) for block in found]


def run(argv, tmp_path, clouds_file):
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=str(clouds_file), ANSIBLE_LOCALHOST_WARNING="false")
    env.update(ANSIBLE_NOCOLOR="1", ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, ".ansible", "collections"))
    env.pop("ANSIBLE_CONFIG", None)
    proc = subprocess.run(
        [os.path.join(BIN, argv[0]), *argv[1:]],
        cwd=str(tmp_path),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_the_guide_runs_and_shows_no_password(clouds, tmp_path):
    clouds_doc, secrets_doc, play_doc = blocks()
    real = clouds["devcloud-fip"]
    password = real["auth"]["password"]
    # the guide's files, with the devcloud's cloud in place of mycloud
    mine = json.loads(json.dumps(real))
    del mine["auth"]["password"]
    assert "password" not in json.dumps(clouds_doc)
    (tmp_path / "clouds.yaml").write_text(yaml.safe_dump({"clouds": {"mycloud": mine}}))
    (tmp_path / "secrets.yml").write_text(yaml.safe_dump({list(secrets_doc)[0]: password}))
    (tmp_path / "vault-pass").write_text("polystack-vault-test\n")
    rc, out = run(
        ["ansible-vault", "encrypt", "--vault-password-file", "vault-pass", "secrets.yml"],
        tmp_path,
        tmp_path / "clouds.yaml",
    )
    assert rc == 0, out
    assert password not in (tmp_path / "secrets.yml").read_text()
    play_doc[0]["tasks"].append(
        {"name": "It worked", "ansible.builtin.assert": {"that": ["servers.servers is sequence"]}}
    )
    (tmp_path / "play.yml").write_text(yaml.safe_dump(play_doc))
    rc, out = run(
        ["ansible-playbook", "-vvvv", "--vault-password-file", "vault-pass", "play.yml"],
        tmp_path,
        tmp_path / "clouds.yaml",
    )
    assert rc == 0 and "failed=0" in out, out[-4000:]
    assert password not in out


def test_a_vaulted_clouds_yaml_says_what_to_do(clouds, tmp_path):
    (tmp_path / "clouds.yaml").write_text(yaml.safe_dump({"clouds": {"mycloud": clouds["devcloud-fip"]}}))
    (tmp_path / "vault-pass").write_text("polystack-vault-test\n")
    rc, out = run(
        ["ansible-vault", "encrypt", "--vault-password-file", "vault-pass", "clouds.yaml"],
        tmp_path,
        tmp_path / "clouds.yaml",
    )
    assert rc == 0, out
    rc, out = run(
        ["ansible", "localhost", "-m", "polystack.cloud.os_server_info", "-a", "cloud=mycloud"],
        tmp_path,
        tmp_path / "clouds.yaml",
    )
    assert rc != 0 and "encrypted with Ansible Vault" in out and "Traceback" not in out, out
