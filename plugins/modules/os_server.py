#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_server.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _server
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ServerModule(CloudModule):
    argument_spec = dict(
        auto_ip=dict(type="bool", default=True, aliases=["auto_floating_ip", "public_ip"]),
        availability_zone=dict(type="str"),
        boot_from_volume=dict(type="bool", default=False),
        boot_volume=dict(type="str", aliases=["root_volume"]),
        detach_volumes=dict(type="bool", default=False),
        terminate_volume=dict(type="bool"),
        volume_size=dict(type="int"),
        volumes=dict(type="list", elements="str"),
        cleanup_on_failure=dict(type="bool", default=True),
        config_drive=dict(type="bool"),
        delete_ips=dict(type="bool", default=False, aliases=["delete_fip"]),
        description=dict(type="str"),
        flavor=dict(type="raw"),
        flavor_include=dict(type="str"),
        flavor_ram=dict(type="int"),
        floating_ip_pools=dict(type="list", elements="str", aliases=["ip_pool"]),
        floating_ips=dict(type="list", elements="str", aliases=["ips"]),
        image=dict(type="raw"),
        image_exclude=dict(type="str"),
        key_name=dict(type="str"),
        metadata=dict(type="raw", aliases=["meta"]),
        metadata_mode=dict(type="str", default="replace", choices=["merge", "replace"]),
        name=dict(type="str", required=True),
        nat_destination=dict(type="str"),
        network=dict(type="str"),
        nics=dict(type="list", elements="dict"),
        on_drift=dict(type="str", default="warn", choices=["fail", "warn"]),
        reuse_ips=dict(type="bool", default=False),
        scheduler_hints=dict(type="dict"),
        security_groups=dict(type="list", elements="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
        tags=dict(type="list", elements="str"),
        userdata=dict(type="str", aliases=["user_data"]),
    )
    module_kwargs = dict(
        mutually_exclusive=[["flavor", "flavor_ram"], ["network", "nics"], ["image", "boot_volume"]]
        + [["boot_from_volume", "boot_volume"]]
    )

    def create_lock_key(self):
        return ("compute", "server", self.params["name"]) if self.params["state"] == "present" else None

    def run(self):
        p = self.params
        if p["state"] == "absent":
            result = _server.ensure_absent(
                self.cloud, p["name"], delete_ips=p["delete_ips"], wait=p["wait"], timeout=p["timeout"],
                check_mode=self.check_mode,
            )  # fmt: skip
        else:
            result = _server.ensure_present(self.cloud, p, self.check_mode)
        for warning in result["warnings"]:
            self.module.warn(warning)
        self.exit(
            result["changed"],
            diff={"before": result["before"], "after": result["after"]},
            server=result["server"],
            drift=result["drift"],
            **({"boot": result["boot"]} if result.get("boot") else {}),
        )


def main():
    ServerModule()()


if __name__ == "__main__":
    main()
