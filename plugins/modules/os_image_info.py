#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_image_info
short_description: List images of an OpenStack cloud (glance)
version_added: 0.1.0
description:
  - Lists the images the project can see in one cloud-region, filtered on the server side.
  - An image that does not exist gives an empty list, not a failure.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
  - polystack.cloud.openstack.info_module
options:
  filters:
    description:
      - Glance list filters, for example C(visibility), C(status), C(tag), C(owner), C(disk_format).
    type: dict
    aliases: [properties]
  name:
    description:
      - Only images of this name (or the image with this id).
    type: str
    aliases: [image]
"""

EXAMPLES = r"""
- name: Where is my base image
  polystack.cloud.os_image_info:
    cloud: "{{ item }}"
    name: debian-12
  loop: [devcloud-fip, devcloud-direct]
  register: found

- name: Public images
  polystack.cloud.os_image_info:
    cloud: devcloud-fip
    filters:
      visibility: public
"""

RETURN = r"""
images:
  description: The images found, normalized (the same keys as RV(polystack.cloud.os_image#module:image)).
  returned: always
  type: list
  elements: dict
  contains:
    architecture:
      description: glance's C(architecture) property; null when the image does not have it.
      type: str
    checksum:
      description: The MD5 of the image data.
      type: str
    container_format:
      description: Its container format.
      type: str
    created_at:
      description: When the image was created.
      type: str
    direct_url:
      description: Where the data is stored, when glance is configured to show it.
      type: str
    disk_format:
      description: Its disk format.
      type: str
    file:
      description: The path of the image data in the image API.
      type: str
    has_auto_disk_config:
      description: glance's C(auto_disk_config) property; null when the image does not have it.
      type: bool
    hash_algo:
      description: The algorithm of RV(images[].hash_value) (glance's C(os_hash_algo)).
      type: str
    hash_value:
      description: The hash of the image data (glance's C(os_hash_value)).
      type: str
    hw_cpu_cores:
      description: glance's C(hw_cpu_cores) property; null when the image does not have it.
      type: int
    hw_cpu_policy:
      description: glance's C(hw_cpu_policy) property; null when the image does not have it.
      type: str
    hw_cpu_sockets:
      description: glance's C(hw_cpu_sockets) property; null when the image does not have it.
      type: int
    hw_cpu_thread_policy:
      description: glance's C(hw_cpu_thread_policy) property; null when the image does not have it.
      type: str
    hw_cpu_threads:
      description: glance's C(hw_cpu_threads) property; null when the image does not have it.
      type: int
    hw_disk_bus:
      description: glance's C(hw_disk_bus) property; null when the image does not have it.
      type: str
    hw_machine_type:
      description: glance's C(hw_machine_type) property; null when the image does not have it.
      type: str
    hw_qemu_guest_agent:
      description: glance's C(hw_qemu_guest_agent) property; null when the image does not have it.
      type: str
    hw_rng_model:
      description: glance's C(hw_rng_model) property; null when the image does not have it.
      type: str
    hw_scsi_model:
      description: glance's C(hw_scsi_model) property; null when the image does not have it.
      type: str
    hw_serial_port_count:
      description: glance's C(hw_serial_port_count) property; null when the image does not have it.
      type: int
    hw_video_model:
      description: glance's C(hw_video_model) property; null when the image does not have it.
      type: str
    hw_video_ram:
      description: glance's C(hw_video_ram) property; null when the image does not have it.
      type: int
    hw_vif_model:
      description: glance's C(hw_vif_model) property; null when the image does not have it.
      type: str
    hw_watchdog_action:
      description: glance's C(hw_watchdog_action) property; null when the image does not have it.
      type: str
    hypervisor_type:
      description: glance's C(hypervisor_type) property; null when the image does not have it.
      type: str
    id:
      description: The image's id.
      type: str
    instance_type_rxtx_factor:
      description: glance's C(instance_type_rxtx_factor) property; null when the image does not have
        it.
      type: float
    instance_uuid:
      description: The server a snapshot was taken of (glance's C(instance_uuid)), else null.
      type: str
    is_hidden:
      description: Whether it is hidden from image lists (glance's C(os_hidden)).
      type: bool
    is_hw_boot_menu_enabled:
      description: glance's C(hw_boot_menu) property; null when the image does not have it.
      type: bool
    is_hw_vif_multiqueue_enabled:
      description: glance's C(hw_vif_multiqueue_enabled) property; null when the image does not have
        it.
      type: bool
    is_protected:
      description: Whether it is protected (glance's C(protected)).
      type: bool
    kernel_id:
      description: glance's C(kernel_id) property; null when the image does not have it.
      type: str
    location:
      description: Where it is (cloud, region_name, project).
      type: dict
    locations:
      description: glance's C(locations) of the data, when glance is configured to show them; else
        null.
      type: list
      elements: dict
    metadata:
      description: 'openstacksdk''s C(metadata); glance v2 has no such field: null.'
      type: dict
    min_disk:
      description: Minimum disk in GiB.
      type: int
    min_ram:
      description: Minimum RAM in MiB.
      type: int
    name:
      description: Its name.
      type: str
    needs_config_drive:
      description: glance's C(img_config_drive) property, V(optional) or V(mandatory); null when the
        image does not have it.
      type: str
    needs_secure_boot:
      description: glance's C(os_secure_boot) property, V(required), V(disabled) or V(optional); null
        when the image does not have it.
      type: str
    os_admin_user:
      description: glance's C(os_admin_user) property; null when the image does not have it.
      type: str
    os_command_line:
      description: glance's C(os_command_line) property; null when the image does not have it.
      type: str
    os_distro:
      description: glance's C(os_distro) property; null when the image does not have it.
      type: str
    os_require_quiesce:
      description: glance's C(os_require_quiesce) property; null when the image does not have it.
      type: bool
    os_shutdown_timeout:
      description: glance's C(os_shutdown_timeout) property, in seconds; null when the image does
        not have it.
      type: int
    os_type:
      description: glance's C(os_type) property; null when the image does not have it.
      type: str
    os_version:
      description: glance's C(os_version) property; null when the image does not have it.
      type: str
    owner:
      description: The project that owns it (glance's C(owner)).
      type: str
    owner_id:
      description: The same as RV(images[].owner).
      type: str
    properties:
      description: Its other properties (glance's custom properties, as glance names them).
      type: dict
    ramdisk_id:
      description: glance's C(ramdisk_id) property; null when the image does not have it.
      type: str
    schema:
      description: The path of glance's image schema.
      type: str
    size:
      description: Its size in bytes.
      type: int
    status:
      description: Its status (C(active), C(deactivated), or where an unfinished upload is).
      type: str
    store:
      description: glance's C(store) of the data, when glance shows it (it often sends C(stores) instead,
        in RV(images[].properties)); else null.
      type: str
    tags:
      description: Its tags.
      type: list
      elements: str
    updated_at:
      description: When it last changed.
      type: str
    url:
      description: glance's C(url); null when glance does not send it.
      type: str
    virtual_size:
      description: The virtual size of the disk in bytes, when glance knows it.
      type: int
    visibility:
      description: Its visibility (C(public), C(private), C(shared), C(community)).
      type: str
    vm_mode:
      description: glance's C(vm_mode) property; null when the image does not have it.
      type: str
    vmware_adaptertype:
      description: glance's C(vmware_adaptertype) property; null when the image does not have it.
      type: str
    vmware_ostype:
      description: glance's C(vmware_ostype) property; null when the image does not have it.
      type: str
"""

from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ImageInfoModule(CloudModule):
    argument_spec = dict(
        filters=dict(type="dict", aliases=["properties"]),
        name=dict(type="str", aliases=["image"]),
    )

    def run(self):
        filters = dict((k, str(v)) for k, v in (self.params["filters"] or {}).items())
        images = self.cloud.search_images(self.params["name"], filters=filters)
        self.exit(False, images=images)


def main():
    ImageInfoModule()()


if __name__ == "__main__":
    main()
