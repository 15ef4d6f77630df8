"""The no-change tasks targets measure (noop times them, import keeps their AnsiballZ payloads)."""

from harness.common import MiB


def noop_tasks(h, quick):
    fip = {"cloud": "devcloud-fip", "region_name": "RegionOne"}
    small = h.data_file("bench-1m.bin", MiB)
    tasks = {
        "keypair present": ("os_keypair", dict(fip, name="bench-kp", public_key=h.pubkey), {}),
        "image present": (
            "os_image",
            dict(fip, name="bench-img", filename=small, disk_format="raw", container_format="bare"),
            {},
        ),
        "object present": ("os_object", dict(fip, container="bench-cont", name="bench-obj", filename=small), {}),
        "server present": (
            "os_server",
            dict(
                fip,
                name="bench-srv",
                image="devcloud-tiny",
                flavor="m1.tiny",
                network="private",
                auto_ip=True,
                wait=True,
            ),
            {},
        ),
    }
    if quick:  # no server to boot, no image to hash
        del tasks["server present"]
        del tasks["image present"]
    return tasks
