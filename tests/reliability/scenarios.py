"""What the fault tests and the sweep run: one step of a module (create, update or delete) on a named resource,
how to prepare for it and clean up after it without faults, and what the cloud holds afterwards.

A scenario's ``state(cloud, name)`` is what must be the same with and without faults (so that a retried
request that made a duplicate, or a failure that leaked something, shows up as a difference).
"""

import hashlib
import os
import tempfile
import threading

from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
from ansible_collections.polystack.cloud.plugins.module_utils._compute import public_key_fingerprint
from reliability.runner import KEY, KEY2

CLOUD = "devcloud-fip"
IMAGE_BYTES = hashlib.sha512(b"rel-image").digest() * 64  # 4 KiB, the same on every run
OBJECT_DATA = b"rel object\n" * 50


_ENV = threading.Lock()


def connect(clouds_yaml, cloud=CLOUD, region=None, cache_dir=None):
    """A Cloud of the Python API (its token cache in cache_dir: the environment is changed only meanwhile)."""
    with _ENV:
        saved = os.environ.get("POLYSTACK_CACHE_DIR")
        if cache_dir:
            os.environ["POLYSTACK_CACHE_DIR"] = cache_dir
        try:
            return _cloud.connect(
                cloud=cloud, region_name=region, config=_config.CloudConfig(config_file=clouds_yaml, env={})
            )
        finally:
            if saved is None:
                os.environ.pop("POLYSTACK_CACHE_DIR", None)
            else:
                os.environ["POLYSTACK_CACHE_DIR"] = saved


def image_file():
    path = os.path.join(tempfile.gettempdir(), "rel-image-%d.raw" % os.getuid())
    if not os.path.exists(path) or os.path.getsize(path) != len(IMAGE_BYTES):
        tmp = "%s.%d" % (path, os.getpid())  # whole or absent: another pytest worker may be reading it
        with open(tmp, "wb") as f:
            f.write(IMAGE_BYTES)
        os.replace(tmp, path)
    return path


class Scenario:
    module = None
    kind = None
    step = None  # create, update or delete
    changed = True  # what the step reports without faults
    slow = False

    def __init__(self, name):
        self.name = name

    def args(self):
        raise NotImplementedError

    def prepare(self, run):  # run(module, args) -> Result, without faults
        pass

    def cleanup(self, run):
        pass

    def state(self, cloud):
        raise NotImplementedError

    def expected(self):
        """What the cloud holds after the step (the same with faults as without)."""
        raise NotImplementedError

    def label(self):
        return "%s %s" % (self.module.rsplit(".", maxsplit=1)[-1], self.step)


# -- keypairs --------------------------------------------------------------------------------------------


class KeypairCreate(Scenario):
    module, kind, step = "polystack.cloud.os_keypair", "keypair", "create"

    def args(self):
        return dict(cloud=CLOUD, name=self.name, public_key=KEY)

    def cleanup(self, run):
        run(self.module, dict(cloud=CLOUD, name=self.name, state="absent"))

    def state(self, cloud):
        got = cloud.get_keypair(self.name)
        return {"keypairs": [got.fingerprint] if got else []}

    def expected(self):
        return {"keypairs": [public_key_fingerprint(KEY)]}


class KeypairUpdate(KeypairCreate):
    """state=replace with another key: the keypair is deleted and imported again."""

    step = "update"

    def prepare(self, run):
        run(self.module, KeypairCreate.args(self))

    def args(self):
        return dict(cloud=CLOUD, name=self.name, public_key=KEY2, state="replace")

    def expected(self):
        return {"keypairs": [public_key_fingerprint(KEY2)]}


class KeypairDelete(KeypairCreate):
    step = "delete"

    def prepare(self, run):
        run(self.module, KeypairCreate.args(self))

    def args(self):
        return dict(cloud=CLOUD, name=self.name, state="absent")

    def expected(self):
        return {"keypairs": []}


# -- images ------------------------------------------------------------------------------------------------


class ImageCreate(Scenario):
    module, kind, step = "polystack.cloud.os_image", "image", "create"

    def args(self):
        return dict(
            cloud=CLOUD,
            name=self.name,
            filename=image_file(),
            disk_format="raw",
            container_format="bare",
            min_ram=256,
            visibility="private",
        )

    def cleanup(self, run):
        run(self.module, dict(cloud=CLOUD, name=self.name, state="absent"))

    def state(self, cloud):
        images = cloud.search_images(self.name)
        return {
            "images": sorted(
                (i.get("status"), i.get("checksum"), i.get("min_ram"), i.get("visibility"))
                for i in [cloud.request("image", "GET", "/v2/images/%s" % x.id).json() for x in images]
            )
        }

    def expected(self, min_ram=256):
        return {"images": [("active", hashlib.md5(IMAGE_BYTES).hexdigest(), min_ram, "private")]}


class ImageUpdate(ImageCreate):
    step = "update"

    def prepare(self, run):
        run(self.module, ImageCreate.args(self))

    def args(self):
        return dict(ImageCreate.args(self), min_ram=512)

    def expected(self):
        return ImageCreate.expected(self, min_ram=512)


class ImageDelete(ImageCreate):
    step = "delete"

    def prepare(self, run):
        run(self.module, ImageCreate.args(self))

    def args(self):
        return dict(cloud=CLOUD, name=self.name, state="absent")

    def expected(self):
        return {"images": []}


# -- objects --------------------------------------------------------------------------------------------------


class ObjectCreate(Scenario):
    module, kind, step = "polystack.cloud.os_object", "object", "create"

    @property
    def container(self):
        return self.name + "-c"

    def args(self):
        return dict(cloud=CLOUD, container=self.container, name="o1", data=OBJECT_DATA.decode(), metadata={"a": "1"})

    def cleanup(self, run):
        run(self.module, dict(cloud=CLOUD, container=self.container, state="absent", delete_with_all_objects=True))

    def state(self, cloud):
        if cloud.get_container(self.container) is None:
            return {"container": None}
        objects = cloud.list_objects(self.container)
        heads = {}
        for o in objects:
            headers, data = cloud.get_object(self.container, o["name"])
            heads[o["name"]] = (hashlib.md5(data).hexdigest(), headers.get("x-object-meta-a"))
        return {"container": self.container, "objects": heads}

    def expected(self, meta="1"):
        return {"container": self.container, "objects": {"o1": (hashlib.md5(OBJECT_DATA).hexdigest(), meta)}}


class ObjectUpdate(ObjectCreate):
    step = "update"

    def prepare(self, run):
        run(self.module, ObjectCreate.args(self))

    def args(self):
        return dict(ObjectCreate.args(self), metadata={"a": "2"})

    def expected(self):
        return ObjectCreate.expected(self, meta="2")


class ObjectDelete(ObjectCreate):
    step = "delete"

    def prepare(self, run):
        run(self.module, ObjectCreate.args(self))

    def args(self):
        return dict(cloud=CLOUD, container=self.container, name="o1", state="absent")

    def expected(self):
        return {"container": self.container, "objects": {}}


# -- servers ----------------------------------------------------------------------------------------------


class ServerCreate(Scenario):
    module, kind, step = "polystack.cloud.os_server", "server", "create"
    slow = True

    def args(self):
        return dict(
            cloud=CLOUD,
            name=self.name,
            image="devcloud-tiny",
            flavor_ram=256,
            auto_ip=True,
            delete_ips=True,
            metadata={"role": "rel"},
            timeout=300,
        )

    def cleanup(self, run):
        run(self.module, dict(cloud=CLOUD, name=self.name, state="absent", delete_ips=True, timeout=300))

    def state(self, cloud):
        servers = cloud.search_servers(self.name)
        out = []
        for s in servers:
            ports = cloud.list_ports({"device_id": s.id})
            fips = [f for p in ports for f in cloud.list_floating_ips({"port_id": p.id})]
            out.append((s.status, dict(s.metadata or {}).get("role"), len(ports), len(fips)))
        return {"servers": sorted(out)}

    def expected(self, role="rel"):
        return {"servers": [("ACTIVE", role, 1, 1)]}  # one server, one port, one floating IP


class ServerUpdate(ServerCreate):
    step = "update"

    def prepare(self, run):
        run(self.module, ServerCreate.args(self))

    def args(self):
        return dict(ServerCreate.args(self), metadata={"role": "rel2"})

    def expected(self):
        return ServerCreate.expected(self, role="rel2")


class ServerDelete(ServerCreate):
    step = "delete"

    def prepare(self, run):
        run(self.module, ServerCreate.args(self))

    def args(self):
        return dict(cloud=CLOUD, name=self.name, state="absent", delete_ips=True, timeout=300)

    def expected(self):
        return {"servers": []}


# -- floating IPs (on a server made without one) ------------------------------------------------------------


class FloatingIpAttach(Scenario):
    module, kind, step = "polystack.cloud.os_floating_ip", "floating_ip", "create"
    slow = True

    def prepare(self, run):
        run(
            "polystack.cloud.os_server",
            dict(cloud=CLOUD, name=self.name, image="devcloud-tiny", flavor_ram=256, auto_ip=False, timeout=300),
        )

    def args(self):
        return dict(cloud=CLOUD, server=self.name, network="public")

    def cleanup(self, run):
        run(self.module, dict(cloud=CLOUD, server=self.name, state="absent", purge=True))
        run("polystack.cloud.os_server", dict(cloud=CLOUD, name=self.name, state="absent", timeout=300))

    def state(self, cloud):
        server = cloud.get_server(self.name)
        if server is None:
            return {"server": None}
        ports = cloud.list_ports({"device_id": server.id})
        fips = [f for p in ports for f in cloud.list_floating_ips({"port_id": p.id})]
        return {"server": server.status, "floating_ips": len(fips)}

    def expected(self):
        return {"server": "ACTIVE", "floating_ips": 1}


class FloatingIpDetach(FloatingIpAttach):
    step = "delete"

    def prepare(self, run):
        FloatingIpAttach.prepare(self, run)
        run(self.module, FloatingIpAttach.args(self))

    def args(self):
        return dict(cloud=CLOUD, server=self.name, state="absent", purge=True)

    def expected(self):
        return {"server": "ACTIVE", "floating_ips": 0}


SCENARIOS = {
    s.module.rsplit(".", maxsplit=1)[-1] + "-" + s.step: s
    for s in (
        KeypairCreate,
        KeypairUpdate,
        KeypairDelete,
        ImageCreate,
        ImageUpdate,
        ImageDelete,
        ObjectCreate,
        ObjectUpdate,
        ObjectDelete,
        ServerCreate,
        ServerUpdate,
        ServerDelete,
        FloatingIpAttach,
        FloatingIpDetach,
    )
}


def remove_named(clouds_yaml, prefix, clouds=(CLOUD,), regions=("RegionOne", "RegionTwo")):
    """Delete every server (with the floating IPs made for it), image, keypair and container whose name starts
    with prefix; returns what there was.  A test calls it last: whatever it finds is a leak (or what a failed
    test left), and the clouds are clean either way."""
    from ansible_collections.polystack.cloud.plugins.module_utils import _object_store

    found = []
    for cloud in clouds:
        for region in regions:
            c = connect(clouds_yaml, cloud, region)
            where = "%s/%s" % (cloud, region)
            for s in c.list_servers():
                if s.name.startswith(prefix):
                    found.append("%s server %s (%s)" % (where, s.name, s.status))
                    c.delete_server(s.id, wait=True, delete_ips=True, timeout=600)
            for i in c.list_images({"owner": c.current_project_id}):
                if (i.name or "").startswith(prefix):
                    found.append("%s image %s (%s)" % (where, i.name, i.status))
                    c.delete_image(i.id)
            for k in c.list_keypairs():
                if k.name.startswith(prefix):
                    found.append("%s keypair %s" % (where, k.name))
                    c.delete_keypair(k.name)
            if region == regions[0]:  # one swift for both regions
                for x in c.list_containers():
                    if x["name"].startswith(prefix):
                        found.append("%s container %s (%s objects)" % (cloud, x["name"], x.get("count")))
                        _object_store.delete_container(c, x["name"], with_objects=True)
    return found
