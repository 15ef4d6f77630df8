# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs polystack.cloud.os_object_info in a fork of the worker (plugin_utils/_in_process.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.polystack.cloud.plugins.plugin_utils._in_process import CloudAction


class ActionModule(CloudAction):
    pass
