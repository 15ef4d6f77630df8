"""The supported ansible-core range is stated once (tests/matrix/versions.txt, what make matrix runs) and every
other statement of it agrees: meta/runtime.yml's requires_ansible is exactly the tested minors, and the READMEs'
tables name each supported row with its Python."""

import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def rows():
    with open(os.path.join(ROOT, "tests", "matrix", "versions.txt")) as f:
        return [line.split() for line in f if line.strip() and not line.startswith("#")]


def minor(version):
    return tuple(int(x) for x in version.split(".")[:2])


def test_requires_ansible_is_the_tested_range():
    supported = sorted(minor(core) for core, _py, kind in rows() if kind == "supported")
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as f:
        spec = yaml.safe_load(f)["requires_ansible"]
    low, high = supported[0], supported[-1]
    assert spec == ">=%d.%d.0,<%d.%d.0" % (low[0], low[1], high[0], high[1] + 1)
    # and no minor is skipped between them
    assert [m[1] for m in supported] == list(range(low[1], high[1] + 1))


def test_the_readme_tables_name_every_supported_row():
    """The contributors' README (the repository's; not in the built collection) and the users' (Galaxy's)."""
    checked = 0
    for path in ("README.md", os.path.join("docs", "collection", "README.md")):
        if not os.path.exists(os.path.join(ROOT, path)):
            continue  # ansible-test runs this on the built collection, which has the users' README only
        with open(os.path.join(ROOT, path)) as f:
            readme = f.read()
        for core, py, kind in rows():
            if kind != "supported":
                continue
            minor = ".".join(core.split(".")[:2])
            assert re.search(r"\| %s[^|]* \| %s \|" % (re.escape(minor), re.escape(py)), readme), (path, core, py)
        checked += 1
    assert checked >= 1


def test_every_row_is_a_known_kind_with_a_python():
    for core, py, kind in rows():
        assert kind in ("supported", "prerelease"), kind
        assert re.fullmatch(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?", core) and re.fullmatch(r"3\.\d+", py)
