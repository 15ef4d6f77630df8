"""openstack.cloud's object_container and object_containers_info (issue 17) on the devcloud's swift, under their
names (polystack.cloud.object_container ...) in a playbook written for openstack.cloud: create with metadata and
ACLs, a second run changes nothing, metadata changed and keys deleted, check mode predicting each real run (changed
and diff.after equal), info by name and by prefix, delete with every object, and names that would climb out of
what the user named refused, in check mode too, touching nothing."""

import os
import uuid

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config, _object_store
from conftest import BIN, recap, run_tool

pytestmark = pytest.mark.devcloud

# each step: check mode first (registered as <name>_check), then the real run (<name>), then the same again
# (<name>_again); the asserts compare them
PLAY = r"""
- hosts: localhost
  gather_facts: false
  vars:
    cloud: devcloud-fip
  module_defaults:
    group/polystack.cloud.openstack:
      cloud: "{{ cloud }}"
      region_name: RegionOne
  tasks:
    - name: create (check mode)
      polystack.cloud.object_container: &create
        name: "{{ prefix }}"
        metadata:
          Cache-Control: no-cache
          foo: bar
        read_ACL: ".r:*,.rlistings"
        write_ACL: "otherproject:*"
      check_mode: true
      diff: true
      register: create_check
    - name: nothing made in check mode
      polystack.cloud.object_containers_info:
        name: "{{ prefix }}"
      register: info_after_check
    - name: create
      polystack.cloud.object_container: *create
      diff: true
      register: create
    - name: create again
      polystack.cloud.object_container: *create
      diff: true
      register: create_again
    - name: the same ACLs spelled otherwise (swift stores them as '.r:*,.rlistings')
      polystack.cloud.object_container:
        name: "{{ prefix }}"
        read_ACL: ".ref:*, .rlistings"
        write_ACL: " otherproject:* "
      register: respelled
    - name: the container as openstack.cloud returns it
      ansible.builtin.assert:
        that:
          - info_after_check.containers == []
          - create_check is changed and create is changed and create_again is not changed
          - respelled is not changed
          - create_check.diff.after == create.diff.after
          - create_check.diff.before == {}
          - create.container.name == prefix and create.container.id == prefix
          - create.container.read_ACL == ".r:*,.rlistings"
          - create.container.write_ACL == "otherproject:*"
          - 'create.container.metadata == {"cache-control": "no-cache", "foo": "bar"}'
          - create.container.count == 0 and create.container.bytes == 0
          - create.container.timestamp is string
          - create_again.container.timestamp == create.container.timestamp

    - name: change metadata (check mode)
      polystack.cloud.object_container: &change
        container: "{{ prefix }}"
        metadata:
          foo: baz
          new: one
      check_mode: true
      diff: true
      register: change_check
    - name: change metadata
      polystack.cloud.object_container: *change
      diff: true
      register: change
    - name: change metadata again
      polystack.cloud.object_container: *change
      register: change_again
    - ansible.builtin.assert:
        that:
          - change_check is changed and change is changed and change_again is not changed
          - change_check.diff.after == change.diff.after
          - change.diff.before.metadata.foo == "bar"
          - 'change.container.metadata == {"cache-control": "no-cache", "foo": "baz", "new": "one"}'
          - change.container.read_ACL == ".r:*,.rlistings"

    - name: delete metadata keys (check mode)
      polystack.cloud.object_container: &delete_keys
        name: "{{ prefix }}"
        keys: [FOO, cache-control, not-there]
      check_mode: true
      diff: true
      register: delkeys_check
    - name: delete metadata keys
      polystack.cloud.object_container: *delete_keys
      diff: true
      register: delkeys
    - name: delete metadata keys again
      polystack.cloud.object_container:
        name: "{{ prefix }}"
        delete_metadata_keys: [FOO, cache-control, not-there]
      register: delkeys_again
    - name: make it private (read_ACL '')
      polystack.cloud.object_container:
        name: "{{ prefix }}"
        read_ACL: ""
      register: private
    - ansible.builtin.assert:
        that:
          - delkeys_check is changed and delkeys is changed and delkeys_again is not changed
          - delkeys_check.diff.after == delkeys.diff.after
          - 'delkeys.container.metadata == {"new": "one"}'
          - private is changed and private.container.read_ACL is none

    - name: an object in it, and a second container with the prefix
      polystack.cloud.object:
        container: "{{ prefix }}"
        name: hello.txt
        data: hello
    - polystack.cloud.object_container:
        name: "{{ prefix }}-b"
    - name: info by name
      polystack.cloud.object_containers_info:
        name: "{{ prefix }}"
      register: by_name
    - name: info by prefix
      polystack.cloud.object_containers_info:
        prefix: "{{ prefix }}"
      register: by_prefix
    - name: info of a container that is not there
      polystack.cloud.object_containers_info:
        container: "{{ prefix }}-none"
      register: missing
    - ansible.builtin.assert:
        that:
          - by_name is not changed and by_name.containers | length == 1
          - by_name.containers[0].name == prefix and by_name.containers[0].count == 1
          - 'by_name.containers[0].bytes == 5 and by_name.containers[0].metadata == {"new": "one"}'
          - by_name.containers[0].write_ACL == "otherproject:*"
          - by_prefix.containers | map(attribute='name') | list == [prefix, prefix ~ "-b"]
          # the account listing's counts are swift's container updater's, which lags behind (HEAD does not)
          - by_prefix.containers[0].count is number and by_prefix.containers[0].metadata == {}
          - missing.containers == []

    - name: a container with objects is not deleted without delete_with_all_objects (check mode)
      polystack.cloud.object_container:
        name: "{{ prefix }}"
        state: absent
      check_mode: true
      register: refused_check
      ignore_errors: true
    - name: a container with objects is not deleted without delete_with_all_objects
      polystack.cloud.object_container:
        name: "{{ prefix }}"
        state: absent
      register: refused
      ignore_errors: true
    - name: delete with all objects (check mode)
      polystack.cloud.object_container: &delete
        name: "{{ prefix }}"
        state: absent
        delete_with_all_objects: true
      check_mode: true
      diff: true
      register: delete_check
    - name: delete with all objects
      polystack.cloud.object_container: *delete
      diff: true
      register: delete
    - name: delete again
      polystack.cloud.object_container: *delete
      register: delete_again
    - polystack.cloud.object_container:
        name: "{{ prefix }}-b"
        state: absent
    - polystack.cloud.object_containers_info:
        prefix: "{{ prefix }}"
      register: left
    - ansible.builtin.assert:
        that:
          - refused is failed and "delete_with_all_objects" in refused.msg
          - refused_check is failed and refused_check.msg == refused.msg
          - delete_check is changed and delete is changed and delete_again is not changed
          - delete_check.diff == delete.diff and delete.diff.after == {}
          - delete.diff.before.object_count == 1
          - delete.container is none
          - left.containers == []
"""

CLIMB = r"""
- hosts: localhost
  gather_facts: false
  tasks:
    - name: names that climb out
      polystack.cloud.object_container:
        cloud: devcloud-fip
        region_name: RegionOne
        name: "{{ item.0 }}"
        state: "{{ item.1 }}"
        delete_with_all_objects: true
      loop: "{{ ['..', '.', victim ~ '/../' ~ victim, 'a/b', ''] | product(['present', 'absent']) | list }}"
      register: climb
      ignore_errors: true
    - name: and in info
      polystack.cloud.object_containers_info:
        cloud: devcloud-fip
        region_name: RegionOne
        name: "{{ item }}"
      loop: ["..", "a/b"]
      register: climb_info
      ignore_errors: true
    - ansible.builtin.assert:
        that:
          - climb.results | rejectattr('failed') | list == []
          - climb_info.results | rejectattr('failed') | list == []
          - (climb.results + climb_info.results) | map(attribute='msg') | select('search', 'Traceback') | list == []
    - ansible.builtin.copy:
        content: "{{ (climb.results + climb_info.results) | map(attribute='msg') | list | to_json }}"
        dest: "{{ out }}"
      check_mode: false
"""


@pytest.fixture
def cloud(clouds_yaml, tmp_path, monkeypatch):
    monkeypatch.setenv("POLYSTACK_CACHE_DIR", str(tmp_path / "cache"))
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    return _cloud.connect(cloud="devcloud-fip", region_name="RegionOne", config=config)


@pytest.fixture
def prefix(cloud):
    name = "oc-%s" % uuid.uuid4().hex[:8]
    yield name
    for container in (name, name + "-b"):  # whatever a failed run left
        if _object_store.get_container(cloud, container) is not None:
            _object_store.delete_container(cloud, container, with_objects=True, with_segments_container=False)


def run(tmp_path, clouds_yaml, text, *args, mode=()):
    path = tmp_path / "play.yml"
    path.write_text(text)
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    env["ANSIBLE_NOCOLOR"] = "1"
    proc = run_tool(["ansible-playbook", str(path), *args, *mode], env)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out[-4000:]
    return proc.returncode, out


def test_openstack_cloud_container_playbook(tmp_path, clouds_yaml, cloud, prefix):
    rc, out = run(tmp_path, clouds_yaml, PLAY, "-e", "prefix=%s" % prefix)
    assert rc == 0, out[-6000:]
    result = recap(out)
    assert result["failed"] == 0
    # the create, change, delete-keys, private, object, second container, delete and second container's delete
    assert result["changed"] == 12, out[-6000:]
    assert _object_store.get_container(cloud, prefix) is None
    assert _object_store.get_container(cloud, prefix + "-b") is None


def test_temp_url_keys_are_never_shown_and_utf8_metadata_round_trips(tmp_path, clouds_yaml, cloud, prefix):
    key = "tempurl-%s" % uuid.uuid4().hex
    _object_store.put_container(
        cloud, prefix, headers={"X-Container-Meta-Temp-URL-Key": key, "X-Container-Meta-a": "1"}
    )
    text = """
- hosts: localhost
  gather_facts: false
  tasks:
    - polystack.cloud.object_containers_info: {cloud: devcloud-fip, region_name: RegionOne, name: "%s"}
      register: info
    - polystack.cloud.object_container: {cloud: devcloud-fip, region_name: RegionOne, name: "%s", metadata: {a: 1}}
      register: same
    - polystack.cloud.object_container: &utf8
        {cloud: devcloud-fip, region_name: RegionOne, name: "%s", metadata: {w: "日本 café"}}
      register: utf8
    - polystack.cloud.object_container: *utf8
      register: utf8_again
    - ansible.builtin.assert:
        that:
          - info.containers[0].meta_temp_url_key == "********"
          - info.containers[0].meta_temp_url_key_2 is none and info.containers[0].sync_key is none
          - 'info.containers[0].metadata == {"a": "1"}'
          - same is not changed and same.container.meta_temp_url_key == "********"
          - utf8 is changed and utf8_again is not changed and utf8_again.container.metadata.w == "日本 café"
""" % (prefix, prefix, prefix)
    rc, out = run(tmp_path, clouds_yaml, text, "-v")
    assert rc == 0, out[-6000:]
    assert recap(out)["ok"] == 5
    assert key not in out
    # still there: shown masked, not dropped
    stored = _object_store.get_container(cloud, prefix)["metadata"]
    assert stored["temp-url-key"] == key and stored["w"] == "日本 café"


@pytest.mark.parametrize("mode", [(), ("--check",)], ids=["real", "check"])
def test_names_that_climb_out_are_refused(tmp_path, clouds_yaml, cloud, prefix, mode):
    import json

    victim = prefix + "-victim"
    cloud.create_container(victim)
    cloud.create_object(victim, "precious", data=b"keep me")
    try:
        out_file = tmp_path / "msgs.json"
        rc, out = run(tmp_path, clouds_yaml, CLIMB, "-e", "victim=%s" % victim, "-e", "out=%s" % out_file, mode=mode)
        assert rc == 0, out[-6000:]
        messages = json.loads(out_file.read_text())
        assert len(messages) == 12
        for message in messages:
            assert "may not contain '/'" in message or "must not be empty" in message, messages
        assert cloud.get_object(victim, "precious")[1] == b"keep me"
        assert [o["name"] for o in cloud.list_objects(victim)] == ["precious"]
    finally:
        _object_store.delete_container(cloud, victim, with_objects=True, with_segments_container=False)


def test_object_utf8_metadata_round_trips_and_unsendable_keys_are_refused(tmp_path, clouds_yaml, cloud, prefix):
    """os_object's metadata as the container's: a UTF-8 value is stored and read back as given (the second run
    changes nothing, check mode agrees); a key swift cannot take (non-ASCII, or '_', which it drops) is refused."""
    text = """
- hosts: localhost
  gather_facts: false
  tasks:
    - polystack.cloud.os_object: &utf8
        {cloud: devcloud-fip, region_name: RegionOne, container: "%s", name: a.txt, data: x,
         metadata: {w: "日本 café", n: 1}}
      register: made
    - polystack.cloud.os_object: *utf8
      check_mode: true
      register: check_again
    - polystack.cloud.os_object: *utf8
      register: again
    - polystack.cloud.os_object_info: {cloud: devcloud-fip, region_name: RegionOne, container: "%s", name: a.txt}
      register: info
    - polystack.cloud.os_object:
        {cloud: devcloud-fip, region_name: RegionOne, container: "%s", name: a.txt, metadata: {"é": "1"}}
      register: non_ascii
      ignore_errors: true
    - polystack.cloud.os_object:
        {cloud: devcloud-fip, region_name: RegionOne, container: "%s", name: a.txt, metadata: {a_b: "1"}}
      register: underscore
      ignore_errors: true
    - ansible.builtin.assert:
        that:
          - made is changed and check_again is not changed and again is not changed
          - 'again.object.metadata == {"w": "日本 café", "n": "1"}'
          - non_ascii is failed and 'is not ASCII' in non_ascii.msg
          - underscore is failed and "holds '_'" in underscore.msg
""" % (prefix, prefix, prefix, prefix)
    rc, out = run(tmp_path, clouds_yaml, text)
    assert rc == 0, out[-6000:]
    stored = _object_store.head_object(cloud, prefix, "a.txt")["metadata"]
    assert stored == {"w": "日本 café", "n": "1"}, stored
