"""The bare os_* names, as users type them (issue: `ansible localhost -m os_server` and 2.9-era playbooks).

In a fresh directory with the collection installed: without the opt-in, ansible-core cannot resolve a bare name
(its own routing sends os_* to openstack.cloud); with the two lines that `ansible-playbook polystack.cloud.bare_names`
prints, every bare name runs polystack.cloud (in the fork, with ansible-doc, check mode and diff), also with
openstack.cloud 2.6.0 installed beside it; and the seed talks' snippets run as written, with no `collections:`
line (only cloud, image and flavor names changed; the slide's typos `{{ item }` and `with-items` mended)."""

import fcntl
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import uuid
import zipfile

import pytest
from conftest import BIN, ROOT, recap

COLLECTIONS = os.path.join(ROOT, ".ansible", "collections")
PEER_WHEEL = "ansible==14.5.0"  # ships openstack.cloud 2.6.0
PEER_CACHE = os.path.expanduser("~/.cache/polystack/peer")
MODULES = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "os_*.py")))
IN_PROCESS = "ran in a fork of the worker"


def run(workdir, clouds_yaml, argv, **env):
    full = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], OS_CLIENT_CONFIG_FILE=clouds_yaml)
    full.update(ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_LOCALHOST_WARNING="false")
    for name in ("OS_CLOUD", "ANSIBLE_CONFIG", "ANSIBLE_LIBRARY", "ANSIBLE_ACTION_PLUGINS", "ANSIBLE_COLLECTIONS_PATH"):
        full.pop(name, None)
    full.update(env)
    return subprocess.run(
        [os.path.join(BIN, argv[0]), *argv[1:]],
        cwd=str(workdir),
        env=full,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def peer_collections():
    """A collections path holding openstack.cloud 2.6.0 as the `ansible` 14.5.0 package ships it."""
    dest = os.path.join(PEER_CACHE, "collections")
    manifest = os.path.join(dest, "ansible_collections", "openstack", "cloud", "MANIFEST.json")
    if os.path.exists(manifest):
        return dest
    os.makedirs(PEER_CACHE, exist_ok=True)
    # two pytest workers may both find it missing: one downloads and unpacks, the other waits for it
    with open(os.path.join(PEER_CACHE, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(manifest):
            return dest
        wheels = glob.glob(os.path.join(PEER_CACHE, "ansible-14.5.0-*.whl"))
        if not wheels:
            subprocess.run(
                [os.path.join(BIN, "pip"), "download", "-q", "--no-deps", "--only-binary=:all:"]
                + ["--python-version", "3.12", "-d", PEER_CACHE, PEER_WHEEL],
                check=True,
                timeout=600,
            )
            wheels = glob.glob(os.path.join(PEER_CACHE, "ansible-14.5.0-*.whl"))
        # unpacked beside it, then renamed: a reader outside the lock never finds MANIFEST.json in a half tree
        tmp = dest + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(dest, ignore_errors=True)
        with zipfile.ZipFile(wheels[0]) as z:
            z.extractall(tmp, [n for n in z.namelist() if n.startswith("ansible_collections/openstack/cloud/")])
        os.rename(tmp, dest)
    return dest


@pytest.fixture
def workdir(tmp_path, clouds_yaml):
    """A fresh directory with the opt-in lines, as `ansible-playbook polystack.cloud.bare_names` prints them."""
    printed = run(
        tmp_path, clouds_yaml, ["ansible-playbook", "polystack.cloud.bare_names"], ANSIBLE_COLLECTIONS_PATH=COLLECTIONS
    )
    assert printed.returncode == 0, printed.stdout + printed.stderr
    lines = re.findall(r'"((?:library|action_plugins) = [^"]+)"', printed.stdout)
    assert [line.split(" = ")[0] for line in lines] == ["library", "action_plugins"], printed.stdout
    installed = os.path.join(COLLECTIONS, "ansible_collections", "polystack", "cloud", "plugins")
    assert lines == ["library = %s/modules" % installed, "action_plugins = %s/action" % installed]
    cfg = tmp_path / "ansible.cfg"
    cfg.write_text("[defaults]\ncollections_path = %s\n%s\n" % (COLLECTIONS, "\n".join(lines)))
    return tmp_path


def test_without_the_opt_in_a_bare_name_is_not_ours(tmp_path, clouds_yaml):
    proc = run(
        tmp_path,
        clouds_yaml,
        ["ansible", "localhost", "-m", "os_server_info", "-a", "cloud=devcloud-fip"],
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
    )
    assert proc.returncode != 0
    assert "Cannot resolve 'os_server_info'" in proc.stdout + proc.stderr


@pytest.mark.parametrize("beside", ["alone", "with openstack.cloud 2.6.0"])
def test_ad_hoc_os_server_twice(workdir, clouds_yaml, beside):
    if beside != "alone":
        cfg = workdir / "ansible.cfg"
        cfg.write_text(
            cfg.read_text().replace(
                "collections_path = %s\n" % COLLECTIONS,
                "collections_path = %s:%s\n" % (COLLECTIONS, peer_collections()),
            )
        )
        listed = run(workdir, clouds_yaml, ["ansible-galaxy", "collection", "list", "openstack.cloud"])
        assert "2.6.0" in listed.stdout, listed.stdout + listed.stderr
    name = "bare-%s" % uuid.uuid4().hex[:6]
    args = "cloud=devcloud-fip name=%s image=devcloud-tiny flavor_ram=512" % name
    try:
        first = run(workdir, clouds_yaml, ["ansible", "localhost", "-vvv", "-m", "os_server", "-a", args])
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr
        assert "CHANGED" in first.stdout and IN_PROCESS in first.stdout
        second = run(workdir, clouds_yaml, ["ansible", "localhost", "-m", "os_server", "-a", args])
        assert second.returncode == 0 and "localhost | SUCCESS" in second.stdout, second.stdout + second.stderr
        assert '"changed": false' in second.stdout
        checked = run(
            workdir,
            clouds_yaml,
            ["ansible", "localhost", "--check", "--diff", "-m", "os_server", "-a", args + " metadata=role=web"],
        )
        assert checked.returncode == 0 and "CHANGED" in checked.stdout and '"role": "web"' in checked.stdout
    finally:
        gone = run(
            workdir,
            clouds_yaml,
            [
                "ansible",
                "localhost",
                "-m",
                "os_server",
                "-a",
                "cloud=devcloud-fip name=%s state=absent delete_ips=true" % name,
            ],
        )
        assert gone.returncode == 0, gone.stdout + gone.stderr


def test_every_bare_name_resolves_to_ours_with_its_docs(workdir, clouds_yaml, clouds):
    doc = run(workdir, clouds_yaml, ["ansible-doc", *MODULES])
    assert doc.returncode == 0, doc.stderr
    for module in MODULES:
        assert "> MODULE %s (%s" % (module, os.path.join(COLLECTIONS, "ansible_collections", "polystack")) in doc.stdout
    # every info module, ad hoc, in the fork; the password of the cloud's settings masked in what it shows
    settings = json.dumps({"cloud": dict(clouds["devcloud-fip"], region_name="RegionOne")})
    password = clouds["devcloud-fip"]["auth"]["password"]
    for module in [m for m in MODULES if m.endswith("_info")]:
        proc = run(workdir, clouds_yaml, ["ansible", "localhost", "-vvv", "-m", module, "-a", settings])
        assert proc.returncode == 0 and IN_PROCESS in proc.stdout, (module, proc.stdout[-2000:])
        assert password not in proc.stdout + proc.stderr


def tiny_qcow2(virtual_size=1024 * 1024, cluster_bits=16):
    """A valid, empty qcow2 (version 2) image: header, refcount table and block, L1 table, one cluster each."""
    cluster = 1 << cluster_bits
    header = struct.pack(
        ">4sIQIIQIIQQIIQ",
        b"QFI\xfb",
        2,  # version
        0,  # backing_file_offset
        0,  # backing_file_size
        cluster_bits,
        virtual_size,
        0,  # crypt_method
        1,  # l1_size
        3 * cluster,  # l1_table_offset
        1 * cluster,  # refcount_table_offset
        1,  # refcount_table_clusters
        0,  # nb_snapshots
        0,  # snapshots_offset
    )
    data = bytearray(4 * cluster)
    data[: len(header)] = header
    data[cluster : cluster + 8] = struct.pack(">Q", 2 * cluster)  # refcount table -> refcount block
    for i in range(4):  # header, refcount table, refcount block, L1 table: one reference each
        data[2 * cluster + 2 * i : 2 * cluster + 2 * i + 2] = struct.pack(">H", 1)
    return bytes(data)


SEED_PLAYBOOK = """\
---
# ../shared/seeds/001: the shade talk's slides ("Coming in 2.0 release", "multi-cloud support"), as written
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - os_keypair:
        cloud: devcloud-fip
        name: %(prefix)s-mordred
        public_key_file: %(key)s
    - os_image:
        cloud: devcloud-fip
        name: %(prefix)s Monty Ubuntu
        file: %(image)s
    - os_server:
        cloud: devcloud-fip
        name: %(prefix)s-my-server
        flavor_ram: 1024
        image: %(prefix)s Monty Ubuntu
    - os_keypair:
        cloud: "{{ item }}"
        name: %(prefix)s-mordred
        public_key_file: %(key)s
      with_items:
        - devcloud-fip
        - devcloud-direct
        - devcloud-appcred

# ../shared/seeds/002: the Ansible 2.9 "create instances" play, with no collections line
- name: Foo
  hosts: localhost
  connection: local
  vars:
    FLAVOR: 'm1.tiny'
    IMAGE_NAME: 'devcloud-tiny'
    KEY_NAME: %(prefix)s-mordred
  tasks:
    - name: create instances
      os_server:
        cloud: devcloud-fip
        name: "{{ item }}"
        image: "{{ IMAGE_NAME }}"
        key_name: "{{ KEY_NAME }}"
        wait: yes
        timeout: 200
        flavor: "{{ FLAVOR }}"
      with_items:
        - %(prefix)s-foo
        - %(prefix)s-bar
        - %(prefix)s-baz
"""

SEED_TEARDOWN = """\
- hosts: localhost
  gather_facts: false
  tasks:
    - os_server: {cloud: devcloud-fip, name: "{{ item }}", state: absent, delete_ips: true}
      loop: [%(prefix)s-my-server, %(prefix)s-foo, %(prefix)s-bar, %(prefix)s-baz]
    - os_image: {cloud: devcloud-fip, name: "%(prefix)s Monty Ubuntu", state: absent}
    - os_keypair: {cloud: "{{ item }}", name: %(prefix)s-mordred, state: absent}
      loop: [devcloud-fip, devcloud-direct, devcloud-appcred]
"""


def test_the_seed_snippets_run_as_written(workdir, clouds_yaml):
    prefix = "seed-%s" % uuid.uuid4().hex[:6]
    key = workdir / "id_ed25519.pub"
    key.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy seed\n")
    # the slide's ubuntu.vhd, as a real (tiny, empty) image in the format os_image defaults to, which glance checks
    image = workdir / "ubuntu.qcow2"
    image.write_bytes(tiny_qcow2())
    values = {"prefix": prefix, "key": key, "image": image}
    (workdir / "seed.yml").write_text(SEED_PLAYBOOK % values)
    (workdir / "teardown.yml").write_text(SEED_TEARDOWN % values)
    try:
        first = run(workdir, clouds_yaml, ["ansible-playbook", "seed.yml"])
        assert first.returncode == 0, first.stdout[-5000:] + first.stderr[-2000:]
        assert recap(first.stdout)["changed"] == 5  # tasks: keypair, image, server, keypair loop, the 2.9 loop
        again = run(workdir, clouds_yaml, ["ansible-playbook", "seed.yml"])
        assert again.returncode == 0 and recap(again.stdout)["changed"] == 0, again.stdout[-5000:]
        checked = run(workdir, clouds_yaml, ["ansible-playbook", "--check", "--diff", "seed.yml"])
        assert checked.returncode == 0 and recap(checked.stdout)["changed"] == 0, checked.stdout[-5000:]
    finally:
        gone = run(workdir, clouds_yaml, ["ansible-playbook", "teardown.yml"])
        assert gone.returncode == 0, gone.stdout[-3000:] + gone.stderr
