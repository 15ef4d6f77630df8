# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client-side matching as openstack.cloud's *_info modules do it (openstacksdk's cloud layer): a name or id that
may be a shell glob (web-*), and `filters`, a mapping the result must contain (nested mappings: a subset of the
result's mapping, e.g. {"metadata": {"group": "web"}}; anything else: equal). Playbooks written for openstack.cloud
filter on result keys nova's and neutron's list APIs do not take (id, metadata, ...), so they are matched here, on
the results themselves."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import re

GLOB = re.compile(r"[*?\[]")


def is_glob(name_or_id):
    return bool(name_or_id) and bool(GLOB.search(str(name_or_id)))


def name_matches(item, pattern):
    """Its id or name is the pattern, or matches it as a glob (fnmatch, case-sensitive)."""
    pattern = str(pattern)
    if pattern in (item.get("id"), item.get("name")):
        return True
    try:
        regex = re.compile(fnmatch.translate(pattern))
    except re.error:  # a pattern fnmatch cannot translate matches only itself
        return False
    return any(value and regex.match(str(value)) for value in (item.get("id"), item.get("name")))


def contains(item, filters):
    """item holds every key of filters with an equal value (mappings: recursively)."""
    for key, wanted in filters.items():
        if key not in item:
            return False
        have = item[key]
        if isinstance(wanted, dict):
            if not isinstance(have, dict) or not contains(have, wanted):
                return False
        elif have != wanted:
            return False
    return True


def select(items, name_or_id=None, filters=None):
    """The items whose name or id matches name_or_id (a glob, or None: all) and that contain filters."""
    return [
        item
        for item in items
        if (name_or_id is None or name_matches(item, name_or_id)) and contains(item, filters or {})
    ]
