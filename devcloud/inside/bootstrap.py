"""devcloud bootstrap, reset and clouds.yaml, over the REST APIs with keystoneauth1.

Every command is idempotent.  Run with the devcloud venv's Python:
    python bootstrap.py keystone|wait-compute|resources|wait-network|clouds|reset DEVCLOUD_DIR
    python bootstrap.py computes-up N [PID:LOG ...] DEVCLOUD_DIR
    python bootstrap.py computes-empty|forget-computes N DEVCLOUD_DIR

What it creates is recorded in DEVCLOUD_DIR/data/bootstrap-state.json so that
``reset`` can delete everything else.
"""

import hashlib
import os
import sys
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import KEYSTONE, ApiError, Client, load, save  # noqa: E402

REGIONS = ("RegionOne", "RegionTwo")
SHORT = {"RegionOne": "r1", "RegionTwo": "r2"}
PORTS = {
    "RegionOne": {"compute": 8774, "network": 9696, "placement": 8778, "block-storage": 8776, "volumev3": 8776},
    "RegionTwo": {"compute": 18774, "network": 19696, "placement": 18778, "block-storage": 18776, "volumev3": 18776},
}
# the path after host:port; block storage is listed twice, as devstack and many clouds do: the official
# type without the project in the URL, and the legacy volumev3 (what nova's [cinder] looks up) with it
URL_PATHS = {"compute": "/v2.1", "block-storage": "/v3", "volumev3": "/v3/$(project_id)s"}
SHARED = {"image": "http://127.0.0.1:9292", "object-store": "http://127.0.0.1:8080/v1/AUTH_$(project_id)s"}
SERVICE_NAMES = {
    "compute": "nova",
    "network": "neutron",
    "placement": "placement",
    "image": "glance",
    "object-store": "swift",
    "block-storage": "cinder",
    "volumev3": "cinderv3",
}
USER_DOMAIN = "devcloud-domain"

# The user clouds: project, user, domain, and the network model of the project.
CLOUDS = {
    "devcloud-fip": {"project": "fip-project", "user": "fip-user", "domain": "Default", "model": "fip"},
    "devcloud-direct": {"project": "direct-project", "user": "direct-user", "domain": "Default", "model": "direct"},
    "devcloud-appcred": {"project": "appcred-project", "user": "appcred-user", "domain": USER_DOMAIN, "model": "fip"},
}
# Flavors differ per region, the way they differ between public clouds.
FLAVORS = {
    # the zero-disk flavors are the kind some clouds only offer: nova boots them from a volume only
    "RegionOne": [
        ("1", "m1.tiny", 512, 1, 1),
        ("2", "m1.small", 2048, 1, 20),
        ("3", "m1.medium", 4096, 2, 40),
        ("4", "m1.nodisk", 512, 1, 0),
    ],
    "RegionTwo": [
        ("v2-mini", "v2-mini", 256, 1, 1),
        ("v2-volume-1", "v2-volume-1", 1024, 1, 0),
        ("v2-standard-1", "v2-standard-1", 1024, 1, 10),
        ("v2-standard-2", "v2-standard-2", 2048, 2, 20),
    ],
}
NETS = {
    "RegionOne": {
        "public": ("172.24.4.0/24", "172.24.4.10", "172.24.4.250"),
        "provider": ("172.25.0.0/22", "172.25.0.10", "172.25.3.250"),
        "fip-project": "10.0.0.0/24",
        "appcred-project": "10.1.0.0/24",
    },
    "RegionTwo": {
        "public": ("172.24.8.0/24", "172.24.8.10", "172.24.8.250"),
        "provider": ("172.25.8.0/22", "172.25.8.10", "172.25.11.250"),
        "fip-project": "10.0.0.0/24",
        "appcred-project": "10.1.0.0/24",
    },
}
IMAGE_NAME = "devcloud-tiny"


DEFAULT_DOMAIN = "default"
COMPUTE_QUOTAS = {"instances": 500, "cores": 1000, "ram": 1024 * 1024, "key_pairs": 500, "server_groups": 100}
VOLUME_QUOTAS = {"volumes": 200, "gigabytes": 2000, "snapshots": 200}
NETWORK_QUOTAS = {
    "port": 2000, "floatingip": 500, "network": 100, "subnet": 100, "router": 50, "security_group": 200,
    "security_group_rule": 2000,
}  # fmt: skip
PUBLIC_NET = {"router:external": True, "provider:network_type": "flat", "provider:physical_network": "public"}
PROVIDER_NET = {"provider:network_type": "flat", "provider:physical_network": "provider"}


def log(msg):
    print(msg, flush=True)


class Boot:
    def __init__(self, root):
        self.root = root
        self.secrets = load(os.path.join(root, "secrets.json"))
        self.state_path = os.path.join(root, "data", "bootstrap-state.json")
        self.state = load(self.state_path)
        self._admin = None

    @property
    def admin(self):
        if self._admin is None:
            self._admin = Client("admin", self.secrets["admin"], "admin")
        return self._admin

    def save(self):
        save(self.state_path, self.state)

    # -- identity -------------------------------------------------------------
    def find_one(self, path, key, **filters):
        query = "&".join("%s=%s" % kv for kv in sorted(filters.items()))
        items = self.admin.get("identity", "%s?%s" % (path, query))[key]
        return items[0] if items else None

    def ensure(self, path, key, body, **filters):
        """GET ?filters, POST body if missing; return the resource."""
        found = self.find_one(path, key, **filters)
        if found:
            return found
        return self.admin.post("identity", path, {key[:-1]: body})[key[:-1]]

    def keystone(self):
        """The catalog of both regions, the service users, the users' domain, projects and users, and the
        application credential; their ids saved in the state file."""
        a = self.admin
        if not a.exists("identity", "/regions/RegionTwo"):
            a.post("identity", "/regions", {"region": {"id": "RegionTwo"}})
        roles = {
            r: self.ensure("/roles", "roles", {"name": r}, name=r)["id"]
            for r in ("admin", "member", "reader", "service", "ResellerAdmin")
        }
        self.ensure_catalog()
        self.ensure_service_users(roles)
        admin_project = self.find_one("/projects", "projects", name="admin", domain_id=DEFAULT_DOMAIN)
        admin_user = self.find_one("/users", "users", name="admin", domain_id=DEFAULT_DOMAIN)
        # swift: the harness (reset) reaches every project's account
        path = "/projects/%s/users/%s/roles/%s" % (admin_project["id"], admin_user["id"], roles["ResellerAdmin"])
        a.put("identity", path)
        dom = self.ensure(
            "/domains",
            "domains",
            {"name": USER_DOMAIN, "description": "devcloud: a non-default domain"},
            name=USER_DOMAIN,
        )
        projects, users = {"admin": admin_project["id"]}, {"admin": admin_user["id"]}
        self.ensure_cloud_users(roles, {"Default": DEFAULT_DOMAIN, USER_DOMAIN: dom["id"]}, projects, users)
        self.state.update(projects=projects, users=users, domain_id=dom["id"])
        self.state["appcred_id"] = self.ensure_appcred(users["appcred-user"])
        self.save()
        log("keystone: catalog, service users, projects %s, application credential ready" % sorted(projects))

    def ensure_catalog(self):
        """identity in both regions, compute/network/placement/block storage per region, image/object-store
        shared."""
        for stype in ("compute", "network", "placement", "image", "object-store", "block-storage", "volumev3"):
            svc = self.ensure("/services", "services", {"type": stype, "name": SERVICE_NAMES[stype]}, type=stype)
            for region in REGIONS:
                if stype in SHARED:
                    url = SHARED[stype]
                else:
                    url = "http://127.0.0.1:%d%s" % (PORTS[region][stype], URL_PATHS.get(stype, ""))
                self.ensure_endpoints(svc["id"], region, url)
        ident = self.find_one("/services", "services", type="identity")
        self.ensure_endpoints(ident["id"], "RegionTwo", KEYSTONE)

    def ensure_service_users(self, roles):
        """Each service's user, admin and service in the service project."""
        service_project = self.ensure(
            "/projects",
            "projects",
            {"name": "service", "domain_id": DEFAULT_DOMAIN},
            name="service",
            domain_id=DEFAULT_DOMAIN,
        )
        for name in ("nova", "neutron", "glance", "placement", "swift", "cinder"):
            uid = self.ensure_user(name, self.secrets["service"][name], DEFAULT_DOMAIN)
            for role in ("admin", "service"):
                path = "/projects/%s/users/%s/roles/%s" % (service_project["id"], uid, roles[role])
                self.admin.put("identity", path)

    def ensure_cloud_users(self, roles, domain_ids, projects, users):
        """The project and user of each devcloud cloud (member and reader), recorded in projects and users."""
        for cloud, c in CLOUDS.items():
            did = domain_ids[c["domain"]]
            proj = self.ensure(
                "/projects",
                "projects",
                {"name": c["project"], "domain_id": did, "description": "devcloud: %s" % cloud},
                name=c["project"],
                domain_id=did,
            )
            uid = self.ensure_user(c["user"], self.secrets["users"][c["user"]], did, proj["id"])
            for role in ("member", "reader"):
                self.admin.put("identity", "/projects/%s/users/%s/roles/%s" % (proj["id"], uid, roles[role]))
            projects[c["project"]] = proj["id"]
            users[c["user"]] = uid

    def ensure_endpoints(self, service_id, region, url):
        have = self.admin.get("identity", "/endpoints?service_id=%s&region_id=%s" % (service_id, region))["endpoints"]
        by_iface = {e["interface"]: e for e in have}
        for iface in ("public", "internal"):
            e = by_iface.get(iface)
            if e and e["url"] == url:
                continue
            if e:
                self.admin.delete("identity", "/endpoints/%s" % e["id"])
            self.admin.post(
                "identity",
                "/endpoints",
                {"endpoint": {"service_id": service_id, "region_id": region, "interface": iface, "url": url}},
            )

    def ensure_user(self, name, password, domain_id, default_project=None):
        user = self.find_one("/users", "users", name=name, domain_id=domain_id)
        body = {"name": name, "domain_id": domain_id, "password": password}
        if default_project:
            body["default_project_id"] = default_project
        if user is None:
            return self.admin.post("identity", "/users", {"user": body})["user"]["id"]
        # keep the password in step with secrets.json
        self.admin.request("PATCH", "identity", "/users/%s" % user["id"], json={"user": {"password": password}})
        return user["id"]

    def ensure_appcred(self, user_id):
        """An application credential with a secret we chose (so secrets.json can recreate clouds.yaml)."""
        c = CLOUDS["devcloud-appcred"]
        secret = self.secrets["appcred_secret"]
        user = Client(c["user"], self.secrets["users"][c["user"]], c["project"], c["domain"])
        path = "/users/%s/application_credentials" % user_id
        found = user.get("identity", path + "?name=devcloud-appcred")["application_credentials"]
        if found:
            from keystoneauth1.identity import v3

            probe = v3.ApplicationCredential(
                auth_url=KEYSTONE, application_credential_id=found[0]["id"], application_credential_secret=secret
            )
            try:
                Client(auth=probe).token()
                return found[0]["id"]
            except Exception:  # secret changed (secrets.json recreated): replace it
                user.delete("identity", "%s/%s" % (path, found[0]["id"]))
        cred = user.post(
            "identity",
            path,
            {
                "application_credential": {
                    "name": "devcloud-appcred",
                    "secret": secret,
                    "description": "devcloud-appcred cloud",
                }
            },
        )
        return cred["application_credential"]["id"]

    # -- compute readiness ---------------------------------------------------
    def wait_compute(self, timeout=240):
        deadline = time.monotonic() + timeout
        for region in REGIONS:
            want = {"nova-compute", "nova-scheduler", "nova-conductor"}
            while True:
                services = self.admin.get("compute", "/os-services", region=region)["services"]
                up = {s["binary"] for s in services if s["state"] == "up" and s["status"] == "enabled"}
                rps = self.admin.get("placement", "/resource_providers", region=region)["resource_providers"]
                if want <= up and rps:
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(
                        "%s: compute services not up after %ds: up=%s, resource providers=%d"
                        % (region, timeout, sorted(up), len(rps))
                    )
                time.sleep(0.5)
        log(
            "compute: nova-compute, -scheduler, -conductor up and resource providers present in %s" % ", ".join(REGIONS)
        )
        self.wait_volume(deadline)

    def wait_volume(self, deadline):
        """cinder-volume reports only after its driver set up; until then every volume create fails."""
        for region in REGIONS:
            want = {"cinder-scheduler", "cinder-volume"}
            while True:
                services = self.admin.get("volumev3", "/os-services", region=region)["services"]
                up = {s["binary"] for s in services if s["state"] == "up" and s["status"] == "enabled"}
                if want <= up:
                    break
                if time.monotonic() > deadline:
                    raise SystemExit("%s: block storage services not up: up=%s" % (region, sorted(up)))
                time.sleep(0.5)
        log("block storage: cinder-scheduler and cinder-volume up in %s" % ", ".join(REGIONS))

    # -- network readiness ----------------------------------------------------
    def wait_network(self, timeout=120):
        """Wait until each user project sees its networks as nova will ask for them. A neutron worker that has
        just started answers its first requests (those that load its policy and extensions, two at a time) with
        empty network lists: nova then finds no network for the project and fails the boot with "Unable to
        automatically allocate a network" (seen on a warm `up` followed at once by `make demo`: 2 of 6 regions).
        Asked here as the users themselves, with the two queries nova makes: the project's own networks must be
        the ones the admin sees, and the project must see some network (its own, or one shared with it: what a
        project sees as shared depends on who asks, so the admin's view of those is no reference)."""
        deadline = time.monotonic() + timeout
        projects = self.state["projects"]
        for cloud, c in sorted(CLOUDS.items()):
            user = Client(c["user"], self.secrets["users"][c["user"]], c["project"], domain=c["domain"])
            own = "/v2.0/networks?tenant_id=%s&shared=False" % projects[c["project"]]
            for region in REGIONS:
                want = sorted(n["id"] for n in self.admin.get("network", own, region=region)["networks"])
                tries = 0
                while True:
                    tries += 1
                    mine = sorted(n["id"] for n in user.get("network", own, region=region)["networks"])
                    shared = user.get("network", "/v2.0/networks?shared=True", region=region)["networks"]
                    if mine == want and (mine or shared):
                        break
                    if time.monotonic() > deadline:
                        raise SystemExit(
                            "%s %s: after %ds neutron still shows the project %d of its %d networks and %d shared"
                            % (cloud, region, timeout, len(mine), len(want), len(shared))
                        )
                    time.sleep(0.5)
                if tries > 1:
                    log("network: %s %s saw its networks after %d tries" % (cloud, region, tries))
        log("network: every user project sees its networks in %s" % ", ".join(REGIONS))

    def hosts_mapped(self):
        """Exit 0 when every region's compute host is mapped to a cell (hypervisor visible)."""
        for region in REGIONS:
            hyp = self.admin.get("compute", "/os-hypervisors", region=region)["hypervisors"]
            if not hyp:
                return 1
        return 0

    # -- more fake hypervisors (devcloud computes N) ------------------------------
    @staticmethod
    def compute_hosts(region, count):
        """The nova host names of a region's first `count` computes (as devcloud/dc/layout.py names them)."""
        s = {"RegionOne": "r1", "RegionTwo": "r2"}[region]
        return ["devcloud-%s" % s] + ["devcloud-%s-c%d" % (s, k) for k in range(2, count + 1)]

    def computes_up(self, count, watch=(), timeout=240):
        """Wait until each region has its first `count` nova-computes up, each with its resource provider and
        its hypervisor (a hypervisor is listed once `nova-manage cell_v2 discover_hosts` mapped its host).
        watch: [(pid, log)] of the computes just started: one that exits fails the wait at once, naming its log
        (nova-compute stops in init_host on a bad configuration, seconds after it started)."""
        deadline = time.monotonic() + timeout
        for region in REGIONS:
            want = set(self.compute_hosts(region, count))
            while True:
                for pid, logfile in watch:
                    if not _running(pid):
                        raise SystemExit(
                            "computes: nova-compute (pid %s) exited while starting: see %s" % (pid, logfile)
                        )
                services = self.admin.get("compute", "/os-services?binary=nova-compute", region=region)["services"]
                up = {s["host"] for s in services if s["state"] == "up" and s["status"] == "enabled"}
                hyp = self.admin.get("compute", "/os-hypervisors", region=region)["hypervisors"]
                mapped = {h["hypervisor_hostname"] for h in hyp}
                rps = self.admin.get("placement", "/resource_providers", region=region)["resource_providers"]
                named = {r["name"] for r in rps}
                if want <= up and want <= mapped and want <= named:
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(
                        "%s: after %ds of %d computes: up %s, hypervisors %s, resource providers %s (the missing "
                        "ones' logs: logs/%s/nova-compute-cN.log)"
                        % (
                            region,
                            timeout,
                            count,
                            sorted(up & want),
                            sorted(mapped & want),
                            sorted(named & want),
                            region,
                        )
                    )
                time.sleep(1)
        log("computes: %d nova-compute hosts up and mapped in %s" % (count, ", ".join(REGIONS)))

    def extra_hosts(self, region, count):
        """The service records of a region's extra computes beyond the first `count`."""
        keep = set(self.compute_hosts(region, count))
        prefix = self.compute_hosts(region, 2)[1][: -len("c2")]
        services = self.admin.get("compute", "/os-services?binary=nova-compute", region=region)["services"]
        return [svc for svc in services if svc["host"].startswith(prefix) and svc["host"] not in keep]

    def computes_empty(self, count):
        """Refuse (before anything is stopped) while a server, of any project, is on an extra compute to go."""
        busy = []
        for region in REGIONS:
            for svc in self.extra_hosts(region, count):
                path = "/servers?all_tenants=1&host=%s" % _q(svc["host"])
                busy += [
                    "%s %s" % (svc["host"], x["name"])
                    for x in self.admin.get("compute", path, region=region)["servers"]
                ]
        if busy:
            raise SystemExit(
                "computes: %d servers are still on the computes to stop (delete them first): %s"
                % (len(busy), ", ".join(busy[:10]) + (", ..." if len(busy) > 10 else ""))
            )

    def forget_computes(self, count):
        """Delete the service records of the extra computes beyond the first `count` (stopped before): nova deletes
        their compute nodes and resource providers with them. Refused by nova while a server is on one of them."""
        gone = []
        for region in REGIONS:
            for svc in self.extra_hosts(region, count):
                self.admin.delete("compute", "/os-services/%s" % svc["id"], region=region)
                gone.append("%s (%s)" % (svc["host"], region))
        log("computes: forgot %s" % (", ".join(gone) or "none"))

    # -- resources --------------------------------------------------------------
    def resources(self):
        """Per region: flavors, the user projects' quotas, the networks of both network models; then the image."""
        regions = self.state.setdefault("regions", {})
        for region in REGIONS:
            self.ensure_flavors(region)
            for pname, pid in self.state["projects"].items():
                if pname != "admin":
                    self.set_quotas(region, pid)
            self.ensure_networks(region, regions.setdefault(region, {}))
            self.save()
        self.state["images"] = [self.ensure_image()]
        self.save()
        log("resources: flavors, quotas, networks public/provider/private, routers, image %s" % IMAGE_NAME)

    def ensure_flavors(self, region):
        for fid, name, ram, vcpus, disk in FLAVORS[region]:
            if not self.admin.exists("compute", "/flavors/%s" % fid, region=region):
                flavor = {"id": fid, "name": name, "ram": ram, "vcpus": vcpus, "disk": disk}
                flavor["os-flavor-access:is_public"] = True
                self.admin.post("compute", "/flavors", {"flavor": flavor}, region=region)

    def set_quotas(self, region, pid):
        """Quotas far above the defaults: the benchmarks and the soak boot hundreds of servers per project."""
        a = self.admin
        a.put("compute", "/os-quota-sets/%s" % pid, {"quota_set": COMPUTE_QUOTAS}, region=region)
        a.put("volumev3", "/os-quota-sets/%s" % pid, {"quota_set": VOLUME_QUOTAS}, region=region)
        a.put("network", "/v2.0/quotas/%s" % pid, {"quota": NETWORK_QUOTAS}, region=region)

    def ensure_networks(self, region, rs):
        """The external network (floating IPs), the provider network shared with the direct project, and each
        floating-IP project's private network routed to the external one; their ids recorded in rs."""
        projects, nets, admin_pid = self.state["projects"], NETS[region], self.state["projects"]["admin"]
        public = self.ensure_net(region, "public", admin_pid, PUBLIC_NET)
        self.ensure_subnet(region, public, "public-subnet", nets["public"], admin_pid, dhcp=False)
        provider = self.ensure_net(region, "provider", admin_pid, PROVIDER_NET)
        self.ensure_subnet(region, provider, "provider-subnet", nets["provider"], admin_pid, dhcp=True)
        rs["rbac"] = self.share_provider(region, provider, projects["direct-project"])
        routers = []
        for pname in ("fip-project", "appcred-project"):
            pid = projects[pname]
            net = self.ensure_net(region, "private", pid, {})
            sub = self.ensure_subnet(region, net, "private-subnet", (nets[pname], None, None), pid, dhcp=True)
            routers.append(self.ensure_router(region, pid, public, sub))
        private = set(self._ids("networks", region, name="private"))
        rs["networks"] = sorted(set(rs.get("networks", [])) | {public["id"], provider["id"]} | private)
        rs["routers"] = routers

    def share_provider(self, region, provider, project_id):
        """The provider network is shared with the direct project only (RBAC), like a public cloud whose servers
        sit directly on a routable network; the ids of its RBAC policies."""
        a = self.admin
        path = "/v2.0/rbac-policies?object_id=%s&action=access_as_shared" % provider["id"]
        rbac = a.get("network", path, region=region)["rbac_policies"]
        if not any(r["target_tenant"] == project_id for r in rbac):
            policy = {"object_type": "network", "object_id": provider["id"], "action": "access_as_shared"}
            policy["target_tenant"] = project_id
            rbac = [a.post("network", "/v2.0/rbac-policies", {"rbac_policy": policy}, region=region)["rbac_policy"]]
        return sorted({r["id"] for r in rbac})

    def _ids(self, kind, region, **filters):
        query = "&".join("%s=%s" % kv for kv in sorted(filters.items()))
        return [x["id"] for x in self.admin.get("network", "/v2.0/%s?%s" % (kind, query), region=region)[kind]]

    def ensure_net(self, region, name, project_id, extra):
        found = self.admin.get("network", "/v2.0/networks?name=%s&project_id=%s" % (name, project_id), region=region)[
            "networks"
        ]
        if found:
            return found[0]
        body = dict(extra, name=name, project_id=project_id)
        return self.admin.post("network", "/v2.0/networks", {"network": body}, region=region)["network"]

    def ensure_subnet(self, region, net, name, cidr_pool, project_id, dhcp):
        found = self.admin.get("network", "/v2.0/subnets?network_id=%s&name=%s" % (net["id"], name), region=region)[
            "subnets"
        ]
        if found:
            return found[0]
        cidr, start, end = cidr_pool
        body = {
            "name": name,
            "network_id": net["id"],
            "ip_version": 4,
            "cidr": cidr,
            "enable_dhcp": dhcp,
            "project_id": project_id,
        }
        if start:
            body["allocation_pools"] = [{"start": start, "end": end}]
        return self.admin.post("network", "/v2.0/subnets", {"subnet": body}, region=region)["subnet"]

    def ensure_router(self, region, project_id, public, subnet):
        found = self.admin.get("network", "/v2.0/routers?name=router1&project_id=%s" % project_id, region=region)[
            "routers"
        ]
        if found:
            router = found[0]
        else:
            router = self.admin.post(
                "network",
                "/v2.0/routers",
                {
                    "router": {
                        "name": "router1",
                        "project_id": project_id,
                        "external_gateway_info": {"network_id": public["id"]},
                    }
                },
                region=region,
            )["router"]
        ports = self.admin.get(
            "network", "/v2.0/ports?device_id=%s&network_id=%s" % (router["id"], subnet["network_id"]), region=region
        )["ports"]
        if not ports:
            self.admin.put(
                "network",
                "/v2.0/routers/%s/add_router_interface" % router["id"],
                {"subnet_id": subnet["id"]},
                region=region,
            )
        return router["id"]

    def ensure_image(self):
        a = self.admin
        found = a.get("image", "/v2/images?name=%s" % IMAGE_NAME)["images"]
        active = [i for i in found if i["status"] == "active"]
        for i in found:
            if i["status"] != "active":  # an interrupted earlier upload
                a.delete("image", "/v2/images/%s" % i["id"])
        if active:
            return active[0]["id"]
        # 64 KiB of deterministic bytes: same checksum on every machine
        seed = hashlib.sha256(b"devcloud").digest()
        data = (seed * (65536 // len(seed) + 1))[:65536]
        img = a.post(
            "image",
            "/v2/images",
            {
                "name": IMAGE_NAME,
                "disk_format": "raw",
                "container_format": "bare",
                "visibility": "public",
                "min_ram": 0,
            },
        )
        a.request(
            "PUT",
            "image",
            "/v2/images/%s/file" % img["id"],
            data=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        return img["id"]

    # -- clouds.yaml ------------------------------------------------------------
    def clouds(self):
        base = {"identity_api_version": 3, "interface": "public", "regions": list(REGIONS)}
        clouds = {}
        for cloud, c in CLOUDS.items():
            entry = dict(base)
            if cloud == "devcloud-appcred":
                entry["auth_type"] = "v3applicationcredential"
                entry["auth"] = {
                    "auth_url": KEYSTONE,
                    "application_credential_id": self.state["appcred_id"],
                    "application_credential_secret": self.secrets["appcred_secret"],
                }
            else:
                entry["auth"] = {
                    "auth_url": KEYSTONE,
                    "username": c["user"],
                    "password": self.secrets["users"][c["user"]],
                    "project_name": c["project"],
                    "user_domain_name": c["domain"],
                    "project_domain_name": c["domain"],
                }
            if c["model"] == "direct":
                # undiscoverable from the API (the network is not router:external): labelled
                # here, as public clouds with routable provider networks document it
                entry["networks"] = [{"name": "provider", "routes_externally": True, "default_interface": True}]
            clouds[cloud] = entry
        clouds["devcloud-admin"] = dict(
            base,
            auth={
                "auth_url": KEYSTONE,
                "username": "admin",
                "password": self.secrets["admin"],
                "project_name": "admin",
                "user_domain_name": "Default",
                "project_domain_name": "Default",
            },
        )
        path = os.path.join(self.root, "clouds.yaml")
        header = (
            "# Generated by devcloud (devcloud/devcloud up); rewritten on every up.\n"
            "# devcloud-fip: private network + router, public addresses via floating IPs from 'public'\n"
            "# devcloud-direct: servers sit on the shared routable network 'provider'\n"
            "# devcloud-appcred: a user in domain %s, application credential auth\n"
            "# devcloud-admin: for the test harness only\n" % USER_DOMAIN
        )
        text = header + yaml.safe_dump({"clouds": clouds}, default_flow_style=False, sort_keys=True)
        tmp = path + ".tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)

    def describe(self):
        """Print the clouds of clouds.yaml, without secrets."""
        with open(os.path.join(self.root, "clouds.yaml")) as f:
            clouds = yaml.safe_load(f)["clouds"]
        models = {"devcloud-admin": "test harness only (admin)"}
        for name, c in CLOUDS.items():
            models[name] = {
                "fip": "private network + router; public IPs are floating IPs from 'public'",
                "direct": "servers on the routable network 'provider' (no floating IP)",
            }[c["model"]]
        print("%-18s %-26s %-44s %s" % ("cloud", "auth", "user @ project (domain)", "regions"))
        for name, c in sorted(clouds.items()):
            a = c["auth"]
            who = (
                "%s @ %s (%s)" % (a["username"], a["project_name"], a["project_domain_name"])
                if "username" in a
                else "application credential of %s" % CLOUDS.get(name, {}).get("user", "?")
            )
            print("%-18s %-26s %-44s %s" % (name, c.get("auth_type", "password"), who, " ".join(c["regions"])))
            print("%-18s   %s" % ("", models.get(name, "")))

    # -- reset ---------------------------------------------------------------
    def reset(self):
        """Delete what the user projects hold beyond what bootstrap made (servers, volumes, floating IPs, routers,
        ports, networks, security groups, keypairs, images, containers), and say what, by name where a leak is
        found from it."""
        st = self.state
        counts = {}
        named = []  # what was deleted, by name: a test that leaked is found from it

        def count(kind, n=1):
            counts[kind] = counts.get(kind, 0) + n

        pids = set(st["projects"].values())
        for region in REGIONS:
            rs = st.get("regions", {}).get(region, {})
            self.reset_servers(region, pids, count, named)
            self.reset_volumes(region, pids, count, named)
            for pid in pids:
                self.reset_network(region, pid, set(rs.get("networks", [])), set(rs.get("routers", [])), count)
            for uid in st["users"].values():
                self.reset_keypairs(region, uid, count)
        for pid in pids:
            self.reset_images(pid, set(st.get("images", [])), count, named)
            self.reset_objects(pid, count, named)
        said = ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items())) or "nothing"
        if named:
            said += " (%s%s)" % (", ".join(named[:40]), ", ..." if len(named) > 40 else "")
        log("reset: deleted " + said)

    def reset_servers(self, region, pids, count, named):
        """Delete the projects' servers and wait until nova has let them go (their ports and volumes with them)."""
        a = self.admin
        servers = [
            s
            for s in a.get("compute", "/servers/detail?all_tenants=1", region=region)["servers"]
            if s["tenant_id"] in pids
        ]
        for s in servers:
            a.delete("compute", "/servers/%s" % s["id"], region=region)
            count("servers")
            named.append("server %s (%s)" % (s["name"], region))
        ids = {x["id"] for x in servers}
        deadline = time.monotonic() + 180
        while ids and time.monotonic() < deadline:
            if not [s for s in a.get("compute", "/servers?all_tenants=1", region=region)["servers"] if s["id"] in ids]:
                return
            time.sleep(0.5)
        if ids:
            raise SystemExit("%s: servers still deleting after 180 s" % region)

    def reset_network(self, region, pid, keep_nets, keep_routers, count):
        """A project's floating IPs, routers, ports, networks and security groups, but what bootstrap made."""
        a = self.admin
        for fip in a.get("network", "/v2.0/floatingips?project_id=%s" % pid, region=region)["floatingips"]:
            a.delete("network", "/v2.0/floatingips/%s" % fip["id"], region=region)
            count("floating IPs")
        for r in a.get("network", "/v2.0/routers?project_id=%s" % pid, region=region)["routers"]:
            if r["id"] in keep_routers:
                continue
            for port in a.get("network", "/v2.0/ports?device_id=%s" % r["id"], region=region)["ports"]:
                if port["device_owner"].startswith("network:router_interface"):
                    path = "/v2.0/routers/%s/remove_router_interface" % r["id"]
                    a.put("network", path, {"port_id": port["id"]}, region=region)
            a.delete("network", "/v2.0/routers/%s" % r["id"], region=region)
            count("routers")
        for port in a.get("network", "/v2.0/ports?project_id=%s" % pid, region=region)["ports"]:
            owner = port["device_owner"]
            if owner.startswith("network:router") and port["device_id"] in keep_routers:
                continue
            if owner in ("network:dhcp", "network:floatingip"):
                continue
            a.delete("network", "/v2.0/ports/%s" % port["id"], region=region)
            count("ports")
        for net in a.get("network", "/v2.0/networks?project_id=%s" % pid, region=region)["networks"]:
            if net["id"] not in keep_nets:
                a.delete("network", "/v2.0/networks/%s" % net["id"], region=region)
                count("networks")
        groups = a.get("network", "/v2.0/security-groups?project_id=%s" % pid, region=region)["security_groups"]
        for sg in groups:
            if sg["name"] != "default":
                a.delete("network", "/v2.0/security-groups/%s" % sg["id"], region=region)
                count("security groups")

    def reset_keypairs(self, region, uid, count):
        a = self.admin
        for kp in a.get("compute", "/os-keypairs?user_id=%s" % uid, region=region)["keypairs"]:
            a.delete("compute", "/os-keypairs/%s?user_id=%s" % (kp["keypair"]["name"], uid), region=region)
            count("keypairs")

    def reset_images(self, pid, keep_images, count, named):
        """A project's images but the demo image; protected ones are unprotected first."""
        a = self.admin
        for img in a.get("image", "/v2/images?owner=%s&limit=1000" % pid)["images"]:
            if img["id"] in keep_images:
                continue
            if img.get("protected"):
                a.request(
                    "PATCH",
                    "image",
                    "/v2/images/%s" % img["id"],
                    json=[{"op": "replace", "path": "/protected", "value": False}],
                    headers={"Content-Type": "application/openstack-images-v2.1-json-patch"},
                )
            a.delete("image", "/v2/images/%s" % img["id"])
            count("images")
            named.append("image %s (%s)" % (img.get("name"), img["id"]))

    def reset_objects(self, pid, count, named):
        """A project's swift account emptied: every container, its objects first (a listing is a page: again
        until none is left)."""
        a = self.admin
        account = "http://127.0.0.1:8080/v1/AUTH_%s" % pid
        for cont in a.request("GET", "object-store", account + "?format=json", ok=(200, 204, 404)) or []:
            path = "%s/%s" % (account, _q(cont["name"]))
            while True:
                objs = a.request("GET", "object-store", path + "?format=json", ok=(200, 204, 404)) or []
                if not objs:
                    break
                for o in objs:
                    a.delete("object-store", "%s/%s" % (path, _q(o["name"])))
                    count("objects")
            a.delete("object-store", path, ok=(204, 404, 409))
            count("containers")
            named.append("container %s" % cont["name"])

    def reset_volumes(self, region, pids, count, named):
        """Force-delete the user projects' snapshots, then volumes, whatever their state: the servers they were
        attached to are gone already (a test cloud only: the attachments' records go with the volumes)."""
        a = self.admin
        owner = {"snapshots": "os-extended-snapshot-attributes:project_id", "volumes": "os-vol-tenant-attr:tenant_id"}
        for kind in ("snapshots", "volumes"):
            doomed = [
                x
                for x in a.get("volumev3", "/%s/detail?all_tenants=1" % kind, region=region)[kind]
                if x.get(owner[kind]) in pids
            ]
            for x in doomed:
                a.post("volumev3", "/%s/%s/action" % (kind, x["id"]), {"os-force_delete": {}}, region=region)
                count(kind)
                named.append("%s %s (%s)" % (kind[:-1], x.get("name"), region))
            deadline = time.monotonic() + 120
            while doomed and time.monotonic() < deadline:
                have = {x["id"] for x in a.get("volumev3", "/%s?all_tenants=1" % kind, region=region)[kind]}
                if not have & {x["id"] for x in doomed}:
                    break
                time.sleep(0.5)
            else:
                if doomed:
                    raise SystemExit("%s: %s still deleting after 120 s" % (region, kind))


def _running(pid):
    """Whether process pid runs (a zombie, exited and not yet reaped by its parent, does not)."""
    try:
        with open("/proc/%s/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _q(name):
    from urllib.parse import quote

    return quote(name, safe="")


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    cmd, root, extra = sys.argv[1], sys.argv[-1], sys.argv[2:-1]
    boot = Boot(root)
    try:
        if cmd == "keystone":
            boot.keystone()
        elif cmd == "wait-compute":
            boot.wait_compute()
        elif cmd == "wait-network":
            boot.wait_network()
        elif cmd == "computes-up" and extra:
            # computes-up N [PID:LOG ...] ROOT
            boot.computes_up(int(extra[0]), [tuple(w.split(":", 1)) for w in extra[1:]])
        elif cmd == "computes-empty" and extra:
            boot.computes_empty(int(extra[0]))
        elif cmd == "forget-computes" and extra:
            boot.forget_computes(int(extra[0]))
        elif cmd == "hosts-mapped":
            return boot.hosts_mapped()
        elif cmd == "resources":
            boot.resources()
        elif cmd == "clouds":
            boot.clouds()
        elif cmd == "describe":
            boot.describe()
        elif cmd == "reset":
            boot.reset()
        else:
            raise SystemExit("unknown command %s\n%s" % (cmd, __doc__))
    except ApiError as e:
        raise SystemExit("devcloud bootstrap %s: %s" % (cmd, e)) from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
