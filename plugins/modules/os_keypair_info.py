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
  limit:
    description:
      - At most this many keypairs, one page (nova 2.35 or later); with O(marker), the page after it.
    type: int
  marker:
    description:
      - The name of the last keypair of the previous page (nova 2.35 or later).
    type: str
  name:
    description:
      - Only the keypair of this name.
    type: str
  user_id:
    description:
      - The keypairs of this user (id) instead of the caller's; nova allows it to admins only.
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
    created_at:
      description: When the keypair was created, as nova shows it for a keypair read by name; null
        where nova does not say (a listing of every keypair, a create's answer).
      type: str
    fingerprint:
      description: The key's fingerprint as the cloud computes it (MD5, colon-separated).
      type: str
    id:
      description: The keypair's id (its name).
      type: str
    is_deleted:
      description: nova's C(deleted) flag, as nova shows it for a keypair read by name; null where
        nova does not say (a listing of every keypair, a create's answer).
      type: bool
    location:
      description: Where the keypair is (cloud, region_name, project).
      type: dict
    name:
      description: The keypair's name.
      type: str
    private_key:
      description: The private key nova generated; only when this very task made nova generate the
        keypair, else null.
      type: str
    public_key:
      description: The OpenSSH public key.
      type: str
    type:
      description: The key type, C(ssh) or C(x509).
      type: str
    user_id:
      description: The owner's user id (null where nova does not say).
      type: str
"""

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
