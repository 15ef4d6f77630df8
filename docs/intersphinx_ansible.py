"""Write a Sphinx inventory (objects.inv) of the Ansible docsite's targets that the collection's pages refer to, made
offline from the installed ansible-core, so that docs/build.sh can resolve them with intersphinx and no network.

antsibull-docs writes references into Ansible's own docsite: M(ansible.builtin.add_host) becomes a reference to the
label ansible_collections.ansible.builtin.add_host_module, an option's env entry a reference to the environment
variable ANSIBLE_CACHE_PLUGIN, and a plugin page links to `action_plugins` or `common_return_values`. Sphinx would
fetch docs.ansible.com's objects.inv to resolve them; with no network every one of them is a warning, and the build
treats warnings as errors. This inventory holds, with the URLs the Ansible docsite gives them: a page per plugin of
ansible.builtin (from ansible-core's own modules, plugins and filter/test docs), every environment variable of
ansible-core's configuration (ansible/config/base.yml), and the few guide labels below. A reference to anything else
of Ansible's docs stays an error, to be added to LABELS.

    python docs/intersphinx_ansible.py OUTPUT      (with the Python that has ansible-core)
"""

import glob
import os
import sys
import zlib

import ansible
import yaml

# labels of Ansible's guides that antsibull-docs writes into plugin pages: label -> page
LABELS = {
    "action_plugins": "plugins/action.html",
    "cache_plugins": "plugins/cache.html",
    "callback_plugins": "plugins/callback.html",
    "inventory_plugins": "plugins/inventory.html",
    "common_return_values": "reference_appendices/common_return_values.html",
    "ansible_configuration_settings": "reference_appendices/config.html",
}
# plugin types of ansible-core with a page per plugin in the docsite (modules are ansible/modules)
PLUGIN_TYPES = ("become", "cache", "callback", "connection", "inventory", "lookup", "shell", "strategy", "vars")


def anchor(label):
    """The id docutils gives a label: lower case, every run of other characters a hyphen."""
    out, dash = [], False
    for ch in label.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def builtin_plugins(core):
    found = [(os.path.basename(p)[:-3], "module") for p in glob.glob(os.path.join(core, "modules", "*.py"))]
    for kind in PLUGIN_TYPES:
        found += [(os.path.basename(p)[:-3], kind) for p in glob.glob(os.path.join(core, "plugins", kind, "*.py"))]
    for kind in ("filter", "test"):  # one documentation file per filter or test (several live in one .py)
        found += [(os.path.basename(p)[:-4], kind) for p in glob.glob(os.path.join(core, "plugins", kind, "*.yml"))]
    return sorted((name, kind) for name, kind in found if not name.startswith("_"))


def environment_variables(core):
    with open(os.path.join(core, "config", "base.yml")) as f:
        settings = yaml.safe_load(f)
    names = set()
    for setting in settings.values():
        for entry in (setting or {}).get("env") or []:
            if not entry["name"].startswith("_"):
                names.add(entry["name"])
    return sorted(names)


def main(output):
    core = os.path.dirname(ansible.__file__)
    lines = []
    for label, page in sorted(LABELS.items()):
        lines.append("%s std:label -1 %s#%s -" % (label, page, anchor(label)))
    for name, kind in builtin_plugins(core):
        label = "ansible_collections.ansible.builtin.%s_%s" % (name, kind)
        page = "collections/ansible/builtin/%s_%s.html" % (name, kind)
        lines.append("%s std:label -1 %s#%s -" % (label, page, anchor(label)))
    for name in environment_variables(core):
        lines.append("%s std:envvar 1 reference_appendices/config.html#envvar-$ -" % name)
    header = "# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
    header += "# The remainder of this file is compressed using zlib.\n"
    with open(output, "wb") as f:
        f.write(header.encode() + zlib.compress(("\n".join(lines) + "\n").encode()))
    print("%d targets of the Ansible docsite" % len(lines))


if __name__ == "__main__":
    main(sys.argv[1])
