# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin behind every polystack.cloud module: on the controller, run the module in a fork.

A cloud module runs on the controller (localhost, connection local). Started the usual way, every task and
every loop item pays a new Python interpreter, ansible-core's module loader and ``basic.py``, and the imports of
requests, urllib3, keystoneauth1 and PyYAML, compiled from the zip AnsiballZ sends (Python caches no bytecode
for it): 0.5-0.7 s per run, most of what a task that changes nothing costs. Here the libraries and this
collection's module_utils are imported once, when Ansible loads this action plugin in the controller (its
strategy does, before it forks its workers), and each module run is an ``os.fork()`` of the task's worker:
the module's ``main()`` runs in the child exactly as AnsiballZ would run it (same arguments, built by
ansible-core's ``_update_module_args``; same JSON on stdout; same result processing by
``_parse_returned_data``), with ansible-core's module_utils switched to their target-side behaviour (warnings
and deprecations go into the result, as from a module process), and the child leaves with ``os._exit`` so
nothing of the worker runs twice (its atexit hooks, its queue to the controller).

Used only where that is the same thing as running the module (otherwise the module runs the usual way):
connection ``local``, no ``become``, no ``async``, the module's interpreter is this Python (an implicit
localhost, or ``ansible_python_interpreter`` set to it), a POSIX ``fork``, the libraries importable here,
and ``POLYSTACK_IN_PROCESS`` not ``0``/``false``/``no``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import io
import os
import signal
import sys
import tempfile
import time
import traceback

from ansible import constants as C
from ansible import release
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display
from ansible_collections.polystack.cloud.plugins.plugin_utils import _core_compat

# what every module imports (keystoneauth1, requests, PyYAML through them), imported once here: in the controller,
# before its workers fork
PRELOAD = (
    "ansible_collections.polystack.cloud.plugins.module_utils._cloud",
    "ansible_collections.polystack.cloud.plugins.module_utils._module",
)

display = Display()


def _load():
    """(core, why not): the fast path's ansible-core pieces (plugin_utils/_core_compat.py) and our libraries,
    imported once; the reason when either is missing."""
    core, why_not = _core_compat.probe()
    if core is None:
        return None, "ansible-core %s lacks what the fork needs: %s" % (release.__version__, why_not)
    try:
        for name in PRELOAD:
            importlib.import_module(name)
    except Exception as e:  # pragma: no cover - the module itself reports a missing library in the usual way
        return None, "the controller cannot import it (%s)" % e
    return core, None


CORE, PRELOAD_ERROR = _load()
# said once per run, at -v: which way the modules run on this ansible-core, and why
if PRELOAD_ERROR is None:
    display.v(
        "polystack.cloud: modules on the controller run in a fork of the task's worker (ansible-core %s)"
        % release.__version__
    )
else:
    display.v("polystack.cloud: modules run as module processes: %s" % PRELOAD_ERROR)

COLLECTION = "polystack.cloud."
OFF = ("0", "false", "no", "off")


def _interpreter(task_vars, delegate_to, templar=None):
    """The Python the module would run with, found as ansible-core finds it (the INTERPRETER_PYTHON setting for
    this host, i.e. ansible_python_interpreter, templated; with 'auto*', what discovery found for the host), or
    None when discovery has yet to choose."""
    hostvars = task_vars
    if delegate_to:
        hostvars = (task_vars.get("ansible_delegated_vars") or {}).get(delegate_to) or {}
    try:
        value = C.config.get_config_value("INTERPRETER_PYTHON", variables=hostvars)
        if isinstance(value, str) and "{{" in value and templar is not None:
            value = templar.copy_with_new_env(available_variables=hostvars).template(value)
    except Exception:  # an undefined variable, a broken template: whatever runs the module will say so
        return None
    if not isinstance(value, str) or not value.strip() or value.strip().startswith("auto"):
        value = (hostvars.get("ansible_facts") or {}).get("discovered_interpreter_python")
    return value.strip() if isinstance(value, str) else None


class CloudAction(NormalAction):
    """ansible.builtin.normal (ansible-core's own module execution, which stays the fallback), except that an
    eligible run of this task's module is a fork of this worker."""

    def _execute_module(self, *args, **kwargs):
        # ansible.builtin.normal calls this with task_vars and wrap_async only; anything else is not its task's
        # module run and goes to ansible-core unchanged
        if args or set(kwargs) - {"task_vars", "wrap_async"} or kwargs.get("wrap_async"):
            return super(CloudAction, self)._execute_module(*args, **kwargs)
        task_vars = kwargs.get("task_vars") or {}
        why_not = self._not_in_process(task_vars)
        fqcn = None
        if why_not is None:
            fqcn = self._module_fqcn()
            if fqcn is None:
                why_not = "%s is not a polystack.cloud module" % self._task.action
        if why_not is not None:
            display.vvvv("polystack.cloud: %s runs as a module process: %s" % (self._task.action, why_not))
            return super(CloudAction, self)._execute_module(*args, **kwargs)
        return self._run_in_process(fqcn, task_vars)

    def _not_in_process(self, task_vars):
        """Why this run cannot be a fork of the worker, or None when it can."""
        if os.environ.get("POLYSTACK_IN_PROCESS", "").strip().lower() in OFF:
            return "POLYSTACK_IN_PROCESS is off"
        if PRELOAD_ERROR is not None:
            return PRELOAD_ERROR
        if not hasattr(os, "fork"):
            return "no os.fork on this platform"
        if getattr(self._connection, "transport", None) not in ("local", "ansible.builtin.local"):
            return "connection %s is not local" % getattr(self._connection, "transport", None)
        if self._play_context.become:
            return "become is set"
        if self._task.async_val:
            return "async is set"
        interpreter = _interpreter(task_vars, self._task.delegate_to, getattr(self, "_templar", None))
        if interpreter is None or os.path.abspath(interpreter) != os.path.abspath(sys.executable):
            return "its interpreter (%s) is not the controller's (%s)" % (interpreter or "discovered", sys.executable)
        return None

    def _module_fqcn(self):
        """The module the task runs, resolved (redirects followed); None unless it is one of ours. A bare name
        resolved from the collection's own plugins/modules (the opt-in of docs: ``library =``) is ours too."""
        found = self._shared_loader_obj.module_loader.find_plugin_with_context(
            self._task.action, collection_list=self._task.collections
        )
        if not found.resolved:
            return None
        name = getattr(found, "resolved_fqcn", None) or ""
        if name.startswith(COLLECTION):
            return name
        return _ours_by_path(getattr(found, "plugin_resolved_path", None))

    def _run_in_process(self, fqcn, task_vars):
        module_args = self._task.args.copy()
        self._update_module_args(fqcn, module_args, task_vars)
        params = CORE.encode_params(module_args)
        environment = {}
        self._compute_environment_string(environment)
        module_fqn = "ansible_collections.%s.plugins.modules.%s" % tuple(fqcn.rsplit(".", 1))

        started = time.time()
        rc, stdout, stderr = self._fork(module_fqn, params, environment)
        display.vvv(
            "polystack.cloud: %s ran in a fork of the worker (rc %d, %.2fs)" % (fqcn, rc, time.time() - started),
            host=self._play_context.remote_addr,
        )
        return CORE.result(self, rc, stdout, stderr)

    @staticmethod
    def _fork(module_fqn, params, environment):
        """Run the module in a child of this process: (rc, stdout, stderr)."""
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:  # a closed or odd stream: nothing of ours is in it
                    pass
            pid = os.fork()
            if pid == 0:  # the child: never returns
                _child(module_fqn, params, environment, out.fileno(), err.fileno())
            try:
                status = _wait(pid)
            except BaseException:
                # the task's timeout (SIGALRM in the worker), an interrupt: the child goes with the task
                _kill(pid)
                raise
            out.seek(0)
            err.seek(0)
            return (
                os.waitstatus_to_exitcode(status),
                out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"),
            )


def _ours_by_path(path):
    """polystack.cloud.<name> when path is one of this collection's module files (found by a bare name through
    ``library``), else None."""
    if not path:
        return None
    modules_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "modules")
    real = os.path.realpath(path)
    if os.path.dirname(real) != os.path.realpath(modules_dir) or not real.endswith(".py"):
        return None
    return COLLECTION + os.path.basename(real)[:-3]


def _wait(pid):
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _child(module_fqn, params, environment, out_fd, err_fd):
    code = 1
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="surrogateescape")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace")
        os.environ.update(dict((str(k), str(v)) for k, v in environment.items()))
        sys.argv = [module_fqn]  # what the child is, for whoever looks (runpy puts it back after the run)
        CORE.as_a_target()
        CORE.run_module(params, module_fqn)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        try:
            traceback.print_exc()
        except BaseException:
            pass
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        os._exit(code)
