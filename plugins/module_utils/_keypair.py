# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keypairs as a state: the public key a task gives (or one the cloud generates), compared by fingerprint.

ensure() plans first (before, after) and then returns the plan (check mode) or carries it out; it returns
{changed, before, after, keypair}. os_keypair calls it; the Python API's create_keypair is the plain call.
Nothing here imports Ansible."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.polystack.cloud.plugins.module_utils._compute import keypair_view, public_key_fingerprint
from ansible_collections.polystack.cloud.plugins.module_utils._errors import CloudError, ConfigError


class KeyMismatch(CloudError):
    """A keypair of that name holds another public key, and the task did not ask to replace it."""

    def __init__(self, message, keypair, **kwargs):
        super(KeyMismatch, self).__init__(message, result={"keypair": keypair}, **kwargs)
        self.keypair = keypair


def one_key(key, what):
    """A keypair is one public key: nova would store every line, and each would become an authorized key of
    the servers booted with it (a second line slipped into a variable would grant its owner access)."""
    lines = [line for line in key.splitlines() if line.strip()]
    if len(lines) > 1:
        raise ConfigError("%s holds %d lines: give exactly one OpenSSH public key" % (what, len(lines)))
    return key


def wanted_key(public_key=None, public_key_file=None):
    """The public key given (inline or in a file), or None when none is (the cloud then generates one). A key
    given empty (an empty file, a variable that rendered to nothing) is a mistake, not a request for a
    generated key."""
    if public_key_file:
        try:
            with open(public_key_file) as f:
                key = f.read().strip()
        except OSError as e:
            raise ConfigError("public_key_file %s cannot be read: %s" % (public_key_file, e.strerror or e)) from None
        if not key:
            raise ConfigError("public_key_file %s is empty: it must hold an OpenSSH public key" % public_key_file)
        return one_key(key, "public_key_file %s" % public_key_file)
    if public_key is not None and not public_key.strip():
        raise ConfigError(
            "public_key is empty: give the OpenSSH public key, or leave public_key out for the cloud to "
            "generate a keypair"
        )
    return one_key(public_key.strip(), "public_key") if public_key else None


def _result(changed, before, after, keypair):
    return dict(changed=changed, before=before, after=after, keypair=keypair)


def ensure(cloud, name, state="present", key=None, check_mode=False):
    """The keypair `name`: absent deletes it; present makes it (with `key`, else the cloud generates one) and
    refuses one that holds another key; replace deletes and imports again one that holds another key."""
    fingerprint = public_key_fingerprint(key) if key else None
    current = cloud.get_keypair(name)
    before = keypair_view(current)
    if state == "absent":
        if current is not None and not check_mode:
            cloud.delete_keypair(name)
        return _result(current is not None, before, {}, None)
    if current is not None and (fingerprint is None or current.fingerprint == fingerprint):
        return _result(False, before, before, current)
    if current is not None and state == "present":
        raise KeyMismatch(
            "keypair %s on cloud %s region %s has fingerprint %s, the public key given has %s: use state=replace "
            "to replace it" % (name, cloud.name, cloud.region_name, current.fingerprint, fingerprint),
            current,
        )
    after = {"name": name, "fingerprint": fingerprint, "public_key": key, "type": "ssh"}
    if check_mode:
        return _result(
            True, before, after, dict(after, location={"cloud": cloud.name, "region_name": cloud.region_name})
        )
    if current is not None:
        cloud.delete_keypair(name)
    created = cloud.create_keypair(name, public_key=key)
    return _result(True, before, keypair_view(created), created)
