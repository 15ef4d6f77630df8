#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_volume_info
short_description: List block storage volumes of an OpenStack cloud
version_added: 0.2.0
description:
  - Lists the cinder volumes of the current project (or of every project, O(all_projects), for an admin),
    with their attachments.
  - The same options as C(openstack.cloud.volume_info), so that playbooks port by changing the FQCN.
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
    description: Reads only.
options:
  name:
    description:
      - Only the volumes of this name.
    type: str
  status:
    description:
      - Only the volumes with this status (for example V(available) or V(in-use)).
    type: str
  all_projects:
    description:
      - The volumes of every project (an admin's call).
    type: bool
  details:
    description:
      - V(false) asks cinder for its summary listing (id, name and links; every other key null), as
        C(openstack.cloud.volume_info) does.
    type: bool
"""

EXAMPLES = r"""
- name: The volumes not attached to anything
  polystack.cloud.os_volume_info:
    cloud: devcloud-fip
    status: available
  register: free

- name: Their names
  ansible.builtin.debug:
    msg: "{{ free.volumes | map(attribute='name') | list }}"
"""

RETURN = r"""
volumes:
  description: The volumes, as RV(polystack.cloud.os_volume#module:volume) shows one.
  returned: always
  type: list
  elements: dict
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

from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class VolumeInfoModule(CloudModule):
    argument_spec = dict(
        all_projects=dict(type="bool"),
        details=dict(type="bool"),
        name=dict(type="str"),
        status=dict(type="str"),
    )

    def run(self):
        p = self.params
        filters = {"name": p["name"], "status": p["status"], "all_tenants": 1 if p["all_projects"] else None}
        self.exit(False, volumes=self.cloud.list_volumes(filters, details=p["details"] is not False))


def main():
    VolumeInfoModule()()


if __name__ == "__main__":
    main()
