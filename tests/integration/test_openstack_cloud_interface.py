"""openstack.cloud 2.6.0's documented options, for every module of theirs that we redirect to one of ours (issue 17
item 1): each option and alias is accepted by ours, with the same choices and default, and so are the common options
of their doc fragment. Where a default differs on purpose, DEFAULTS_ON_PURPOSE says why, and the migration guide says
so too (tests/integration/test_docs.py builds it). Theirs is read from the `ansible` 14.5.0 wheel's files."""

import os

import yaml
from conftest import ROOT, module_docs
from test_bare_names import peer_collections  # the ansible 14.5.0 wheel's openstack.cloud 2.6.0, downloaded once

# (their module, option): why ours differs, and what a playbook written for theirs gets
DEFAULTS_ON_PURPOSE = {
    ("server", "reuse_ips"): "false: a free floating IP of the project may be another run's, taken at the same moment; "
    "a new one is made on the server's port in one call (set true to reuse)",
    ("server", "config_drive"): "unset: nova's own default (no config drive) applies, as with theirs' false",
    ("server", "terminate_volume"): "unset: false for boot_from_volume and boot_volume as theirs; true only for the "
    "root volume a zero-disk flavor makes us create (theirs fails there)",
    ("server", "volumes"): "unset: volumes not managed (theirs' [] also attaches nothing)",
    ("server_info", "detailed"): "true: the image and flavor names come from the listing nova gives anyway (one "
    "glance request for all servers); theirs' false returns ids only, ours adds the names",
    ("image", "disk_format"): "unset: clouds.yaml's image_format for the cloud (as openstacksdk's create_image reads "
    "it), else qcow2 as theirs",
    ("image", "is_public"): "unset: an existing image's visibility is left alone (theirs' false makes a public image "
    "private on every run); a new one gets glance's default (shared: visible to no other project until shared)",
    ("image", "properties"): "unset: not managed, as theirs' {} (nothing to set)",
    ("server", "image_exclude"): "unset: ours matches an image's name exactly, so a '(deprecated)' twin is never "
    "taken for it; theirs' substring match needs the exclusion",
    ("routers_info", "filters"): "unset: as theirs' {} (no filter)",
    ("security_group_rule", "ether_type"): "unset: from the prefix (IPv6 for an IPv6 prefix), where theirs' IPv4 "
    "fails on an IPv6 prefix",
    ("subnet", "ip_version"): "unset: from the CIDR, where theirs' 4 fails on an IPv6 CIDR",
    ("volume", "is_bootable"): "unset: the flag is left as cinder set it; theirs' false turns a volume made from an "
    "image non-bootable on the second run",
}
COMMON_ON_PURPOSE = {
    "interface": "unset: the interface clouds.yaml gives for the cloud (or public), where theirs' public overrides it",
    "wait": None,
    "timeout": None,
}
ROUTING = os.path.join(ROOT, "meta", "runtime.yml")
COMMON = {}  # our doc fragment's options: every module has them (theirs lists wait/timeout in some modules)


def peer_collections_modules():
    return os.path.join(peer_collections(), "ansible_collections", "openstack", "cloud", "plugins", "modules")


def pairs():
    with open(ROUTING) as f:
        routing = yaml.safe_load(f)["plugin_routing"]["modules"]
    theirs = peer_collections_modules()
    return sorted(
        (name, route["redirect"].split(".")[-1])
        for name, route in routing.items()
        if os.path.exists(os.path.join(theirs, name + ".py"))
    )


def compare(theirs, mine, label, on_purpose):
    """Problems: options of theirs ours lacks, aliases, choices, defaults (unless on purpose)."""
    problems = []
    names = set(mine) | set(a for o in mine.values() for a in o.get("aliases") or [])
    for option, spec in sorted(theirs.items()):
        if option not in names:
            problems.append("%s: %s missing" % (label, option))
            continue
        found = mine.get(option) or next(o for o in mine.values() if option in (o.get("aliases") or []))
        missing = set(spec.get("aliases") or []) - names
        if missing:
            problems.append("%s: %s aliases %s missing" % (label, option, sorted(missing)))
        # ours may accept more (floating_ip_info's status in either case), never fewer
        if spec.get("choices") and not set(map(str, spec["choices"])) <= set(map(str, found.get("choices") or [])):
            problems.append("%s: %s choices %s, ours %s" % (label, option, spec["choices"], found.get("choices")))
        if option in on_purpose:
            continue
        if str(spec.get("default")).lower() != str(found.get("default")).lower() and spec.get("default") not in (
            None,
            [],
        ):
            problems.append("%s: %s default %r, ours %r" % (label, option, spec.get("default"), found.get("default")))
    return problems


def test_every_option_of_every_redirected_module_is_ours():
    theirs_dir = peer_collections_modules()
    COMMON.update(_fragment(os.path.join(ROOT, "plugins", "doc_fragments", "openstack.py")))
    problems, counted = [], 0
    for peer, ours in pairs():
        theirs = module_docs(os.path.join(theirs_dir, peer + ".py"))["DOCUMENTATION"].get("options") or {}
        mine = dict(
            COMMON, **module_docs(os.path.join(ROOT, "plugins", "modules", ours + ".py"))["DOCUMENTATION"]["options"]
        )
        on_purpose = set(o for (p, o) in DEFAULTS_ON_PURPOSE if p == peer)
        problems += compare(theirs, mine, "%s (%s)" % (ours, peer), on_purpose)
        counted += len(theirs)
    assert not problems, "\n".join(problems)
    assert (len(pairs()), counted) == (25, 224)  # openstack.cloud 2.6.0's modules we redirect, and their options


def test_the_common_options_are_ours():
    theirs = _fragment(os.path.join(peer_collections_modules(), "..", "doc_fragments", "openstack.py"))
    mine = _fragment(os.path.join(ROOT, "plugins", "doc_fragments", "openstack.py"))
    assert not compare(theirs, mine, "common", set(COMMON_ON_PURPOSE)), compare(theirs, mine, "common", set())


def test_each_default_on_purpose_is_in_the_migration_guide():
    with open(os.path.join(ROOT, "docs", "docsite", "rst", "migrating.rst")) as f:
        guide = f.read()
    missing = [(p, o) for p, o in DEFAULTS_ON_PURPOSE if "``%s``" % o not in guide and "module:%s`" % o not in guide]
    assert not missing, missing


def _fragment(path):
    with open(path) as f:
        text = f.read()
    doc = text.split('DOCUMENTATION = r"""', 1)[1].split('"""', 1)[0] if 'DOCUMENTATION = r"""' in text else None
    if doc is None:  # theirs writes DOCUMENTATION = r''' ... '''
        doc = text.split("DOCUMENTATION = r'''", 1)[1].split("'''", 1)[0]
    return yaml.safe_load(doc)["options"]


# their inventory option: why ours differs, and what an inventory file written for theirs gets
INVENTORY_ON_PURPOSE = {
    "plugin": "ansible-core resolves openstack.cloud.openstack, and the short name openstack (ansible.builtin's "
    "routing), to their plugin: a file naming them never reaches ours, whatever ours accepts. The migration guide "
    "says to write polystack.cloud.openstack",
}


def test_the_inventory_plugin_takes_their_options():
    theirs = _fragment(os.path.join(peer_collections_modules(), "..", "inventory", "openstack.py"))
    mine = _fragment(os.path.join(ROOT, "plugins", "inventory", "openstack.py"))
    problems = compare(theirs, mine, "inventory", set(INVENTORY_ON_PURPOSE))
    assert problems == ["inventory: plugin choices ['openstack', 'openstack.cloud.openstack'], ours "
                        "['polystack.cloud.openstack']"], problems  # fmt: skip
    assert len(theirs) >= 10, sorted(theirs)
