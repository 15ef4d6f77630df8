#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_keypair.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _keypair
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class KeypairModule(CloudModule):
    argument_spec = dict(
        name=dict(type="str", required=True),
        public_key=dict(type="str"),
        public_key_file=dict(type="path"),
        state=dict(type="str", default="present", choices=["absent", "present", "replace"]),
    )
    module_kwargs = dict(mutually_exclusive=[["public_key", "public_key_file"]])

    def create_lock_key(self):
        return ("compute", "keypair", self.params["name"]) if self.params["state"] != "absent" else None

    def run(self):
        p = self.params
        key = _keypair.wanted_key(p["public_key"], p["public_key_file"])
        result = _keypair.ensure(self.cloud, p["name"], p["state"], key, self.check_mode)
        self.exit(
            result["changed"], diff={"before": result["before"], "after": result["after"]}, keypair=result["keypair"]
        )


def main():
    KeypairModule()()


if __name__ == "__main__":
    main()
