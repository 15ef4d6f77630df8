"""The secret sweep: every way a credential can be given x every verbosity x every output x success and failure.

Ways (each once right, once wrong): a cloud of clouds.yaml; the password in secure.yaml; OS_* variables (the
task's `environment`); `auth` as a literal mapping, as a JSON string, as key=value text, as a template of a
mapping; `cloud` as a template of the cloud's settings; an application credential (clouds.yaml and `auth`); a
token (`auth_type: v3token`). Plus, ad hoc, `auth` as key=value and as JSON on the command line (their failures:
see test_secret_inputs.py, ansible-core prints an ad-hoc task's arguments when it fails).

Verbosity 0 to -vvvvvv. Outputs: stdout and stderr, Ansible's log (ANSIBLE_LOG_PATH), the collection's debug log
with every HTTP request and answer (POLYSTACK_DEBUG_LOG), ansible-runner's artifacts (job events, stdout), the
inventory's output at -vvvvvv and its cache files. Secrets looked for: every password and application
credential secret of the devcloud, the wrong ones the failing forms gave, the token given, a bogus token, and
every token the runs cached (so the tokens really used). Harmless text (a keypair named ...-token-password-...)
stays readable."""

import glob
import json
import os
import re
import stat
import sys
import uuid

import pytest
import requests
import yaml
from conftest import ROOT, run_tool
from reliability.runner import KEY, module_env, run_module
from reliability.secrets_util import devcloud_secrets

RUN = uuid.uuid4().hex[:6]
N = "rel-sweep-%s-token-password" % RUN  # a harmless name with the words a crude masker would hide
WRONG_PASSWORD = "Wr0ng-Pa55-%s" % uuid.uuid4().hex[:10]
WRONG_SECRET = "Wr0ng-Secr3t-%s" % uuid.uuid4().hex[:10]
BOGUS_TOKEN = "gAAAAABogus%s" % uuid.uuid4().hex
REGION = "RegionOne"
FERNET = re.compile(r"gAAAAA[A-Za-z0-9_\-]{40,}={0,2}")


def scoped_token(auth):
    """A project-scoped token of devcloud-fip's user, as a user would get one (openstack token issue)."""
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": auth["username"],
                        "domain": {"name": auth["user_domain_name"]},
                        "password": auth["password"],
                    }
                },
            },
            "scope": {"project": {"name": auth["project_name"], "domain": {"name": auth["project_domain_name"]}}},
        }
    }
    resp = requests.post(auth["auth_url"].rstrip("/") + "/auth/tokens", json=body, timeout=60)
    resp.raise_for_status()
    return resp.headers["X-Subject-Token"], resp.json()["token"]["project"]["id"]


@pytest.fixture(scope="module")
def world(clouds, clouds_yaml, tmp_path_factory):
    """The files every run uses: clouds.yaml with wrong clouds added, a clouds.yaml/secure.yaml pair, the
    playbook of every form, the vars file of its secrets; and the secrets to look for."""
    tmp = tmp_path_factory.mktemp("sweep")
    fip = json.loads(json.dumps(clouds["devcloud-fip"]))
    app = json.loads(json.dumps(clouds["devcloud-appcred"]))
    for conf in (fip, app):
        conf.pop("regions", None)
        conf["region_name"] = REGION
    auth, app_auth = fip["auth"], app["auth"]
    token, project_id = scoped_token(auth)
    wrong_auth = dict(auth, password=WRONG_PASSWORD)

    plain = dict(clouds)
    plain["rel-wrong"] = dict(fip, auth=wrong_auth)
    plain["rel-wrong-app"] = dict(app, auth=dict(app_auth, application_credential_secret=WRONG_SECRET))
    without_password = dict(fip, auth=dict((k, v) for k, v in auth.items() if k != "password"))
    plain["rel-split"] = without_password
    plain["rel-split-wrong"] = without_password
    paths = dict(clouds=str(tmp / "clouds.yaml"), secure=str(tmp / "secure.yaml"))
    with open(paths["clouds"], "w") as f:
        yaml.safe_dump({"clouds": plain}, f)
    with open(paths["secure"], "w") as f:
        yaml.safe_dump(
            {
                "clouds": {
                    "rel-split": {"auth": {"password": auth["password"]}},
                    "rel-split-wrong": {"auth": {"password": WRONG_PASSWORD}},
                }
            },
            f,
        )
    os.chmod(paths["secure"], 0o600)

    secrets_vars = {
        "sweep_auth": auth,
        "sweep_wrong_auth": wrong_auth,
        "sweep_auth_json": json.dumps(auth),
        "sweep_wrong_auth_json": json.dumps(wrong_auth),
        "sweep_settings": fip,
        "sweep_wrong_settings": dict(fip, auth=wrong_auth),
    }
    paths["vars"] = str(tmp / "secrets.yml")
    with open(paths["vars"], "w") as f:
        yaml.safe_dump(secrets_vars, f)
    os.chmod(paths["vars"], 0o600)

    def kv(a):
        return " ".join("%s=%s" % (k, v) for k, v in sorted(a.items()))

    env_vars = dict(
        ("OS_" + k.upper(), v) for k, v in auth.items() if k in ("auth_url", "username", "password", "project_name")
    )
    env_vars.update(
        OS_USER_DOMAIN_NAME=auth["user_domain_name"],
        OS_PROJECT_DOMAIN_NAME=auth["project_domain_name"],
        OS_REGION_NAME=REGION,
    )
    split_env = {"OS_CLIENT_SECURE_FILE": paths["secure"]}
    token_auth = {"auth_url": auth["auth_url"], "token": token, "project_id": project_id}
    app_direct = dict(app_auth)
    # label: (task options, environment, whether it must succeed)
    forms = {
        "clouds-yaml": ({"cloud": "devcloud-fip"}, None, True),
        "clouds-yaml-wrong": ({"cloud": "rel-wrong"}, None, False),
        "secure-yaml": ({"cloud": "rel-split"}, split_env, True),
        "secure-yaml-wrong": ({"cloud": "rel-split-wrong"}, split_env, False),
        "os-vars": ({}, env_vars, True),
        "os-vars-wrong": ({}, dict(env_vars, OS_PASSWORD=WRONG_PASSWORD), False),
        "auth-literal": ({"auth": auth}, None, True),
        "auth-literal-wrong": ({"auth": wrong_auth}, None, False),
        "auth-json": ({"auth": "{{ sweep_auth_json }}"}, None, True),
        "auth-json-wrong": ({"auth": "{{ sweep_wrong_auth_json }}"}, None, False),
        "auth-key-value": ({"auth": kv(auth)}, None, True),
        "auth-key-value-wrong": ({"auth": kv(wrong_auth)}, None, False),
        "auth-template": ({"auth": "{{ sweep_auth }}"}, None, True),
        "auth-template-wrong": ({"auth": "{{ sweep_wrong_auth }}"}, None, False),
        "cloud-template": ({"cloud": "{{ sweep_settings }}"}, None, True),
        "cloud-template-wrong": ({"cloud": "{{ sweep_wrong_settings }}"}, None, False),
        "appcred": ({"cloud": "devcloud-appcred"}, None, True),
        "appcred-wrong": ({"cloud": "rel-wrong-app"}, None, False),
        "appcred-auth": ({"auth_type": "v3applicationcredential", "auth": app_direct}, None, True),
        "token": ({"auth_type": "v3token", "auth": token_auth}, None, True),
        "token-wrong": ({"auth_type": "v3token", "auth": dict(token_auth, token=BOGUS_TOKEN)}, None, False),
    }
    tasks = [
        {
            "name": "Harmless text stays readable: a keypair named %s" % N,
            "polystack.cloud.os_keypair": {
                "cloud": "devcloud-fip",
                "region_name": REGION,
                "name": N,
                "public_key": KEY,
            },
        }
    ]
    for label, (options, environment, _ok) in forms.items():
        task = {
            "name": "Form %s" % label,
            "polystack.cloud.os_keypair_info": dict(options, region_name=REGION, name=N),
            "register": "sweep_" + label.replace("-", "_"),
            "ignore_errors": True,
        }
        if environment:
            task["environment"] = environment
        tasks.append(task)
    outcome = "{{ {%s} | to_json }}" % ", ".join(
        "'%s': (sweep_%s is succeeded)" % (label, label.replace("-", "_")) for label in forms
    )
    tasks.append({"name": "Outcomes", "ansible.builtin.debug": {"msg": "OUTCOMES %s" % outcome}})
    tasks.append(
        {
            "name": "Remove the keypair",
            "polystack.cloud.os_keypair": {
                "cloud": "devcloud-fip",
                "region_name": REGION,
                "name": N,
                "state": "absent",
            },
        }
    )
    play = {"name": "Secret sweep", "hosts": "localhost", "gather_facts": False, "vars_files": [paths["vars"]]}
    play["tasks"] = tasks
    paths["playbook"] = str(tmp / "sweep.yml")
    with open(paths["playbook"], "w") as f:
        yaml.safe_dump([play], f, sort_keys=False, width=1000)
    os.chmod(paths["playbook"], 0o600)

    secrets = set(devcloud_secrets(clouds_yaml)) | {WRONG_PASSWORD, WRONG_SECRET, token, BOGUS_TOKEN}
    return dict(
        tmp=tmp,
        paths=paths,
        forms=dict((k, v[2]) for k, v in forms.items()),
        secrets=secrets,
        auth=auth,
        cache=str(tmp / "cache"),
    )


def env_for(world, name, **extra):
    """The environment of one run: its own logs (the debug log holds every HTTP request and answer)."""
    logs = os.path.join(str(world["tmp"]), name)
    os.makedirs(logs, exist_ok=True)
    env = module_env(
        world["paths"]["clouds"],
        cache_dir=world["cache"],
        POLYSTACK_DEBUG_LOG=os.path.join(logs, "debug.log"),
        ANSIBLE_LOG_PATH=os.path.join(logs, "ansible.log"),
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        **extra,
    )
    return env, logs


def read_logs(logs):
    out = {}
    for path in sorted(glob.glob(os.path.join(logs, "*.log"))):
        with open(path, errors="replace") as f:
            out[os.path.basename(path)] = f.read()
    return out


def all_secrets(world):
    """The secrets, and every token the runs so far cached (the tokens actually used)."""
    found = set(world["secrets"])
    for path in glob.glob(os.path.join(world["cache"], "**", "*"), recursive=True):
        if os.path.isfile(path):
            with open(path, errors="replace") as f:
                found.update(FERNET.findall(f.read()))
    return sorted(s for s in found if len(s) >= 12)


def leaks(outputs, secrets):
    return [
        "%s holds a secret (%s...)" % (label, secret[:6])
        for label, text in outputs.items()
        for secret in secrets
        if secret in text
    ]


@pytest.mark.parametrize("verbosity", range(7), ids=["v%d" % v for v in range(7)])
def test_every_form_at_every_verbosity(world, verbosity):
    env, logs = env_for(world, "playbook-v%d" % verbosity)
    argv = ["ansible-playbook", world["paths"]["playbook"]] + (["-" + "v" * verbosity] if verbosity else [])
    proc = run_tool(argv, env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert "Traceback" not in out, out[-4000:]
    outcomes = json.loads(re.search(r"OUTCOMES (\{.*?\})", proc.stdout.replace('\\"', '"')).group(1))
    assert outcomes == world["forms"], "which forms worked: %s" % outcomes
    outputs = dict({"stdout": proc.stdout, "stderr": proc.stderr}, **read_logs(logs))
    assert leaks(outputs, all_secrets(world)) == []
    # harmless text is not masked: the keypair's name in the output (from -v on, results are shown) and logs
    assert N in outputs["debug.log"] and N in outputs["ansible.log"]
    if verbosity:
        assert proc.stdout.count(N) >= 2, proc.stdout[-3000:]
    # nor is what is not secret in a secret mapping: auth given as a mapping once made Ansible hide its auth_url
    assert "refused by ********" not in outputs["ansible.log"]
    assert outputs["ansible.log"].count("authentication refused by http") >= 8
    assert "/v3/auth/tokens" in outputs["debug.log"]  # the debug log did record the traffic
    assert stat.S_IMODE(os.stat(os.path.join(logs, "debug.log")).st_mode) == 0o600


@pytest.mark.parametrize("form", ["key=value", "json"])
def test_ad_hoc_auth_text_at_every_verbosity(world, form):
    auth = world["auth"]
    text = " ".join("%s=%s" % (k, v) for k, v in sorted(auth.items())) if form == "key=value" else json.dumps(auth)
    for verbosity in range(7):
        env, logs = env_for(world, "adhoc-%s-v%d" % (form, verbosity))
        result = run_module(
            "polystack.cloud.os_keypair_info",
            {"auth": text, "region_name": REGION},
            world["paths"]["clouds"],
            verbosity=verbosity,
            env=env,
        )
        assert result.rc == 0, result.out[-3000:]
        assert "Traceback" not in result.out
        outputs = dict({"output": result.out}, **read_logs(logs))
        assert leaks(outputs, all_secrets(world)) == [], "-%s" % ("v" * verbosity)


def test_ansible_runner_events(world):
    """ansible-runner (what AWX and ansible-navigator use): its job events and stdout, at -vvvv."""
    data = os.path.join(str(world["tmp"]), "runner")
    os.makedirs(os.path.join(data, "project"))
    # ansible-runner runs ansible-playbook in its project directory: the repository's ansible.cfg by name
    env, logs = env_for(world, "runner", ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    argv = [sys.executable, "-m", "ansible_runner", "run", data, "--playbook", world["paths"]["playbook"]]
    proc = run_tool(argv + ["--ident", "sweep", "-vvvv"], env)
    artifacts = os.path.join(data, "artifacts", "sweep")
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    outputs = {"runner stdout": proc.stdout + proc.stderr}
    events = sorted(glob.glob(os.path.join(artifacts, "job_events", "*.json")))
    assert len(events) > 20, events  # every task's start and result
    for path in glob.glob(os.path.join(artifacts, "**", "*"), recursive=True):
        if os.path.isfile(path):
            with open(path, errors="replace") as f:
                outputs[os.path.relpath(path, data)] = f.read()
    outputs.update(read_logs(logs))
    joined = "".join(outputs.values())
    assert "Form token-wrong" in joined and "authentication refused" in joined  # failures are in the events
    assert N in joined
    assert leaks(outputs, all_secrets(world)) == []


@pytest.mark.parametrize("verbosity", [0, 6], ids=["v0", "v6"])
def test_inventory_output_and_cache(world, verbosity):
    """The inventory plugin over right and wrong sources (clouds.yaml, secure.yaml, application credential, a
    wrong password), its output at -vvvvvv, and its cache files."""
    cache = os.path.join(str(world["tmp"]), "inventory-cache-v%d" % verbosity)
    inv = os.path.join(str(world["tmp"]), "sweep-v%d.openstack.yml" % verbosity)
    with open(inv, "w") as f:
        yaml.safe_dump(
            {
                "plugin": "polystack.cloud.openstack",
                "only_clouds": ["devcloud-fip", "rel-split", "devcloud-appcred", "rel-wrong", "rel-wrong-app"],
                "regions": [REGION],
                "cache": True,
                "cache_plugin": "ansible.builtin.jsonfile",
                "cache_connection": cache,
            },
            f,
        )
    env, logs = env_for(
        world, "inventory-v%d" % verbosity, OS_CLIENT_SECURE_FILE=world["paths"]["secure"],
        ANSIBLE_INVENTORY_ENABLED="polystack.cloud.openstack",
    )  # fmt: skip
    argv = ["ansible-inventory", "-i", inv, "--list"] + (["-" + "v" * verbosity] if verbosity else [])
    proc = run_tool(argv, env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert "rel-wrong" in out and "authentication refused" in out  # the wrong sources failed, and said so
    outputs = dict({"stdout": proc.stdout, "stderr": proc.stderr}, **read_logs(logs))
    files = [p for p in glob.glob(os.path.join(cache, "**", "*"), recursive=True) if os.path.isfile(p)]
    assert files, "the inventory cached nothing in %s" % cache
    for path in files:
        with open(path, errors="replace") as f:
            outputs["cache " + os.path.basename(path)] = f.read()
    assert leaks(outputs, all_secrets(world)) == []
