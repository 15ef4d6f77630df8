#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_server_info
short_description: List servers of an OpenStack cloud, with their public and private addresses
version_added: 0.1.0
description:
  - Lists the servers of one cloud-region (server-side filters), normalized, each with C(public_v4),
    C(public_v6), C(private_v4) and C(interface_ip) decided the same way as M(polystack.cloud.os_server) does.
  - None found gives an empty list, not a failure.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
  - polystack.cloud.openstack.info_module
options:
  all_projects:
    description:
      - List the servers of every project (an admin operation).
    type: bool
    default: false
  detailed:
    description:
      - Add the addresses (C(public_v4), C(private_v4), ...), which costs network lookups per server, and the
        name of each server's image (C(name) in RV(servers[].image)), one image request for all of them.
    type: bool
    default: true
  filters:
    description:
      - Only the servers whose result contains these keys with these values, as openstack.cloud matches them; a
        mapping is matched as a subset of the result's mapping (see the examples).
      - Matched on the results (nova's list API would refuse most keys, C(id) or C(metadata) among them).
    type: dict
  name:
    description:
      - Only the server of this name (exact match) or id; or, a shell glob such as C(web-*), the servers whose
        name or id matches it (as openstack.cloud's O(name) does).
    type: str
    aliases: [server]
"""

EXAMPLES = r"""
- name: Where is web1 on each cloud
  polystack.cloud.os_server_info:
    cloud: "{{ item }}"
    name: web1
  loop: [devcloud-fip, devcloud-direct]
  register: found

- name: The running web servers (metadata group=web), whatever their names
  polystack.cloud.os_server_info:
    cloud: devcloud-fip
    filters:
      status: ACTIVE
      metadata:
        group: web

- name: Every server whose name starts with web-
  polystack.cloud.os_server_info:
    cloud: devcloud-fip
    name: "web-*"
"""

RETURN = r"""
servers:
  description: The servers found, normalized (the same keys as RV(polystack.cloud.os_server#module:server)).
  returned: always
  type: list
  elements: dict
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
        nova does not show again. The flavor is RV(servers[].flavor).'
      type: str
    has_config_drive:
      description: The same as RV(servers[].config_drive) (openstacksdk's second name for it).
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
        nova does not show again. The image is RV(servers[].image).'
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
        nova does not show again. The server''s networks are the keys of RV(servers[].addresses).'
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
      description: Its private IPv4 address (on a routable network, the same as RV(servers[].public_v4)).
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
      description: The same as RV(servers[].attached_volumes).
      type: list
      elements: dict
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _filters
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ServerInfoModule(CloudModule):
    argument_spec = dict(
        all_projects=dict(type="bool", default=False),
        detailed=dict(type="bool", default=True),
        filters=dict(type="dict"),
        name=dict(type="str", aliases=["server"]),
    )

    def run(self):
        p, cloud = self.params, self.cloud
        nova_filters = {"all_tenants": "1"} if p["all_projects"] else {}
        # a plain name is nova's (?name=, exact here); a glob (web-*) is matched on every server's name and id
        name = None if _filters.is_glob(p["name"]) else p["name"]
        # detailed: with their addresses (public_v4 ...), which take network requests; else as nova shows them
        servers = cloud.search_servers(name, filters=nova_filters, bare=not p["detailed"])
        pattern = p["name"] if name is None else None
        if p["detailed"]:  # their images' names too, as openstack.cloud's detailed servers have them (filters
            cloud.add_image_names(servers)  # can match them: openstack.cloud filters the detailed servers)
        self.exit(False, servers=_filters.select(servers, pattern, p["filters"]))


def main():
    ServerInfoModule()()


if __name__ == "__main__":
    main()
