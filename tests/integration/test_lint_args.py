"""A user's ansible-lint checks the options of polystack.cloud tasks (its `args` rule): a misspelt option or a value
of the wrong type is reported, under the FQCN and under a bare os_* name (the repository's ansible.cfg opts in),
and `--strict` makes it fail. ansible-lint loads a task's action plugin in place of its module and runs the file's
main() with AnsibleModule replaced by a class that stops after validation; every action plugin of ours has the
module's main() for that (plugins/action/*.py). A valid task is validated only: nothing is made on the cloud."""

import json
import os
import subprocess

from conftest import BIN, ROOT

COLLECTIONS = os.path.join(ROOT, ".ansible", "collections")

PLAY = """\
---
- name: Lint me
  hosts: localhost
  gather_facts: false
  tasks:
    - name: A server
      %(module)s:
        cloud: devcloud-fip
        name: lint-args-check
%(options)s
"""


def lint(tmp_path, clouds_yaml, module, options, *flags):
    play = tmp_path / "play.yml"
    play.write_text(PLAY % {"module": module, "options": "\n".join("        " + o for o in options)})
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    env.update(NO_COLOR="1", ANSIBLE_COLLECTIONS_PATH=COLLECTIONS)
    env.pop("ANSIBLE_CONFIG", None)
    cfg = tmp_path / "ansible.cfg"  # the opt-in of the bare names, as the repository's ansible.cfg has it
    with open(os.path.join(ROOT, "ansible.cfg")) as f:
        cfg.write_text(f.read().replace("./.ansible/collections", COLLECTIONS))
    proc = subprocess.run(
        [os.path.join(BIN, "ansible-lint"), "--offline", "--nocolor", *flags, str(play)],
        cwd=str(tmp_path),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_a_misspelt_option_is_reported(tmp_path, clouds_yaml):
    for module in ("polystack.cloud.os_server", "os_server"):
        rc, out = lint(tmp_path, clouds_yaml, module, ["imgae: devcloud-tiny", "flavor_ram: 512"])
        assert "args[module]" in out and "Unsupported parameters" in out and "imgae" in out, (module, out)
        assert rc == 0, out  # the rule is experimental in ansible-lint: a warning...
        rc, out = lint(tmp_path, clouds_yaml, module, ["imgae: devcloud-tiny", "flavor_ram: 512"], "--strict")
        assert rc != 0 and "imgae" in out, out  # ...and a failure with --strict


def test_a_value_of_the_wrong_type_is_reported(tmp_path, clouds_yaml):
    rc, out = lint(tmp_path, clouds_yaml, "polystack.cloud.os_server", ["image: x", "flavor_ram: lots"])
    assert "args[module]" in out and "flavor_ram" in out and "int" in out, out
    rc, out = lint(tmp_path, clouds_yaml, "polystack.cloud.os_object", ["container: c", "state: gone"])
    assert "args[module]" in out and "state" in out, out


def test_a_valid_task_passes_and_makes_nothing(tmp_path, clouds_yaml):
    rc, out = lint(tmp_path, clouds_yaml, "polystack.cloud.os_server", ["image: devcloud-tiny", "flavor_ram: 512"])
    assert rc == 0 and "args[" not in out, out
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, ANSIBLE_LOCALHOST_WARNING="false")
    info = subprocess.run(
        [
            os.path.join(BIN, "ansible"),
            "localhost",
            "-m",
            "polystack.cloud.os_server_info",
            "-a",
            json.dumps({"cloud": "devcloud-fip", "server": "lint-args-check"}),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert info.returncode == 0 and '"servers": []' in info.stdout, info.stdout + info.stderr
