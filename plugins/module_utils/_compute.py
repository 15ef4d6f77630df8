# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compute business logic, small functions on a Cloud (no Ansible here)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import hashlib

from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError

SSH_KEY_TYPES = (
    "ssh-rsa",
    "ssh-dss",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)


def public_key_fingerprint(public_key):
    """Nova's fingerprint of an OpenSSH public key (MD5 of the key blob, colon-separated hex).

    Options before the key type, the comment and whitespace do not count: two spellings of one key
    have one fingerprint."""
    parts = (public_key or "").strip().split()
    for i, part in enumerate(parts):
        if part in SSH_KEY_TYPES and i + 1 < len(parts):
            try:
                blob = base64.b64decode(parts[i + 1].encode("ascii"), validate=True)
            except (binascii.Error, ValueError, UnicodeEncodeError):
                break
            digest = hashlib.md5(blob).hexdigest()  # nova's format; not used for security
            return ":".join(digest[j : j + 2] for j in range(0, len(digest), 2))
    raise ConfigError(
        "public_key is not an OpenSSH public key (expected '<type> <base64> [comment]' with type one of %s)"
        % ", ".join(SSH_KEY_TYPES[:4])
    )


def keypair_view(keypair):
    """What a keypair result and diff show (never the private key)."""
    if not keypair:
        return {}
    return {
        "name": keypair.get("name"),
        "fingerprint": keypair.get("fingerprint"),
        "public_key": (keypair.get("public_key") or "").strip() or None,
        "type": keypair.get("type"),
    }
