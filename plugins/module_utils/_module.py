# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base every polystack.cloud module uses: the common options, a Cloud from the parameters, the one
state idiom (find current -> ensure_present / ensure_absent -> (changed, after)), diff, and errors
translated once into fail_json.  This is the only module_utils file that imports Ansible."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import json
import os
import traceback

from ansible.module_utils import basic
from ansible.module_utils.basic import missing_required_lib
from ansible_collections.polystack.cloud.plugins.module_utils import (
    _cloud,
    _config,
    _ledger,
    _locks,
    _secrets,
    _session,
)
from ansible_collections.polystack.cloud.plugins.module_utils._errors import CloudError, ConfigError, MissingLibrary

# options that name one IP address: neutron would answer a typo with a 400 that names its own field, or (in a
# filter of an *_info module) with an empty list that hides the typo
ADDRESS_OPTIONS = ("floating_ip_address", "fixed_address", "fixed_ip_address")


def _is_ip_address(value):
    try:
        ipaddress.ip_address(str(value))
    except ValueError:
        return False
    return True


def common_argument_spec():
    return dict(
        api_timeout=dict(type="int"),
        auth=dict(type="dict", no_log=True),
        auth_type=dict(type="str"),
        ca_cert=dict(type="path", aliases=["cacert"]),
        client_cert=dict(type="path", aliases=["cert"]),
        client_key=dict(type="path", aliases=["key"], no_log=False),
        cloud=dict(type="raw"),
        interface=dict(type="str", choices=["admin", "internal", "public"], aliases=["endpoint_type"]),
        region_name=dict(type="str"),
        sdk_log_level=dict(type="str", default="INFO", choices=["INFO", "DEBUG"]),
        sdk_log_path=dict(type="path"),
        timeout=dict(type="int", default=180),
        validate_certs=dict(type="bool", aliases=["verify"]),
        wait=dict(type="bool", default=True),
    )


def secret_values(value, secret=False):
    """The strings under password, secret, token or passcode keys, at any depth."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= secret_values(item, secret or _secrets.is_secret_key(str(key)))
    elif isinstance(value, (list, tuple)):
        for item in value:
            found |= secret_values(item, secret)
    elif secret and value not in (None, "") and not isinstance(value, bool):
        found.add(str(value))
    return found


def harmless_values(value):
    """The strings of a mapping that are under no secret key (auth_url, username, project_name, ...)."""
    if not isinstance(value, dict):
        return set()
    found = set()
    for key, item in value.items():
        if isinstance(item, dict):
            found |= harmless_values(item)
        elif isinstance(item, str) and item and not _secrets.is_secret_key(str(key)):
            found.add(item)
    return found


class CloudModule:
    """Subclasses set argument_spec (and module_kwargs) and implement run()."""

    argument_spec = {}
    module_kwargs = {}

    def __init__(self):
        spec = common_argument_spec()
        spec.update(self.argument_spec)
        # looked up when called, not bound at import: ansible-lint's args rule validates a task's options by
        # running main() with basic.AnsibleModule replaced by a class that stops right after validation
        self.module = basic.AnsibleModule(argument_spec=spec, supports_check_mode=True, **self.module_kwargs)
        self._settings_from_json()
        # cloud may be the cloud's settings themselves, credentials included: masked in every result
        # (the invocation Ansible shows with -vvv too), as the no_log option auth is. auth given as a string
        # (key=value, JSON, a template) is registered by Ansible as that whole string, before it becomes a dict:
        # its secrets are registered here one by one.
        auth = self.module.params.get("auth")
        secrets = secret_values(self.module.params.get("cloud")) | secret_values(auth, secret=False)
        self.module.no_log_values.update(secrets)
        # auth given as a mapping is registered by Ansible leaf by leaf, auth_url and username included: every
        # URL of the cloud and every occurrence of the user's name would read ******** ("authentication refused
        # by ********"). Only its secret fields stay registered.
        self.module.no_log_values.difference_update(harmless_values(auth) - secrets)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        if self.check_mode:  # what earlier tasks of this check run predicted counts as made (_ledger.py)
            _ledger.activate()
        self._check_common()
        self._cloud = None

    def _check_common(self):
        """Numbers that would fail late or oddly (a ValueError deep in keystoneauth1, a wait that never ends)."""
        p = self.params
        # a resource's name rendered empty (an unset variable) would find nothing and create a nameless resource
        # that no later task can find again (glance accepts name "")
        name_spec = self.module.argument_spec.get("name") or {}
        if name_spec.get("required") and isinstance(p.get("name"), str) and not p["name"].strip():
            self.module.fail_json(msg="name must not be empty")
        for option in ADDRESS_OPTIONS:
            if p.get(option) and not _is_ip_address(p[option]):
                self.module.fail_json(msg="%s must be an IPv4 or IPv6 address, not %r" % (option, p[option]))
        if p.get("timeout") is not None and p["timeout"] < 0:
            self.module.fail_json(msg="timeout must be 0 or more seconds, not %d" % p["timeout"])
        limit = _config.MAX_API_TIMEOUT
        if p.get("api_timeout") is not None and not 0 < p["api_timeout"] <= limit:
            self.module.fail_json(
                msg="api_timeout must be more than 0 and at most %d seconds (one request), not %s"
                % (limit, p["api_timeout"])
            )

    def _settings_from_json(self):
        """cloud given as a JSON string (ad hoc: -a 'cloud={"auth": ...}', or a template that rendered a mapping
        to text) is the cloud's settings, not a name: parsed here, so that its secrets are masked and never echoed
        back in a "no such cloud" message."""
        cloud = self.module.params.get("cloud")
        if not isinstance(cloud, str) or not cloud.lstrip().startswith("{"):
            return
        self.module.no_log_values.add(cloud)
        try:
            parsed = json.loads(cloud)
        except ValueError as e:
            self.module.fail_json(
                msg="the cloud option looks like a JSON mapping of the cloud's settings but is not valid JSON (%s "
                "at line %d, column %d); give a cloud's name or a mapping" % (e.msg, e.lineno, e.colno)
            )
        if not isinstance(parsed, dict):
            self.module.fail_json(msg="the cloud option must be a cloud's name or a mapping of its settings")
        self.module.params["cloud"] = parsed

    @property
    def cloud(self):
        if self._cloud is None:
            self._cloud = self.connect()
        return self._cloud

    def start_logging(self):
        """sdk_log_path (openstack.cloud's option) at sdk_log_level, else POLYSTACK_DEBUG_LOG at debug: a module
        has no stderr, so its log is a file; secrets masked, the file 0600 (_session.enable_logging)."""
        path, debug = self.params.get("sdk_log_path"), self.params.get("sdk_log_level") == "DEBUG"
        if not path and os.environ.get("POLYSTACK_DEBUG_LOG"):
            path, debug = os.environ["POLYSTACK_DEBUG_LOG"], True
        if not path:
            return
        option = "sdk_log_path" if self.params.get("sdk_log_path") else "POLYSTACK_DEBUG_LOG"
        try:
            _session.enable_logging(debug=debug, http_debug=debug, path=path)
        except OSError as e:
            raise ConfigError("%s %s: cannot write the log there: %s" % (option, path, e.strerror or e)) from None

    def connect(self):
        for name, present in (
            ("keystoneauth1", _session.HAS_KEYSTONEAUTH),
            ("PyYAML", _config.HAS_YAML),
            ("munch", _cloud.HAS_MUNCH),
        ):
            if not present:
                raise MissingLibrary(name)
        p = self.params
        self.start_logging()
        options = dict(
            interface=p["interface"],
            api_timeout=p["api_timeout"],
            cacert=p["ca_cert"],
            cert=p["client_cert"],
            key=p["client_key"],
        )
        if p["validate_certs"] is not None:
            options["verify"] = p["validate_certs"]
        cloud = p["cloud"]
        if cloud is not None and not isinstance(cloud, (str, dict)):
            raise ConfigError(
                "the cloud option must be a cloud's name or a mapping of its settings, not a %s" % type(cloud).__name__
            )
        config = _config.CloudConfig()
        if isinstance(cloud, dict):  # the cloud's settings themselves
            settings = dict(cloud)
            auth = dict(settings.pop("auth", None) or {}, **(p["auth"] or {}))
            # popped whether or not the task's option wins: each may be given once to get_one
            region_name = settings.pop("region_name", None)
            region_name = p["region_name"] or region_name
            auth_type = settings.pop("auth_type", None)
            auth_type = p["auth_type"] or auth_type
            for key, value in settings.items():
                if options.get(key) is None:
                    options[key] = value
            cloud_region = config.get_one(
                auth=auth, auth_type=auth_type, region_name=region_name, cloud_name="task", **options
            )
        else:
            cloud_region = config.get_one(
                cloud=cloud, region_name=p["region_name"], auth=p["auth"], auth_type=p["auth_type"], **options
            )
        for warning in cloud_region.warnings:
            self.module.warn(warning)
        return _cloud.Cloud(cloud_region)

    def location(self):
        return {"cloud": self.cloud.name, "region_name": self.cloud.region_name}

    def fail(self, msg, **kwargs):
        self.module.fail_json(msg=msg, **kwargs)

    def exit(self, changed, diff=None, **result):
        if diff is not None and self.module._diff:
            result["diff"] = diff
        self.module.exit_json(changed=changed, **result)

    def run(self):
        raise NotImplementedError

    def create_lock_key(self):
        """(service type, kind, name) of the resource a real run may create, to hold its lock (_locks.py) while
        finding and creating it; None: nothing to lock."""
        return None

    def _run_locked(self):
        key = None if self.check_mode else self.create_lock_key()
        if key is None:
            return self.run()
        with _locks.create_lock(self.cloud, *key):
            return self.run()

    def __call__(self):
        try:
            self._run_locked()
        except MissingLibrary as e:
            self.module.fail_json(msg=missing_required_lib(e.library), error=str(e))
        except CloudError as e:
            self.module.fail_json(msg=str(e), **e.to_result())
        except Exception as e:  # a bug of ours: say so, with the traceback for the report
            self.module.fail_json(
                msg="polystack.cloud internal error (please report it): %s: %s" % (type(e).__name__, e),
                exception=traceback.format_exc(),
            )


class NeutronModule(CloudModule):
    """os_network, os_subnet, os_router, os_port, os_security_group(_rule): one engine call
    (_neutron.ensure_<kind>: plan, then apply unless check mode), the resource under `result_key`."""

    kind = None
    result_key = None

    def ensure(self):
        raise NotImplementedError

    def create_lock_key(self):
        # two parallel tasks naming one resource would both find nothing and make two (neutron names are not unique)
        name = self.params.get("name")
        return ("network", self.kind, name) if name and self.params.get("state") != "absent" else None

    def run(self):
        changed, resource, diff = self.ensure()
        extra = {"id": resource["id"] if resource else None} if self.result_key in ("network", "subnet") else {}
        self.exit(changed, diff=diff, **dict(extra, **{self.result_key: resource}))
