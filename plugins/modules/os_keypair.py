#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_keypair
short_description: Add, replace or remove an SSH keypair on an OpenStack cloud
version_added: 0.1.0
description:
  - Makes sure a compute keypair is present with the given public key, replaced, or absent.
  - Keys are compared by fingerprint, so the comment and whitespace of a public key do not matter.
  - Without O(public_key) or O(public_key_file), the cloud generates a keypair when it creates one and the
    private key is returned once, in RV(keypair.private_key). Use C(no_log) on such a task.
  - The same options as C(openstack.cloud.keypair), so that playbooks port by changing the FQCN.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes.
  diff_mode:
    support: full
    description: Shows the keypair's name, fingerprint and public key before and after.
options:
  name:
    description:
      - The keypair's name (unique per user and region).
    type: str
    required: true
  public_key:
    description:
      - The OpenSSH public key, for example the content of C(~/.ssh/id_ed25519.pub).
      - Mutually exclusive with O(public_key_file).
    type: str
  public_key_file:
    description:
      - A file holding the OpenSSH public key, read on the host that runs the task.
      - Mutually exclusive with O(public_key).
    type: path
  state:
    description:
      - V(present) creates the keypair if it is missing. If it exists with another key, the task fails
        (it does not silently keep or change it).
      - V(replace) also replaces a keypair whose key differs from the one given.
      - V(absent) deletes the keypair.
    type: str
    choices: [absent, present, replace]
    default: present
"""

EXAMPLES = r"""
- name: Put my key on every cloud
  polystack.cloud.os_keypair:
    cloud: "{{ item }}"
    name: deploy
    public_key_file: ~/.ssh/id_ed25519.pub
  loop: [devcloud-fip, devcloud-direct]

- name: Let the cloud generate a keypair and keep the private key
  polystack.cloud.os_keypair:
    cloud: devcloud-fip
    name: generated
  register: generated
  no_log: true

- name: Rotate a key
  polystack.cloud.os_keypair:
    cloud: devcloud-fip
    name: deploy
    public_key: "{{ lookup('ansible.builtin.file', 'new_key.pub') }}"
    state: replace

- name: Remove it
  polystack.cloud.os_keypair:
    cloud: devcloud-fip
    name: deploy
    state: absent
"""

RETURN = r"""
keypair:
  description: The keypair after the task; null when O(state=absent).
  returned: always
  type: dict
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
