"""Where everything lives and which processes make up the devcloud.

Pure data plus tiny helpers: no I/O at import time.  Everything is bound to
127.0.0.1; every path is under ``DEVCLOUD_DIR`` (default
``~/.cache/polystack/devcloud``) so that a clean clone reuses the venv.
"""

import os
from dataclasses import dataclass, field

HOST = "127.0.0.1"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # devcloud/

REGIONS = ("RegionOne", "RegionTwo")

# Per-region ports: RegionOne keeps the usual ports, RegionTwo adds 10000.
REGION_PORTS = {
    "RegionOne": {"placement": 8778, "nova": 8774, "neutron": 9696, "cinder": 8776},
    "RegionTwo": {"placement": 18778, "nova": 18774, "neutron": 19696, "cinder": 18776},
}
SHARED_PORTS = {"keystone": 5000, "glance": 9292, "swift": 8080}
SWIFT_BACKEND_PORTS = {"object": 6200, "container": 6201, "account": 6202}

MYSQL_PORT = 3306
RABBIT_PORT = 5672


def short(region):
    """RegionOne -> r1 (used in host names, database names, vhosts)."""
    return {"RegionOne": "r1", "RegionTwo": "r2"}[region]


def db_name(base, region=None):
    return base if region in (None, "RegionOne") else "%s_%s" % (base, short(region))


def url(service, region="RegionOne"):
    if service in SHARED_PORTS:
        port = SHARED_PORTS[service]
    else:
        port = REGION_PORTS[region][service]
    return "http://%s:%d" % (HOST, port)


@dataclass
class Paths:
    root: str

    @classmethod
    def from_env(cls):
        default = os.path.join(os.path.expanduser("~"), ".cache", "polystack", "devcloud")
        return cls(os.path.abspath(os.environ.get("DEVCLOUD_DIR") or default))

    def __getattr__(self, name):  # venv, etc, data, logs, run
        if name in ("venv", "etc", "data", "logs", "run"):
            return os.path.join(self.root, name)
        raise AttributeError(name)

    @property
    def bin(self):
        return os.path.join(self.venv, "bin")

    @property
    def python(self):
        return os.path.join(self.bin, "python")

    @property
    def clouds_yaml(self):
        return os.path.join(self.root, "clouds.yaml")

    @property
    def secrets(self):
        return os.path.join(self.root, "secrets.json")

    @property
    def state(self):
        return os.path.join(self.data, "bootstrap-state.json")

    def marker(self, name):
        return os.path.join(self.data, "." + name)


@dataclass
class Service:
    """One long-running process of the stack."""

    name: str  # unique, used for pid and log file names
    argv: list
    port: int = None  # answers HTTP (or TCP) here when ready
    env: dict = field(default_factory=dict)
    region: str = None
    http: bool = True  # readiness = an HTTP answer (any status) rather than a TCP accept

    @property
    def log_name(self):
        return self.name + ".log"


def services(p):
    """Every process, in start order (the order matters only for swiftlog)."""
    b = p.bin
    out = []

    def uwsgi(name, port, region=None):
        ini = os.path.join(p.etc, "uwsgi", name + ".ini")
        out.append(Service(name, [os.path.join(b, "uwsgi"), "--ini", ini], port, region=region))

    out.append(
        Service(
            "swiftlog",
            [
                p.python,
                os.path.join(HERE, "dc", "swiftlog.py"),
                os.path.join(p.run, "swift-log.sock"),
                os.path.join(p.logs, "swift.log"),
            ],
            http=False,
        )
    )
    uwsgi("keystone", SHARED_PORTS["keystone"])
    uwsgi("glance", SHARED_PORTS["glance"])
    swift_etc = os.path.join(p.etc, "swift")
    for kind, port in sorted(SWIFT_BACKEND_PORTS.items()):
        out.append(
            Service(
                "swift-" + kind,
                [os.path.join(b, "swift-%s-server" % kind), os.path.join(swift_etc, "%s-server.conf" % kind)],
                port,
                http=False,
            )
        )
    out.append(
        Service(
            "swift-proxy",
            [os.path.join(b, "swift-proxy-server"), os.path.join(swift_etc, "proxy-server.conf")],
            SHARED_PORTS["swift"],
        )
    )
    for region in REGIONS:
        s = short(region)
        ports = REGION_PORTS[region]
        uwsgi("placement-" + s, ports["placement"], region)
        uwsgi("neutron-" + s, ports["neutron"], region)
        uwsgi("nova-api-" + s, ports["nova"], region)
        etc = os.path.join(p.etc, region, "nova")
        for daemon, conf in (("conductor", "nova.conf"), ("scheduler", "nova.conf"), ("compute", "nova-compute.conf")):
            out.append(
                Service(
                    "nova-%s-%s" % (daemon, s),
                    [os.path.join(b, "nova-" + daemon), "--config-file", os.path.join(etc, conf)],
                    None,
                    region=region,
                )
            )
        uwsgi("cinder-api-" + s, ports["cinder"], region)
        cetc = os.path.join(p.etc, region, "cinder", "cinder.conf")
        for daemon in ("scheduler", "volume"):
            out.append(
                Service(
                    "cinder-%s-%s" % (daemon, s),
                    [os.path.join(b, "cinder-" + daemon), "--config-file", cetc],
                    None,
                    region=region,
                )
            )
    return out


def service_names(p):
    return [s.name for s in services(p)]
