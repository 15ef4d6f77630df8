#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_volume.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _volume
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class VolumeModule(CloudModule):
    argument_spec = dict(
        availability_zone=dict(type="str"),
        description=dict(type="str", aliases=["display_description"]),
        image=dict(type="str"),
        is_bootable=dict(type="bool", aliases=["bootable"]),
        is_multiattach=dict(type="bool"),
        metadata=dict(type="dict"),
        name=dict(type="str", required=True, aliases=["display_name"]),
        scheduler_hints=dict(type="dict"),
        size=dict(type="int"),
        snapshot=dict(type="str", aliases=["snapshot_id"]),
        state=dict(type="str", default="present", choices=["absent", "present"]),
        volume=dict(type="str"),
        volume_type=dict(type="str"),
    )
    module_kwargs = dict(mutually_exclusive=[["image", "snapshot", "volume"]])

    def create_lock_key(self):
        return ("block-storage", "volume", self.params["name"]) if self.params["state"] == "present" else None

    def run(self):
        p = self.params
        if p["size"] is not None and p["size"] < 1:
            self.fail("size must be 1 GiB or more, not %d" % p["size"])
        if p["state"] == "absent":
            result = _volume.ensure_absent(self.cloud, p["name"], p["wait"], p["timeout"], self.check_mode)
        else:
            result = _volume.ensure_present(self.cloud, p, self.check_mode)
        self.exit(
            result["changed"], diff={"before": result["before"], "after": result["after"]}, volume=result["volume"]
        )


def main():
    VolumeModule()()


if __name__ == "__main__":
    main()
