"""Every secret the devcloud issued: passwords, application credential secrets, service passwords, the swift
hash (from the generated clouds.yaml and the devcloud's secrets.json). Tests assert none appears in output."""

import json
import os

import yaml

SECRET_KEYS = ("password", "secret", "token", "passcode")


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def devcloud_secrets(clouds_yaml):
    found = set()
    with open(clouds_yaml) as f:
        clouds = yaml.safe_load(f)["clouds"]
    for conf in clouds.values():
        for key, value in (conf.get("auth") or {}).items():
            if any(w in key for w in SECRET_KEYS) and isinstance(value, str):
                found.add(value)
    directory = os.environ.get("DEVCLOUD_DIR") or os.path.dirname(os.path.abspath(clouds_yaml))
    path = os.path.join(directory, "secrets.json")
    if os.path.exists(path):
        with open(path) as f:
            found.update(_strings(json.load(f)))
    # short values (a service user's password equal to its name, "admin") would match ordinary words
    return sorted(s for s in found if len(s) >= 12)
