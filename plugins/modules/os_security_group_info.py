#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_security_group_info
short_description: List the security groups of an OpenStack cloud
version_added: 0.6.0
description:
  - The security groups the project sees (all of them, or by name or id, a shell glob too), with their rules.
  - The same options as C(openstack.cloud.security_group_info).
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Reads only.
  diff_mode:
    support: none
    description: Changes nothing.
options:
  name:
    description: A name or id, or a shell glob of them.
    type: str
  description:
    description: Only groups with this description.
    type: str
  project_id:
    description: Only groups of this project (name or id).
    type: str
  revision_number:
    description: Only groups at this revision.
    type: int
  tags:
    description: Only groups with all of these tags.
    type: list
    elements: str
  any_tags:
    description: Only groups with at least one of these tags.
    type: list
    elements: str
  not_tags:
    description: Leave out groups with all of these tags.
    type: list
    elements: str
  not_any_tags:
    description: Leave out groups with any of these tags.
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: The groups of the project
  polystack.cloud.os_security_group_info:
    cloud: devcloud-fip
  register: groups
"""

RETURN = r"""
security_groups:
  description: The groups found.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The group's id.
      type: str
    name:
      description: Its name.
      type: str
    description:
      description: Its description.
      type: str
    project_id:
      description: Its project.
      type: str
    security_group_rules:
      description: Its rules.
      type: list
      elements: dict
    stateful:
      description: Whether it is stateful.
      type: bool
    tags:
      description: Its tags.
      type: list
      elements: str
"""

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
