"""Target 3: a playbook of 10 tasks (quick: 2), each looped over 3 clouds x 2 regions (ansible-playbook wall)."""

import json
import os
import re

from harness.common import AUTO_IP, FLAVOR, NETWORK, REGIONS, USER_CLOUDS, MiB, log
from harness.tables import wall_rows, wall_table

NAME = "loop"
ORDER = 30


def loop_playbook(h, side, quick):
    """10 tasks (quick: 2), each looped over the cloud-regions; the same calls on both sides."""
    small = h.data_file("bench-1m.bin", MiB)

    def task(name, module, args):
        # a failed item does not stop the play: failures are counted per run (the baseline fails on some
        # cloud-regions, e.g. openstacksdk's "'Image' object has no attribute 'owner_seen'")
        return {"name": name, side.fqcn(module): args, "loop": "{{ targets }}", "ignore_errors": True}

    c = {"cloud": "{{ item.cloud }}", "region_name": "{{ item.region }}"}
    ours = side.name == "ours"
    tasks = [
        task("keypair present", "os_keypair", dict(c, name="bench-kp", public_key=h.pubkey)),
        task("keypairs", "os_keypair_info", dict(c)),
        task(
            "server present",
            "os_server",
            dict(
                c,
                name="bench-loop-srv",
                image="devcloud-tiny",
                flavor="{{ item.flavor }}",
                network="{{ item.network }}",
                auto_ip="{{ item.auto_ip }}",
                wait=True,
            ),
        ),
        task("image present", "os_image", dict(c, name="bench-img", filename=small, disk_format="raw")),
        task("image info", "os_image_info", dict(c, name="devcloud-tiny")),
        task("server info", "os_server_info", dict(c, name="bench-loop-srv", detailed=False)),
        task("floating IPs", "os_floating_ip_info", dict(c)),
        (
            task("container present", "os_object", dict(c, container="bench-cont"))
            if ours
            else task("container present", "os_object_container", dict(c, name="bench-cont"))
        ),
        task("object present", "os_object", dict(c, container="bench-cont", name="bench-obj", filename=small)),
        (
            task("container info", "os_object_info", dict(c, container="bench-cont", name="bench-obj"))
            if ours
            else task("container info", "os_object_info", dict(c, name="bench-cont"))
        ),
    ]
    if quick:
        tasks = [tasks[0], tasks[8]]
    clouds = USER_CLOUDS[:1] if quick else USER_CLOUDS
    targets = [
        {"cloud": cl, "region": r, "flavor": FLAVOR[r], "network": NETWORK[cl], "auto_ip": AUTO_IP[cl]}
        for cl in clouds
        for r in REGIONS
    ]
    play = [{"name": "bench loop", "hosts": "localhost", "gather_facts": False, "vars": {"targets": targets}}]
    play[0]["tasks"] = tasks
    path = os.path.join(h.work, "loop-%s.yml" % side.name)
    with open(path, "w") as f:
        json.dump(play, f, indent=1)  # JSON is YAML
    return path, len(tasks), len(targets)


def run(h):
    books = dict((side.name, loop_playbook(h, side, h.quick)) for side in h.sides)
    log("loop: warm-up (ours creates the fixtures on every cloud-region; the baseline uploads the object)")
    for side in (h.ours, h.base):
        if side is h.base:  # see targets/noop.py: the baseline must have uploaded the object itself
            for name in USER_CLOUDS:
                h.cloud(name).request("object-store", "DELETE", "/bench-cont/bench-obj", ok=(404,))
        run = h.run(side, [os.path.join(side.bin, "ansible-playbook"), books[side.name][0]])
        if run.rc != 0:
            raise RuntimeError("loop warm-up of %s failed:\n%s" % (side.name, run.stdout[-4000:]))
    for i in range(h.runs):
        for side in h.order(i):
            path, ntasks, ntargets = books[side.name]
            run = h.run(side, [os.path.join(side.bin, "ansible-playbook"), path])
            if run.rc != 0:
                raise RuntimeError("loop run of %s failed:\n%s" % (side.name, run.stdout[-4000:]))
            m = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)", run.stdout)
            h.record(
                "loop",
                "%d tasks x %d cloud-regions" % (ntasks, ntargets),
                side,
                run,
                changed=int(m.group(2)) if m else None,
                failed_items=len(re.findall(r"^failed: \[localhost\]", run.stdout, re.M)),
                module_runs=len(run.module_procs()),
                max_module_rss_mib=max([p["rss_kib"] for p in run.module_procs()] or [0]) / 1024.0,
            )
        log("loop: run %d/%d done" % (i + 1, h.runs))


def summarize(t):
    return wall_rows(t)


def markdown(rows, measured):
    def counts(r):
        return ["", "changed (tasks) per run: %s; failed items per run: %s" % (r["changed"], r["failed"])]

    return wall_table(
        rows,
        "3. A playbook: tasks looped over clouds x regions (ansible-playbook wall)",
        "at most 0.15x",
        measured,
        counts,
    )
