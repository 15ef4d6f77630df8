# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking of secrets in every text the collection logs or reports.

Known values (passwords, application credential secrets, tokens: registered as they become known) are
replaced wherever they appear; so are the values of secret-looking JSON or form fields and token headers.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import logging
import re

# The collection's one secret vocabulary. A key holds a secret when its name contains one of SECRET_WORDS
# (clouds.yaml's auth: password, application_credential_secret, token, passcode; a module option or a variable
# named so) or is one of the other SECRET_FIELDS (nova's adminPass, a keypair's private_key, swift's
# temp_url_key). is_secret_key() answers for keys (configs, options, results); mask() for text.
SECRET_WORDS = ("password", "secret", "token", "passcode")
SECRET_FIELDS = SECRET_WORDS + (
    "application_credential_secret",
    "client_secret",
    "access_token",
    "adminPass",
    "private_key",
    "temp_url_key",
)
_FIELD = "(?:%s)" % "|".join(re.escape(f) for f in SECRET_FIELDS)
# "field": "json string with \" escapes"  |  field=value  |  'field': 'value'
# A field is secret when its name is one of those, alone or after a prefix ending in "_" (os_password,
# auth_token): not when the word only contains one ("tokens: 5", "password_expires_at"), which is harmless
# text that masking would hide.
_NAME = r"(?:[A-Za-z]+_)*%s" % _FIELD
_JSON_FIELD = re.compile(r'("%s"\s*:\s*)"(?:[^"\\]|\\.)*"' % _NAME, re.IGNORECASE)
# (a null is no secret: "admin_password": null stays valid JSON, as openstack.cloud's results have such keys)
_OTHER_FIELD = re.compile(
    r"(\b%s['\"]?\s*[:=]\s*)(?!(?:null|None)\b)('(?:[^'\\]|\\.)*'|[^\s,{}\[&\"']+)" % _NAME, re.IGNORECASE
)
_TOKEN_HEADER = re.compile(
    r"((?:X-Auth-Token|X-Subject-Token|X-Service-Token)[\"']?\s*[:=]\s*[\"']?)([^\s\"',}]+)", re.IGNORECASE
)


class SecretFilter(logging.Filter):
    """A logging filter (and text masker) that knows the secrets registered with add()."""

    def __init__(self):
        super(SecretFilter, self).__init__()
        self.secrets = set()

    def add(self, *values):
        for value in values:
            if value and isinstance(value, str) and len(value) >= 4:
                self.secrets.add(value)

    def mask(self, text):
        if not isinstance(text, str) or not text:
            return text
        for value in sorted(self.secrets, key=len, reverse=True):
            if value in text:
                text = text.replace(value, "***")
        text = _TOKEN_HEADER.sub(lambda m: m.group(1) + (m.group(2) if m.group(2).startswith("{SHA") else "***"), text)
        text = _JSON_FIELD.sub(lambda m: m.group(1) + '"***"', text)
        return _OTHER_FIELD.sub(lambda m: m.group(1) + ("***" if m.group(2) != "***" else m.group(2)), text)

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix
            return True
        masked = self.mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        return True


SECRETS = SecretFilter()
_OTHER_KEYS = frozenset(f.lower() for f in SECRET_FIELDS)


def is_secret_key(key):
    """Whether a key (of a config, an option, a result) names a secret: its value is never shown."""
    key = str(key).lower()
    return key in _OTHER_KEYS or any(word in key for word in SECRET_WORDS)


def mask(text):
    return SECRETS.mask(text)
