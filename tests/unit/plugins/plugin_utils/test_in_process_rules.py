"""When a module run is a fork of the worker and when it is the module process (plugin_utils/_in_process.py), and the
fork itself: what the child prints and exits with reaches the parent, and a child that hangs is killed with the
task that waits for it. The runs on the devcloud are in tests/integration/test_in_process.py."""

import os
import sys
import time
import types

import pytest
from ansible_collections.polystack.cloud.plugins.plugin_utils import _in_process
from ansible_collections.polystack.cloud.plugins.plugin_utils._in_process import CloudAction


def action(transport="local", become=False, async_val=0, delegate_to=None):
    plugin = CloudAction.__new__(CloudAction)  # the decision needs none of ActionBase's set-up
    plugin._connection = types.SimpleNamespace(transport=transport)
    plugin._play_context = types.SimpleNamespace(become=become)
    plugin._task = types.SimpleNamespace(async_val=async_val, delegate_to=delegate_to)
    return plugin


HERE = {"ansible_python_interpreter": sys.executable}


def test_the_implicit_localhost_runs_in_a_fork(monkeypatch):
    monkeypatch.delenv("POLYSTACK_IN_PROCESS", raising=False)
    assert action()._not_in_process(HERE) is None
    assert action(transport="ansible.builtin.local")._not_in_process(HERE) is None


@pytest.mark.parametrize(
    ("kwargs", "task_vars", "reason"),
    [
        ({"transport": "ssh"}, HERE, "connection ssh is not local"),
        ({"become": True}, HERE, "become is set"),
        ({"async_val": 30}, HERE, "async is set"),
        ({}, {}, "its interpreter (discovered) is not the controller's"),
        ({}, {"ansible_python_interpreter": "/usr/bin/python3.99"}, "(/usr/bin/python3.99) is not the controller's"),
        # delegated: the delegated host's interpreter counts, not the task's host's
        ({"delegate_to": "other"}, dict(HERE, ansible_delegated_vars={"other": {}}), "(discovered)"),
    ],
)
def test_what_runs_the_module_process(monkeypatch, kwargs, task_vars, reason):
    monkeypatch.delenv("POLYSTACK_IN_PROCESS", raising=False)
    assert reason in action(**kwargs)._not_in_process(task_vars)


def test_a_delegated_task_on_the_controller_runs_in_a_fork(monkeypatch):
    monkeypatch.delenv("POLYSTACK_IN_PROCESS", raising=False)
    task_vars = {"ansible_python_interpreter": "/elsewhere/python", "ansible_delegated_vars": {"localhost": HERE}}
    assert action(delegate_to="localhost")._not_in_process(task_vars) is None


def test_a_discovered_interpreter_counts_when_discovery_was_asked_for(monkeypatch):
    monkeypatch.delenv("POLYSTACK_IN_PROCESS", raising=False)
    found = {"ansible_facts": {"discovered_interpreter_python": sys.executable}}
    assert action()._not_in_process(found) is None
    assert action()._not_in_process(dict(found, ansible_python_interpreter="auto_silent")) is None
    elsewhere = {"ansible_facts": {"discovered_interpreter_python": "/usr/bin/python3.99"}}
    assert "(/usr/bin/python3.99) is not the controller's" in action()._not_in_process(elsewhere)


@pytest.mark.parametrize("value", ["0", "false", "No", " off "])
def test_polystack_in_process_off(monkeypatch, value):
    monkeypatch.setenv("POLYSTACK_IN_PROCESS", value)
    assert action()._not_in_process(HERE) == "POLYSTACK_IN_PROCESS is off"


def test_the_fork_gives_the_childs_output_and_exit_code(monkeypatch):
    def child(module_fqn, params, environment, out_fd, err_fd):
        os.write(out_fd, b'{"changed": false, "module": "%s"}' % module_fqn.encode())
        os.write(err_fd, b"from stderr: " + params)
        os._exit(3 if environment.get("X") == "y" else 0)

    monkeypatch.setattr(_in_process, "_child", child)
    rc, out, err = CloudAction._fork("m.o.d", b"PARAMS", {"X": "y"})
    assert (rc, out, err) == (3, '{"changed": false, "module": "m.o.d"}', "from stderr: PARAMS")


def test_a_child_that_hangs_goes_with_the_task(monkeypatch):
    pids = []

    def child(module_fqn, params, environment, out_fd, err_fd):
        time.sleep(60)
        os._exit(0)

    real_wait = _in_process._wait

    def wait(pid):
        pids.append(pid)
        raise KeyboardInterrupt  # what the task's timeout or an interrupt raises in the worker

    monkeypatch.setattr(_in_process, "_child", child)
    monkeypatch.setattr(_in_process, "_wait", wait)
    with pytest.raises(KeyboardInterrupt):
        CloudAction._fork("m", b"", {})
    # killed and reaped: the pid is no longer a child of this process
    with pytest.raises(ChildProcessError):
        real_wait(pids[0])


def test_an_ansible_core_without_a_piece_runs_the_normal_way(monkeypatch):
    """The fast path's probe (plugin_utils/_core_compat.py): a missing internal is a reason, never an exception,
    and a task then runs through ansible-core's normal action (CloudAction's fallback)."""
    from ansible_collections.polystack.cloud.plugins.plugin_utils import _core_compat

    def missing(module_name, name):
        raise _core_compat.Unsupported("%s has no %s" % (module_name, name))

    monkeypatch.setattr(_core_compat, "_attr", missing)
    core, why = _core_compat.probe()
    assert core is None and "has no" in why
    loaded, reason = _in_process._load()
    assert loaded is None and reason.endswith("lacks what the fork needs: %s" % why)
    monkeypatch.setattr(_in_process, "PRELOAD_ERROR", "ansible-core X lacks what the fork needs: test")
    monkeypatch.delenv("POLYSTACK_IN_PROCESS", raising=False)
    assert action()._not_in_process(HERE) == "ansible-core X lacks what the fork needs: test"


def test_this_ansible_core_has_every_piece():
    from ansible_collections.polystack.cloud.plugins.plugin_utils import _core_compat

    core, why = _core_compat.probe()
    assert why is None and core is not None
