#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_keypair_info
short_description: List the SSH keypairs of an OpenStack cloud
version_added: 0.1.0
description:
  - Lists the keypairs of the authenticated user in one cloud-region, or the one named.
  - A keypair that does not exist gives an empty list, not a failure.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
  - polystack.cloud.openstack.info_module
options:
  name:
    description:
      - Only the keypair of this name.
    type: str
"""

EXAMPLES = r"""
- name: Which clouds have my key
  polystack.cloud.os_keypair_info:
    cloud: "{{ item }}"
    name: deploy
  loop: [devcloud-fip, devcloud-direct]
  register: found
"""

RETURN = r"""
keypairs:
  description: The keypairs found (never with private keys).
  returned: always
  type: list
  elements: dict
  contains:
    fingerprint:
      description: The key's fingerprint.
      type: str
    id:
      description: The keypair's id (its name).
      type: str
    location:
      description: Where the keypair is (cloud, region_name, project).
      type: dict
    name:
      description: The keypair's name.
      type: str
    public_key:
      description: The OpenSSH public key.
      type: str
    type:
      description: The key type.
      type: str
"""

from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class KeypairInfoModule(CloudModule):
    argument_spec = dict(name=dict(type="str"))

    def run(self):
        name = self.params["name"]
        if name:
            found = self.cloud.get_keypair(name)
            keypairs = [found] if found else []
        else:
            keypairs = self.cloud.list_keypairs()
        self.exit(False, keypairs=keypairs)


def main():
    KeypairInfoModule()()


if __name__ == "__main__":
    main()
