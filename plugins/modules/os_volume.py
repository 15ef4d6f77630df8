#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_volume
short_description: Create, grow or delete a block storage volume on an OpenStack cloud
version_added: 0.2.0
description:
  - Makes sure a cinder volume of this name is present (empty, or made from an image, a snapshot or another
    volume) or absent, in the current project.
  - An existing volume is brought to what the task says where cinder can change it in place. It can grow
    (O(size)), have its bootable flag set (O(is_bootable)), and have its O(description) and O(metadata)
    changed. Its source, type, zone and multi-attach flag stay as they were when it was made.
  - A smaller O(size) than the volume's fails, because cinder cannot shrink a volume. Deleting an attached
    volume also fails, because detaching is the server's business (M(polystack.cloud.os_server) with
    O(polystack.cloud.os_server#module:volumes) and O(polystack.cloud.os_server#module:detach_volumes)).
  - The same options as C(openstack.cloud.volume), so that playbooks port by changing the FQCN. Where it
    differs, it does so on purpose. O(is_bootable) has no default, so a volume made from an image stays
    bootable. O(description) and O(metadata) of an existing volume are updated rather than ignored, and check
    mode predicts an update.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes (the type and zone cinder would choose are asked of it).
  diff_mode:
    support: full
    description: Shows the volume's name, size, status, type, zone, flags, metadata and servers before and after.
options:
  name:
    description:
      - The volume's name (a volume's id finds it too).
    type: str
    required: true
    aliases: [display_name]
  size:
    description:
      - The size in GiB. Needed to create an empty volume. Made from an image, the default is the smallest size
        the image fits in. Made from a snapshot or a volume, the default is the source's size.
      - On an existing volume, a larger size grows it.
    type: int
  description:
    description:
      - The volume's description.
    type: str
    aliases: [display_description]
  image:
    description:
      - The image (name or id) to make the volume from. It becomes bootable.
      - Mutually exclusive with O(snapshot) and O(volume).
    type: str
  snapshot:
    description:
      - The volume snapshot (name or id) to make the volume from.
    type: str
    aliases: [snapshot_id]
  volume:
    description:
      - The volume (name or id) to clone.
    type: str
  volume_type:
    description:
      - The volume type; the cloud's default type without it.
    type: str
  availability_zone:
    description:
      - The availability zone to make the volume in.
    type: str
  is_bootable:
    description:
      - Set the volume's bootable flag. Left as cinder set it when not given (a volume made from an image is
        bootable).
    type: bool
    aliases: [bootable]
  is_multiattach:
    description:
      - Whether the volume can be attached to several servers at once (when it is made).
    type: bool
  metadata:
    description:
      - The volume's metadata. Values become strings. Given, it replaces the volume's metadata.
    type: dict
  scheduler_hints:
    description:
      - Hints for cinder's scheduler, when the volume is made (for example C(same_host) or C(different_host)).
    type: dict
  state:
    description:
      - V(present) or V(absent).
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: An empty data volume on every cloud
  polystack.cloud.os_volume:
    cloud: "{{ item }}"
    name: data
    size: 10
    metadata:
      purpose: database
  loop: [devcloud-fip, devcloud-direct]

- name: A bootable volume from an image
  polystack.cloud.os_volume:
    cloud: devcloud-fip
    name: root-disk
    image: devcloud-tiny
    size: 1

- name: Grow it
  polystack.cloud.os_volume:
    cloud: devcloud-fip
    name: data
    size: 20

- name: Remove it
  polystack.cloud.os_volume:
    cloud: devcloud-fip
    name: data
    state: absent
"""

RETURN = r"""
volume:
  description: The volume after the task (in check mode, what it will be); null when O(state=absent).
  returned: always
  type: dict
  contains:
      attachments:
        description: The servers it is attached to, each with C(server_id), C(attachment_id), C(volume_id),
          C(device), C(host_name), C(attached_at), C(id).
        type: list
        elements: dict
      availability_zone:
        description: The availability zone.
        type: str
      backup_id:
        description: The backup the volume was restored from (microversion 3.47+).
        type: str
      cluster_name:
        description: The cluster of the volume service (3.61+, admin only).
        type: str
      consistency_group_id:
        description: The consistency group.
        type: str
      consumes_quota:
        description: Whether the volume counts against the quota (3.65+).
        type: bool
      created_at:
        description: When it was created.
        type: str
      description:
        description: The description.
        type: str
      encryption_key_id:
        description: The encryption key (3.64+).
        type: str
      extended_replication_status:
        description: The extended replication status.
        type: str
      group_id:
        description: The generic volume group (3.13+).
        type: str
      host:
        description: The volume service host (admin only).
        type: str
      id:
        description: The volume's id.
        type: str
      image_id:
        description: The image the volume was made from (from its image metadata), else null.
        type: str
      is_bootable:
        description: Whether the volume is bootable (cinder's C(bootable), as a boolean).
        type: bool
      is_encrypted:
        description: Whether the volume is encrypted.
        type: bool
      is_multiattach:
        description: Whether it can be attached to several servers.
        type: bool
      location:
        description: Where the volume is (cloud, region_name, project).
        type: dict
      metadata:
        description: The volume's metadata (strings).
        type: dict
      migration_id:
        description: The migration's volume id (admin only).
        type: str
      migration_status:
        description: The migration status (admin only).
        type: str
      name:
        description: The volume's name.
        type: str
      project_id:
        description: The owning project.
        type: str
      provider_id:
        description: The backend's id of the volume (3.21+).
        type: str
      replication_driver_data:
        description: The replication driver data.
        type: str
      replication_status:
        description: The replication status.
        type: str
      scheduler_hints:
        description: The scheduler hints it was made with (where the cloud says).
        type: dict
      service_uuid:
        description: The volume service's id (3.48+).
        type: str
      shared_targets:
        description: Whether the backend shares targets between volumes (3.48+).
        type: bool
      size:
        description: The size in GiB.
        type: int
      snapshot_id:
        description: The snapshot it was made from, else null.
        type: str
      source_volume_id:
        description: The volume it was cloned from, else null.
        type: str
      status:
        description: C(available), C(in-use), C(creating), C(error) ...
        type: str
      updated_at:
        description: When it last changed.
        type: str
      user_id:
        description: The user who made it.
        type: str
      volume_image_metadata:
        description: The image's properties copied onto a volume made from an image.
        type: dict
      volume_type:
        description: The volume type's name.
        type: str
      volume_type_id:
        description: The volume type's id (3.63+).
        type: str
"""

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
