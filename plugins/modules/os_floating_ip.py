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

from ansible_collections.polystack.cloud.plugins.module_utils import _compute
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


def view(fips):
    return {
        "floating_ips": sorted(
            "%s -> %s" % (f["floating_ip_address"], f.get("fixed_ip_address") or "none") for f in fips
        )
    }


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
        if self.params["server"]:
            return self.for_server()
        return self.standalone()

    def pool(self, port=None):
        return _compute.floating_ip_pool(self.cloud, self.params["network"], port)

    def for_server(self):
        p, cloud = self.params, self.cloud
        server = cloud.get_server(p["server"], bare=True)
        if server is None:
            if p["state"] == "absent":
                self.exit(False, diff={"before": {}, "after": {}}, floating_ip=None)
            raise ConfigError(
                "server %s not found on cloud %s region %s" % (p["server"], cloud.name, cloud.region_name)
            )
        ports, attached = _compute.server_floating_ips(cloud, server["id"])

        def matches(f):
            if p["floating_ip_address"] and f["floating_ip_address"] != p["floating_ip_address"]:
                return False
            if p["fixed_address"] and f.get("fixed_ip_address") != p["fixed_address"]:
                return False
            return True

        if p["network"] and not p["floating_ip_address"]:
            net_id = self.pool()["id"]
            relevant = [f for f in attached if matches(f) and f["network_id"] == net_id]
        else:
            relevant = [f for f in attached if matches(f)]
        before = view(attached)
        if p["state"] == "absent":
            if not relevant:
                self.exit(False, diff={"before": before, "after": before}, floating_ip=None)
            if not self.check_mode:
                for f in relevant:
                    if p["purge"]:
                        cloud.delete_floating_ip(f["id"])
                    else:
                        cloud.update_floating_ip(f["id"], port_id=None)
            after = view([f for f in attached if f not in relevant])
            self.exit(True, diff={"before": before, "after": after}, floating_ip=None)
        if relevant:
            self.exit(False, diff={"before": before, "after": before}, floating_ip=relevant[0])
        # attach one
        port = _compute.floating_ip_port(cloud, p["server"], ports, p["fixed_address"], p["nat_destination"])
        existing = _compute.existing_floating_ip(cloud, p["floating_ip_address"], port)
        predicted = {
            "floating_ip_address": p["floating_ip_address"] or "(new)",
            "fixed_ip_address": (port.get("fixed_ips") or [{}])[0].get("ip_address"),
        }
        # chosen before check mode reports: what the real run could not choose, check mode refuses too
        pool = None if existing is not None else self.pool(port)
        if self.check_mode:
            self.exit(True, diff={"before": before, "after": view(attached + [predicted])}, floating_ip=predicted)
        fip = _compute.attach_floating_ip(
            cloud, server["id"], port, existing, p["floating_ip_address"], pool, p["reuse"]
        )
        self.exit(True, diff={"before": before, "after": view(attached + [fip])}, floating_ip=fip)

    def standalone(self):
        p, cloud = self.params, self.cloud
        if not p["floating_ip_address"]:
            raise ConfigError(
                "without server, floating_ip_address says which floating IP (so that the task is idempotent)"
            )
        current = cloud.get_floating_ip(p["floating_ip_address"])
        before = view([current] if current else [])
        if p["state"] == "absent":
            if current is None:
                self.exit(False, diff={"before": before, "after": before}, floating_ip=None)
            if not self.check_mode:
                cloud.delete_floating_ip(current["id"])
            self.exit(True, diff={"before": before, "after": {"floating_ips": []}}, floating_ip=None)
        if current is not None:
            self.exit(False, diff={"before": before, "after": before}, floating_ip=current)
        fip = {"floating_ip_address": p["floating_ip_address"]}
        if not self.check_mode:
            fip = cloud.create_floating_ip(self.pool(), floating_ip_address=p["floating_ip_address"])
        self.exit(True, diff={"before": before, "after": view([fip])}, floating_ip=fip)


def main():
    FloatingIpModule()()


if __name__ == "__main__":
    main()
