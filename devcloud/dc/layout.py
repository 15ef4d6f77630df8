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
    out = shared_services(p)
    for region in REGIONS:
        out += region_services(p, region)
    return out


def _uwsgi(p, name, port, region=None):
    ini = os.path.join(p.etc, "uwsgi", name + ".ini")
    return Service(name, [os.path.join(p.bin, "uwsgi"), "--ini", ini], port, region=region)


def shared_services(p):
    """swift's log socket, keystone, glance and swift: one of each for both regions."""
    swiftlog = [p.python, os.path.join(HERE, "dc", "swiftlog.py"), os.path.join(p.run, "swift-log.sock")]
    out = [Service("swiftlog", swiftlog + [os.path.join(p.logs, "swift.log")], http=False)]
    out += [_uwsgi(p, "keystone", SHARED_PORTS["keystone"]), _uwsgi(p, "glance", SHARED_PORTS["glance"])]
    swift_etc = os.path.join(p.etc, "swift")
    for kind, port in sorted(SWIFT_BACKEND_PORTS.items()):
        argv = [os.path.join(p.bin, "swift-%s-server" % kind), os.path.join(swift_etc, "%s-server.conf" % kind)]
        out.append(Service("swift-" + kind, argv, port, http=False))
    argv = [os.path.join(p.bin, "swift-proxy-server"), os.path.join(swift_etc, "proxy-server.conf")]
    return out + [Service("swift-proxy", argv, SHARED_PORTS["swift"])]


def region_services(p, region):
    """placement, neutron, nova (API, conductor, scheduler, compute) and cinder (API, scheduler, volume)."""
    s, ports = short(region), REGION_PORTS[region]
    out = [_uwsgi(p, name + "-" + s, ports[port], region) for name, port in REGION_APIS[:3]]
    etc = os.path.join(p.etc, region, "nova")
    for daemon, conf in (("conductor", "nova.conf"), ("scheduler", "nova.conf"), ("compute", "nova-compute.conf")):
        argv = [os.path.join(p.bin, "nova-" + daemon), "--config-file", os.path.join(etc, conf)]
        out.append(Service("nova-%s-%s" % (daemon, s), argv, None, region=region))
    out.append(_uwsgi(p, "cinder-api-" + s, ports["cinder"], region))
    cetc = os.path.join(p.etc, region, "cinder", "cinder.conf")
    for daemon in ("scheduler", "volume"):
        argv = [os.path.join(p.bin, "cinder-" + daemon), "--config-file", cetc]
        out.append(Service("cinder-%s-%s" % (daemon, s), argv, None, region=region))
    return out


# `devcloud computes N`: at most this many fake hypervisors per region (each nova-compute is ~150 MiB)
MAX_COMPUTES = 12


def extra_compute_name(region, k):
    """The k-th (k >= 2) nova-compute of a region: its process name and its nova host name."""
    return "nova-compute-%s-c%d" % (short(region), k), "devcloud-%s-c%d" % (short(region), k)


def extra_compute_log(p, region, k):
    """The k-th nova-compute's own log file (nova's log_file; its stdout goes to logs/<process name>.log)."""
    return os.path.join(p.logs, region, "nova-compute-c%d.log" % k)


def extra_compute_state(p, region, k):
    """The k-th nova-compute's state_path: its node identity (compute_id) lives there."""
    return os.path.join(p.data, region, "nova-c%d" % k)


def extra_computes(p, region, upto=MAX_COMPUTES):
    """nova-compute 2..upto of a region, started only by `devcloud computes N`: more fake hypervisors, for runs
    that boot hundreds of servers (nova's resource tracker reads every allocation of its host on each build, so
    one host holding them all makes each build slower than the last). Each reads the region's nova-compute.conf,
    then its own file (host, state_path, log_file) over it."""
    etc = os.path.join(p.etc, region, "nova")
    out = []
    for k in range(2, upto + 1):
        name, _host = extra_compute_name(region, k)
        conf = os.path.join(etc, "nova-compute-c%d.conf" % k)
        argv = [os.path.join(p.bin, "nova-compute"), "--config-file", os.path.join(etc, "nova-compute.conf")]
        out.append(Service(name, argv + ["--config-file", conf], None, region=region))
    return out


# the uWSGI APIs of a region: (process name, port key)
REGION_APIS = (("placement", "placement"), ("neutron", "neutron"), ("nova-api", "nova"))


def service_names(p):
    return [s.name for s in services(p)]
