"""devcloud: a real OpenStack (keystone, glance, placement, nova, neutron, swift, cinder) on 127.0.0.1.

usage: devcloud/devcloud COMMAND [options]

  up            install what is missing, start everything, bootstrap; a no-op when up
  down          stop the services (data kept); --infra also stops MariaDB/RabbitMQ
                if devcloud started them
  status        what runs; --clouds-yaml prints the clouds.yaml path; --memory
                adds resident memory per service; --json
  reset         delete every resource tests and demos created; keep the bootstrap
  purge         down, then drop the databases and data (the venv is kept)
  clouds        list the clouds of the generated clouds.yaml (no secrets)
  env           print shell exports: eval "$(devcloud/devcloud env)"
  logs [NAME]   list the log files, or print the end of one
  computes N    run N fake hypervisors (nova-compute hosts) per region (1 to 12;
                1 is what `up` starts); for runs of hundreds of servers

State lives in $DEVCLOUD_DIR (default ~/.cache/polystack/devcloud).
"""

import argparse
import hashlib
import json
import os
import secrets as pysecrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from . import infra, templates
from . import layout as L
from .procs import DevcloudError, http_answers, pid_alive, port_open, run, say, start, step, stop

PACKAGES = [
    "keystone",
    "glance",
    "openstack-placement",
    "nova",
    "neutron",
    "swift",
    "pymysql",
    "uwsgi",
    "keystonemiddleware",
    "python-memcached",
    "cinder",
]
# our own small packages, installed into the venv: {source dir under devcloud/: files}
LOCAL_PACKAGES = {
    "noopmech": ["pyproject.toml", "devcloud_noopmech/__init__.py", "devcloud_noopmech/driver.py"],
    "filevol": ["pyproject.toml", "devcloud_filevol/__init__.py", "devcloud_filevol/driver.py"],
}
DATABASES = ["keystone", "glance"] + [
    L.db_name(b, r) for r in L.REGIONS for b in ("placement", "neutron", "nova_api", "nova", "nova_cell0", "cinder")
]


# -- helpers ------------------------------------------------------------------


def install_hash():
    h = hashlib.sha256(" ".join(PACKAGES).encode())
    files = [os.path.join(L.HERE, "constraints.txt")]
    files += [os.path.join(L.HERE, pkg, n) for pkg, names in sorted(LOCAL_PACKAGES.items()) for n in names]
    for path in files:
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:16]


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return None


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def pidfile(p, svc):
    return os.path.join(p.run, svc.name + ".pid")


def expect(svc):
    # the config path (or socket) on the command line tells our process from a reused pid
    return svc.argv[-1]


def alive(p, svc):
    return pid_alive(pidfile(p, svc), expect(svc))


def inside(p, *args, check=True):
    """Run devcloud/inside/bootstrap.py with the venv's Python (it needs keystoneauth1)."""
    argv = [p.python, os.path.join(L.HERE, "inside", "bootstrap.py")] + list(args) + [p.root]
    log = os.path.join(p.logs, "bootstrap.log")
    return run(argv, log, check=check, timeout=600)


# -- up ------------------------------------------------------------------------


def ensure_venv(p):
    want = install_hash()
    marker = os.path.join(p.venv, ".devcloud-installed")
    if read(marker) == want:
        return "cached"
    log = os.path.join(p.logs, "install.log")
    if not shutil.which("gcc"):  # uWSGI builds from source
        infra.apt_install(["gcc", "libc6-dev", "python3-dev"], log)
    if not os.path.exists(p.python):
        if run([sys.executable, "-m", "venv", p.venv], log, check=False) != 0:
            shutil.rmtree(p.venv, ignore_errors=True)
            infra.apt_install(["python3-venv"], log)
            run([sys.executable, "-m", "venv", p.venv], log)
    pip = [p.python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run(pip + ["-U", "pip", "setuptools", "wheel"], log)
    run(pip + ["-c", os.path.join(L.HERE, "constraints.txt")] + PACKAGES, log, timeout=1800)
    # built from a copy: setuptools leaves build/ and *.egg-info in the source tree
    for pkg, names in sorted(LOCAL_PACKAGES.items()):
        with tempfile.TemporaryDirectory() as tmp:
            for rel in names:
                os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
                shutil.copy(os.path.join(L.HERE, pkg, rel), os.path.join(tmp, rel))
            run(pip + ["--no-build-isolation", "--no-deps", "--force-reinstall", tmp], log)
    write(marker, want)
    return "installed"


def ensure_secrets(p):
    s = json.loads(read(p.secrets) or "{}")
    changed = False

    def gen(d, key):
        nonlocal changed
        if key not in d:
            d[key] = pysecrets.token_urlsafe(18)
            changed = True

    gen(s, "admin")
    gen(s, "appcred_secret")
    gen(s, "swift_hash")
    for name in ("nova", "neutron", "glance", "placement", "swift", "cinder"):
        gen(s.setdefault("service", {}), name)
    for name in ("fip-user", "direct-user", "appcred-user"):
        gen(s.setdefault("users", {}), name)
    if changed:
        os.makedirs(p.root, exist_ok=True)
        write(p.secrets, json.dumps(s, indent=2, sort_keys=True), mode=0o600)
    return s, changed


def write_configs(p, secrets, dry_run=False):
    """Write the configuration files that differ from what they should be; return their paths."""
    changed = []
    for path, text in templates.render(p, secrets).items():
        if read(path) != text:
            if not dry_run:
                write(path, text, mode=0o600)  # they hold service passwords
            changed.append(path)
    for dest, src in templates.copied_files(p).items():
        text = read(src)
        if text is None:
            raise DevcloudError("%s is missing from the venv (reinstall: rm -rf %s && devcloud up)" % (src, p.venv))
        if read(dest) != text:
            if not dry_run:
                write(dest, text)
            changed.append(dest)
    if dry_run:
        return changed
    for d in (
        [
            p.logs,
            p.run,
            os.path.join(p.data, "locks", "glance"),
            os.path.join(p.data, "swift", "node", "d1"),
            os.path.join(p.data, "swift", "cache"),
        ]
        + [
            os.path.join(p.data, r, x)
            for r in L.REGIONS
            for x in ("neutron", "nova/instances", "locks/nova", "locks/neutron", "cinder/volumes", "cinder/locks")
        ]
        + [os.path.join(p.logs, r) for r in L.REGIONS]
    ):
        os.makedirs(d, exist_ok=True)
    return changed


def sync_databases(p):
    """Create the databases and bring every schema up to date (skipped when already done for this venv)."""
    marker = p.marker("db-synced")
    want = install_hash()
    if read(marker) == want:
        return "cached"
    log = os.path.join(p.logs, "db-sync.log")
    if infra.mysql("; ".join("CREATE DATABASE IF NOT EXISTS %s CHARACTER SET utf8" % d for d in DATABASES), log):
        raise DevcloudError("creating the databases failed", log)
    b, e = p.bin, p.etc
    chains = [
        [[b + "/keystone-manage", "--config-file", e + "/keystone/keystone.conf", "db_sync"]],
        [[b + "/glance-manage", "--config-file", e + "/glance/glance-api.conf", "db_sync"]],
    ]
    for region in L.REGIONS:
        r = os.path.join(e, region)
        nm = [b + "/nova-manage", "--config-file", r + "/nova/nova.conf"]
        chains.append([[b + "/placement-manage", "--config-file", r + "/placement/placement.conf", "db", "sync"]])
        chains.append(
            [
                [
                    b + "/neutron-db-manage",
                    "--config-file",
                    r + "/neutron/neutron.conf",
                    "--config-file",
                    r + "/neutron/plugins/ml2/ml2_conf.ini",
                    "upgrade",
                    "heads",
                ]
            ]
        )
        chains.append([[b + "/cinder-manage", "--config-file", r + "/cinder/cinder.conf", "db", "sync"]])
        chains.append(
            [
                nm + ["api_db", "sync"],
                nm
                + ["cell_v2", "map_cell0", "--database_connection", templates.db_url(L.db_name("nova_cell0", region))],
                nm + ["cell_v2", "create_cell", "--name", "cell1"],  # exits 2 when it exists already
                nm + ["db", "sync"],
            ]
        )
    errors = []

    def chain(cmds, n):
        clog = os.path.join(p.logs, "db-sync-%d.log" % n)
        for argv in cmds:
            rc = run(argv, clog, check=False, timeout=1200)
            if rc != 0 and not (rc == 2 and "create_cell" in argv):
                errors.append(
                    DevcloudError("%s exited %d" % (" ".join(os.path.basename(a) for a in argv[:4]), rc), clog)
                )
                return

    threads = [threading.Thread(target=chain, args=(c, n)) for n, c in enumerate(chains)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    write(marker, want)
    return "synced %d databases" % len(DATABASES)


def keystone_setup(p, secrets):
    log = os.path.join(p.logs, "keystone-setup.log")
    km = [p.bin + "/keystone-manage", "--config-file", p.etc + "/keystone/keystone.conf"]
    keys = os.path.join(p.data, "keystone")
    for what, sub in (("fernet_setup", "fernet-keys"), ("credential_setup", "credential-keys")):
        if not os.path.isdir(os.path.join(keys, sub)):
            os.makedirs(keys, exist_ok=True)
            run(km + [what, "--keystone-user", "root", "--keystone-group", "root"], log)
    marker = p.marker("ks-bootstrapped")
    want = hashlib.sha256(secrets["admin"].encode()).hexdigest()[:16]
    if read(marker) == want:
        return "cached"
    # the password goes by environment (OS_BOOTSTRAP_PASSWORD), not on the command line
    run(
        km
        + [
            "bootstrap",
            "--bootstrap-username",
            "admin",
            "--bootstrap-project-name",
            "admin",
            "--bootstrap-role-name",
            "admin",
            "--bootstrap-service-name",
            "keystone",
            "--bootstrap-region-id",
            "RegionOne",
            "--bootstrap-admin-url",
            L.url("keystone") + "/v3",
            "--bootstrap-internal-url",
            L.url("keystone") + "/v3",
            "--bootstrap-public-url",
            L.url("keystone") + "/v3",
        ],
        log,
        env={"OS_BOOTSTRAP_PASSWORD": secrets["admin"]},
    )
    write(marker, want)
    return "bootstrapped"


def swift_rings(p):
    swift_dir = os.path.join(p.etc, "swift")
    if all(os.path.exists(os.path.join(swift_dir, k + ".ring.gz")) for k in L.SWIFT_BACKEND_PORTS):
        return "cached"
    log = os.path.join(p.logs, "swift-rings.log")
    for kind, port in L.SWIFT_BACKEND_PORTS.items():
        builder = os.path.join(swift_dir, kind + ".builder")
        if os.path.exists(builder):
            os.unlink(builder)
        srb = [p.bin + "/swift-ring-builder", builder]
        run(srb + ["create", "10", "1", "1"], log)
        run(srb + ["add", "r1z1-%s:%d/d1" % (L.HOST, port), "100"], log)
        if run(srb + ["rebalance"], log, check=False) not in (0, 1):  # 1 = done with warnings
            raise DevcloudError("swift-ring-builder %s rebalance failed" % kind, log)
    return "built"


def start_and_wait(p, names, timeout=180, svcs=None):
    svcs = [s for s in (svcs or L.services(p)) if s.name in names]
    started = {}
    for svc in svcs:
        if not alive(p, svc):
            started[svc.name] = start(svc.argv, os.path.join(p.logs, svc.log_name), pidfile(p, svc), env=svc.env)
    deadline = time.monotonic() + timeout
    pending = list(svcs)
    while pending:
        for svc in list(pending):
            # our own children: poll() (right after fork /proc/PID/cmdline is still ours)
            if (started[svc.name].poll() is not None) if svc.name in started else not alive(p, svc):
                app_log = [os.path.join(p.logs, n) for n in os.listdir(p.logs) if n.startswith(svc.name + "-app")]
                raise DevcloudError(
                    "%s exited while starting (logs: %s)"
                    % (svc.name, ", ".join([os.path.join(p.logs, svc.log_name)] + app_log)),
                    os.path.join(p.logs, svc.log_name),
                )
            if svc.port is None or (
                http_answers(svc.port, "/healthcheck" if svc.name == "swift-proxy" else "/")
                if svc.http
                else port_open(svc.port)
            ):
                pending.remove(svc)
        if pending and time.monotonic() > deadline:
            svc = pending[0]
            raise DevcloudError(
                "%s does not answer on 127.0.0.1:%s after %ds" % (svc.name, svc.port, timeout),
                os.path.join(p.logs, svc.log_name),
            )
        time.sleep(0.2)
    return started


def discover_hosts(p):
    log = os.path.join(p.logs, "discover-hosts.log")
    for region in L.REGIONS:
        run(
            [
                p.bin + "/nova-manage",
                "--config-file",
                os.path.join(p.etc, region, "nova", "nova.conf"),
                "cell_v2",
                "discover_hosts",
            ],
            log,
        )


def already_up(p, all_svcs):
    """Every process alive and answering, bootstrapped, with the configuration and code it would get now."""
    if not (
        all(alive(p, s) for s in all_svcs)
        and os.path.exists(p.marker("resources-created"))
        and os.path.exists(p.clouds_yaml)
    ):
        return False
    secrets, changed = ensure_secrets(p)
    return (
        not changed
        and not write_configs(p, secrets, dry_run=True)
        and read(os.path.join(p.venv, ".devcloud-installed")) == install_hash()
        and all(http_answers(s.port) for s in all_svcs if s.port and s.http)
    )


def cmd_up(p, args):
    os.makedirs(p.logs, exist_ok=True)
    all_svcs = L.services(p)
    if already_up(p, all_svcs):
        say("devcloud is up (nothing to do)")
        print_clouds(p)
        return 0
    with step("MariaDB and RabbitMQ on 127.0.0.1") as s:
        infra.ensure(p)
    with step("venv with the OpenStack services") as s:
        venv_state = ensure_venv(p)
        s.name += " (%s)" % venv_state
    secrets, _ = ensure_secrets(p)
    with step("configuration files") as s:
        changed = write_configs(p, secrets)
        running = [x for x in all_svcs if alive(p, x)]
        if (changed or venv_state == "installed") and running:
            # a running service would keep its old configuration or code
            stop_services(p, running)
            s.name += " (changed: stopped %d services to restart them)" % len(running)
    with step("databases") as s:
        s.name += " (%s)" % sync_databases(p)
    with step("keystone keys and bootstrap") as s:
        s.name += " (%s)" % keystone_setup(p, secrets)
    with step("swift rings") as s:
        s.name += " (%s)" % swift_rings(p)
    marker = p.marker("identity-created")
    want = hashlib.sha256(json.dumps(secrets, sort_keys=True).encode()).hexdigest()[:16]
    if read(marker) != want:
        # the other services need their keystone users and catalog entries: keystone first
        with step("keystone up"):
            start_and_wait(p, ["keystone", "swiftlog"])
        with step("identity: catalog, users, projects, app credential"):
            inside(p, "keystone")
            write(marker, want)
    with step("all services up") as s:
        s.name += " (started %d)" % len(start_and_wait(p, [x.name for x in all_svcs]))
    with step("compute services in both regions") as s:
        inside(p, "wait-compute")
        if inside(p, "hosts-mapped", check=False) != 0:
            discover_hosts(p)
            s.name += " (hosts discovered)"
    with step("resources: flavors, networks, image") as s:
        if os.path.exists(p.marker("resources-created")):
            s.name += " (cached)"
        else:
            inside(p, "resources")
            write(p.marker("resources-created"), time.strftime("%Y-%m-%dT%H:%M:%S\n"))
    with step("networks as each project sees them"):
        inside(p, "wait-network")
    with step("clouds.yaml"):
        inside(p, "clouds")
    print_clouds(p)
    return 0


def print_clouds(p):
    say("clouds.yaml: %s" % p.clouds_yaml)
    say(
        "clouds: devcloud-fip devcloud-direct devcloud-appcred (user), devcloud-admin (harness); "
        "regions: %s" % " ".join(L.REGIONS)
    )
    say('use it: eval "$(devcloud/devcloud env)"')


# -- down / status / reset / purge ------------------------------------------------


def stop_services(p, svcs):
    threads = [threading.Thread(target=stop, args=(pidfile(p, s), expect(s))) for s in svcs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def extra_computes(p, upto=L.MAX_COMPUTES):
    """[(region, k, Service)] of the extra nova-computes 2..upto of both regions."""
    return [(r, k, svc) for r in L.REGIONS for k, svc in enumerate(L.extra_computes(p, r, upto), start=2)]


def cmd_computes(p, args):
    """N fake hypervisors per region: start computes 2..N (each with its own host name and node identity), wait
    until nova maps them and placement has their providers; stop those beyond N and delete their service records
    (nova then deletes their compute nodes and resource providers), refused while servers are on them."""
    n = args.count
    if not 1 <= n <= L.MAX_COMPUTES:
        raise DevcloudError("computes: N must be between 1 and %d, not %d" % (L.MAX_COMPUTES, n))
    require_up(p)
    going = [(r, k, svc) for r, k, svc in extra_computes(p) if k > n]
    with step("computes beyond %d per region stopped and forgotten" % n) as s:
        inside(p, "computes-empty", str(n))
        running = [svc for _r, _k, svc in going if alive(p, svc)]
        stop_services(p, running)
        inside(p, "forget-computes", str(n))
        for region, k, _svc in going:
            shutil.rmtree(L.extra_compute_state(p, region, k), ignore_errors=True)
        s.name += " (%d stopped)" % len(running)
    if n > 1:
        with step("%d computes per region up and mapped" % n) as s:
            wanted = extra_computes(p, n)
            for region, k, _svc in wanted:
                # nova writes the node identity (state_path/compute_id) but does not make state_path
                os.makedirs(L.extra_compute_state(p, region, k), exist_ok=True)
                write(
                    os.path.join(p.etc, region, "nova", "nova-compute-c%d.conf" % k),
                    templates.extra_compute_conf(p, region, k),
                )
            started = start_and_wait(p, [svc.name for _r, _k, svc in wanted], svcs=[svc for _r, _k, svc in wanted])
            # the scheduler would map the new hosts within discover_hosts_in_cells_interval; now is quicker
            discover_hosts(p)
            # the computes just started are watched: one that exits (nova-compute stops in init_host on a bad
            # configuration) fails the wait at once, naming its log, instead of after computes-up's timeout
            watch = [
                "%d:%s" % (started[svc.name].pid, L.extra_compute_log(p, region, k))
                for region, k, svc in wanted
                if svc.name in started
            ]
            inside(p, "computes-up", str(n), *watch)
            s.name += " (started %d)" % len(started)
    return 0


def cmd_down(p, args):
    svcs = L.services(p) + [svc for _r, _k, svc in extra_computes(p)]
    with step("stop services") as s:
        running = [x for x in svcs if alive(p, x)]
        # swiftlog last, so that the swift servers can log their shutdown
        stop_services(p, [x for x in running if x.name != "swiftlog"])
        stop_services(p, [x for x in running if x.name == "swiftlog"])
        s.name += " (%d stopped)" % len(running)
    if getattr(args, "infra", False):
        with step("stop MariaDB/RabbitMQ started by devcloud") as s:
            s.name += " (%s)" % (", ".join(infra.stop(p)) or "none")
    return 0


def group_pids(leader):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if os.getpgid(int(d)) == leader:
                    out.append(int(d))
            except OSError:
                pass
    return out


def mem_kib(pids):
    rss = pss = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss


def infra_pids():
    out = {"mariadb": [], "rabbitmq": []}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/comm" % d) as f:
                comm = f.read().strip()
        except OSError:
            continue
        if comm in ("mariadbd", "mysqld"):
            out["mariadb"].append(int(d))
        elif comm in ("beam.smp", "epmd", "erl_child_setup", "inet_gethost"):
            out["rabbitmq"].append(int(d))
    return out


def cmd_status(p, args):
    if args.clouds_yaml:
        print(p.clouds_yaml)
        return 0 if os.path.exists(p.clouds_yaml) else 1
    rows = []
    # the extra computes of `devcloud computes N` are listed while they run
    for svc in L.services(p) + [svc for _r, _k, svc in extra_computes(p) if alive(p, svc)]:
        pid = alive(p, svc)
        if pid is None:
            state = "stopped"
        elif svc.port and not (
            http_answers(svc.port, "/healthcheck" if svc.name == "swift-proxy" else "/")
            if svc.http
            else port_open(svc.port)
        ):
            state = "not answering"
        else:
            state = "up"
        row = {"name": svc.name, "state": state, "pid": pid, "port": svc.port, "region": svc.region or "shared"}
        if args.memory and pid:
            row["rss_kib"], row["pss_kib"] = mem_kib(group_pids(pid))
        rows.append(row)
    infra_rows = []
    for name, port in (("mariadb", L.MYSQL_PORT), ("rabbitmq", L.RABBIT_PORT)):
        row = {"name": name, "state": "up" if port_open(port) else "stopped", "port": port, "region": "infra"}
        if args.memory:
            row["rss_kib"], row["pss_kib"] = mem_kib(infra_pids()[name])
        infra_rows.append(row)
    all_up = all(r["state"] == "up" for r in rows + infra_rows)
    if args.json:
        print(
            json.dumps(
                {"dir": p.root, "clouds_yaml": p.clouds_yaml, "up": all_up, "services": rows + infra_rows}, indent=2
            )
        )
        return 0 if all_up else 3
    for r in rows + infra_rows:
        mem = ""
        if args.memory:
            mem = "  rss %5d MiB  pss %5d MiB" % (r.get("rss_kib", 0) // 1024, r.get("pss_kib", 0) // 1024)
        print(
            "%-22s %-14s %-9s pid %-8s port %-6s%s"
            % (r["name"], r["state"], r["region"], r.get("pid") or "-", r["port"] or "-", mem)
        )
    if args.memory:
        rss = sum(r.get("rss_kib", 0) for r in rows + infra_rows) / 1048576.0
        pss = sum(r.get("pss_kib", 0) for r in rows + infra_rows) / 1048576.0
        print("total (services + MariaDB + RabbitMQ): rss %.2f GiB, pss %.2f GiB" % (rss, pss))
    print(
        "devcloud %s; dir %s; clouds.yaml %s"
        % ("up" if all_up else "NOT fully up", p.root, p.clouds_yaml if os.path.exists(p.clouds_yaml) else "(none yet)")
    )
    return 0 if all_up else 3


def require_up(p):
    down = [s.name for s in L.services(p) if not alive(p, s)]
    if down or not os.path.exists(p.marker("resources-created")):
        raise DevcloudError(
            "devcloud is not up (%s): run devcloud/devcloud up first"
            % ("stopped: " + ", ".join(down) if down else "not bootstrapped")
        )


def cmd_reset(p, args):
    require_up(p)
    with step("delete what tests and demos created"):
        inside(p, "reset")
        with open(os.path.join(p.logs, "bootstrap.log")) as f:
            last = [ln for ln in f.read().splitlines() if ln.startswith("reset:")][-1:]
    for ln in last:
        say(ln)
    return 0


def cmd_purge(p, args):
    # services first, then the databases, then (if asked) the infrastructure
    cmd_down(p, argparse.Namespace(infra=False))
    with step("drop databases and data"):
        if not port_open(L.MYSQL_PORT):
            infra.ensure_mariadb(p, [])
        log = os.path.join(p.logs, "infra.log")
        if infra.mysql("; ".join("DROP DATABASE IF EXISTS %s" % d for d in DATABASES), log):
            raise DevcloudError("dropping the databases failed", log)
        for d in (p.data, p.etc, p.run, p.logs):
            shutil.rmtree(d, ignore_errors=True)
        for f in (p.secrets, p.clouds_yaml):
            if os.path.exists(f):
                os.unlink(f)
    if args.infra:
        with step("stop MariaDB/RabbitMQ started by devcloud") as s:
            s.name += " (%s)" % (", ".join(infra.stop(p)) or "none")
    return 0


def cmd_clouds(p, args):
    if not os.path.exists(p.clouds_yaml):
        raise DevcloudError("no clouds.yaml yet in %s: run devcloud/devcloud up" % p.root)
    say("clouds.yaml: %s" % p.clouds_yaml)
    sys.stdout.flush()
    return subprocess.call([p.python, os.path.join(L.HERE, "inside", "bootstrap.py"), "describe", p.root])


def cmd_env(p, args):
    print("export DEVCLOUD_DIR=%s" % p.root)
    print("export OS_CLIENT_CONFIG_FILE=%s" % p.clouds_yaml)
    return 0


def cmd_logs(p, args):
    if not args.name:
        for base, _, names in os.walk(p.logs):
            for n in sorted(names):
                print(os.path.join(base, n))
        return 0
    candidates = [os.path.join(base, n) for base, _, names in os.walk(p.logs) for n in names if args.name in n]
    if not candidates:
        raise DevcloudError("no log file matches %r in %s" % (args.name, p.logs))
    for path in sorted(candidates):
        print("==> %s <==" % path)
        subprocess.call(["tail", "-n", str(args.lines), path])
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="devcloud", description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("up", help="install, start and bootstrap (idempotent)")
    d = sub.add_parser("down", help="stop the services, keep the data")
    d.add_argument("--infra", action="store_true", help="also stop MariaDB/RabbitMQ if devcloud started them")
    st = sub.add_parser("status", help="what runs")
    st.add_argument("--clouds-yaml", action="store_true", help="print the clouds.yaml path only")
    st.add_argument("--memory", action="store_true", help="resident memory per service")
    st.add_argument("--json", action="store_true")
    sub.add_parser("reset", help="delete what tests/demos created, keep the bootstrap")
    pg = sub.add_parser("purge", help="down, then drop databases and data (keeps the venv)")
    pg.add_argument("--infra", action="store_true", help="also stop MariaDB/RabbitMQ if devcloud started them")
    sub.add_parser("clouds", help="the clouds of the generated clouds.yaml (no secrets)")
    sub.add_parser("env", help="shell exports for the generated clouds.yaml")
    cp = sub.add_parser("computes", help="run N fake hypervisors per region (1 = the default layout)")
    cp.add_argument("count", type=int, metavar="N")
    lg = sub.add_parser("logs", help="list log files or show the end of one")
    lg.add_argument("name", nargs="?")
    lg.add_argument("-n", "--lines", type=int, default=40)
    args = parser.parse_args(argv)
    p = L.Paths.from_env()
    handler = {
        "up": cmd_up,
        "down": cmd_down,
        "status": cmd_status,
        "reset": cmd_reset,
        "purge": cmd_purge,
        "clouds": cmd_clouds,
        "env": cmd_env,
        "logs": cmd_logs,
        "computes": cmd_computes,
    }[args.cmd]
    try:
        return handler(p, args)
    except DevcloudError as e:
        sys.stderr.write("devcloud %s failed: %s\n" % (args.cmd, e))
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("devcloud %s interrupted\n" % args.cmd)
        return 130
