"""Same-name creates from parallel forks make one resource (plugins/module_utils/_locks.py): 20 Ansible forks
run the same os_server, os_keypair, os_image and os_object task at once (20 hosts, each delegating to the
controller); exactly one server, keypair, image and container+object exist afterwards, and exactly one fork
reports each as changed."""

import os
import re
import subprocess
import uuid

from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config
from conftest import BIN, ROOT

FORKS = 20
PLAYBOOK = """\
- name: The same creates from %(forks)d forks at once
  hosts: racers
  gather_facts: false
  vars:
    ansible_connection: local
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/polystack.cloud.openstack: {cloud: devcloud-fip, region_name: RegionOne}
  tasks:
    - name: Keypair
      polystack.cloud.os_keypair: {name: "%(prefix)s", public_key: "%(key)s"}
    - name: Image
      polystack.cloud.os_image: {name: "%(prefix)s", filename: "%(image)s", disk_format: raw, container_format: bare}
    - name: Server
      polystack.cloud.os_server: {name: "%(prefix)s", image: devcloud-tiny, flavor_ram: 512, auto_ip: false}
    - name: Object
      polystack.cloud.os_object: {container: "%(prefix)s", name: o, data: same}
"""


def test_twenty_forks_one_resource(clouds_yaml, tmp_path):
    prefix = "race-%s" % uuid.uuid4().hex[:6]
    image = tmp_path / "image.raw"
    image.write_bytes(os.urandom(128 * 1024))
    values = {
        "forks": FORKS,
        "prefix": prefix,
        "image": image,
        "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErWZpTuGaUTM2pr3jPzTnYV5bEXtqxQysMxgEDgIJuy race",
    }
    (tmp_path / "play.yml").write_text(PLAYBOOK % values)
    (tmp_path / "hosts.ini").write_text("[racers]\n" + "\n".join("racer%02d" % i for i in range(FORKS)) + "\n")
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, ANSIBLE_FORKS=str(FORKS), ANSIBLE_NOCOLOR="1")
    config = _config.CloudConfig(config_file=clouds_yaml, env={})
    cloud = _cloud.connect(cloud="devcloud-fip", region_name="RegionOne", config=config)
    try:
        proc = subprocess.run(
            [os.path.join(BIN, "ansible-playbook"), "-i", str(tmp_path / "hosts.ini"), str(tmp_path / "play.yml")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0, out[-5000:]
        # one fork made each resource; the 19 others found it
        for task in ("Keypair", "Image", "Server", "Object"):
            section = out.split("TASK [%s]" % task, 1)[1].split("TASK [", 1)[0].split("PLAY RECAP", 1)[0]
            assert len(re.findall(r"^changed: \[racer", section, re.M)) == 1, section
            assert len(re.findall(r"^ok: \[racer", section, re.M)) == FORKS - 1, section
        assert len(cloud.search_servers(prefix)) == 1
        assert len([i for i in cloud.list_images() if i.name == prefix]) == 1
        assert [o["name"] for o in cloud.list_objects(prefix)] == ["o"]
        assert cloud.get_keypair(prefix) is not None
    finally:
        for server in cloud.search_servers(prefix):
            cloud.delete_server(server["id"], wait=True, delete_ips=True)
        for img in [i for i in cloud.list_images() if i.name == prefix]:
            cloud.delete_image(img.id)
        if cloud.get_container(prefix):
            for obj in cloud.list_objects(prefix):
                cloud.delete_object(prefix, obj["name"])
            cloud.delete_container(prefix)
        if cloud.get_keypair(prefix) is not None:
            cloud.delete_keypair(prefix)
