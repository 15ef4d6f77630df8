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


# -- the docsite: docs/build.sh (antsibull-docs and Sphinx, warnings are errors) -------------------------------------

PLACEHOLDER = "Welcome to my Ansible collection documentation"  # the front page antsibull-docs sphinx-init writes


def galaxy():
    with open(os.path.join(ROOT, "galaxy.yml")) as f:
        return yaml.safe_load(f)


def guides():
    with open(os.path.join(ROOT, "docs", "docsite", "extra-docs.yml")) as f:
        return [name for section in yaml.safe_load(f)["sections"] for name in section["toctree"]]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The docsite as make docs builds it, into a directory of this test's (make collection empties build/)."""
    out = tmp_path_factory.mktemp("docsite") / "docs"
    proc = subprocess.run(
        [os.path.join(ROOT, "docs", "build.sh"), str(out)],
        cwd=ROOT,
        env=dict(os.environ, ANSIBLE_TEST_BIN=BIN),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, "docs/build.sh failed (a Sphinx warning is an error):\n" + proc.stderr[-6000:]
    return out / "build" / "html"


def test_the_front_page_is_ours(site):
    page = (site / "index.html").read_text()
    assert PLACEHOLDER not in page
    assert "Run your infrastructure on many OpenStack clouds at once" in page
    for section in ("What it is", "Why", "Install", "Quick start", "Guides", "Reference", "Supported versions"):
        assert ">%s<" % section in page, section
    assert "ansible-galaxy collection install polystack.cloud" in re.sub(r"<[^>]+>", "", page)  # (highlighted)


def test_the_front_page_links_every_guide_the_reference_and_the_changelog(site):
    page = (site / "index.html").read_text()
    for name in guides():
        assert 'href="collections/polystack/cloud/docsite/%s.html' % name in page, name
        assert (site / "collections" / "polystack" / "cloud" / "docsite" / (name + ".html")).is_file(), name
    assert 'href="collections/polystack/cloud/index.html"' in page
    assert 'href="changelog.html"' in page
    changelog = (site / "changelog.html").read_text()
    assert "polystack.cloud Release Notes" in changelog and "v%s" % galaxy()["version"] in changelog


def test_every_guide_file_is_listed_in_extra_docs():
    # antsibull-docs renders every file of docs/docsite/rst; only those listed are in the collection's guide index
    files = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(ROOT, "docs", "docsite", "rst", "*.rst")))
    unlisted = sorted(set(files) - set(guides()))
    assert not unlisted, "in docs/docsite/rst but not in docs/docsite/extra-docs.yml: %s" % unlisted
    assert sorted(set(guides()) - set(files)) == [], "listed in extra-docs.yml without a file"


def test_galaxy_documentation_is_the_sites_address(site):
    url = galaxy()["documentation"]
    assert url.startswith("https://") and url.endswith("/"), url
    # the site's canonical addresses (html_baseurl, which docs/build.sh takes from galaxy.yml)
    assert '<link rel="canonical" href="%sindex.html" />' % url in (site / "index.html").read_text()
    collection = site / "collections" / "polystack" / "cloud" / "index.html"
    assert '<link rel="canonical" href="%scollections/polystack/cloud/index.html" />' % url in collection.read_text()
    with open(os.path.join(ROOT, "docs", "collection", "README.md")) as f:
        assert url in f.read()


def supported():
    """{(ansible-core major.minor, Python)} of tests/matrix/versions.txt's supported rows."""
    rows = set()
    with open(os.path.join(ROOT, "tests", "matrix", "versions.txt")) as f:
        for line in f:
            words = line.split()
            if len(words) == 3 and words[2] == "supported":
                rows.add((".".join(words[0].split(".")[:2]), words[1]))
    return rows


def test_the_supported_versions_agree_everywhere():
    want = supported()
    assert len(want) >= 3, want
    with open(os.path.join(ROOT, "docs", "index.rst")) as f:
        front = set(re.findall(r"^   \* - (2\.\d+)\n     - (3\.\d+)$", f.read(), re.M))
    with open(os.path.join(ROOT, "docs", "collection", "README.md")) as f:
        collection_readme = set(re.findall(r"^\| (2\.\d+) \| (3\.\d+) \|$", f.read(), re.M))
    with open(os.path.join(ROOT, "README.md")) as f:
        readme = set(re.findall(r"^\| (2\.\d+) \(2\.\d+\.\d+\) \| (3\.\d+) \|", f.read(), re.M))
    assert front == want, ("docs/index.rst", front, want)
    assert collection_readme == want, ("docs/collection/README.md", collection_readme, want)
    assert readme == want, ("README.md", readme, want)
    # and meta/runtime.yml's range is exactly those releases
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as f:
        requires = yaml.safe_load(f)["requires_ansible"]
    minors = sorted(int(core.split(".")[1]) for core, _python in want)
    assert requires == ">=2.%d.0,<2.%d.0" % (minors[0], minors[-1] + 1), requires
    assert '``requires_ansible: "%s"``' % requires in open(os.path.join(ROOT, "docs", "index.rst")).read()
