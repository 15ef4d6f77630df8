"""The modules run in a fork of the task's worker on the controller (plugins/plugin_utils/_in_process.py), with the
module process as the fallback: both give the same results on the devcloud; the task's environment, check mode,
diff and loops reach the fork; a task timeout takes the fork with it; POLYSTACK_IN_PROCESS=0, or another
interpreter, runs the module process; the interpreter given as a template of the controller's does not."""

import json
import os
import socket
import subprocess
import threading

from conftest import BIN, ROOT

PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy inproc"
IN_PROCESS = "ran in a fork of the worker"


def ansible(clouds_yaml, argv, timeout=600, **env):
    full = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    full.update(ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    for name in ("OS_CLOUD", "ANSIBLE_STDOUT_CALLBACK", "POLYSTACK_IN_PROCESS"):
        full.pop(name, None)
    full.update(env)
    return subprocess.run(
        [os.path.join(BIN, argv[0]), *argv[1:]],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def adhoc_result(proc):
    assert " => " in proc.stdout, proc.stdout + proc.stderr
    return json.loads(proc.stdout.split(" => ", 1)[1].split("\n}\n", 1)[0] + "\n}")


def test_an_ad_hoc_task_runs_in_a_fork_and_the_module_process_agrees(clouds_yaml):
    args = json.dumps({"cloud": "devcloud-fip", "name": "inproc-kp", "public_key": PUBLIC_KEY})
    try:
        made = ansible(clouds_yaml, ["ansible", "localhost", "-vvv", "-m", "polystack.cloud.os_keypair", "-a", args])
        assert made.returncode == 0, made.stdout + made.stderr
        assert IN_PROCESS in made.stdout and "AnsiballZ_os_keypair" not in made.stdout
        first = adhoc_result(made)
        assert first["changed"] is True
        # the same task as a module process (AnsiballZ): finds it, unchanged, with the same fingerprint
        again = ansible(
            clouds_yaml,
            ["ansible", "localhost", "-vvv", "-m", "polystack.cloud.os_keypair", "-a", args],
            POLYSTACK_IN_PROCESS="0",
        )
        assert again.returncode == 0, again.stdout + again.stderr
        assert IN_PROCESS not in again.stdout and "AnsiballZ_os_keypair" in again.stdout
        second = adhoc_result(again)
        assert second["changed"] is False
        assert second["keypair"]["fingerprint"] == first["keypair"]["fingerprint"]
        # and in a fork again: unchanged
        third = adhoc_result(
            ansible(clouds_yaml, ["ansible", "localhost", "-m", "polystack.cloud.os_keypair", "-a", args])
        )
        assert third["changed"] is False and third["keypair"] == second["keypair"]
    finally:
        gone = json.dumps({"cloud": "devcloud-fip", "name": "inproc-kp", "state": "absent"})
        ansible(clouds_yaml, ["ansible", "localhost", "-m", "polystack.cloud.os_keypair", "-a", gone])


PLAYBOOK = """
- name: In a fork, with the task's environment, check mode, diff and a loop
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Predict (check mode), cloud from the task's environment
      polystack.cloud.os_keypair:
        region_name: "{{ item }}"
        name: inproc-pb
        public_key: "%(key)s"
      environment:
        OS_CLOUD: devcloud-fip
      check_mode: true
      loop: [RegionOne, RegionTwo]
      register: predicted
    - name: Create
      polystack.cloud.os_keypair:
        region_name: "{{ item }}"
        name: inproc-pb
        public_key: "%(key)s"
      environment:
        OS_CLOUD: devcloud-fip
      loop: [RegionOne, RegionTwo]
      register: made
    - name: Check what each said
      ansible.builtin.assert:
        that:
          - predicted.results | map(attribute='changed') | list == [true, true]
          - made.results | map(attribute='changed') | list == [true, true]
          - made.results | map(attribute='keypair.name') | list == ['inproc-pb', 'inproc-pb']
"""


def test_a_playbook_loop_with_environment_check_mode_and_diff(clouds_yaml):
    path = os.path.join(ROOT, "tests", "output", "inproc-playbook.yml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(PLAYBOOK % {"key": PUBLIC_KEY})
    try:
        proc = ansible(clouds_yaml, ["ansible-playbook", "--diff", "-vvv", path])
        assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
        assert proc.stdout.count(IN_PROCESS) == 4, proc.stdout[-4000:]
        assert "AnsiballZ_os_keypair" not in proc.stdout
        # --diff shows before/after from the fork, as from a module process
        assert "+++ after" in proc.stdout and "inproc-pb" in proc.stdout
        assert "failed=0" in proc.stdout
    finally:
        for region in ("RegionOne", "RegionTwo"):
            gone = json.dumps({"cloud": "devcloud-fip", "region_name": region, "name": "inproc-pb", "state": "absent"})
            ansible(clouds_yaml, ["ansible", "localhost", "-m", "polystack.cloud.os_keypair", "-a", gone])


def test_a_task_timeout_takes_the_fork_with_it(clouds_yaml, tmp_path):
    """A keystone that accepts and never answers: Ansible's task timeout ends the task, and the fork with it
    (its connection closes at once, not at the module's own 300 s)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    port = server.getsockname()[1]
    accepted = []
    closed = threading.Event()

    def serve():
        conn, _addr = server.accept()
        accepted.append(conn)
        conn.settimeout(120)
        try:
            while conn.recv(65536):
                pass
        except OSError:
            return
        closed.set()

    threading.Thread(target=serve, daemon=True).start()
    silent = tmp_path / "clouds.yaml"
    silent.write_text(
        json.dumps(
            {
                "clouds": {
                    "silent": {
                        "auth": {
                            "auth_url": "http://127.0.0.1:%d/v3" % port,
                            "username": "u",
                            "password": "inproc-not-a-secret",
                            "project_name": "p",
                            "user_domain_name": "Default",
                            "project_domain_name": "Default",
                        },
                        "region_name": "RegionOne",
                        "api_timeout": 300,
                    }
                }
            }
        )
    )
    playbook = tmp_path / "timeout.yml"
    playbook.write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - polystack.cloud.os_keypair_info:\n        cloud: silent\n      timeout: 3\n"
    )
    try:
        proc = ansible(str(silent), ["ansible-playbook", str(playbook)], timeout=120)
        assert proc.returncode != 0
        assert "timed out after 3 seconds" in proc.stdout or "timeout" in proc.stdout.lower(), proc.stdout
        assert accepted, "the module never reached the silent keystone"
        assert closed.wait(10), "the fork kept its connection open after the task timed out"
        assert "inproc-not-a-secret" not in proc.stdout + proc.stderr
    finally:
        server.close()
        for conn in accepted:
            conn.close()


def test_the_interpreter_as_a_template_of_the_controllers_runs_in_a_fork(clouds_yaml):
    """The common `ansible_python_interpreter: "{{ ansible_playbook_python }}"` is templated as ansible-core does."""
    proc = ansible(
        clouds_yaml,
        [
            "ansible",
            "localhost",
            "-vvv",
            "-e",
            "ansible_python_interpreter={{ ansible_playbook_python }}",
            "-m",
            "polystack.cloud.os_keypair_info",
            "-a",
            json.dumps({"cloud": "devcloud-fip"}),
        ],
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert IN_PROCESS in proc.stdout and "AnsiballZ_os_keypair_info" not in proc.stdout


def test_another_interpreter_runs_the_module_process(clouds_yaml):
    with open(os.path.join(BIN, "ansible")) as f:
        controller = f.readline()[2:].strip()
    other = [
        os.path.join(BIN, n)
        for n in ("python", "python3", "python3.11", "python3.12")
        if os.path.exists(os.path.join(BIN, n)) and os.path.join(BIN, n) != controller
    ][0]
    proc = ansible(
        clouds_yaml,
        [
            "ansible",
            "localhost",
            "-vvvv",
            "-e",
            "ansible_python_interpreter=%s" % other,
            "-m",
            "polystack.cloud.os_keypair_info",
            "-a",
            json.dumps({"cloud": "devcloud-fip"}),
        ],
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert IN_PROCESS not in proc.stdout and "AnsiballZ_os_keypair_info" in proc.stdout
    assert "runs as a module process: its interpreter (%s) is not the controller's" % other in proc.stdout
