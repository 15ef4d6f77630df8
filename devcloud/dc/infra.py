"""MariaDB and RabbitMQ from Debian packages: install and start them when they are not listening."""

import os
import shutil
import subprocess
import time

from . import layout as L
from .procs import DevcloudError, port_open, run, say

APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}


def apt_install(packages, log):
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise DevcloudError(
            "missing: %s. Install them (Debian/Ubuntu: apt-get install -y %s) or run devcloud as root, "
            "which installs them itself." % (", ".join(packages), " ".join(packages))
        )
    say("installing Debian packages: %s" % " ".join(packages))
    stamp = "/var/lib/apt/periodic/devcloud-update-stamp"
    if not os.path.exists(stamp) or time.time() - os.path.getmtime(stamp) > 86400:
        run(["apt-get", "update", "-q"], log, env=APT_ENV)
        os.makedirs(os.path.dirname(stamp), exist_ok=True)
        open(stamp, "w").close()
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends"] + packages, log, env=APT_ENV)


def wait_port(port, what, timeout, log=None):
    deadline = time.monotonic() + timeout
    while not port_open(port):
        if time.monotonic() > deadline:
            raise DevcloudError("%s is not listening on 127.0.0.1:%d after %ds" % (what, port, timeout), log)
        time.sleep(0.3)


def mysql(sql, log, socket=False):
    """Run SQL as the devcloud's DB user over TCP (or as root over the unix socket)."""
    if socket:
        argv = ["mysql", "-uroot"]
    else:
        argv = ["mysql", "-h", L.HOST, "-P", str(L.MYSQL_PORT), "-u", os.environ.get("DEVCLOUD_DB_USER", "root")]
    # the password (if any) goes by MYSQL_PWD, never on a command line or in a log
    env = {"MYSQL_PWD": os.environ.get("DEVCLOUD_DB_PASSWORD", "")}
    return run(argv + ["-e", sql], log, env=env, check=False)


def ensure_mariadb(p, started):
    log = os.path.join(p.logs, "infra.log")
    if not port_open(L.MYSQL_PORT):
        if not os.path.exists("/usr/sbin/mariadbd"):
            apt_install(["mariadb-server"], log)
        os.makedirs("/run/mysqld", exist_ok=True)
        shutil.chown("/run/mysqld", "mysql", "mysql")
        run(
            [
                "start-stop-daemon",
                "--start",
                "--oknodo",
                "--background",
                "--exec",
                "/usr/sbin/mariadbd",
                "--",
                "--user=mysql",
                "--bind-address=127.0.0.1",
            ],
            log,
        )
        wait_port(L.MYSQL_PORT, "MariaDB", 60, log)
        started.append("mariadb")
    if not shutil.which("mysql"):
        apt_install(["mariadb-client"], log)
    if mysql("SELECT 1", log) != 0:
        # Debian's root@localhost is unix_socket only: also accept an empty password over TCP
        if (
            os.environ.get("DEVCLOUD_DB_PASSWORD")
            or os.geteuid() != 0
            or mysql(
                "ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;"
                " FLUSH PRIVILEGES;",
                log,
                socket=True,
            )
            != 0
            or mysql("SELECT 1", log) != 0
        ):
            raise DevcloudError(
                "cannot log in to MariaDB on 127.0.0.1:3306 as %s (set DEVCLOUD_DB_USER / "
                "DEVCLOUD_DB_PASSWORD for an existing server)" % os.environ.get("DEVCLOUD_DB_USER", "root"),
                log,
            )


def rabbit_env():
    # broker, epmd and erlang distribution on loopback only
    return {
        "RABBITMQ_NODE_IP_ADDRESS": L.HOST,
        "ERL_EPMD_ADDRESS": L.HOST,
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
    }


def ensure_rabbitmq(p, started):
    log = os.path.join(p.logs, "infra.log")
    if not port_open(L.RABBIT_PORT):
        if not os.path.exists("/usr/sbin/rabbitmq-server"):
            apt_install(["rabbitmq-server"], log)
        run(["rabbitmq-server", "-detached"], log, env=rabbit_env())
        wait_port(L.RABBIT_PORT, "RabbitMQ", 90, log)
        started.append("rabbitmq")
    # one vhost per region (see templates.transport_url)
    out = subprocess.run(
        ["rabbitmqctl", "-q", "list_vhosts"], capture_output=True, text=True, env=dict(os.environ, **rabbit_env())
    )
    have = set(out.stdout.split())
    for region in L.REGIONS:
        vhost = L.short(region)
        if vhost not in have:
            run(["rabbitmqctl", "add_vhost", vhost], log, env=rabbit_env())
            run(["rabbitmqctl", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], log, env=rabbit_env())


def ensure(p):
    started = []
    ensure_mariadb(p, started)
    ensure_rabbitmq(p, started)
    if started:
        marker = os.path.join(p.root, "infra-started")
        os.makedirs(p.root, exist_ok=True)
        with open(marker, "a") as f:
            f.write("\n".join(started) + "\n")
    return started


def stop(p):
    """Stop MariaDB/RabbitMQ, but only those devcloud started itself."""
    marker = os.path.join(p.root, "infra-started")
    if not os.path.exists(marker):
        return []
    with open(marker) as f:
        started = set(f.read().split())
    log = os.path.join(p.logs, "infra.log")
    if "rabbitmq" in started:
        run(["rabbitmqctl", "stop"], log, env=rabbit_env(), check=False)
    if "mariadb" in started:
        run(
            ["start-stop-daemon", "--stop", "--oknodo", "--retry", "30", "--exec", "/usr/sbin/mariadbd"],
            log,
            check=False,
        )
    os.unlink(marker)
    return sorted(started)
