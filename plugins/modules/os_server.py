#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_server
short_description: Boot a server on an OpenStack cloud and make sure it is on the internet
version_added: 0.1.0
description:
  - Makes sure a server of the given name exists (booted, waited for, and with a public address the way the
    cloud's network model needs one), or is absent.
  - Public addresses follow the cloud, decided from its networks and C(clouds.yaml) hints (C(networks) with
    C(routes_externally), C(default_interface), C(nat_destination); C(floating_ip_source); C(has_network)). A server
    on a routable network gets no floating IP; a server on a private tenant network gets a new floating IP created
    directly on its port (atomically, so concurrent runs never share one).
  - What can change in place is updated (metadata, description, security groups, tags, a missing public
    address); what cannot (image, flavor, networks and ports of O(network) and O(nics)) is reported as drift
    and warns or fails as O(on_drift) says, never silently ignored.
  - When a create fails (ERROR, timeout, floating IP) nothing the task made is left behind, unless
    O(cleanup_on_failure=false).
  - Block storage. The server can boot from a new volume made from the image (O(boot_from_volume)) or from an
    existing volume (O(boot_volume)). A flavor with no root disk (C(disk) 0) boots from a volume made from the
    image by itself, because nova refuses an image boot there; RV(boot) says so. O(volumes) are attached at boot
    and, on an existing server, attached when missing. With O(detach_volumes), the ones not listed are detached
    too (never the root volume).
  - The options of C(openstack.cloud.server) and of Ansible 2.9's C(os_server).
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
attributes:
  check_mode:
    support: full
    description: Predicts whether a real run would create, update or delete the server.
  diff_mode:
    support: full
    description: Shows the server's name, status, image, flavor, metadata, description, security groups, tags,
      addresses and attached volumes before and after.
options:
  auto_ip:
    description:
      - Give the server a public address if its networks do not already give it one.
    type: bool
    default: true
    aliases: [auto_floating_ip, public_ip]
  availability_zone:
    description:
      - The availability zone to boot in.
    type: str
  boot_from_volume:
    description:
      - Boot from a new volume that nova makes from O(image) (O(volume_size) GiB). Without it, a flavor with
        no root disk boots this way too (automatically).
    type: bool
    default: false
  boot_volume:
    description:
      - Boot from this existing volume (name or id) instead of an image. Mutually exclusive with O(image).
    type: str
    aliases: [root_volume]
  volume_size:
    description:
      - The size in GiB of the root volume nova makes from the image (O(boot_from_volume) or a zero-disk
        flavor). By default, the smallest size the image fits in (its C(min_disk), at least 1).
    type: int
  terminate_volume:
    description:
      - Delete the root volume with the server. The default is V(false) for O(boot_from_volume) and
        O(boot_volume), as in C(openstack.cloud.server). For an automatic boot from volume (a zero-disk
        flavor) it is V(true), because nobody asked for that volume.
    type: bool
  volumes:
    description:
      - Volumes (names or ids) to attach to the server, at boot and on an existing server when they are not
        attached yet. An attached volume stays when the server is deleted.
    type: list
    elements: str
  detach_volumes:
    description:
      - Detach the volumes attached to the server that O(volumes) does not list (the root volume never).
        Without it, O(volumes) only attaches.
    type: bool
    default: false
  cleanup_on_failure:
    description:
      - When a create fails, delete the server and the floating IP the task made.
    type: bool
    default: true
  config_drive:
    description:
      - Attach a config drive.
    type: bool
  delete_ips:
    description:
      - With O(state=absent), also delete the floating IPs this collection allocated for the server (no others).
    type: bool
    default: false
    aliases: [delete_fip]
  description:
    description:
      - The server's description.
    type: str
  flavor:
    description:
      - The flavor, by name or id. Mutually exclusive with O(flavor_ram).
    type: raw
  flavor_include:
    description:
      - With O(flavor_ram), only flavors whose name contains this.
    type: str
  flavor_ram:
    description:
      - The smallest flavor with at least this much RAM (MiB); ties go to fewer vCPUs, then less disk, then name.
    type: int
  floating_ip_pools:
    description:
      - The external network to take the floating IP from, when there are several.
    type: list
    elements: str
    aliases: [ip_pool]
  floating_ips:
    description:
      - Existing floating IPs (addresses) to attach instead of allocating one.
    type: list
    elements: str
    aliases: [ips]
  image:
    description:
      - The image, by name or id. Required to create a server.
    type: raw
  image_exclude:
    description:
      - Skip images whose name contains this (to pick one image among similar names).
    type: str
  key_name:
    description:
      - The keypair to put on the server.
    type: str
  metadata:
    description:
      - The server's metadata, a mapping or openstack.cloud's text form C(key1=value1,key2=value2).
      - With O(metadata_mode=replace) (the default, as in openstack.cloud) the server's metadata becomes exactly
        this; with V(merge) these keys are set and the others kept. Unset, the metadata is not managed (where
        openstack.cloud removes every key of an existing server).
    type: raw
    aliases: [meta]
  metadata_mode:
    description:
      - V(replace) keys the server has and O(metadata) does not name are removed; V(merge) they are kept.
    type: str
    choices: [merge, replace]
    default: replace
  name:
    description:
      - The server's name.
    type: str
    required: true
  nat_destination:
    description:
      - The network whose port the floating IP goes on, when the server has several.
    type: str
  network:
    description:
      - The network to boot on, by name or id. Without it (and O(nics)), the cloud picks.
    type: str
  nics:
    description:
      - Networks or ports to boot with, each a dict with C(net-id), C(net-name), C(port-id) or C(port-name), and
        optionally C(fixed_ip) and C(tag).
    type: list
    elements: dict
  on_drift:
    description:
      - What to do when the existing server differs in what cannot change in place (image, flavor, a network or
        port of O(network) or O(nics) it is not on). Either way the differences are in RV(drift).
    type: str
    choices: [fail, warn]
    default: warn
  reuse_ips:
    description:
      - Take an unattached floating IP of the project instead of allocating a new one.
      - Off by default, so that two runs never race for the same address.
    type: bool
    default: false
  scheduler_hints:
    description:
      - Scheduler hints for the boot.
    type: dict
  security_groups:
    description:
      - Security groups (names or ids) of the server. At boot, the groups it starts with (nova's C(default) when
        not set); on an existing server, exactly these groups end up on its ports (missing ones added, others
        removed).
    type: list
    elements: str
  state:
    description:
      - Whether the server should exist.
    type: str
    choices: [absent, present]
    default: present
  tags:
    description:
      - Tags of the server. On an existing server, its tags are replaced by exactly these (compute API 2.26 or
        later).
    type: list
    elements: str
  userdata:
    description:
      - User data, as a string or the path of a file.
    type: str
    aliases: [user_data]
"""

EXAMPLES = r"""
- name: The same server on every cloud, whatever its network model
  polystack.cloud.os_server:
    cloud: "{{ item.cloud }}"
    name: web1
    image: "{{ item.image }}"
    flavor_ram: 512
    key_name: deploy
  loop:
    - {cloud: devcloud-fip, image: devcloud-tiny}
    - {cloud: devcloud-direct, image: devcloud-tiny}
  register: booted

- name: Show where they are
  ansible.builtin.debug:
    msg: "{{ item.server.name }} on {{ item.item.cloud }}: {{ item.server.public_v4 }}"
  loop: "{{ booted.results }}"

- name: Delete a server and the floating IP that was made for it
  polystack.cloud.os_server:
    cloud: devcloud-fip
    name: web1
    state: absent
    delete_ips: true
"""

RETURN = r"""
boot:
  description:
    - How the server boots, when this task made it. C(mode) is C(image) (a local disk), C(volume) (an existing
      volume) or C(image-to-volume) (a root volume made by nova from the image), with C(volume_size),
      C(terminate_volume) and C(reason). The reason says when the boot from volume was automatic (a flavor with
      no root disk).
  returned: when the task creates the server
  type: dict
  sample: {"mode": "image-to-volume", "volume_size": 1, "terminate_volume": true,
           "reason": "automatic: flavor m1.nodisk has no root disk, nova boots it from a volume only"}
cleanup:
  description:
    - When a create failed after nova accepted the server, the server it made and whether it was deleted again
      (see O(cleanup_on_failure)), with the cleanup's own error if that failed too.
  returned: on a failed create
  type: dict
  sample: {"server": "6f1c2a4e-1d7e-4d3c-9a59-2b8f5f0c9b11", "deleted": true}
drift:
  description: What differs in the existing server and cannot change in place (for example image or flavor).
  returned: always
  type: dict
  sample: {"flavor": {"server": "m1.small", "wanted": "m1.tiny"}}
server:
  description: The server after the task (normalized), with its addresses; null when O(state=absent).
  returned: always
  type: dict
  contains:
    access_ipv4:
      description: The IPv4 address nova's C(accessIPv4) names for reaching the server (often empty).
      type: str
    access_ipv6:
      description: The IPv6 address of nova's C(accessIPv6) (often empty).
      type: str
    addresses:
      description: The server's addresses per network, as nova lists them (each with C(addr), C(version),
        C(OS-EXT-IPS:type)), with the floating IPs neutron has attached that nova does not show yet.
      type: dict
    admin_password:
      description: 'nova''s C(adminPass); never in a result of this collection (a secret, and nova
        only gives it in the boot answer): null.'
      type: str
    attached_volumes:
      description: The volumes attached to the server (nova's C(os-extended-volumes:volumes_attached)),
        each with its C(id).
      type: list
      elements: dict
    availability_zone:
      description: The availability zone the server is in (C(OS-EXT-AZ:availability_zone)).
      type: str
    block_device_mapping:
      description: 'nova''s C(block_device_mapping_v2). Null in nova''s answers: a field of the boot
        request, which nova does not show again.'
      type: str
    compute_host:
      description: The compute host running the server (C(OS-EXT-SRV-ATTR:host)); null unless the
        cloud shows it to this user (admins).
      type: str
    config_drive:
      description: 'nova''s C(config_drive): V(True) when the server has a config drive, else empty.'
      type: str
    created_at:
      description: When the server was created (nova's C(created)).
      type: str
    description:
      description: The server's description.
      type: str
    disk_config:
      description: nova's C(OS-DCF:diskConfig), V(AUTO) or V(MANUAL).
      type: str
    fault:
      description: nova's fault (message, code) of a server in ERROR, else null.
      type: dict
    flavor:
      description: 'The server''s flavor as nova embeds it (compute 2.47+: C(original_name), C(ram),
        C(vcpus), C(disk), ... and no id), with C(name) (the original name) and openstacksdk''s other
        flavor keys, null when nova does not say.'
      type: dict
    flavor_id:
      description: 'nova''s C(flavorRef). Null in nova''s answers: a field of the boot request, which
        nova does not show again. The flavor is RV(server.flavor).'
      type: str
    has_config_drive:
      description: The same as RV(server.config_drive) (openstacksdk's second name for it).
      type: str
    host:
      description: nova's C(host), null unless the cloud sends it.
      type: str
    host_id:
      description: An id of the host the server runs on, opaque and per project (nova's C(hostId)).
      type: str
    host_status:
      description: The status of the server's compute host (nova's C(host_status)), null unless the
        policy shows it.
      type: str
    hostname:
      description: The hostname the server was booted with (C(OS-EXT-SRV-ATTR:hostname)); null unless
        shown to this user.
      type: str
    hypervisor_hostname:
      description: The hypervisor's host name (C(OS-EXT-SRV-ATTR:hypervisor_hostname)), for admins
        only.
      type: str
    id:
      description: The server's id.
      type: str
    image:
      description: The server's image as nova embeds it (C(id), C(links)) with openstacksdk's other
        image keys; C(name) is the image's name in the detailed results of M(polystack.cloud.os_server_info)
        (one image request for all servers), else null (nova does not say it). All null for a server
        booted from a volume.
      type: dict
    image_id:
      description: 'nova''s C(imageRef). Null in nova''s answers: a field of the boot request, which
        nova does not show again. The image is RV(server.image).'
      type: str
    instance_name:
      description: The hypervisor's name for the server (C(OS-EXT-SRV-ATTR:instance_name)), for admins
        only.
      type: str
    interface_ip:
      description: The address to reach the server on (public v4, else public v6, else private v4).
      type: str
    is_locked:
      description: Whether the server is locked (nova's C(locked), compute 2.9+).
      type: bool
    kernel_id:
      description: The kernel image of an AMI-style server (C(OS-EXT-SRV-ATTR:kernel_id)), for admins
        only.
      type: str
    key_name:
      description: The keypair the server was booted with.
      type: str
    launch_index:
      description: Its index in a multiple create (C(OS-EXT-SRV-ATTR:launch_index)), for admins only.
      type: int
    launched_at:
      description: When the server was launched (C(OS-SRV-USG:launched_at)).
      type: str
    links:
      description: nova's links to the server (C(rel), C(href)).
      type: list
      elements: dict
    location:
      description: Where the server is (cloud, region_name, project).
      type: dict
    locked_reason:
      description: Why the server is locked (compute 2.73+), null when it is not or nova does not
        say.
      type: str
    max_count:
      description: 'nova''s C(max_count). Null in nova''s answers: a field of the boot request, which
        nova does not show again.'
      type: str
    metadata:
      description: The server's metadata.
      type: dict
    min_count:
      description: 'nova''s C(min_count). Null in nova''s answers: a field of the boot request, which
        nova does not show again.'
      type: str
    name:
      description: The server's name.
      type: str
    networks:
      description: 'nova''s C(networks). Null in nova''s answers: a field of the boot request, which
        nova does not show again. The server''s networks are the keys of RV(server.addresses).'
      type: str
    personality:
      description: 'nova''s C(personality) (injected files). Null in nova''s answers: a field of the
        boot request, which nova does not show again.'
      type: list
    pinned_availability_zone:
      description: The availability zone the server is pinned to (compute 2.96+), else null.
      type: str
    power_state:
      description: nova's power state number (C(OS-EXT-STS:power_state)), 1 for running.
      type: int
    private_v4:
      description: Its private IPv4 address (on a routable network, the same as RV(server.public_v4)).
      type: str
    progress:
      description: How far a build or resize is, in percent (nova's C(progress)).
      type: int
    project_id:
      description: The project the server belongs to (nova's C(tenant_id)).
      type: str
    properties:
      description: nova's other keys, as nova named them.
      type: dict
    public_v4:
      description: Its public IPv4 address (a floating IP, or a fixed address on a routable network).
      type: str
    public_v6:
      description: Its public IPv6 address.
      type: str
    ramdisk_id:
      description: The ramdisk image of an AMI-style server (C(OS-EXT-SRV-ATTR:ramdisk_id)), for admins
        only.
      type: str
    reservation_id:
      description: The reservation of a multiple create (C(OS-EXT-SRV-ATTR:reservation_id)), for admins
        only.
      type: str
    root_device_name:
      description: The root device's name (C(OS-EXT-SRV-ATTR:root_device_name)), for admins only.
      type: str
    scheduler_hints:
      description: 'nova''s C(OS-SCH-HNT:scheduler_hints). Null in nova''s answers: a field of the
        boot request, which nova does not show again.'
      type: dict
    security_groups:
      description: The server's security groups as nova lists them (each with its C(name)).
      type: list
      elements: dict
    server_groups:
      description: The server groups the server is in (compute 2.71+), else null.
      type: list
    status:
      description: The server's status (C(ACTIVE), C(BUILD), C(SHUTOFF), C(ERROR), ...).
      type: str
    tags:
      description: The server's tags.
      type: list
      elements: str
    task_state:
      description: nova's task state (C(OS-EXT-STS:task_state)), null when no task runs.
      type: str
    terminated_at:
      description: When the server was terminated (C(OS-SRV-USG:terminated_at)), else null.
      type: str
    trusted_image_certificates:
      description: The certificates trusted to verify the image's signature (compute 2.63+), else
        null.
      type: list
    updated_at:
      description: When the server last changed (nova's C(updated)).
      type: str
    user_data:
      description: The user data, base64 (C(OS-EXT-SRV-ATTR:user_data), compute 2.3+), for admins
        only.
      type: str
    user_id:
      description: The user who booted the server.
      type: str
    vm_state:
      description: nova's VM state (C(OS-EXT-STS:vm_state)).
      type: str
    volumes:
      description: The same as RV(server.attached_volumes).
      type: list
      elements: dict
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _server
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ServerModule(CloudModule):
    argument_spec = dict(
        auto_ip=dict(type="bool", default=True, aliases=["auto_floating_ip", "public_ip"]),
        availability_zone=dict(type="str"),
        boot_from_volume=dict(type="bool", default=False),
        boot_volume=dict(type="str", aliases=["root_volume"]),
        detach_volumes=dict(type="bool", default=False),
        terminate_volume=dict(type="bool"),
        volume_size=dict(type="int"),
        volumes=dict(type="list", elements="str"),
        cleanup_on_failure=dict(type="bool", default=True),
        config_drive=dict(type="bool"),
        delete_ips=dict(type="bool", default=False, aliases=["delete_fip"]),
        description=dict(type="str"),
        flavor=dict(type="raw"),
        flavor_include=dict(type="str"),
        flavor_ram=dict(type="int"),
        floating_ip_pools=dict(type="list", elements="str", aliases=["ip_pool"]),
        floating_ips=dict(type="list", elements="str", aliases=["ips"]),
        image=dict(type="raw"),
        image_exclude=dict(type="str"),
        key_name=dict(type="str"),
        metadata=dict(type="raw", aliases=["meta"]),
        metadata_mode=dict(type="str", default="replace", choices=["merge", "replace"]),
        name=dict(type="str", required=True),
        nat_destination=dict(type="str"),
        network=dict(type="str"),
        nics=dict(type="list", elements="dict"),
        on_drift=dict(type="str", default="warn", choices=["fail", "warn"]),
        reuse_ips=dict(type="bool", default=False),
        scheduler_hints=dict(type="dict"),
        security_groups=dict(type="list", elements="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
        tags=dict(type="list", elements="str"),
        userdata=dict(type="str", aliases=["user_data"]),
    )
    module_kwargs = dict(
        mutually_exclusive=[["flavor", "flavor_ram"], ["network", "nics"], ["image", "boot_volume"]]
        + [["boot_from_volume", "boot_volume"]]
    )

    def create_lock_key(self):
        return ("compute", "server", self.params["name"]) if self.params["state"] == "present" else None

    def run(self):
        p = self.params
        if p["state"] == "absent":
            result = _server.ensure_absent(
                self.cloud, p["name"], delete_ips=p["delete_ips"], wait=p["wait"], timeout=p["timeout"],
                check_mode=self.check_mode,
            )  # fmt: skip
        else:
            result = _server.ensure_present(self.cloud, p, self.check_mode)
        for warning in result["warnings"]:
            self.module.warn(warning)
        self.exit(
            result["changed"],
            diff={"before": result["before"], "after": result["after"]},
            server=result["server"],
            drift=result["drift"],
            **({"boot": result["boot"]} if result.get("boot") else {}),
        )


def main():
    ServerModule()()


if __name__ == "__main__":
    main()
