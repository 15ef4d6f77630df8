#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_keypair_info.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _compute
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class KeypairInfoModule(CloudModule):
    argument_spec = dict(
        limit=dict(type="int"),
        marker=dict(type="str"),
        name=dict(type="str"),
        user_id=dict(type="str"),
    )

    def run(self):
        p = self.params
        if p["limit"] is not None and p["limit"] < 1:
            raise ConfigError("limit must be 1 or more, not %d" % p["limit"])
        keypairs = _compute.list_keypairs(self.cloud, p["name"], p["user_id"], p["limit"], p["marker"])
        self.exit(False, keypairs=keypairs)


def main():
    KeypairInfoModule()()


if __name__ == "__main__":
    main()
