"""`ansible-doc polystack.cloud.<name>` renders for every module and plugin of plugins/ (and every role with
argument specs), from the collection installed from its tarball (make collection), with EXAMPLES, and RETURN
where the plugin type has return values. No devcloud needed."""

import glob
import json
import os
import re
import subprocess

import pytest
import yaml
from conftest import BIN, ROOT

INSTALLED = os.path.join(ROOT, ".ansible", "collections", "ansible_collections", "polystack", "cloud")
# plugins/ directories that are not plugin types ansible-doc documents (an action plugin is documented by its module)
NOT_PLUGINS = ("module_utils", "plugin_utils", "doc_fragments", "action")
# plugin types whose documentation has return values (inventory, connection, callback, ... have none)
WITH_RETURN = ("module", "lookup", "filter", "test")


def plugins_in(root):
    """{plugin type: [names]} of the .py files under root/plugins (directory 'modules' is type 'module')."""
    found = {}
    for path in sorted(glob.glob(os.path.join(root, "plugins", "*", "*.py"))):
        kind, name = os.path.basename(os.path.dirname(path)), os.path.basename(path)[:-3]
        if kind in NOT_PLUGINS or name.startswith("_"):
            continue
        found.setdefault("module" if kind == "modules" else kind, []).append(name)
    return found


def roles_in(root):
    return sorted(
        os.path.basename(os.path.dirname(os.path.dirname(p)))
        for p in glob.glob(os.path.join(root, "roles", "*", "meta", "argument_specs.yml"))
    )


SOURCE = plugins_in(ROOT)


PROTOMATTER = re.compile(
    r"\[WARNING\]: Collection at '[^']*/ansible/_internal/ansible_collections/ansible/_protomatter' does not have"
)


def ansible_doc(*args):
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    env.pop("ANSIBLE_CONFIG", None)  # the checkout's ansible.cfg: the collection installed from the tarball
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)
    proc = subprocess.run(
        [os.path.join(BIN, "ansible-doc"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, "ansible-doc %s exited %d:\n%s" % (" ".join(args), proc.returncode, proc.stderr)
    # ansible-core 2.21's own internal collection (ansible._protomatter) has no MANIFEST.json: ansible-doc -t role
    # warns about it whatever the collections; that one warning is not ours and is left out
    stderr = "\n".join(line for line in proc.stderr.splitlines() if not PROTOMATTER.search(line))
    assert "[WARNING]" not in stderr and "[ERROR]" not in stderr, proc.stderr
    return proc.stdout


def test_every_action_plugin_is_a_documented_module():
    actions = [os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "action", "*.py"))]
    assert actions and sorted(actions) == sorted(plugins_in(ROOT)["module"])


def test_plugins_are_found_in_source_and_installed():
    assert len(SOURCE.get("module", [])) >= 10 and "openstack" in SOURCE.get("inventory", []), SOURCE
    if not os.path.isdir(INSTALLED):
        pytest.fail("polystack.cloud is not installed in .ansible/collections: run make collection")
    assert plugins_in(INSTALLED) == SOURCE, "the installed collection is not this checkout's: run make collection"
    assert roles_in(INSTALLED) == roles_in(ROOT), "the installed collection is not this checkout's: run make collection"


def test_every_plugin_is_listed():
    for kind, names in SOURCE.items():
        listed = json.loads(ansible_doc("--list", "--json", "-t", kind, "polystack.cloud"))
        assert sorted(listed) == sorted("polystack.cloud." + n for n in names), kind


@pytest.mark.parametrize("kind", sorted(SOURCE))
def test_plugin_docs_have_examples_and_return(kind):
    names = ["polystack.cloud." + n for n in SOURCE[kind]]
    docs = json.loads(ansible_doc("--json", "-t", kind, *names))
    assert sorted(docs) == sorted(names)
    for name, doc in docs.items():
        assert doc["doc"]["short_description"] and doc["doc"]["description"], name
        assert doc["doc"].get("version_added"), name
        examples = doc.get("examples") or ""
        assert examples.strip(), "%s has no EXAMPLES" % name
        # the examples are YAML (one document per example file for inventory plugins)
        parsed = [d for d in yaml.safe_load_all(examples) if d]
        assert parsed, "%s: EXAMPLES holds no YAML" % name
        if kind == "module":
            tasks = [t for d in parsed for t in d]
            assert any(name in t for t in tasks), "%s: no example task uses the module by its FQCN" % name
        if kind in WITH_RETURN:
            assert doc.get("return"), "%s has no RETURN" % name
            for key, value in doc["return"].items():
                assert value.get("description") and value.get("type") and value.get("returned"), (name, key)
        for option, spec in doc["doc"].get("options", {}).items():
            assert spec.get("description"), (name, option)
            # (ansible-core's own inventory cache fragment leaves some types out)
            assert spec.get("type") or kind != "module", (name, option)


@pytest.mark.parametrize("kind", sorted(SOURCE))
def test_plugin_docs_render_as_text(kind):
    names = ["polystack.cloud." + n for n in SOURCE[kind]]
    text = ansible_doc("-t", kind, *names)
    for name in names:
        start = text.index("polystack.cloud." + name.split(".")[-1])
        page = text[start:]
        assert "OPTIONS" in page and "EXAMPLES:" in page, name
        if kind in WITH_RETURN:
            assert "RETURN VALUES:" in page, name
    assert text.count("EXAMPLES:") == len(names)


def test_role_argument_specs_render():
    roles = roles_in(ROOT)
    if not roles:
        pytest.skip("no role with meta/argument_specs.yml in this checkout")
    docs = json.loads(ansible_doc("--json", "-t", "role", *["polystack.cloud." + r for r in roles]))
    for role in roles:
        entry = docs["polystack.cloud." + role]["entry_points"]["main"]
        assert entry.get("short_description") and entry.get("options"), role
    text = ansible_doc("-t", "role", *["polystack.cloud." + r for r in roles])
    for role in roles:
        assert "ENTRY POINT: *main*" in text.split("polystack.cloud." + role, 1)[1], role
