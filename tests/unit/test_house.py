"""The house rules of issue 16 that a reader checks by eye, checked here: no function body over 60 lines
without a reason written beside it, and each module thin (a file of code under 130 lines, its documentation in the
sidecar YAML file beside it; no HTTP of its own)."""

import ast
import os

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LONGEST = 60  # lines of a function's body after its docstring
REASON = "# long:"  # a function that must be longer says why, on a line of its body
MODULE_CODE = 130  # lines of a module's .py file (its documentation is the .yml beside it)
DOC_STRINGS = ("DOCUMENTATION", "EXAMPLES", "RETURN")
# what a module may import: the engine, and Python's own modules that do no I/O of their own
MODULE_IMPORTS = ("ansible_collections.polystack.cloud.plugins.module_utils", "__future__")


def python_files(*tops):
    for top in tops:
        for folder, _dirs, files in os.walk(os.path.join(ROOT, top)):
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.relpath(os.path.join(folder, name), ROOT)


def body_lines(func):
    """Lines from the first statement after the docstring to the end of the function."""
    body = func.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:] or body
    return func.end_lineno - body[0].lineno + 1


def functions(path):
    with open(os.path.join(ROOT, path)) as f:
        source = f.read()
    tree = ast.parse(source)
    lines = source.splitlines()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            text = "\n".join(lines[node.lineno - 1 : node.end_lineno])
            yield node.name, body_lines(node), REASON in text


@pytest.mark.parametrize("path", list(python_files("plugins", "devcloud/dc", "devcloud/inside")))
def test_no_long_function_without_a_reason(path):
    long = ["%s (%d lines)" % (name, n) for name, n, reason in functions(path) if n > LONGEST and not reason]
    assert not long, "%s: functions over %d lines, cut them up or say why (%s ...)" % (path, LONGEST, REASON)


def module_paths():
    return sorted(p for p in python_files("plugins/modules") if not p.endswith("__init__.py"))


def test_modules_are_found():
    assert len(module_paths()) >= 26


@pytest.mark.parametrize("path", module_paths())
def test_module_is_thin(path):
    with open(os.path.join(ROOT, path)) as f:
        source = f.read()
    tree = ast.parse(source)
    # one place for the documentation: the sidecar file (ansible-doc and ansible-test read a .py's strings first)
    names = [getattr(getattr(n, "targets", [None])[0], "id", None) for n in tree.body]
    in_code = [name for name in names if name in DOC_STRINGS]
    assert not in_code, "%s holds %s: the documentation is its .yml file" % (path, in_code)
    with open(os.path.join(ROOT, path[:-3] + ".yml")) as f:
        assert set(yaml.safe_load(f)) == set(DOC_STRINGS), path
    code = len(source.splitlines())
    assert code <= MODULE_CODE, "%s: %d lines of code" % (path, code)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module.startswith(MODULE_IMPORTS), "%s imports %s: modules call the engine" % (
                path,
                node.module,
            )
        elif isinstance(node, ast.Import):
            raise AssertionError("%s imports %s: modules call the engine" % (path, node.names[0].name))
    calls = [n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert "request" not in calls, "%s sends HTTP itself" % path
