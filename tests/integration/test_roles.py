"""The roles polystack.cloud.multicloud_server and polystack.cloud.cleanup: each role's Molecule scenario
(delegated driver, the instances are devcloud cloud regions) runs converge, idempotence (a second converge
changes nothing), verify (the cloud shows what the role must have made, or deleted) and destroy, from the
installed collection; the roles' argument specs render and reject bad input with a message naming the option."""

import json
import os
import re
import subprocess

import pytest
from conftest import BIN, ROOT

COLLECTIONS = os.path.join(ROOT, ".ansible", "collections")
INSTALLED = os.path.join(COLLECTIONS, "ansible_collections", "polystack", "cloud")
# role -> the Molecule steps its scenario runs, in order
SCENARIOS = {
    "multicloud_server": ["converge", "idempotence", "verify", "destroy"],
    "cleanup": ["prepare", "converge", "idempotence", "verify", "destroy"],
}


def env_for(clouds_yaml):
    env = dict(
        os.environ,
        PATH=BIN + os.pathsep + os.environ["PATH"],
        OS_CLIENT_CONFIG_FILE=clouds_yaml,
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        NO_COLOR="1",
        ANSIBLE_LOCALHOST_WARNING="false",
    )
    env.pop("ANSIBLE_CONFIG", None)
    return env


def run(args, clouds_yaml, cwd=ROOT, timeout=900):
    return subprocess.run(
        args, cwd=cwd, env=env_for(clouds_yaml), capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def installed():
    for role in SCENARIOS:
        if not os.path.isdir(os.path.join(INSTALLED, "roles", role)):
            pytest.fail("role %s is not in the installed collection %s: run make collection" % (role, INSTALLED))


# the cleanup role deletes every leaked floating IP of the project (marked by the collection, its server gone,
# attached to nothing), not only the scenario's: one that another test leaves for a moment between converge and
# idempotence would make the second run change something. Its scenario needs the devcloud to itself.
ROLE_CASES = [pytest.param(role, marks=[pytest.mark.alone] if role == "cleanup" else []) for role in sorted(SCENARIOS)]


@pytest.mark.timeout(1200)
@pytest.mark.parametrize("role", ROLE_CASES)
def test_molecule_scenario(role, clouds_yaml, installed):
    cwd = os.path.join(ROOT, "roles", role)
    molecule = os.path.join(BIN, "molecule")
    reset = run([molecule, "reset"], clouds_yaml, cwd=cwd)  # no state from an earlier, interrupted run
    assert reset.returncode == 0, reset.stdout + reset.stderr
    proc = run([molecule, "test"], clouds_yaml, cwd=cwd, timeout=1100)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-8000:]
    # every step of the sequence ran its playbook and passed (idempotence passes only if the second converge
    # changed nothing), none was skipped or missing
    done = re.findall(r"default (?:➜|>) (\w+): Executed: (\w+)", out)  # with or without a terminal
    assert [step for step, result in done if result == "Successful"][-len(SCENARIOS[role]) :] == SCENARIOS[role], done
    assert "Skipping" not in out and "Missing playbook" not in out
    assert "Traceback" not in out


@pytest.mark.parametrize("role", sorted(SCENARIOS))
def test_argument_specs_render(role, clouds_yaml, installed):
    proc = run([os.path.join(BIN, "ansible-doc"), "-t", "role", "-j", "polystack.cloud." + role], clouds_yaml)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)["polystack.cloud." + role]
    options = doc["entry_points"]["main"]["options"]
    assert "%s_cloud" % role in options and options["%s_cloud" % role]["required"] is True
    assert all(name.startswith(role + "_") for name in options)
    assert all(option.get("description") for option in options.values())
    # every option has a default in defaults/main.yml or is required (the role runs with just the required ones)
    defaults = open(os.path.join(ROOT, "roles", role, "defaults", "main.yml")).read()
    for name, option in options.items():
        assert option.get("required") or re.search(r"^%s:" % name, defaults, re.M), name


BAD_INPUT = [
    # role, its vars, what the message must name
    (
        "multicloud_server",
        {
            "multicloud_server_cloud": "devcloud-fip",
            "multicloud_server_name": "x",
            "multicloud_server_image": "x",
            "multicloud_server_flavor_ram": "lots",
        },
        "multicloud_server_flavor_ram",
    ),
    (
        "multicloud_server",
        {"multicloud_server_cloud": "devcloud-fip", "multicloud_server_image": "x"},
        "multicloud_server_name",
    ),
    (
        "multicloud_server",
        {
            "multicloud_server_cloud": "devcloud-fip",
            "multicloud_server_name": "x",
            "multicloud_server_image": "x",
            "multicloud_server_keypair": "role-bad-key",
        },
        "multicloud_server_keypair role-bad-key needs multicloud_server_public_key",
    ),
    ("cleanup", {"cleanup_cloud": "devcloud-fip"}, "set cleanup_prefix, cleanup_tag or cleanup_metadata"),
    (
        "cleanup",
        {"cleanup_cloud": "devcloud-fip", "cleanup_prefix": "role-", "cleanup_servers": "maybe"},
        "cleanup_servers",
    ),
]


@pytest.mark.parametrize("role,args,named", BAD_INPUT)
def test_bad_input_is_named(role, args, named, clouds_yaml, installed, tmp_path):
    playbook = tmp_path / "bad.yml"
    play = [
        {
            "name": "Bad input",
            "hosts": "localhost",
            "gather_facts": False,
            "tasks": [{"ansible.builtin.include_role": {"name": "polystack.cloud." + role}, "vars": args}],
        }
    ]
    playbook.write_text(json.dumps(play))
    proc = run([os.path.join(BIN, "ansible-playbook"), str(playbook)], clouds_yaml)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out
    assert named in out, out
    assert "Traceback" not in out
    assert "failed=1" in out
