# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The few ansible-core internals the fork-in-worker fast path needs, each behind a feature check.

ansible-core makes no promise about its private names (``ansible.module_utils._internal``, ``ansible.vars``,
``ActionBase._parse_returned_data``) and they do move: 2.21 dropped ``ansible.vars.clean.remove_internal_keys``
and made ``_parse_returned_data`` return a result object; 2.22 gave the AnsiballZ loader a required ``secrets``
argument. So nothing here is imported at module level. ``probe()`` imports and inspects every piece once (in the
controller, when the action plugin is loaded, before the workers fork) and returns either a ``Core`` whose methods
the fast path calls, or the reason it cannot be used; the action plugin then runs the module through ansible-core's
own ``normal`` action, which is what every other collection's module gets. A new ansible-core whose internals
changed therefore costs speed, never a task.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import inspect
import json

# AnsiballZ runs our modules with the 'legacy' serialization profile (they declare no METADATA)
PROFILE = "legacy"

# the AnsiballZ loader's keyword arguments this file knows how to fill; a new required one means "not this version"
_KNOWN_LOADER_ARGS = ("json_params", "profile", "module_fqn", "modlib_path", "extensions", "init_globals", "secrets")


class Unsupported(Exception):
    """This ansible-core lacks a piece the fast path needs (the message says which)."""


def _attr(module_name, name):
    try:
        module = importlib.import_module(module_name)
    except Exception as e:
        raise Unsupported("cannot import %s (%s)" % (module_name, e)) from None
    try:
        return getattr(module, name)
    except AttributeError:
        raise Unsupported("%s has no %s" % (module_name, name)) from None


class Core:
    """The fast path's view of one ansible-core release, built by probe()."""

    def __init__(self):
        json_mod = "ansible.module_utils.common.json"
        direction = _attr(json_mod, "Direction")
        self._encoder = _attr(json_mod, "get_module_encoder")(PROFILE, direction.CONTROLLER_TO_MODULE)
        self._loader = _attr("ansible.module_utils._internal._ansiballz._loader", "run_module")
        self._loader_args = self._loader_parameters(self._loader)
        self._secrets_in_json = None
        if "secrets" in self._loader_args:  # 2.22+: the secrets in the arguments, registered in the module's masker
            masker = _attr("ansible.module_utils.secrets", "_secret_masker")
            self._secrets_in_json = getattr(masker, "secrets_in_json", None)
            if self._secrets_in_json is None:
                raise Unsupported("ansible.module_utils.secrets._secret_masker has no secrets_in_json")
        self._basic = importlib.import_module("ansible.module_utils.basic")
        self._internal = importlib.import_module("ansible.module_utils._internal")
        if not hasattr(self._internal, "is_controller"):
            raise Unsupported("ansible.module_utils._internal has no is_controller")
        self._warnings = importlib.import_module("ansible.module_utils.common.warnings")
        for name in ("_global_warnings", "_global_deprecations"):
            if not hasattr(getattr(self._warnings, name, None), "clear"):
                raise Unsupported("ansible.module_utils.common.warnings has no %s" % name)
        self._remove_internal_keys = None
        try:  # up to 2.20 the parsed result is a dict, cleaned by this function; 2.21+ cleans its result object
            self._remove_internal_keys = _attr("ansible.vars.clean", "remove_internal_keys")
        except Unsupported:
            result_class = _attr("ansible._internal._task", "UnifiedTaskResult")
            for name in ("remove_internal_keys", "as_result_dict"):
                if not callable(getattr(result_class, name, None)):
                    raise Unsupported(
                        "neither ansible.vars.clean.remove_internal_keys nor UnifiedTaskResult.%s" % name
                    ) from None
        parse = _attr("ansible.plugins.action", "ActionBase")._parse_returned_data
        if len(inspect.signature(parse).parameters) != 3:  # (self, res, profile) since 2.19
            raise Unsupported("ActionBase._parse_returned_data takes %s" % inspect.signature(parse))

    @staticmethod
    def _loader_parameters(loader):
        params = inspect.signature(loader).parameters
        unknown = [
            name
            for name, p in params.items()
            if name not in _KNOWN_LOADER_ARGS and p.default is inspect.Parameter.empty and p.kind != p.VAR_KEYWORD
        ]
        if unknown:
            raise Unsupported("the AnsiballZ loader wants %s" % ", ".join(unknown))
        for name in ("json_params", "profile", "module_fqn", "modlib_path"):
            if name not in params:
                raise Unsupported("the AnsiballZ loader has no %s argument" % name)
        return set(params)

    def encode_params(self, module_args):
        """The module's stdin, as the controller encodes it for AnsiballZ."""
        return json.dumps({"ANSIBLE_MODULE_ARGS": module_args}, cls=self._encoder).encode("utf-8")

    def as_a_target(self):
        """module_utils behave as in a module process: warnings and deprecations go into the module's result (on
        a controller they go straight to the display, which belongs to the worker and its queue, not to the child)."""
        self._internal.is_controller = False
        self._warnings._global_warnings.clear()
        self._warnings._global_deprecations.clear()

    def run_module(self, json_params, module_fqn):
        """In the child: run the module's main() as AnsiballZ does (never returns: the module exits)."""
        import os

        kwargs = dict(
            json_params=json_params,
            profile=PROFILE,
            module_fqn=module_fqn,
            modlib_path=os.path.dirname(os.path.dirname(os.path.abspath(self._basic.__file__))),
        )
        if "extensions" in self._loader_args:
            kwargs["extensions"] = {}
        if "secrets" in self._loader_args:
            kwargs["secrets"] = frozenset(self._secrets_in_json(json_params))
        self._loader(**kwargs)

    def result(self, action, rc, stdout, stderr):
        """The module's output as ansible-core's _execute_module returns it (parsed, internal keys removed)."""
        res = {
            "rc": rc,
            "stdout": stdout,
            "stdout_lines": stdout.splitlines(),
            "stderr": stderr,
            "stderr_lines": stderr.splitlines(),
        }
        parsed = action._parse_returned_data(res, PROFILE)
        if isinstance(parsed, dict):  # 2.19, 2.20
            parsed.pop("_ansible_suppress_tmpdir_delete", None)
            if self._remove_internal_keys is None:
                raise Unsupported("a dict result but no ansible.vars.clean.remove_internal_keys")
            self._remove_internal_keys(parsed)
            return parsed
        # 2.21+: a UnifiedTaskResult
        for name in ("remove_internal_keys", "as_result_dict"):
            if not callable(getattr(parsed, name, None)):
                raise Unsupported("the parsed module result (%s) has no %s" % (type(parsed).__name__, name))
        parsed.remove_internal_keys()
        return parsed.as_result_dict(for_round_trip=True)


def probe():
    """(Core, None) when this ansible-core has what the fast path needs, else (None, the reason)."""
    try:
        return Core(), None
    except Unsupported as e:
        return None, str(e)
    except Exception as e:  # anything odd in an unknown release: the normal path is always right
        return None, "%s: %s" % (type(e).__name__, e)
