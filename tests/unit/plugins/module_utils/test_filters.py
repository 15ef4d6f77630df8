"""openstack.cloud's client-side matching (module_utils/_filters.py): globs on name or id, filters as a subset."""

from ansible_collections.polystack.cloud.plugins.module_utils import _filters

WEB1 = {"id": "a1", "name": "web-1", "status": "ACTIVE", "metadata": {"group": "web", "tier": "front"}, "tags": ["x"]}
WEB2 = {"id": "b2", "name": "web-2", "status": "SHUTOFF", "metadata": {"group": "web"}, "tags": []}
DB = {"id": "c3", "name": "db[1]", "status": "ACTIVE", "metadata": {}, "tags": []}
ALL = [WEB1, WEB2, DB]


def test_a_glob_matches_names_and_ids():
    assert _filters.select(ALL, "web-*") == [WEB1, WEB2]
    assert _filters.select(ALL, "?2") == [WEB2]
    assert _filters.select(ALL, "*") == ALL


def test_an_exact_name_with_glob_characters_matches_itself():
    assert _filters.select(ALL, "db[1]") == [DB]  # fnmatch would read [1] as a set: the exact name wins
    assert _filters.is_glob("web-*") and not _filters.is_glob("web-1") and not _filters.is_glob(None)


def test_filters_are_a_subset_of_the_result():
    assert _filters.select(ALL, filters={"status": "ACTIVE"}) == [WEB1, DB]
    assert _filters.select(ALL, filters={"metadata": {"group": "web"}}) == [WEB1, WEB2]
    assert _filters.select(ALL, filters={"metadata": {"group": "web", "tier": "front"}, "id": "a1"}) == [WEB1]
    assert _filters.select(ALL, "web-*", {"status": "SHUTOFF"}) == [WEB2]


def test_what_is_not_in_the_result_or_differs_matches_nothing():
    assert _filters.select(ALL, filters={"no_such_key": "x"}) == []
    assert _filters.select(ALL, filters={"metadata": "web"}) == []  # a mapping is not a string
    assert _filters.select(ALL, filters={"status": "active"}) == []  # equal, as openstack.cloud compares
    assert _filters.select(ALL, filters={"tags": ["x"]}) == [WEB1]
