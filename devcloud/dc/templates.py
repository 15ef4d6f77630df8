"""Every configuration file of the devcloud, rendered from the layout and the secrets.

``render(paths, secrets)`` returns ``{absolute path: text}``; the caller writes
only files whose text changed.  Nothing here touches the disk.
"""

import os

from . import layout as L

UWSGI_COMMON = """master = true
processes = 1
threads = {threads}
enable-threads = true
lazy-apps = true
start-time = %t
die-on-term = true
hook-master-start = unix_signal:15 gracefully_kill_them_all
thunder-lock = true
buffer-size = 65535
http-auto-chunked = true
# without it uWSGI closes kept-alive connections under the client's feet
# (random ConnectionResetError 104 on the next request)
add-header = Connection: close
"""


def ini(sections):
    """[(section, [(key, value), ...]), ...] -> ini text (values already strings)."""
    out = []
    for name, items in sections:
        out.append("[%s]" % name)
        out.extend("%s = %s" % (k, v) for k, v in items)
        out.append("")
    return "\n".join(out)


def db_url(name):
    user = os.environ.get("DEVCLOUD_DB_USER", "root")
    password = os.environ.get("DEVCLOUD_DB_PASSWORD", "")
    return "mysql+pymysql://%s:%s@%s:%d/%s?charset=utf8" % (user, password, L.HOST, L.MYSQL_PORT, name)


def transport_url(region):
    # one RabbitMQ vhost per region: nova's queue names ("conductor",
    # "scheduler") are global in a vhost, so two regions must not share one
    return "rabbit://guest:guest@%s:%d/%s" % (L.HOST, L.RABBIT_PORT, L.short(region))


def keystone_user(username, password, region="RegionOne"):
    """The [keystone_authtoken]-style block for a service user."""
    return [
        ("region_name", region),
        ("auth_url", L.url("keystone") + "/"),
        ("auth_type", "password"),
        ("project_domain_name", "Default"),
        ("user_domain_name", "Default"),
        ("project_name", "service"),
        ("username", username),
        ("password", password),
    ]


def authtoken(username, password):
    return [("www_authenticate_uri", L.url("keystone") + "/"), ("service_token_roles_required", "true")] + [
        kv for kv in keystone_user(username, password) if kv[0] != "region_name"
    ]


def uwsgi_ini(p, name, port, module, env, threads=2):
    lines = ["[uwsgi]", "http-socket = %s:%d" % (L.HOST, port), "virtualenv = %s" % p.venv, "module = %s" % module]
    lines += ["env = %s=%s" % kv for kv in env]
    return "\n".join(lines) + "\n" + UWSGI_COMMON.format(threads=threads)


def render(p, secrets):
    """Every configuration file of the devcloud: {absolute path: text}, one part per service (and per region)."""
    files = {}

    def put(rel, text):
        files[os.path.join(p.etc, rel)] = text

    render_keystone(p, put)
    render_glance(p, secrets["service"], put)
    render_swift(p, secrets, put)
    for region in L.REGIONS:
        render_placement(p, secrets["service"], region, put)
        render_neutron(p, secrets["service"], region, put)
        render_nova(p, secrets["service"], region, put)
        render_cinder(p, secrets["service"], region, put)
    return files


def render_keystone(p, put):
    """keystone, the one identity service of both regions."""
    etc = p.etc
    put(
        "keystone/keystone.conf",
        ini(
            [
                ("DEFAULT", [("log_file", os.path.join(p.logs, "keystone-app.log"))]),
                ("database", [("connection", db_url("keystone"))]),
                # test cloud only: cheap bcrypt, every password auth is ~0.25 s otherwise
                ("identity", [("password_hash_rounds", "4")]),
                ("token", [("provider", "fernet")]),
                ("fernet_tokens", [("key_repository", os.path.join(p.data, "keystone", "fernet-keys"))]),
                ("fernet_receipts", [("key_repository", os.path.join(p.data, "keystone", "fernet-keys"))]),
                ("credential", [("key_repository", os.path.join(p.data, "keystone", "credential-keys"))]),
            ]
        ),
    )
    put(
        "uwsgi/keystone.ini",
        uwsgi_ini(
            p,
            "keystone",
            L.SHARED_PORTS["keystone"],
            "keystone.wsgi.api:application",
            [("OS_KEYSTONE_CONFIG_DIR", os.path.join(etc, "keystone"))],
            threads=4,
        ),
    )


def render_glance(p, sp, put):
    """glance, shared by both regions (one image store, the file backend)."""
    etc = p.etc
    gdata = os.path.join(p.data, "glance")
    gdata = os.path.join(p.data, "glance")
    put(
        "glance/glance-api.conf",
        ini(
            [
                (
                    "DEFAULT",
                    [
                        ("log_file", os.path.join(p.logs, "glance-app.log")),
                        ("enabled_backends", "fs:file"),
                        ("worker_self_reference_url", L.url("glance")),
                        ("enabled_import_methods", "[glance-direct,web-download,copy-image]"),
                        ("image_cache_dir", os.path.join(gdata, "cache")),
                    ],
                ),
                ("glance_store", [("default_backend", "fs")]),
                ("fs", [("filesystem_store_datadir", os.path.join(gdata, "images") + "/")]),
                ("os_glance_staging_store", [("filesystem_store_datadir", os.path.join(gdata, "staging") + "/")]),
                ("os_glance_tasks_store", [("filesystem_store_datadir", os.path.join(gdata, "tasks") + "/")]),
                ("database", [("connection", db_url("glance"))]),
                (
                    "paste_deploy",
                    [("flavor", "keystone"), ("config_file", os.path.join(etc, "glance", "glance-api-paste.ini"))],
                ),
                ("oslo_concurrency", [("lock_path", os.path.join(p.data, "locks", "glance"))]),
                # web-download imports only from a web server on loopback (glance refuses loopback unless
                # allowed; nothing else is reachable here anyway); ports stay glance's default 80 and 443
                ("import_filtering_opts", [("allowed_hosts", "[%s]" % L.HOST)]),
                ("keystone_authtoken", authtoken("glance", sp["glance"])),
            ]
        ),
    )
    put(
        "uwsgi/glance.ini",
        uwsgi_ini(
            p,
            "glance",
            L.SHARED_PORTS["glance"],
            "glance.wsgi.api:application",
            [("OS_GLANCE_CONFIG_DIR", os.path.join(etc, "glance"))],
            threads=4,
        ),
    )


def render_swift(p, secrets, put):
    """swift all in one (proxy, account, container, object servers), shared by both regions."""
    swift_dir = os.path.join(p.etc, "swift")
    sock = os.path.join(p.run, "swift-log.sock")  # swift logs only to syslog: dc/swiftlog.py listens on it
    suffix = [("swift_hash_path_suffix", secrets["swift_hash"]), ("swift_hash_path_prefix", "devcloud")]
    put(
        "swift/swift.conf",
        ini([("swift-hash", suffix), ("storage-policy:0", [("name", "Policy-0"), ("default", "yes")])]),
    )
    for kind, port in L.SWIFT_BACKEND_PORTS.items():
        put("swift/%s-server.conf" % kind, ini(swift_backend(p, kind, port, swift_dir, sock)))
    put("swift/proxy-server.conf", ini(swift_proxy(secrets["service"], swift_dir, sock)))


def swift_backend(p, kind, port, swift_dir, sock):
    """The sections of an account, container or object server's configuration."""
    default = [
        ("bind_ip", L.HOST),
        ("bind_port", str(port)),
        ("workers", "0"),
        ("user", "root"),
        ("swift_dir", swift_dir),
        ("devices", os.path.join(p.data, "swift", "node")),
        ("mount_check", "false"),
        ("disable_fallocate", "true"),
        ("recon_cache_path", os.path.join(p.data, "swift", "cache")),
        ("log_name", kind + "-server"),
        ("log_address", sock),
    ]
    return [
        ("DEFAULT", default),
        ("pipeline:main", [("pipeline", kind + "-server")]),
        ("app:%s-server" % kind, [("use", "egg:swift#" + kind)]),
        ("%s-replicator" % kind, []),
        ("%s-auditor" % kind, []),
        ("%s-updater" % kind, []),
    ]


SWIFT_PIPELINE = (
    "catch_errors gatekeeper healthcheck proxy-logging listing_formats bulk tempurl formpost "
    "authtoken keystoneauth copy slo dlo versioned_writes symlink proxy-logging proxy-server"
)
# the proxy's filters that take no option
SWIFT_PLAIN_FILTERS = ("catch_errors", "gatekeeper", "healthcheck", "listing_formats", "bulk", "tempurl", "formpost",
                       "copy", "slo", "dlo", "symlink")  # fmt: skip


def swift_proxy(sp, swift_dir, sock):
    """The sections of the proxy server's configuration (keystone auth, SLO/DLO, versioned writes)."""
    default = [("bind_ip", L.HOST), ("bind_port", str(L.SHARED_PORTS["swift"])), ("workers", "0"), ("user", "root")]
    default += [("swift_dir", swift_dir), ("log_name", "proxy-server"), ("log_address", sock)]
    authtoken_filter = [("paste.filter_factory", "keystonemiddleware.auth_token:filter_factory")]
    authtoken_filter += [("delay_auth_decision", "True")] + authtoken("swift", sp["swift"])
    keystoneauth = [("use", "egg:swift#keystoneauth"), ("operator_roles", "admin, member, SwiftOperator")]
    keystoneauth += [("reseller_admin_role", "ResellerAdmin")]
    proxy = [
        ("DEFAULT", default),
        ("pipeline:main", [("pipeline", SWIFT_PIPELINE)]),
        ("app:proxy-server", [("use", "egg:swift#proxy"), ("account_autocreate", "true")]),
        ("filter:authtoken", authtoken_filter),
        ("filter:keystoneauth", keystoneauth),
        ("filter:versioned_writes", [("use", "egg:swift#versioned_writes"), ("allow_versioned_writes", "true")]),
    ]
    proxy += [("filter:" + f, [("use", "egg:swift#" + f)]) for f in SWIFT_PLAIN_FILTERS]
    return proxy + [("filter:proxy-logging", [("use", "egg:swift#proxy_logging")])]


def _region_paths(p, region):
    """(short name, ports, etc dir, data dir) of one region."""
    return L.short(region), L.REGION_PORTS[region], os.path.join(p.etc, region), os.path.join(p.data, region)


def render_placement(p, sp, region, put):
    """placement of one region."""
    s, ports, retc, rdata = _region_paths(p, region)

    put(
        region + "/placement/placement.conf",
        ini(
            [
                ("DEFAULT", [("log_file", os.path.join(p.logs, "placement-%s-app.log" % s))]),
                ("placement_database", [("connection", db_url(L.db_name("placement", region)))]),
                ("api", [("auth_strategy", "keystone")]),
                ("keystone_authtoken", authtoken("placement", sp["placement"])),
            ]
        ),
    )
    put(
        "uwsgi/placement-%s.ini" % s,
        uwsgi_ini(
            p,
            "placement",
            ports["placement"],
            "placement.wsgi.api:application",
            [("OS_PLACEMENT_CONFIG_DIR", os.path.join(retc, "placement"))],
        ),
    )


def render_neutron(p, sp, region, put):
    """neutron of one region (ml2, the noop mechanism driver, routers)."""
    s, ports, retc, rdata = _region_paths(p, region)
    put(
        region + "/neutron/neutron.conf",
        ini(
            [
                (
                    "DEFAULT",
                    [
                        ("log_file", os.path.join(p.logs, "neutron-%s-app.log" % s)),
                        ("state_path", os.path.join(rdata, "neutron")),
                        ("core_plugin", "ml2"),
                        ("service_plugins", "router"),
                        ("auth_strategy", "keystone"),
                        ("transport_url", transport_url(region)),
                        ("allow_overlapping_ips", "true"),
                        ("notify_nova_on_port_status_changes", "true"),
                        ("notify_nova_on_port_data_changes", "true"),
                        ("api_workers", "1"),
                        ("rpc_workers", "0"),
                        ("rpc_state_report_workers", "0"),
                        ("dhcp_agent_notification", "false"),
                    ],
                ),
                ("database", [("connection", db_url(L.db_name("neutron", region)))]),
                ("oslo_concurrency", [("lock_path", os.path.join(rdata, "locks", "neutron"))]),
                ("keystone_authtoken", authtoken("neutron", sp["neutron"])),
                ("nova", keystone_user("nova", sp["nova"], region)),
            ]
        ),
    )
    put(
        region + "/neutron/plugins/ml2/ml2_conf.ini",
        ini(
            [
                (
                    "ml2",
                    [
                        ("type_drivers", "flat,vlan,vxlan"),
                        ("project_network_types", "vxlan"),
                        # noop_bind (devcloud/noopmech): binds every port without an L2 agent
                        ("mechanism_drivers", "noop_bind"),
                        ("extension_drivers", "port_security"),
                    ],
                ),
                ("ml2_type_flat", [("flat_networks", "public,provider")]),
                ("ml2_type_vxlan", [("vni_ranges", "1:1000")]),
                ("securitygroup", [("enable_security_group", "true"), ("firewall_driver", "noop")]),
            ]
        ),
    )
    put(
        "uwsgi/neutron-%s.ini" % s,
        uwsgi_ini(
            p,
            "neutron",
            ports["neutron"],
            "neutron.wsgi.api:application",
            [("OS_NEUTRON_CONFIG_DIR", os.path.join(retc, "neutron"))],
        ),
    )


def nova_default(p, region):
    """[DEFAULT] of every nova service of a region."""
    s, _ports, _retc, rdata = _region_paths(p, region)
    ndata = os.path.join(rdata, "nova")
    return [
        # nova-conductor/-scheduler/-compute name their files after themselves
        ("log_dir", os.path.join(p.logs, region)),
        ("transport_url", transport_url(region)),
        # like FakeDriver (nothing runs) but with a node UUID persisted in
        # state_path/compute_id, so nova-compute can be restarted
        ("compute_driver", "fake.FakeDriverWithoutFakeNodes"),
        # the fake driver forgets its instances on restart: no power sync
        ("sync_power_state_interval", "-1"),
        ("host", "devcloud-" + s),
        ("my_ip", L.HOST),
        ("state_path", ndata),
        ("instances_path", os.path.join(ndata, "instances")),
        ("allow_resize_to_same_host", "true"),
        ("vif_plugging_is_fatal", "false"),
        ("vif_plugging_timeout", "0"),
        ("graceful_shutdown_timeout", "5"),
    ]


def extra_compute_conf(p, region, k):
    """What the k-th nova-compute of a region sets over nova-compute.conf: its own host name, node identity
    (state_path/compute_id) and log file."""
    _name, host = L.extra_compute_name(region, k)
    state = L.extra_compute_state(p, region, k)
    items = [
        ("host", host),
        ("state_path", state),
        ("instances_path", os.path.join(state, "instances")),
        ("log_file", L.extra_compute_log(p, region, k)),
    ]
    return ini([("DEFAULT", items)])


def render_nova(p, sp, region, put):
    """nova of one region (API, conductor, scheduler, the fake-driver compute)."""
    s, ports, retc, rdata = _region_paths(p, region)
    common = nova_default(p, region)
    tail = [
        ("api", [("auth_strategy", "keystone")]),
        ("wsgi", [("api_paste_config", os.path.join(retc, "nova", "api-paste.ini"))]),
        ("conductor", [("workers", "1")]),
        ("scheduler", [("workers", "1"), ("discover_hosts_in_cells_interval", "10")]),
        ("vnc", [("enabled", "false")]),
        ("oslo_concurrency", [("lock_path", os.path.join(rdata, "locks", "nova"))]),
        ("oslo_messaging_notifications", [("driver", "noop")]),
        ("glance", [("region_name", region)]),
        ("keystone_authtoken", authtoken("nova", sp["nova"])),
        ("service_user", keystone_user("nova", sp["nova"], region) + [("send_service_user_token", "true")]),
        ("placement", keystone_user("placement", sp["placement"], region)),
        ("neutron", keystone_user("neutron", sp["neutron"], region)),
    ]
    dbs = [
        ("api_database", [("connection", db_url(L.db_name("nova_api", region)))]),
        ("database", [("connection", db_url(L.db_name("nova", region)))]),
    ]
    tail.append(("cinder", [("os_region_name", region)] + keystone_user("nova", sp["nova"], region)))
    put(region + "/nova/nova.conf", ini([("DEFAULT", common)] + dbs + tail))
    # nova-compute must not see any [api_database] connection, even empty
    put(region + "/nova/nova-compute.conf", ini([("DEFAULT", common)] + tail))
    # with log_dir only, nova-api under uWSGI logs to "<frozen importlib._bootstrap>.log"
    put(
        region + "/nova/nova-api.conf",
        ini([("DEFAULT", [("log_file", os.path.join(p.logs, "nova-api-%s-app.log" % s))])]),
    )
    put(
        "uwsgi/nova-api-%s.ini" % s,
        uwsgi_ini(
            p,
            "nova-api",
            ports["nova"],
            "nova.wsgi.osapi_compute:application",
            [
                ("OS_NOVA_CONFIG_DIR", os.path.join(retc, "nova")),
                # api-paste.ini must come first: nova loads the paste app from conf_files[0]
                ("OS_NOVA_CONFIG_FILES", "api-paste.ini;nova.conf;nova-api.conf"),
            ],
        ),
    )


def render_cinder(p, sp, region, put):
    """cinder (API, scheduler, volume) of one region, volumes in sparse files (devcloud/filevol)."""
    s = L.short(region)
    cetc = os.path.join(p.etc, region, "cinder")
    cdata = os.path.join(p.data, region, "cinder")
    put(
        region + "/cinder/cinder.conf",
        ini(
            [
                (
                    "DEFAULT",
                    [
                        # cinder-scheduler/-volume name their files after themselves
                        ("log_dir", os.path.join(p.logs, region)),
                        ("transport_url", transport_url(region)),
                        ("auth_strategy", "keystone"),
                        ("host", "devcloud-" + s),
                        ("my_ip", L.HOST),
                        ("state_path", cdata),
                        ("enabled_backends", "filevol"),
                        ("glance_api_servers", L.url("glance")),
                        ("graceful_shutdown_timeout", "5"),
                        ("api_paste_config", os.path.join(cetc, "api-paste.ini")),
                        # which list filters the API accepts (without it: none, ?name= is a 400)
                        ("resource_query_filters_file", os.path.join(cetc, "resource_filters.json")),
                    ],
                ),
                ("database", [("connection", db_url(L.db_name("cinder", region)))]),
                ("oslo_concurrency", [("lock_path", os.path.join(cdata, "locks"))]),
                ("oslo_messaging_notifications", [("driver", "noop")]),
                ("keystone_authtoken", authtoken("cinder", sp["cinder"])),
                ("nova", keystone_user("cinder", sp["cinder"], region)),
                (
                    "filevol",
                    [
                        ("volume_driver", "devcloud_filevol.driver.FileVolumeDriver"),
                        ("volume_backend_name", "filevol"),
                        ("filevol_dir", os.path.join(cdata, "volumes")),
                    ],
                ),
            ]
        ),
    )
    # with log_dir only, cinder-api under uWSGI would name its log after the importer
    put(
        region + "/cinder/cinder-api.conf",
        ini([("DEFAULT", [("log_file", os.path.join(p.logs, "cinder-api-%s-app.log" % s))])]),
    )
    # cinder's WSGI entry point reads its configuration files from sys.argv: uWSGI's pyargv
    put(
        "uwsgi/cinder-api-%s.ini" % s,
        uwsgi_ini(p, "cinder-api", L.REGION_PORTS[region]["cinder"], "cinder.wsgi.api:application", [])
        + "pyargv = --config-file %s --config-file %s\n"
        % (os.path.join(cetc, "cinder.conf"), os.path.join(cetc, "cinder-api.conf")),
    )


def copied_files(p):
    """Files copied unmodified from the wheels' data: {destination: source}."""
    venv_etc = os.path.join(p.venv, "etc")
    out = {
        os.path.join(p.etc, "glance", "glance-api-paste.ini"): os.path.join(venv_etc, "glance", "glance-api-paste.ini")
    }
    for region in L.REGIONS:
        out[os.path.join(p.etc, region, "nova", "api-paste.ini")] = os.path.join(venv_etc, "nova", "api-paste.ini")
        out[os.path.join(p.etc, region, "neutron", "api-paste.ini")] = os.path.join(
            venv_etc, "neutron", "api-paste.ini"
        )
        for name in ("api-paste.ini", "resource_filters.json"):
            out[os.path.join(p.etc, region, "cinder", name)] = os.path.join(venv_etc, "cinder", name)
    return out
