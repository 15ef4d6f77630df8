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
  - Block-storage options (C(boot_from_volume), volumes) are not offered yet, because the devcloud has no cinder to
    prove them.
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
    description: Shows the server's name, status, image, flavor, metadata, description, security groups, tags and
      addresses before and after.
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
      - Metadata keys and values the server must have (other keys are kept).
    type: dict
    aliases: [meta]
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
    addresses:
      description: The server's addresses per network, as nova lists them.
      type: dict
    flavor:
      description: The server's flavor.
      type: dict
    id:
      description: The server's id.
      type: str
    image:
      description: The server's image.
      type: dict
    interface_ip:
      description: The address to reach the server on (public v4, else public v6, else private v4).
      type: str
    location:
      description: Where the server is (cloud, region_name, project).
      type: dict
    metadata:
      description: The server's metadata.
      type: dict
    name:
      description: The server's name.
      type: str
    private_v4:
      description: Its private IPv4 address (on a routable network, the same as RV(server.public_v4)).
      type: str
    public_v4:
      description: Its public IPv4 address (a floating IP, or a fixed address on a routable network).
      type: str
    public_v6:
      description: Its public IPv6 address.
      type: str
    security_groups:
      description: The server's security groups, as nova lists them.
      type: list
      elements: dict
    status:
      description: The server's status.
      type: str
    tags:
      description: The server's tags.
      type: list
      elements: str
"""

import base64
import os

from ansible_collections.polystack.cloud.plugins.module_utils import _compute
from ansible_collections.polystack.cloud.plugins.module_utils._errors import AmbiguousResource, ConfigError
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule

# check mode's after for an address only the cloud will choose (a new floating IP)
TO_BE_ALLOCATED = "(a floating IP, allocated by the real run)"


def view(server):
    if not server:
        return {}
    return {
        "name": server.get("name"),
        "status": server.get("status"),
        "image": (server.get("image") or {}).get("id") if isinstance(server.get("image"), dict) else None,
        "flavor": (server.get("flavor") or {}).get("original_name") or (server.get("flavor") or {}).get("id"),
        "metadata": server.get("metadata") or {},
        "description": server.get("description"),
        "security_groups": sorted(set(g.get("name") for g in server.get("security_groups") or [] if g.get("name"))),
        "tags": sorted(server.get("tags") or []),
        "public_v4": server.get("public_v4", ""),
        "private_v4": server.get("private_v4", ""),
    }


class ServerModule(CloudModule):
    argument_spec = dict(
        auto_ip=dict(type="bool", default=True, aliases=["auto_floating_ip", "public_ip"]),
        availability_zone=dict(type="str"),
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
        metadata=dict(type="dict", aliases=["meta"]),
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
    module_kwargs = dict(mutually_exclusive=[["flavor", "flavor_ram"], ["network", "nics"]])

    def create_lock_key(self):
        return ("compute", "server", self.params["name"]) if self.params["state"] == "present" else None

    def find(self):
        """The server, raw, from one listing (an id given as name is looked up by id first)."""
        found = self.cloud.search("server", self.params["name"], raw=True)
        if len(found) > 1:
            raise AmbiguousResource(
                "server", self.params["name"], found, cloud=self.cloud.name, region=self.cloud.region_name
            )
        return found[0] if found else None

    def run(self):
        p = self.params
        if p["flavor_ram"] is not None and p["flavor_ram"] <= 0:
            raise ConfigError("flavor_ram must be a positive number of MiB, not %d" % p["flavor_ram"])
        cloud = self.cloud
        current = self.find()
        before = view(cloud.server_result(current)) if current else {}
        if p["state"] == "absent":
            if current is None:
                self.exit(False, diff={"before": {}, "after": {}}, server=None, drift={})
            if not self.check_mode:
                _compute.delete_server(
                    cloud, current["id"], delete_ips=p["delete_ips"], wait=p["wait"], timeout=p["timeout"]
                )
            self.exit(True, diff={"before": before, "after": {}}, server=None, drift={})
        if current is None:
            return self.create(before)
        return self.update(current, before)

    def wanted_image_flavor(self):
        p, cloud = self.params, self.cloud
        image = _compute.resolve_image(cloud, p["image"], p["image_exclude"]) if p["image"] else None
        flavor = None
        if p["flavor"] or p["flavor_ram"]:
            flavor = _compute.resolve_flavor(cloud, p["flavor"], p["flavor_ram"], p["flavor_include"])
        return image, flavor

    def create(self, before):
        p, cloud = self.params, self.cloud
        if not p["image"] or not (p["flavor"] or p["flavor_ram"]):
            self.fail(
                "server %s does not exist on cloud %s region %s: image and flavor (or flavor_ram) are needed "
                "to create it" % (p["name"], cloud.name, cloud.region_name)
            )
        image, flavor = self.wanted_image_flavor()
        networks = _compute.resolve_nics(cloud, p["network"], p["nics"])
        _compute.check_create_references(
            cloud,
            p["key_name"],
            p["security_groups"],
            nat_destination=p["nat_destination"],
            ip_pool=(p["floating_ip_pools"] or [None])[0],
            ips=p["floating_ips"],
        )
        userdata = self.userdata()
        if self.check_mode:
            after = {
                "name": p["name"],
                "status": "ACTIVE",
                "image": image["id"],
                "flavor": flavor["name"],
                "metadata": _compute.metadata_strings(p["metadata"]),
                "description": p["description"],
                "security_groups": sorted(set(p["security_groups"] or ["default"])),
                "tags": sorted(p["tags"] or []),
            }
            self.exit(True, diff={"before": before, "after": after}, server=after, drift={})
        body = dict(
            key_name=p["key_name"],
            metadata=_compute.metadata_strings(p["metadata"]) or None,
            availability_zone=p["availability_zone"],
            config_drive=p["config_drive"],
            description=p["description"],
            tags=p["tags"],
            user_data=userdata,
            security_groups=[{"name": g} for g in p["security_groups"]] if p["security_groups"] else None,
            networks=networks or None,
        )
        server, _fip = _compute.create_server(
            cloud,
            p["name"],
            image,
            flavor,
            auto_ip=p["auto_ip"],
            ips=p["floating_ips"],
            ip_pool=(p["floating_ip_pools"] or [None])[0],
            reuse_ips=p["reuse_ips"],
            nat_destination=p["nat_destination"],
            wait=p["wait"],
            timeout=p["timeout"],
            cleanup_on_failure=p["cleanup_on_failure"],
            scheduler_hints=p["scheduler_hints"],
            **body,
        )
        server.pop("adminPass", None)  # a secret: not in task results
        result = cloud.server_result(server)
        self.exit(True, diff={"before": before, "after": view(result)}, server=result, drift={})

    def userdata(self):
        data = self.params["userdata"]
        if data and os.path.isdir(data):
            raise ConfigError("userdata %s is a directory: give a file's path, or the user data itself" % data)
        if data and os.path.isfile(data):
            with open(data) as f:
                data = f.read()
        if not data:
            return None
        return base64.b64encode(data.encode("utf-8")).decode("ascii")

    def nics_drift(self, current):
        """Networks or ports asked for that the server is not on (nics cannot change in place here)."""
        cloud = self.cloud
        wanted = _compute.resolve_nics(cloud, self.params["network"], self.params["nics"])
        if all(nic.get("uuid") and not nic.get("port") for nic in wanted):
            # networks only: nova's addresses name the networks the server has an address on; the ports are
            # asked for only when one of them is not there (a port with no address yet, or real drift)
            on = set()
            for net_name in current.get("addresses") or {}:
                on.update(n["id"] for n in cloud.visible_networks() if n.get("name") == net_name)
            if all(nic["uuid"] in on for nic in wanted):
                return {}
        ports = cloud.list_ports({"device_id": current["id"]})
        have_nets = set(port["network_id"] for port in ports)
        have_ports = set(port["id"] for port in ports)
        missing = [nic.get("port") or nic.get("uuid") for nic in wanted]
        missing = [ref for ref in missing if ref not in have_nets and ref not in have_ports]
        if not missing:
            return {}
        return {"nics": {"server": sorted(have_nets | have_ports), "wanted": sorted(missing)}}

    def update(self, current, before):
        p, cloud = self.params, self.cloud
        drift = {}
        have_image = (current.get("image") or {}).get("id") if isinstance(current.get("image"), dict) else None
        have_flavor = (current.get("flavor") or {}).get("original_name") or (current.get("flavor") or {}).get("id")
        # the image given by the server's image id, or the flavor by the name nova embeds (2.47+) or by its id
        # (older): nothing to look up
        if p["image"] and not (have_image and p["image"] == have_image):
            image = _compute.resolve_image(cloud, p["image"], p["image_exclude"])
            if have_image not in (None, image["id"]):
                drift["image"] = {"server": have_image, "wanted": image["id"]}
        if (p["flavor"] or p["flavor_ram"]) and not (p["flavor"] and have_flavor and p["flavor"] == have_flavor):
            flavor = _compute.resolve_flavor(cloud, p["flavor"], p["flavor_ram"], p["flavor_include"])
            if have_flavor not in (flavor["name"], flavor["id"]):
                drift["flavor"] = {"server": have_flavor, "wanted": flavor["name"]}
        if p["network"] or p["nics"]:
            drift.update(self.nics_drift(current))
        if drift:
            msg = "server %s on cloud %s region %s differs in what cannot change in place: %s" % (
                p["name"],
                cloud.name,
                cloud.region_name,
                ", ".join("%s is %s, wanted %s" % (k, v["server"], v["wanted"]) for k, v in sorted(drift.items())),
            )
            if p["on_drift"] == "fail":
                self.fail(msg + " (on_drift=fail)", drift=drift)
            self.module.warn(msg)
        changed = False
        wanted_meta = _compute.metadata_strings(p["metadata"])
        have_meta = current.get("metadata") or {}
        meta_changes = dict((k, v) for k, v in wanted_meta.items() if have_meta.get(k) != v)
        if meta_changes:
            changed = True
            if not self.check_mode:
                _compute.set_server_metadata(cloud, current["id"], meta_changes)
        if p["description"] is not None and current.get("description") != p["description"]:
            changed = True
            if not self.check_mode:
                _compute.set_server_description(cloud, current["id"], p["description"])
        groups = None
        if p["security_groups"] is not None:
            wanted = _compute.resolve_security_groups(cloud, p["security_groups"])
            have = _compute.server_security_groups(cloud, current["id"])
            add, remove = sorted(set(wanted) - set(have)), sorted(set(have) - set(wanted))
            groups = sorted(set(wanted.values()))
            if add or remove:
                changed = True
                if not self.check_mode:
                    _compute.set_server_security_groups(cloud, current["id"], add, remove)
        if p["tags"] is not None and set(current.get("tags") or []) != set(p["tags"]):
            changed = True
            if not self.check_mode:
                _compute.set_server_tags(cloud, current["id"], sorted(set(p["tags"])))
        result = cloud.server_result(current)
        ip_plan = "none"
        if (
            p["auto_ip"]
            and current.get("status") == "ACTIVE"
            and not _compute.public_address_confirmed(cloud, current, result)
        ):
            ip_plan = _compute.public_ip_plan(cloud, current)  # the same decision in check mode and for real
            if ip_plan != "none":
                changed = True
                if not self.check_mode:
                    _compute.add_public_ip(
                        cloud,
                        current,
                        (p["floating_ip_pools"] or [None])[0],
                        p["reuse_ips"],
                        p["nat_destination"],
                        plan=ip_plan,
                    )
        if changed and not self.check_mode:
            result = cloud.server_result(_compute.get_server_raw(cloud, current["id"]))
        after = view(result)
        if changed and self.check_mode:
            after["metadata"] = dict(have_meta, **wanted_meta)
            if p["description"] is not None:
                after["description"] = p["description"]
            if groups is not None:
                after["security_groups"] = groups
            if p["tags"] is not None:
                after["tags"] = sorted(set(p["tags"]))
            if ip_plan != "none":  # its address is the cloud's to choose: said, not guessed
                after["public_v4"] = TO_BE_ALLOCATED
        self.exit(changed, diff={"before": before, "after": after}, server=result, drift=drift)


def main():
    ServerModule()()


if __name__ == "__main__":
    main()
