"""The integration targets: playbooks in tests/integration/targets/<name>/main.yml, run with ansible-playbook
--diff from the checkout's root against the devcloud; each asserts its own results (four runs per mutating
step).  Here: the playbook passes and its --diff output shows before/after."""

import os
import subprocess

import pytest
from conftest import BIN, ROOT

TARGETS = os.path.join(ROOT, "tests", "integration", "targets")
# what the --diff output of each target must show
DIFF_SHOWS = {
    "os_keypair": ['-    "fingerprint": "', '+    "fingerprint": "', '"public_key": "ssh-ed25519'],
    "os_floating_ip": ['"floating_ips": []', '+        "172.24.4.'],
    "os_image": ['-    "min_ram": 256', '+    "min_ram": 512', '"os_hash_value": "'],
    "os_server": ['"role": "web"', '"role": "db"', '+    "public_v4": "172.24.', '+    "public_v4": "172.25.'],
    "os_object": ['-        "owner": "me"', '+        "owner": "you"', '+    "is_slo": true', '"access": "public"'],
}


def targets():
    return sorted(d for d in os.listdir(TARGETS) if os.path.exists(os.path.join(TARGETS, d, "main.yml")))


@pytest.mark.parametrize("target", targets())
def test_target(target, clouds_yaml):
    env = dict(
        os.environ,
        PATH=BIN + os.pathsep + os.environ["PATH"],
        OS_CLIENT_CONFIG_FILE=clouds_yaml,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
    )
    env.pop("ANSIBLE_CONFIG", None)
    proc = subprocess.run(
        [os.path.join(BIN, "ansible-playbook"), "--diff", os.path.join(TARGETS, target, "main.yml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-8000:]
    assert "Traceback" not in out
    for text in DIFF_SHOWS.get(target, []):
        assert text in out, "%r not in the --diff output of %s" % (text, target)
    assert "PRIVATE KEY" not in out  # generated keys only ever in no_log tasks
