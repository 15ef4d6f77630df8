#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_floating_ip
short_description: Attach, detach or purge floating IPs on an OpenStack cloud (neutron)
version_added: 0.1.0
description:
  - With O(server), makes sure the server has a floating IP (the one given, or one from O(network)), or does not.
  - A new floating IP is created directly on the server's port in one call (never grabbed from a pool that another run
    could take at the same time), unless O(reuse=true).
  - Without O(server), makes sure the floating IP O(floating_ip_address) exists (allocating a given address usually
    needs admin rights) or is deleted.
  - The options of C(openstack.cloud.floating_ip) and Ansible 2.9's C(os_floating_ip).
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
    description: Shows the floating IPs of the server (or the address) before and after.
options:
  fixed_address:
    description:
      - The server's fixed address the floating IP must point at, when it has several.
    type: str
    aliases: [fixed_ip_address]
  floating_ip_address:
    description:
      - The floating IP to attach, detach, allocate or delete.
    type: str
  nat_destination:
    description:
      - The network of the server's port the floating IP goes on, when the server has several.
    type: str
    aliases: [fixed_network, internal_network]
  network:
    description:
      - The external network floating IPs come from (name or id). Needed when there are several.
    type: str
  purge:
    description:
      - With O(state=absent) and O(server), delete the floating IPs instead of only detaching them.
    type: bool
    default: false
  reuse:
    description:
      - Attach an unattached floating IP of the project instead of creating a new one.
    type: bool
    default: false
  server:
    description:
      - The server (name or id).
    type: str
  state:
    description:
      - Whether the floating IP should be there.
    type: str
    choices: [absent, present]
    default: present
"""

EXAMPLES = r"""
- name: A floating IP for a server, on every cloud that needs one
  polystack.cloud.os_floating_ip:
    cloud: "{{ item }}"
    server: web1
    network: public
  loop: [devcloud-fip, devcloud-appcred]

- name: Detach and delete it
  polystack.cloud.os_floating_ip:
    cloud: devcloud-fip
    server: web1
    state: absent
    purge: true
"""

RETURN = r"""
floating_ip:
  description: The floating IP after the task (normalized); null when none is left.
  returned: always
  type: dict
  contains:
    created_at:
      description: When it was created.
      type: str
    description:
      description: Its description.
      type: str
    dns_domain:
      description: Its DNS domain (neutron's dns extension), else null.
      type: str
    dns_name:
      description: Its DNS name (neutron's dns extension), else null.
      type: str
    fixed_ip_address:
      description: The fixed address it points at; null when it is not attached.
      type: str
    floating_ip_address:
      description: The floating address.
      type: str
    floating_network_id:
      description: The external network it comes from (the same as RV(floating_ip.network_id)).
      type: str
    id:
      description: Its id.
      type: str
    location:
      description: Where it is (cloud, region_name, project).
      type: dict
    name:
      description: 'Its name: neutron gives floating IPs none, so null (as openstacksdk has it).'
      type: str
    network_id:
      description: The external network it comes from (neutron's C(floating_network_id)).
      type: str
    port_details:
      description: The attached port's details (neutron's C(fip-port-details) extension), else null.
      type: dict
    port_id:
      description: The port it is attached to; null when it is not attached.
      type: str
    project_id:
      description: The project that owns it.
      type: str
    properties:
      description: neutron's other keys, as neutron named them.
      type: dict
    qos_policy_id:
      description: Its QoS policy (neutron's qos extension), else null.
      type: str
    revision_number:
      description: neutron's revision of it.
      type: int
    router_id:
      description: The router that routes it; null when it is not attached.
      type: str
    status:
      description: Its status (C(ACTIVE), C(DOWN), C(ERROR)).
      type: str
    subnet_id:
      description: The external subnet it was allocated from, when neutron says; else null.
      type: str
    tags:
      description: Its tags.
      type: list
      elements: str
    updated_at:
      description: When it last changed.
      type: str
"""

from ansible_collections.polystack.cloud.plugins.module_utils import _floating_ip
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class FloatingIpModule(CloudModule):
    argument_spec = dict(
        fixed_address=dict(type="str", aliases=["fixed_ip_address"]),
        floating_ip_address=dict(type="str"),
        nat_destination=dict(type="str", aliases=["fixed_network", "internal_network"]),
        network=dict(type="str"),
        purge=dict(type="bool", default=False),
        reuse=dict(type="bool", default=False),
        server=dict(type="str"),
        state=dict(type="str", default="present", choices=["absent", "present"]),
    )

    def create_lock_key(self):
        # two attaches to one server would allocate two addresses
        p = self.params
        return ("network", "floating_ip_for_server", p["server"]) if p["state"] == "present" and p["server"] else None

    def run(self):
        p = self.params
        if p["server"]:
            result = _floating_ip.for_server(
                self.cloud, p["server"], p["state"], p["floating_ip_address"], p["fixed_address"], p["network"],
                p["nat_destination"], p["purge"], p["reuse"], check_mode=self.check_mode,
            )  # fmt: skip
        else:
            result = _floating_ip.standalone(
                self.cloud, p["floating_ip_address"], p["state"], p["network"], check_mode=self.check_mode
            )
        diff = {"before": result["before"], "after": result["after"]}
        self.exit(result["changed"], diff=diff, floating_ip=result["floating_ip"])


def main():
    FloatingIpModule()()


if __name__ == "__main__":
    main()
