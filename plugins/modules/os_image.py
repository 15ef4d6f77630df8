#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_image
short_description: Upload, update, deactivate or delete an image on an OpenStack cloud (glance)
version_added: 0.1.0
description:
  - Makes sure an image of the given name holds the content of a file (or of a URL), with the given
    metadata; or is deactivated; or is absent.
  - Idempotent by content. The file is hashed once (with the cloud's hash algorithm, and MD5) and compared with
    the image's C(os_hash_value) and C(checksum); an unchanged file is not uploaded again. An image of the same
    name with other content is handled as O(on_content_change) says.
  - The upload is streamed (memory does not grow with the file) by the path the cloud takes, which is a direct
    C(PUT), or the interoperable import C(glance-direct), or C(web-download) from O(url).
  - A failed upload deletes the image record it created; a wait that times out never deletes the image and
    says where it is.
  - Run with C(async), an upload reports its progress while it runs (bytes sent of the total, throughput; then
    the image's status while glance makes it active), which M(ansible.builtin.async_status) returns under
    C(progress) and the callback P(polystack.cloud.progress#callback) prints at every poll (the collection's guide
    I(Long tasks a user can watch) shows how). Every upload's result says its size, duration and throughput
    (RV(transfer)).
  - The options of C(openstack.cloud.image) and Ansible 2.9's C(os_image), so that playbooks port by changing the FQCN.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts exactly what a real run changes (the file is hashed, nothing is sent).
  diff_mode:
    support: full
    description: Shows the image's hash, formats and metadata before and after.
options:
  container_format:
    description:
      - The container format of a new image.
    type: str
    choices: [aki, ami, ari, bare, compressed, docker, ova, ovf]
    default: bare
  disk_format:
    description:
      - The disk format of a new image. Defaults to the cloud profile's C(image_format) (for example C(vhd) on
        Rackspace, C(raw) on DreamCompute), else C(qcow2).
    type: str
    choices: [aki, ami, ari, iso, ploop, qcow2, raw, vdi, vhd, vhdx, vmdk]
  filename:
    description:
      - The image file, read on the host that runs the task. Mutually exclusive with O(url).
      - The alias O(file) is the name the first C(os_image) examples used.
    type: path
    aliases: [file]
  import_method:
    description:
      - openstack.cloud's way to ask for glance's C(web-download) import, kept for its playbooks. V(web-download) is
        O(upload_method=web-download) (with O(url)); V(glance-download) is refused (not supported).
    type: str
    choices: [web-download, glance-download]
  is_protected:
    description:
      - Whether the image is protected from deletion.
    type: bool
    aliases: [protected]
  is_public:
    description:
      - openstack.cloud's older way to set O(visibility), kept for its playbooks. V(true) is O(visibility=public),
        V(false) is O(visibility=private). Mutually exclusive with O(visibility).
      - openstack.cloud defaults it to V(false), which makes an image private whenever O(visibility) is not given;
        here, unset means the visibility is not managed (glance makes a new image C(shared)).
    type: bool
  kernel:
    description:
      - The name or id of the kernel image (sets the C(kernel_id) property).
    type: str
  min_disk:
    description:
      - The minimum disk size, in GiB, a server needs for this image.
    type: int
  min_ram:
    description:
      - The minimum RAM, in MiB, a server needs for this image.
    type: int
  name:
    description:
      - The image's name (or, to act on one image among several of a name, its id).
    type: str
    required: true
  on_content_change:
    description:
      - What to do when an image of this name exists with other content than O(filename).
      - V(fail) stops with a message saying both hashes; V(replace) uploads a new image and then deletes the old
        one; V(ignore) keeps the existing image (its metadata is still managed).
    type: str
    choices: [fail, ignore, replace]
    default: fail
  owner:
    description:
      - The project that owns the image, by id or by name. A name other than the task's own project is looked
        up in keystone, which lets admins only.
    type: str
    aliases: [project]
  owner_domain:
    description:
      - The domain (name or id) of the project O(owner) names, when several domains have a project of that name.
    type: str
    aliases: [project_domain]
  id:
    description:
      - The image's id. The image is looked up by it, and a new image gets it (glance takes an id chosen by the
        client).
    type: str
  checksum:
    description:
      - The MD5 checksum the image's content must have. A O(filename) with another MD5 is refused before
        anything is sent. An existing image with another checksum fails as other content does (see
        O(on_content_change)).
    type: str
  volume:
    description:
      - A cinder volume (name or id) to make the image from, when there is no image of this name. The volume must
        be available. The image's O(disk_format) is V(raw) unless given.
      - Mutually exclusive with O(filename) and O(url).
    type: str
  properties:
    description:
      - Additional properties the image must have (other properties it has are kept).
    type: dict
  ramdisk:
    description:
      - The name or id of the ramdisk image (sets the C(ramdisk_id) property).
    type: str
  state:
    description:
      - V(present) makes sure the image exists and is active; V(inactive) that it exists and is deactivated
        (an admin operation on most clouds); V(absent) that it does not exist.
    type: str
    choices: [absent, inactive, present]
    default: present
  tags:
    description:
      - The image's tags, all of them. Not changed when not given.
    type: list
    elements: str
  upload_method:
    description:
      - How to send the data. V(auto) takes V(web-download) with O(url), V(glance-direct) on clouds whose profile
        says C(image_api_use_tasks), else a direct V(put).
    type: str
    choices: [auto, glance-direct, put, web-download]
    default: auto
  url:
    description:
      - A URL the cloud downloads the image from itself (glance's C(web-download) import). Mutually exclusive with
        O(filename). The URL is kept in the image property C(polystack_source_url) to know the image's content.
    type: str
    aliases: [uri]
  use_import:
    description:
      - openstack.cloud's way to ask for glance's C(glance-direct) import, kept for its playbooks. V(true) with
        O(upload_method=auto) is O(upload_method=glance-direct).
    type: bool
  visibility:
    description:
      - Who can see the image.
    type: str
    choices: [community, private, public, shared]
"""

EXAMPLES = r"""
- name: Upload my own base image to every cloud
  polystack.cloud.os_image:
    cloud: "{{ item }}"
    name: debian-12
    filename: debian-12.qcow2
    disk_format: qcow2
    min_ram: 512
    properties:
      os_distro: debian
  loop: [devcloud-fip, devcloud-direct]

- name: Replace it when the file changed
  polystack.cloud.os_image:
    cloud: devcloud-fip
    name: debian-12
    filename: debian-12.qcow2
    disk_format: qcow2
    on_content_change: replace

- name: Remove it
  polystack.cloud.os_image:
    cloud: devcloud-fip
    name: debian-12
    state: absent
"""

RETURN = r"""
image:
  description: The image after the task (normalized); null when O(state=absent).
  returned: always
  type: dict
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
      description: The algorithm of RV(image.hash_value) (glance's C(os_hash_algo)).
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
      description: The same as RV(image.owner).
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
        in RV(image.properties)); else null.
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
uploaded:
  description: Whether this run sent image data.
  returned: always
  type: bool
transfer:
  description:
    - What this run's upload of O(filename) sent, how long it took and how fast, from the first byte sent to the
      last one glance received (the wait for the image to become active is not part of it).
  returned: when this run uploaded O(filename) (not with O(url), whose data the cloud fetches itself; not in check
    mode)
  type: dict
  contains:
    bytes:
      description: Bytes sent.
      type: int
      sample: 1073741824
    seconds:
      description: Duration of the upload, in seconds.
      type: float
      sample: 11.204
    bytes_per_second:
      description: Throughput, RV(transfer.bytes) divided by RV(transfer.seconds).
      type: int
      sample: 95834725
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _image
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


def visibility(p):
    """visibility, or openstack.cloud's older is_public (true: public, false: private); None: not managed."""
    if p["is_public"] is None:
        return p["visibility"]
    return "public" if p["is_public"] else "private"


def upload_method(p):
    """upload_method, or what openstack.cloud's import_method / use_import ask for (the same glance imports)."""
    if p["import_method"] == "glance-download":
        raise ConfigError(
            "import_method glance-download (copying an image from another region's glance) is not supported: "
            "upload the file (filename) or let glance fetch a URL (url, import_method web-download)"
        )
    if p["import_method"] == "web-download":
        if not p["url"]:
            raise ConfigError("import_method web-download needs the image's URL (url, or uri)")
        return "web-download"
    if p["use_import"] and p["upload_method"] == "auto":
        return "glance-direct"
    return p["upload_method"]


class ImageModule(CloudModule):
    argument_spec = dict(
        container_format=dict(type="str", default="bare", choices=list(_image.CONTAINER_FORMATS)),
        disk_format=dict(type="str", choices=list(_image.DISK_FORMATS)),
        filename=dict(type="path", aliases=["file"]),
        import_method=dict(type="str", choices=["web-download", "glance-download"]),
        is_protected=dict(type="bool", aliases=["protected"]),
        is_public=dict(type="bool"),
        kernel=dict(type="str"),
        min_disk=dict(type="int"),
        min_ram=dict(type="int"),
        name=dict(type="str", required=True),
        on_content_change=dict(type="str", default="fail", choices=["fail", "ignore", "replace"]),
        owner=dict(type="str", aliases=["project"]),
        owner_domain=dict(type="str", aliases=["project_domain"]),
        id=dict(type="str"),
        checksum=dict(type="str"),
        volume=dict(type="str"),
        properties=dict(type="dict"),
        ramdisk=dict(type="str"),
        state=dict(type="str", default="present", choices=["absent", "inactive", "present"]),
        tags=dict(type="list", elements="str"),
        upload_method=dict(type="str", default="auto", choices=["auto", "glance-direct", "put", "web-download"]),
        url=dict(type="str", aliases=["uri"]),
        use_import=dict(type="bool"),
        visibility=dict(type="str", choices=["community", "private", "public", "shared"]),
    )
    module_kwargs = dict(mutually_exclusive=[["filename", "url", "volume"], ["visibility", "is_public"]])

    def wanted(self):
        """(core fields, properties) the user set; None values are not managed."""
        p = self.params
        core = {
            "min_disk": p["min_disk"],
            "min_ram": p["min_ram"],
            "visibility": visibility(p),
            "protected": p["is_protected"],
            "owner": _image.resolve_owner(self.cloud, p["owner"], p["owner_domain"]),
        }
        props = dict((str(k), v) for k, v in (p["properties"] or {}).items())
        props.update(_image.boot_refs(self.cloud, kernel=p["kernel"], ramdisk=p["ramdisk"]))
        return core, props

    def create_lock_key(self):
        return ("image", "image", self.params["name"]) if self.params["state"] != "absent" else None

    def run(self):
        p, cloud = self.params, self.cloud
        if p["state"] == "absent":
            result = _image.ensure_absent(cloud, p["id"] or p["name"], self.check_mode)
        else:
            core, props = self.wanted()
            fields = dict(
                core=core,
                properties=props,
                tags=p["tags"],
                disk_format=p["disk_format"],
                container_format=p["container_format"],
                upload_method=upload_method(p),
                active=p["state"] == "present",
                wait=p["wait"],
                timeout=p["timeout"],
            )
            result = _image.ensure_present(
                cloud, p["name"], p["filename"], p["url"], p["on_content_change"], fields, self.check_mode,
                image_id=p["id"], checksum=p["checksum"], volume=p["volume"],
            )  # fmt: skip
        after, image = _image.diff_view(result["after"]), result["after"]
        if result["planned"]:  # what only the cloud will decide (the id) is left out, never shown null
            after = dict((k, v) for k, v in after.items() if v is not None)
        elif image is not None:
            image = cloud.normalize("image", image)
        extra = {"transfer": result["transfer"]} if result["transfer"] is not None else {}
        self.exit(
            result["changed"],
            diff={"before": _image.diff_view(result["before"]), "after": after},
            image=image,
            uploaded=result["uploaded"],
            **extra,
        )


def main():
    ImageModule()()


if __name__ == "__main__":
    main()
