#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_floating_ip.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _floating_ip
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class FloatingIpModule(CloudModule):
    argument_spec = dict(
        fixed_address=dict(type="str", aliases=["fixed_ip_address"]),
        floating_ip_address=dict(type="str"),
        nat_destination=dict(type="str", aliases=["fixed_network", "internal_network"]),
        network=dict(type="str"),
        purge=dict(type="bool", default=False),
        reuse=dict(type="bool", default=False),
        server=dict(type="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )

    def create_lock_key(self):
        # two attaches to one server would allocate two addresses
        p = self.params
        return ("network", "floating_ip_for_server", p["server"]) if p["state"] == "present" and p["server"] else None

    def run(self):
        p = self.params
        if p["server"]:
            result = _floating_ip.for_server(
                self.cloud, p["server"], p["state"], p["floating_ip_address"], p["fixed_address"], p["network"],
                p["nat_destination"], p["purge"], p["reuse"], check_mode=self.check_mode,
            )  # fmt: skip
        else:
            result = _floating_ip.standalone(
                self.cloud, p["floating_ip_address"], p["state"], p["network"], check_mode=self.check_mode
            )
        diff = {"before": result["before"], "after": result["after"]}
        self.exit(result["changed"], diff=diff, floating_ip=result["floating_ip"])


def main():
    FloatingIpModule()()


if __name__ == "__main__":
    main()
