# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""clouds.yaml, secure.yaml, OS_* variables and vendor profiles -> one resolved cloud-region config.

Where files are looked for (first file found wins, each of .yaml, .yml, .json in turn):
  1. the file named by OS_CLIENT_CONFIG_FILE (secure.yaml: OS_CLIENT_SECURE_FILE)
  2. the current directory
  3. the user config dir: ~/.config/openstack (XDG_CONFIG_HOME) on Linux,
     ~/Library/Application Support/openstack on macOS, %LOCALAPPDATA%\\OpenStack\\openstack on Windows
  4. the site config dir: /etc/openstack (macOS /Library/Application Support/openstack,
     Windows %PROGRAMDATA%\\OpenStack\\openstack)
secure.yaml is searched on the same list and deep-merged over clouds.yaml; clouds-public.yaml
(same list, or OS_CLIENT_VENDOR_FILE) may add or override profiles under `public-clouds:`.

Precedence, lowest first (each layer deep-merges over the one before):
  built-in defaults < profile < clouds.yaml entry < secure.yaml entry < the region's `values`
  < caller options (region_name, interface, verify, api_timeout, ...)
The caller's `auth`:
  * without `cloud`: it is the whole cloud (named by `cloud_name`, default "caller"); nothing from
    clouds.yaml or OS_* is mixed into it;
  * with `cloud`: it may only fill in auth fields the cloud does not set (a password kept out of
    clouds.yaml, say); a field the cloud already sets to another value is an error, never a silent
    override, and so is a different `auth_type`.
Which cloud when none is named: OS_CLOUD, else the `envvars` cloud made of OS_* variables (named
OS_CLOUD_NAME if set), else the only cloud configured; otherwise an error listing them.
Which region: the caller's region_name, else the cloud's region_name, else OS_REGION_NAME when the
cloud has that region (or lists none), else the first of the cloud's regions.

Nothing here imports Ansible or talks HTTP.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import re
import sys

from ansible_collections.polystack.cloud.plugins.module_utils import _profiles, _secrets
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError, MissingLibrary

try:
    import yaml

    HAS_YAML = True
except ImportError:  # reported by load() as MissingLibrary
    HAS_YAML = False

EXTENSIONS = (".yaml", ".yml", ".json")
ENVVARS_CLOUD = "envvars"
CALLER_CLOUD = "caller"

# one HTTP request may take at most a day: a larger api_timeout is a typo (and past time_t, an OverflowError)
MAX_API_TIMEOUT = 86400

DEFAULTS = {
    "auth_type": "password",
    "identity_api_version": "3",
    "interface": "public",
    "verify": True,
    "api_timeout": None,
    "floating_ip_source": "neutron",
    "has_network": True,
    "image_api_use_tasks": False,
    "image_format": "qcow2",
}

# keystoneauth1 auth plugin options that OS_* variables may carry (OS_<NAME upper>)
AUTH_KEYS = (
    "auth_url",
    "username",
    "user_id",
    "password",
    "project_name",
    "project_id",
    "tenant_name",
    "tenant_id",
    "user_domain_name",
    "user_domain_id",
    "project_domain_name",
    "project_domain_id",
    "domain_name",
    "domain_id",
    "default_domain_id",
    "default_domain_name",
    "token",
    "application_credential_id",
    "application_credential_name",
    "application_credential_secret",
    "system_scope",
    "trust_id",
    "passcode",
    "identity_provider",
    "protocol",
    "client_id",
    "client_secret",
    "discovery_endpoint",
    "openid_scope",
    "access_token_endpoint",
    "access_token",
)
# OS_* variables that are not auth options and go to the top level of the envvars cloud
ENV_TOP = (
    "auth_type",
    "region_name",
    "interface",
    "identity_api_version",
    "compute_api_version",
    "image_api_version",
    "network_api_version",
    "object_store_api_version",
    "volume_api_version",
    "cacert",
    "cert",
    "key",
    "insecure",
    "api_timeout",
)
# OS_* variables that steer selection and never make an envvars cloud by themselves
ENV_SELECTORS = ("OS_CLOUD", "OS_CLOUD_NAME", "OS_REGION_NAME", "OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE")

NETWORK_KEYS = (
    "name",
    "id",
    "routes_externally",
    "routes_ipv4_externally",
    "routes_ipv6_externally",
    "default_interface",
    "nat_destination",
    "nat_source",
)

# required auth fields per auth type: each item is a field or a tuple of alternatives
REQUIRED_AUTH = {
    "password": ("auth_url", ("username", "user_id"), "password"),
    "v3password": ("auth_url", ("username", "user_id"), "password"),
    "v2password": ("auth_url", ("username", "user_id"), "password"),
    "token": ("auth_url", "token"),
    "v3token": ("auth_url", "token"),
    "v2token": ("auth_url", "token"),
    "v3applicationcredential": (
        "auth_url",
        ("application_credential_id", "application_credential_name"),
        "application_credential_secret",
    ),
    "applicationcredential": (
        "auth_url",
        ("application_credential_id", "application_credential_name"),
        "application_credential_secret",
    ),
    "admin_token": ("token",),
    "none": (),
    "noauth": (),
    "http_basic": ("username", "password"),
}


# auth fields that name the same thing: a task's auth may not set one when the cloud sets another
_GROUPS = (
    ("project_name", "project_id"),
    ("username", "user_id"),
    ("application_credential_id", "application_credential_name"),
    ("user_domain_name", "user_domain_id"),
    ("project_domain_name", "project_domain_id"),
    ("domain_name", "domain_id"),
)
AUTH_GROUPS = dict((k, g) for g in _GROUPS for k in g)
_TRUE = ("1", "true", "yes", "on")


def prepare(entry):
    """A copy of one config layer in today's spelling: insecure -> verify, verify: <path> -> cacert,
    tenant_* -> project_*; done per layer so that precedence between layers holds."""
    if not isinstance(entry, dict):
        return entry
    out = dict(entry)
    if "insecure" in out:
        insecure = out.pop("insecure")
        if "verify" not in out and insecure is not None:
            out["verify"] = not (insecure is True or str(insecure).lower() in _TRUE)
    verify = out.get("verify")
    if isinstance(verify, str):
        if verify.lower() in _TRUE + ("0", "false", "no", "off"):
            out["verify"] = verify.lower() in _TRUE
        else:  # a CA bundle path
            out.setdefault("cacert", verify)
            out["verify"] = True
    auth = out.get("auth")
    if isinstance(auth, dict):
        auth = dict(auth)
        for old, new in (("tenant_name", "project_name"), ("tenant_id", "project_id")):
            if old in auth:
                value = auth.pop(old)
                auth.setdefault(new, value)
        out["auth"] = auth
    return out


def mask(value, key=""):
    """A copy of a config value with every secret replaced by '***'."""
    if isinstance(value, dict):
        return {k: mask(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v, key) for v in value]
    if key and _secrets.is_secret_key(key) and value not in (None, ""):
        return "***"
    return value


# -- file search ------------------------------------------------------------------------------------


def config_dirs(env=None, platform=None, home=None, cwd=None):
    """The directories searched, in order: cwd, user config dir, site config dir."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    home = home or os.path.expanduser("~")
    cwd = cwd or os.getcwd()
    if platform == "darwin":
        user = os.path.join(home, "Library", "Application Support", "openstack")
        site = "/Library/Application Support/openstack"
    elif platform.startswith("win"):
        user = os.path.join(env.get("LOCALAPPDATA", os.path.join(home, "AppData", "Local")), "OpenStack", "openstack")
        site = os.path.join(env.get("PROGRAMDATA", "C:\\ProgramData"), "OpenStack", "openstack")
    else:
        user = os.path.join(env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config"), "openstack")
        site = "/etc/openstack"
    return [cwd, user, site]


def candidates(basename, env_var, env=None, dirs=None):
    env = os.environ if env is None else env
    out = []
    if env.get(env_var):
        out.append(os.path.expanduser(env[env_var]))
    for d in dirs if dirs is not None else config_dirs(env):
        out.extend(os.path.join(d, basename + ext) for ext in EXTENSIONS)
    return out


def first_existing(paths):
    for path in paths:
        if os.path.isfile(path):
            return path
    return None


def load_file(path):
    """Parse a YAML or JSON config file; errors name the file and the line."""
    if not HAS_YAML and not path.endswith(".json"):
        raise MissingLibrary("PyYAML", "to read %s" % path)
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
    except OSError as e:
        raise ConfigError("cannot read %s: %s" % (path, e.strerror or e)) from None
    except UnicodeDecodeError as e:
        raise ConfigError("%s is not UTF-8 text (byte %d): %s" % (path, e.start, e.reason)) from None
    if text.lstrip().startswith("$ANSIBLE_VAULT;"):
        # the modules read it where they run, with no vault password: say so, instead of "not a mapping"
        raise ConfigError(
            "%s is encrypted with Ansible Vault, which only Ansible itself can open: keep clouds.yaml in clear "
            "without its secrets, and give them from a vault-encrypted vars file (auth: or cloud: in the task, "
            "or module_defaults); see the collection's Vault guide" % path
        )
    try:
        if path.endswith(".json"):
            data = json.loads(text) if text.strip() else {}
        else:
            # libyaml's parser when PyYAML has it (10x faster on a clouds.yaml); the same safe constructors
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except ValueError as e:  # json
        raise ConfigError("%s is not valid JSON: %s" % (path, e)) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = " line %d column %d" % (mark.line + 1, mark.column + 1) if mark else ""
        problem = getattr(e, "problem", None) or str(e).split("\n", maxsplit=1)[0]
        raise ConfigError("YAML syntax error in %s%s: %s" % (path, where, problem)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            "%s must hold a mapping (with a top-level 'clouds:' key), not a %s" % (path, type(data).__name__)
        )
    return data


# -- merging with origins ------------------------------------------------------------------------------


def merge(dst, src, origin, origins, prefix=""):
    """Deep-merge src into dst (dicts merge, everything else replaces), recording each leaf's origin."""
    for key, value in src.items():
        path = prefix + str(key)
        if isinstance(value, dict) and isinstance(dst.get(key), dict):
            merge(dst[key], value, origin, origins, path + ".")
        else:
            dst[key] = copy.deepcopy(value)
            for k in list(origins):
                if k.startswith(path + "."):
                    del origins[k]
            if isinstance(value, dict):
                for leaf in _leaves(value, path + "."):
                    origins[leaf] = origin
            else:
                origins[path] = origin
    return dst


def _leaves(d, prefix):
    for key, value in d.items():
        if isinstance(value, dict) and value:
            yield from _leaves(value, prefix + str(key) + ".")
        else:
            yield prefix + str(key)


# -- the loader ----------------------------------------------------------------------------------------


class CloudConfig:
    """Every configured cloud, from files and environment; get_one() resolves one cloud-region."""

    def __init__(self, config_file=None, secure_file=None, vendor_file=None, env=None, dirs=None, load_envvars=True):
        self.env = dict(os.environ if env is None else env)
        dirs = config_dirs(self.env) if dirs is None else dirs
        self.searched = []
        if config_file:
            paths = [os.path.expanduser(config_file)]
        else:
            paths = candidates("clouds", "OS_CLIENT_CONFIG_FILE", self.env, dirs)
        self.searched.extend(paths)
        self.config_file = first_existing(paths)
        if config_file and not self.config_file:
            raise ConfigError("clouds.yaml file %s does not exist" % config_file)
        secure_paths = [secure_file] if secure_file else candidates("secure", "OS_CLIENT_SECURE_FILE", self.env, dirs)
        self.secure_file = first_existing(secure_paths)
        vendor_paths = (
            [vendor_file] if vendor_file else candidates("clouds-public", "OS_CLIENT_VENDOR_FILE", self.env, dirs)
        )
        self.vendor_file = first_existing(vendor_paths)

        self.clouds = {}
        self.file_of = {}
        # clouds whose entry is not a mapping: the error, raised when that cloud is asked for, so that one
        # malformed cloud does not take the others (or the whole inventory) down with it
        self.broken = {}
        data = load_file(self.config_file) if self.config_file else {}
        self._take(data, self.config_file, "clouds.yaml")
        self.secure = {}
        if self.secure_file:
            sdata = load_file(self.secure_file)
            self.secure = self._clouds_of(sdata, self.secure_file)
        self.public = {}
        if self.vendor_file:
            vdata = load_file(self.vendor_file)
            pub = vdata.get("public-clouds", {})
            if not isinstance(pub, dict):
                raise ConfigError("%s: 'public-clouds' must be a mapping of profile names" % self.vendor_file)
            self.public = pub
        self.envvars_name = None
        if load_envvars:
            self._envvars()

    def _clouds_of(self, data, path):
        clouds = data.get("clouds", {})
        if clouds is None:
            return {}
        if not isinstance(clouds, dict):
            raise ConfigError("%s: 'clouds' must be a mapping of cloud names to settings" % path)
        good = {}
        for name, entry in clouds.items():
            if isinstance(entry, dict):
                good[name] = entry
            else:
                self.broken[str(name)] = "%s: cloud %r must be a mapping of settings, not %s" % (
                    path,
                    name,
                    type(entry).__name__,
                )
        return good

    def _take(self, data, path, kind):
        for name, entry in self._clouds_of(data, path).items():
            self.clouds[str(name)] = entry
            self.file_of[str(name)] = path

    def _envvars(self):
        env = self.env
        present = [k for k in env if k.startswith("OS_") and k not in ENV_SELECTORS and env[k] != ""]
        relevant = [k for k in present if k[3:].lower() in AUTH_KEYS or k[3:].lower() in ENV_TOP]
        # OS_INTERFACE or OS_IDENTITY_API_VERSION alone (set by many shells) do not make a cloud
        if not any(k[3:].lower() in AUTH_KEYS or k == "OS_AUTH_TYPE" for k in relevant):
            return
        entry, auth = {}, {}
        for key in relevant:
            name = key[3:].lower()
            if name in AUTH_KEYS:
                auth[name] = env[key]
            elif name == "insecure":
                entry["verify"] = env[key].lower() not in ("1", "true", "yes", "on")
            else:
                entry[name] = env[key]
        if auth:
            entry["auth"] = auth
        name = env.get("OS_CLOUD_NAME") or ENVVARS_CLOUD
        self.envvars_name = name
        self.clouds[name] = entry
        self.file_of[name] = None

    # -- public API ------------------------------------------------------------------------------

    def names(self):
        return sorted(set(self.clouds) | set(self.broken))

    def describe_search(self):
        found = self.config_file or "none found"
        return "clouds.yaml: %s; searched: %s" % (found, ", ".join(self.searched) or "(nothing)")

    def default_cloud(self):
        if self.env.get("OS_CLOUD"):
            return self.env["OS_CLOUD"], "OS_CLOUD"
        if self.envvars_name:
            return self.envvars_name, "OS_* variables"
        if len(self.clouds) == 1:
            return list(self.clouds)[0], "the only cloud configured"
        if not self.clouds:
            raise ConfigError(
                "no cloud configured: no clouds.yaml found and no OS_* variables set (%s)" % self.describe_search()
            )
        raise ConfigError(
            "%d clouds are configured and none is named: set the cloud option (or OS_CLOUD) to one of %s (%s)"
            % (len(self.clouds), ", ".join(self.names()), self.config_file)
        )

    def profile(self, name, cloud):
        if not isinstance(name, str):
            raise ConfigError(
                "cloud %s: profile must be a profile's name, not %r (%s)"
                % (cloud, name, self.file_of.get(cloud) or "OS_* variables")
            )
        if name in self.public:
            if not isinstance(self.public[name], dict):
                raise ConfigError("%s: profile %s must be a mapping of settings" % (self.vendor_file, name))
            return copy.deepcopy(self.public[name]), "profile %s (%s)" % (name, self.vendor_file)
        shipped = _profiles.get(name)
        if shipped is None:
            known = sorted(set(_profiles.names()) | set(self.public))
            raise ConfigError(
                "cloud %s: unknown profile %r (%s); known profiles: %s"
                % (cloud, name, self.file_of.get(cloud) or "OS_* variables", ", ".join(known))
            )
        return shipped, "profile %s (shipped with the collection)" % name

    def get_one(self, cloud=None, region_name=None, auth=None, auth_type=None, cloud_name=None, **options):
        """Resolve one cloud-region. options: interface, verify, cacert, cert, key, api_timeout, ...

        Layered, each layer overriding the one before: defaults, the cloud's profile, its clouds.yaml (or OS_*)
        entry and secure.yaml, its region's values, then the caller's options and auth."""
        origins = {}
        config = {}
        merge(config, DEFAULTS, "default", origins)
        name, source, entries, caller_auth = self._entries(cloud, auth, auth_type, cloud_name)
        base = entries[0][0]
        if base.get("profile") or base.get("cloud"):  # 'cloud:' is the old spelling of 'profile:'
            prof, porigin = self.profile(base.get("profile") or base.get("cloud"), name)
            merge(config, prepare(prof), porigin, origins)
        for entry, origin in entries:
            merge(config, prepare(entry), origin, origins)
        region, env_region = self._choose_region(config, origins, name, source, region_name)
        # caller options (module parameters) override
        merge(config, prepare(dict((k, v) for k, v in options.items() if v is not None)), "caller", origins)
        if auth_type and entries[0][1] != "caller":
            current, org = config.get("auth_type"), origins.get("auth_type")
            if org != "default" and str(current).lower() != str(auth_type).lower():
                raise ConfigError(
                    "auth_type %r given by the task differs from cloud %s's auth_type %r (%s): remove one"
                    % (auth_type, name, current, org)
                )
            merge(config, {"auth_type": auth_type}, "caller", origins)
        if caller_auth:
            self._merge_caller_auth(config, origins, caller_auth, name, source)
        warnings = []
        if env_region:
            warnings.append(
                "OS_REGION_NAME=%s is not a region of cloud %s (its regions: %s): using %s"
                % (env_region, name, ", ".join(config["regions"]), region)
            )
        warnings.extend(self._profile_status(config, origins, name, base))
        config = substitute_region(config, region, name, source)
        self._normalize(config, origins)
        self._validate(config, name, source, origins)
        out = CloudRegion(name, region, config, origins, source)
        out.warnings = warnings
        return out

    def _entries(self, cloud, auth, auth_type, cloud_name):
        """(name, source, [(entry, origin)], the caller's auth still to merge) of the cloud asked for: the
        task's auth alone (no cloud), or a cloud of clouds.yaml / OS_* variables with its secure.yaml part."""
        if cloud is None and auth:
            entry = {"auth": auth}
            if auth_type:
                entry["auth_type"] = auth_type
            return cloud_name or CALLER_CLOUD, "the task's auth", [(entry, "caller")], None
        if cloud is None:
            name, why = self.default_cloud()
        else:
            name, why = cloud, None
        if not isinstance(name, str):  # a mapping of settings is the caller's to split (auth=, region_name=)
            raise ConfigError(
                "cloud must be the name of a cloud of clouds.yaml, not a %s: give a cloud's settings as "
                "auth=..., region_name=... and the other options" % type(name).__name__
            )
        if name in self.broken:
            raise ConfigError(self.broken[name])
        if name not in self.clouds:
            raise ConfigError(
                "unknown cloud %r%s; known clouds: %s (%s)"
                % (name, " (from %s)" % why if why else "", ", ".join(self.names()) or "none", self.describe_search())
            )
        file_of = self.file_of[name]
        source = ("clouds.yaml %s" % file_of) if file_of else "OS_* variables"
        entries = [(self.clouds[name], source)]
        if name in self.secure:
            entries.append((self.secure[name], "secure.yaml %s" % self.secure_file))
        return name, source, entries, auth

    def _choose_region(self, config, origins, name, source, region_name):
        """Set the region (the caller's, the cloud's region_name, OS_REGION_NAME if the cloud has it, else its
        first) with its region values merged in; (region, an OS_REGION_NAME ignored because the cloud lacks it)."""
        regions, region_values = self._regions(config, name, source)
        if region_name is not None:
            region_name = str(region_name)
        if config.get("region_name") is not None:
            config["region_name"] = str(config["region_name"])
        region, region_origin = region_name, "caller"
        if not region and config.get("region_name"):
            region, region_origin = config["region_name"], origins.get("region_name", source)
        env_region = self.env.get("OS_REGION_NAME")
        if not region and env_region and (not regions or env_region in regions):
            region, region_origin = env_region, "env OS_REGION_NAME"
        ignored_env_region = env_region if (not region and env_region and regions) else None
        if not region and regions:
            region, region_origin = regions[0], "first of the cloud's regions (%s)" % source
        if not region:
            region_origin = "none: the catalog's only region"
        if regions and region not in regions:
            raise ConfigError(
                "cloud %s has no region %r (from %s); its regions: %s (%s)"
                % (name, region, region_origin, ", ".join(regions), source)
            )
        if region and region_values.get(region):
            merge(config, prepare(region_values[region]), "region %s values (%s)" % (region, source), origins)
        config["region_name"] = region
        origins["region_name"] = region_origin
        regions_origin = origins.get("regions") or next(
            (v for k, v in origins.items() if k.startswith("regions.")), "default"
        )
        config.pop("regions", None)
        config["regions"] = regions
        for key in list(origins):
            if key.startswith("regions"):
                del origins[key]
        origins["regions"] = regions_origin
        return region, ignored_env_region

    @staticmethod
    def _merge_caller_auth(config, origins, caller_auth, name, source):
        """The task's auth on top of a cloud's: refused where it would replace a credential the cloud has (the
        same thing under another name counts too: project_id against a project_name)."""
        caller_auth = prepare({"auth": caller_auth})["auth"]
        have = config.get("auth") or {}
        clash = []
        for key, value in sorted(caller_auth.items()):
            if value is None:
                continue
            group = AUTH_GROUPS.get(key, (key,))
            clash.extend(k for k in group if k in have and have[k] not in (None, "") and (k != key or have[k] != value))
        if clash:
            raise ConfigError(
                "the task's auth would override %s of cloud %s (%s): credentials are not mixed between "
                "sources; remove them from the task or from the cloud"
                % (
                    ", ".join("auth.%s" % k for k in sorted(set(clash))),
                    name,
                    origins.get("auth." + sorted(clash)[0], source),
                )
            )
        merge(config, {"auth": dict((k, v) for k, v in caller_auth.items() if v is not None)}, "caller", origins)

    @staticmethod
    def _profile_status(config, origins, name, base):
        """A warning when the cloud's vendor profile is deprecated or for a cloud that has shut down."""
        status, message = config.pop("status", None), config.pop("message", None)
        origins.pop("status", None)
        origins.pop("message", None)
        if status not in ("deprecated", "shutdown"):
            return []
        return [
            "cloud %s uses profile %s, which is %s: %s"
            % (
                name,
                base.get("profile") or base.get("cloud"),
                "deprecated" if status == "deprecated" else "for a cloud that has shut down",
                message or "see the collection's profile notes",
            )
        ]

    def _regions(self, config, name, source):
        raw = config.get("regions") or []
        if isinstance(raw, str):
            raw = [r.strip() for r in raw.split(",") if r.strip()]
        if not isinstance(raw, list):
            raise ConfigError("cloud %s: 'regions' must be a list of names or of {name, values} (%s)" % (name, source))
        names, values = [], {}
        for item in raw:
            if isinstance(item, str):
                names.append(item)
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                extra = set(item) - {"name", "values"}
                if extra:
                    raise ConfigError(
                        "cloud %s: region %s has unknown keys %s (only name and values) (%s)"
                        % (name, item["name"], ", ".join(sorted(extra)), source)
                    )
                if item.get("values") is not None and not isinstance(item["values"], dict):
                    raise ConfigError(
                        "cloud %s: values of region %s must be a mapping (%s)" % (name, item["name"], source)
                    )
                names.append(item["name"])
                values[item["name"]] = item.get("values") or {}
            else:
                raise ConfigError(
                    "cloud %s: each entry of 'regions' must be a name or {name, values}, not %r (%s)"
                    % (name, item, source)
                )
        if len(set(names)) != len(names):
            raise ConfigError("cloud %s: a region is listed twice in %s (%s)" % (name, names, source))
        return names, values

    def _normalize(self, config, origins):
        auth = config.setdefault("auth", {})
        if not isinstance(auth, dict):
            raise ConfigError("'auth' must be a mapping of auth options")
        # old spellings
        for old, new in (("tenant_name", "project_name"), ("tenant_id", "project_id")):
            if old in auth and new not in auth:
                auth[new] = auth.pop(old)
                origins["auth." + new] = origins.pop("auth." + old, "caller")
        # domain_* with a project: the default for user and project domains, not a domain scope
        has_project = auth.get("project_name") or auth.get("project_id")
        for kind in ("id", "name"):
            value = auth.get("domain_" + kind) or auth.get("default_domain_" + kind)
            if value and has_project:
                for who in ("user_domain_", "project_domain_"):
                    if not auth.get(who + "id") and not auth.get(who + "name"):
                        auth[who + kind] = value
                        origins["auth." + who + kind] = origins.get("auth.domain_" + kind, "default_domain")
                auth.pop("domain_" + kind, None)
                auth.pop("default_domain_" + kind, None)
        for kind in ("id", "name"):
            value = auth.pop("default_domain_" + kind, None)
            if value and not auth.get("user_domain_id") and not auth.get("user_domain_name"):
                auth["user_domain_" + kind] = value
        at = str(config.get("auth_type") or "password").lower()
        config["auth_type"] = at
        if "verify" in config and isinstance(config["verify"], str):
            config["verify"] = config["verify"].lower() not in ("0", "false", "no", "off")
        if config.get("insecure") in (True, "true", "True", "1"):
            config["verify"] = False
        if config.get("identity_api_version") is None:
            config["identity_api_version"] = DEFAULTS["identity_api_version"]
        config["identity_api_version"] = str(config["identity_api_version"])

    def _validate(self, config, name, source, origins):
        auth = config["auth"]
        at = config["auth_type"]
        if not re.match(r"^[23](\.\d+)?$", str(config.get("identity_api_version"))):
            raise ConfigError(
                "cloud %s: identity_api_version must be 3 (or 2.0), not %r (%s)"
                % (name, str(config.get("identity_api_version")), origins.get("identity_api_version", source))
            )
        for field in REQUIRED_AUTH.get(at, ("auth_url",) if at not in ("none", "noauth") else ()):
            alternatives = field if isinstance(field, tuple) else (field,)
            if not any(auth.get(f) not in (None, "") for f in alternatives):
                raise ConfigError(
                    "cloud %s: auth_type %s needs auth.%s (%s)" % (name, at, " or auth.".join(alternatives), source)
                )
        if at in ("password", "v3password") and config.get("identity_api_version", "3").startswith("3"):
            if auth.get("project_name") and not (auth.get("project_domain_name") or auth.get("project_domain_id")):
                raise ConfigError(
                    "cloud %s: auth.project_name needs auth.project_domain_name or auth.project_domain_id "
                    "(names are unique only within a domain; ids need no domain) (%s)" % (name, source)
                )
            if auth.get("username") and not (auth.get("user_domain_name") or auth.get("user_domain_id")):
                raise ConfigError(
                    "cloud %s: auth.username needs auth.user_domain_name or auth.user_domain_id "
                    "(names are unique only within a domain; ids need no domain) (%s)" % (name, source)
                )
        nets = config.get("networks")
        if nets is not None:
            config["networks"] = validate_networks(nets, name, source)
        if config.get("interface") not in ("public", "internal", "admin", "publicURL", "internalURL", "adminURL"):
            raise ConfigError(
                "cloud %s: interface %r is not one of public, internal, admin (%s)"
                % (name, config.get("interface"), origins.get("interface", source))
            )
        if config.get("api_timeout") is not None:
            try:
                config["api_timeout"] = float(config["api_timeout"])
            except (TypeError, ValueError):
                raise ConfigError(
                    "cloud %s: api_timeout must be a number of seconds, not %r (%s)"
                    % (name, config["api_timeout"], origins.get("api_timeout", source))
                ) from None
            # one HTTP request's limit: past a day it is a typo, and past time_t keystoneauth1 overflows
            if not 0 < config["api_timeout"] <= MAX_API_TIMEOUT:
                raise ConfigError(
                    "cloud %s: api_timeout must be more than 0 and at most %d seconds, not %r (%s)"
                    % (name, MAX_API_TIMEOUT, config["api_timeout"], origins.get("api_timeout", source))
                )
        self._validate_files(config, name, source, origins)

    @staticmethod
    def _validate_files(config, name, source, origins):
        """A CA bundle or client certificate that is not there fails now, naming it (requests would fail only
        on the first HTTPS request, with an OSError that names no option, or never on plain HTTP)."""
        for key, option in (("cacert", "ca_cert"), ("cert", "client_cert"), ("key", "client_key")):
            path = config.get(key)
            if path in (None, "") or not isinstance(path, str):
                continue
            if not os.path.isfile(os.path.expanduser(path)):
                origin = origins.get(key, source)
                raise ConfigError(
                    "cloud %s: %s (the %s option) %s is not a file (%s)"
                    % (name, key, option, path, "given by the task" if origin == CALLER_CLOUD else origin)
                )


def substitute_region(value, region, cloud, source, key=""):
    """Replace {region_name} in every string that is not a secret (profiles use it in per-region URLs)."""
    if isinstance(value, dict):
        return dict((k, substitute_region(v, region, cloud, source, str(k))) for k, v in value.items())
    if isinstance(value, list):
        return [substitute_region(v, region, cloud, source, key) for v in value]
    if isinstance(value, str) and "{region_name}" in value and not _secrets.is_secret_key(key):
        if not region:
            raise ConfigError(
                "cloud %s: %s contains {region_name}, so it needs a region: set region_name (%s)"
                % (cloud, key or "a value", source)
            )
        return value.replace("{region_name}", region)
    return value


def validate_networks(nets, cloud, source):
    if not isinstance(nets, list):
        raise ConfigError("cloud %s: 'networks' must be a list of {name or id, ...} (%s)" % (cloud, source))
    out = []
    singles = {"default_interface": [], "nat_destination": [], "nat_source": []}
    for i, net in enumerate(nets):
        label = "networks[%d]" % i
        if not isinstance(net, dict):
            raise ConfigError("cloud %s: %s must be a mapping, not %r (%s)" % (cloud, label, net, source))
        unknown = sorted(set(net) - set(NETWORK_KEYS))
        if unknown:
            raise ConfigError(
                "cloud %s: %s has unknown keys %s; allowed: %s (%s)"
                % (cloud, label, ", ".join(unknown), ", ".join(NETWORK_KEYS), source)
            )
        if bool(net.get("name")) == bool(net.get("id")):
            raise ConfigError("cloud %s: %s needs exactly one of name or id (%s)" % (cloud, label, source))
        entry = {
            "name": None if net.get("name") is None else str(net["name"]),
            "id": None if net.get("id") is None else str(net["id"]),
        }
        for key in NETWORK_KEYS[2:]:
            value = net.get(key)
            if value is not None and not isinstance(value, bool):
                raise ConfigError(
                    "cloud %s: %s.%s must be true or false, not %r (%s)" % (cloud, label, key, value, source)
                )
            entry[key] = value
        # routes_externally implies both families unless said otherwise
        ext = entry["routes_externally"]
        for fam in ("routes_ipv4_externally", "routes_ipv6_externally"):
            if entry[fam] is None:
                entry[fam] = bool(ext)
        if ext is None:
            entry["routes_externally"] = bool(entry["routes_ipv4_externally"] or entry["routes_ipv6_externally"])
        for key in singles:
            entry[key] = bool(entry[key])
            if entry[key]:
                singles[key].append(entry["name"] or entry["id"])
        out.append(entry)
    for key, which in singles.items():
        if len(which) > 1:
            raise ConfigError(
                "cloud %s: only one network may be %s, not %s (%s)" % (cloud, key, ", ".join(which), source)
            )
    return out


class CloudRegion:
    """One resolved cloud-region: what a Session needs, and where each value came from."""

    def __init__(self, name, region_name, config, origins, source):
        self.warnings = []  # for the module to show (module.warn): deprecated profiles, ...
        self.name = name
        self.region_name = region_name
        self.config = config
        self.origins = origins
        self.source = source

    @property
    def auth(self):
        return self.config["auth"]

    @property
    def auth_type(self):
        return self.config["auth_type"]

    def get(self, key, default=None):
        value = self.config.get(key)
        return default if value is None else value

    def interface(self, service_type=None):
        if service_type:
            specific = self.config.get("%s_interface" % _key(service_type))
            if specific:
                return specific
        return self.config.get("interface", "public").replace("URL", "")

    def endpoint_override(self, service_type):
        return self.config.get("%s_endpoint_override" % _key(service_type)) or self.config.get(
            "%s_endpoint" % _key(service_type)
        )

    def api_version(self, service_type):
        value = self.config.get("%s_api_version" % _key(service_type))
        return None if value is None else str(value)

    @property
    def verify(self):
        """False, True or a CA bundle path, as requests wants it."""
        if self.config.get("verify") is False:
            return False
        return self.config.get("cacert") or True

    @property
    def cert(self):
        cert, key = self.config.get("cert"), self.config.get("key")
        if cert and key:
            return (cert, key)
        return cert or None

    @property
    def networks(self):
        return self.config.get("networks") or []

    def describe(self):
        """Every value with its origin, secrets masked: {key: {"value": ..., "from": ...}}."""
        out = {}
        flat = {}
        for leaf in _leaves(self.config, ""):
            value = self.config
            for part in leaf.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            flat[leaf] = value
        for key, value in sorted(flat.items()):
            out[key] = {"value": mask(value, key.split(".")[-1]), "from": self.origins.get(key, "default")}
        return out

    def __repr__(self):
        return "CloudRegion(%s, %s)" % (self.name, self.region_name)


def _key(service_type):
    return service_type.replace("-", "_")
