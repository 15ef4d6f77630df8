"""Shared resources are never deleted as a side effect: two servers made by the multicloud_server role share its
keypair and image; the role's state=absent for one keeps both (and says which server uses them); for the last one
it deletes them."""

import os
import subprocess
import uuid

from conftest import BIN, ROOT

PLAYBOOK = """\
- name: The role, twice, then absent one by one
  hosts: localhost
  gather_facts: false
  vars:
    common: &common
      multicloud_server_cloud: devcloud-fip
      multicloud_server_region: RegionOne
      multicloud_server_image: "%(prefix)s-image"
      multicloud_server_image_file: "%(image)s"
      multicloud_server_keypair: "%(prefix)s-key"
      multicloud_server_public_key: "%(key)s"
      multicloud_server_auto_ip: false
  tasks:
    - name: Servers a and b
      ansible.builtin.include_role: {name: polystack.cloud.multicloud_server}
      vars:
        <<: *common
        multicloud_server_name: "%(prefix)s-{{ item }}"
      loop: [a, b]
    - name: Absent a
      ansible.builtin.include_role: {name: polystack.cloud.multicloud_server}
      vars:
        <<: *common
        multicloud_server_name: "%(prefix)s-a"
        multicloud_server_state: absent
    - name: What is left after a
      polystack.cloud.os_keypair_info: {cloud: devcloud-fip, region_name: RegionOne, name: "%(prefix)s-key"}
      register: key_after_a
    - name: Image left after a
      polystack.cloud.os_image_info: {cloud: devcloud-fip, region_name: RegionOne, image: "%(prefix)s-image"}
      register: image_after_a
    - name: Both kept while b uses them
      ansible.builtin.assert:
        that:
          - key_after_a.keypairs | length == 1
          - image_after_a.images | length == 1
    - name: Absent b
      ansible.builtin.include_role: {name: polystack.cloud.multicloud_server}
      vars:
        <<: *common
        multicloud_server_name: "%(prefix)s-b"
        multicloud_server_state: absent
    - name: What is left after b
      polystack.cloud.os_keypair_info: {cloud: devcloud-fip, region_name: RegionOne, name: "%(prefix)s-key"}
      register: key_after_b
    - name: Image left after b
      polystack.cloud.os_image_info: {cloud: devcloud-fip, region_name: RegionOne, image: "%(prefix)s-image"}
      register: image_after_b
    - name: Both gone with the last server
      ansible.builtin.assert:
        that:
          - key_after_b.keypairs | length == 0
          - image_after_b.images | length == 0
"""

CLEANUP = """\
- name: Leave nothing
  hosts: localhost
  gather_facts: false
  tasks:
    - polystack.cloud.os_server:
        {cloud: devcloud-fip, region_name: RegionOne, name: "%(prefix)s-{{ item }}", state: absent}
      loop: [a, b]
    - polystack.cloud.os_keypair: {cloud: devcloud-fip, region_name: RegionOne, name: "%(prefix)s-key", state: absent}
    - polystack.cloud.os_image: {cloud: devcloud-fip, region_name: RegionOne, name: "%(prefix)s-image", state: absent}
"""


def test_absent_keeps_what_another_server_uses(clouds_yaml, tmp_path):
    prefix = "shared-%s" % uuid.uuid4().hex[:6]
    image = tmp_path / "image.raw"
    image.write_bytes(os.urandom(64 * 1024))
    values = {
        "prefix": prefix,
        "image": image,
        "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy shared",
    }
    (tmp_path / "play.yml").write_text(PLAYBOOK % values)
    (tmp_path / "cleanup.yml").write_text(CLEANUP % values)
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1")
    try:
        proc = subprocess.run(
            [os.path.join(BIN, "ansible-playbook"), str(tmp_path / "play.yml")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0, out[-6000:]
        assert "still used by %s-b" % prefix in out, out[-6000:]
    finally:
        subprocess.run(
            [os.path.join(BIN, "ansible-playbook"), str(tmp_path / "cleanup.yml")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
