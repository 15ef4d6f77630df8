# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs polystack.cloud.os_volume_info in a fork of the worker (plugin_utils/_in_process.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.polystack.cloud.plugins.modules.os_volume_info import main as _module_main
from ansible_collections.polystack.cloud.plugins.plugin_utils._in_process import CloudAction

# ansible-lint's args rule loads a task's action plugin in place of its module and validates the task's options by
# calling the file's main() (tests/integration/test_lint_args.py): the module's own, which only validates there
main = _module_main


class ActionModule(CloudAction):
    pass
