#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_security_group_info.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class SecurityGroupInfoModule(CloudModule):
    argument_spec = dict(
        name=dict(type="str"),
        description=dict(type="str"),
        project_id=dict(type="str"),
        revision_number=dict(type="int"),
        tags=dict(type="list", elements="str"),
        any_tags=dict(type="list", elements="str"),
        not_tags=dict(type="list", elements="str"),
        not_any_tags=dict(type="list", elements="str"),
    )

    def run(self):
        p = self.params
        filters = dict((k, p[k]) for k in ("description", "revision_number") if p[k] is not None)
        found = _neutron.list_resources(self.cloud, "security_group", p["name"], filters, p["project_id"])
        found = _neutron.match_tags(found, p["tags"], p["any_tags"], p["not_tags"], p["not_any_tags"])
        self.exit(False, security_groups=found)


def main():
    SecurityGroupInfoModule()()


if __name__ == "__main__":
    main()
