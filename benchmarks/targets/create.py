"""Target 2: creating each resource with `wait: true` (devcloud-fip RegionOne), then deleting it (untimed)."""

import os

from harness.common import MiB, log
from harness.tables import wall_rows, wall_table

NAME = "create"
ORDER = 20


def run(h):
    fip = {"cloud": "devcloud-fip", "region_name": "RegionOne"}
    small = h.data_file("bench-1m.bin", MiB)

    def tasks(tag):
        return {
            "keypair": (
                "os_keypair",
                dict(fip, name="bench-c-kp-" + tag, public_key=h.pubkey),
                dict(fip, name="bench-c-kp-" + tag, state="absent"),
            ),
            "image (1 MiB)": (
                "os_image",
                dict(fip, name="bench-c-img-" + tag, filename=small, disk_format="raw", container_format="bare"),
                dict(fip, name="bench-c-img-" + tag, state="absent"),
            ),
            "object (1 MiB)": (
                "os_object",
                dict(fip, container="bench-c-cont", name="obj-" + tag, filename=small),
                dict(fip, container="bench-c-cont", name="obj-" + tag, state="absent"),
            ),
            "server with auto_ip": (
                "os_server",
                dict(
                    fip,
                    name="bench-c-srv-" + tag,
                    image="devcloud-tiny",
                    flavor="m1.tiny",
                    network="private",
                    auto_ip=True,
                    wait=True,
                ),
                dict(fip, name="bench-c-srv-" + tag, state="absent", delete_ips=True, wait=True),
            ),
        }

    h.cloud("devcloud-fip").request("object-store", "PUT", "/bench-c-cont", ok=(201, 202))  # see targets/noop.py
    labels = ["keypair"] if h.quick else list(tasks("x"))
    for i in range(h.runs):
        for label in labels:
            for side in h.order(i):
                tag = "%s-%d-%d" % (side.name[:4], os.getpid(), i)
                module, create, delete = tasks(tag)[label]
                run = h.adhoc(side, module, create, expect_changed=True)
                item = h.record("create", label, side, run)
                if label == "server with auto_ip":
                    server = (run.result() or {}).get("server") or {}
                    item["public_v4"] = server.get("public_v4") or server.get("accessIPv4") or None
                h.adhoc(side, module, delete)
        log("create: run %d/%d done" % (i + 1, h.runs))


def summarize(t):
    return wall_rows(t)


def markdown(rows, measured):
    return wall_table(
        rows,
        "2. Creating the resource, `wait: true` (devcloud-fip RegionOne)",
        "server with auto_ip at most 0.5x",
        measured,
    )
