"""Faults injected for real between the collection and the devcloud (tests/reliability/faultproxy.py): every
module's create, update and delete path, and the inventory plugin.

* Transient faults (502/503/429 with Retry-After, a connection reset before the request reached the API or after
  it was done, an answer cut short, an expired token, latency) are survived: the task succeeds with the
  `changed` it has without faults, every fault injected did fire, the cloud then holds exactly what the step
  makes without faults (one server, one port, one floating IP; one image with the right data ...: no duplicate
  from a retried POST, nothing leaked), and a second run without faults changes nothing.
* Persistent faults fail the task with a message naming the cloud, the service and the request id (when the
  API answered), without a traceback, and leave the cloud as it was before the task.

Trials run three at a time, each with its own proxy; names start with rel-flt-."""

import json
import os
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import BIN, ROOT
from reliability import scenarios as sc
from reliability.faultproxy import Rule
from reliability.runner import module_env
from reliability.sweep import Bench

# every trial runs in the module's fixture: 4 to 6.5 min on a loaded machine, more beside another pytest worker
pytestmark = pytest.mark.timeout(1200)

RUN = uuid.uuid4().hex[:6]
SERVERS = r"/servers$"
FIPS = r"/v2.0/floatingips$"


def R(action, service=None, method=None, path=None, times=1, **kw):
    return Rule(action, service=service, method=method, path=path, times=times, **kw)


def step(bench, scenario, rules, figures):
    """Run the scenario's step with rules that must all fire and be survived; check state and idempotence."""
    result, events, injected = bench.run_faulty(scenario.module, scenario.args(), rules)
    figures["injected"] += len(injected)
    assert result.ok, "%s failed under transient faults %s: %s" % (scenario.label(), [r.name for r in rules], result)
    assert "Traceback" not in result.out
    assert bench.proxy.unfired() == [], "faults that never fired: %s" % bench.proxy.unfired()
    assert result.data.get("changed") == scenario.changed, result
    assert bench.state(scenario) == scenario.expected(), "after %s under faults" % scenario.label()
    again = bench.run_direct(scenario.module, scenario.args())
    assert again.ok and again.data.get("changed") is False, "a second run changed something: %r" % again
    figures["survived"] += len(injected)
    return result


def persistent(bench, scenario, rules, words, figures, left=None):
    """The step under a fault that does not go away: a clear failure, and the cloud as before the task."""
    before = bench.state(scenario)
    result, events, injected = bench.run_faulty(scenario.module, scenario.args(), rules)
    figures["injected"] += len(injected)
    assert result.rc != 0 and not result.ok, "%s succeeded under a persistent fault: %r" % (scenario.label(), result)
    assert "Traceback" not in result.out and "internal error" not in result.msg, result.out[-4000:]
    for word in words + [sc.CLOUD]:
        assert word in result.msg, "%r not in the message: %s" % (word, result.msg)
    ids = [e["request_id"] for e in events if e.get("request_id")]
    if ids:
        assert any(i in result.msg for i in ids), "no request id of %s in: %s" % (ids, result.msg)
    after = bench.state(scenario)
    assert after == (before if left is None else left), "a failed %s left %s (before: %s)" % (
        scenario.label(),
        after,
        before,
    )
    figures["failed_clean"] += 1
    return result


# -- the trials -------------------------------------------------------------------------------------------------


def keypair_trials(bench, figures):
    name = "rel-flt-%s-kp" % RUN
    create, update, delete = sc.KeypairCreate(name), sc.KeypairUpdate(name), sc.KeypairDelete(name)
    try:
        step(
            bench,
            create,
            [
                R("status", "identity", "POST", status=502),
                R("status", "compute", "GET", r"/os-keypairs/", status=503, retry_after=1),
                R("latency", "compute", "POST", r"/os-keypairs$", delay=1.0),
                R("reset", "compute", "POST", r"/os-keypairs$", when="after"),
            ],
            figures,
        )
        step(
            bench,
            update,
            [
                R("reset", "compute", "DELETE", when="after"),
                R("status", "compute", "POST", r"/os-keypairs$", status=503, retry_after=1),
            ],
            figures,
        )
        step(
            bench,
            delete,
            [
                R("truncate", "compute", "GET", r"/os-keypairs/"),
                R("reset", "compute", "DELETE", when="after"),
                R("status", "compute", "DELETE", status=429, retry_after=1),
            ],
            figures,
        )
        step(bench, create, [R("expire", "compute", "GET"), R("truncate", "compute", "POST")], figures)
        create.cleanup(bench.run_direct)
        persistent(bench, create, [R("status", "compute", "POST", status=503, times=None)], ["compute"], figures)
    finally:
        create.cleanup(bench.run_direct)


def image_trials(bench, figures):
    name = "rel-flt-%s-img" % RUN
    create, update, delete = sc.ImageCreate(name), sc.ImageUpdate(name), sc.ImageDelete(name)
    try:
        step(
            bench,
            create,
            [
                R("reset", "image", "POST", r"/v2/images$", when="after"),
                R("status", "image", "PUT", r"/file$", status=503, retry_after=1),
                R("expire", "image", "PUT", r"/file$"),  # the retried upload: a stream sent again after a 401
                R("truncate", "image", "GET", r"/v2/images/[0-9a-f-]+$"),
            ],
            figures,
        )
        step(bench, update, [R("status", "image", "GET", status=502), R("truncate", "image", "PATCH")], figures)
        step(bench, delete, [R("reset", "image", "DELETE", when="after")], figures)
        persistent(bench, create, [R("reset", "image", "PUT", r"/file$", times=None)], ["image"], figures)
    finally:
        create.cleanup(bench.run_direct)


def object_trials(bench, figures):
    name = "rel-flt-%s-obj" % RUN
    create, update, delete = sc.ObjectCreate(name), sc.ObjectUpdate(name), sc.ObjectDelete(name)
    try:
        step(
            bench,
            create,
            [
                R("status", "object-store", "PUT", r"-c$", status=503, retry_after=1),
                R("reset", "object-store", "PUT", r"/o1$", when="after"),
                R("expire", "object-store", "HEAD"),
            ],
            figures,
        )
        step(
            bench,
            update,
            [
                R("status", "object-store", "POST", status=503, retry_after=1),
                R("reset", "object-store", "POST", when="after"),
            ],
            figures,
        )
        step(bench, delete, [R("reset", "object-store", "DELETE", when="after")], figures)
        create.cleanup(bench.run_direct)
        # the container is made, then the object cannot be: the task fails and leaves the empty container
        persistent(
            bench,
            create,
            [R("status", "object-store", "PUT", r"/o1$", status=502, times=None)],
            ["object-store"],
            figures,
            left={"container": create.container, "objects": {}},
        )
    finally:
        create.cleanup(bench.run_direct)


def quota_trials(bench, figures):
    """Swift full (emulated: the devcloud's swift runs without its quota middleware): an upload over quota
    (413, no Retry-After) fails at once, without retries; a segmented upload whose disk fills after the first
    segment (507) fails naming the service and request; the re-run after space was freed sends only the
    missing segments; deleting the container leaves nothing (segments included)."""
    name = "rel-flt-%s-quota" % RUN
    container = sc.ObjectCreate(name).container
    base = dict(cloud=sc.CLOUD, container=container)
    big = os.path.join(bench.workdir, "big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(3 * 32768))
    try:
        result, events, _unused = bench.run_faulty(
            "polystack.cloud.os_object",
            dict(base, name="o1", data="x" * 1000),
            [R("status", "object-store", "PUT", r"/o1$", status=413, times=None, message="Upload exceeds quota.")],
        )
        figures["injected"] += len(bench.proxy.injected())
        assert not result.ok and "Upload exceeds quota" in result.msg and "413" in result.msg, result
        assert len(bench.proxy.requests("PUT", r"/o1$")) == 1  # refused for good: not sent again
        assert any(e.get("request_id") and e["request_id"] in result.msg for e in events), result.msg
        segmented = dict(base, name="big", filename=big, segment_size=32768)
        result = bench.run_faulty(
            "polystack.cloud.os_object",
            segmented,
            [R("status", "object-store", "PUT", r"/slo/", status=507, skip=1, times=None)],
        )[0]
        figures["injected"] += len(bench.proxy.injected())
        assert not result.ok and "507" in result.msg and "object-store" in result.msg and "req-" in result.msg
        assert "Traceback" not in result.out
        again = bench.run_direct("polystack.cloud.os_object", segmented)
        assert again.ok and again.data["segments_uploaded"] == 2, again  # the one stored is not sent again
        figures["failed_clean"] += 2
    finally:
        bench.run_direct("polystack.cloud.os_object", dict(base, state="absent", delete_with_all_objects=True))
    c = sc.connect(bench.direct, cache_dir=os.path.join(bench.workdir, "verify-cache"))
    assert [x["name"] for x in c.list_containers() if x["name"].startswith(container)] == []


def server_trials(bench, figures):
    """One server through create, the inventory, update and delete, each under faults; then a failed boot."""
    name = "rel-flt-%s-srv" % RUN
    create, update, delete = sc.ServerCreate(name), sc.ServerUpdate(name), sc.ServerDelete(name)
    try:
        step(
            bench,
            create,
            [
                R("reset", "compute", "POST", SERVERS, when="after"),  # nova made it; the answer is lost
                R("status", "compute", "GET", r"/servers/[0-9a-f-]+$", status=503, retry_after=1),
                R("reset", "network", "POST", FIPS, when="after"),
                R("truncate", "network", "GET", r"/ports"),
                R("expire", "compute", "GET", r"/flavors"),
            ],
            figures,
        )
        inventory_trials(bench, name, figures)
        step(
            bench,
            update,
            [R("status", "compute", "POST", r"/metadata$", status=502), R("truncate", "compute", "GET", r"/detail")],
            figures,
        )
        step(
            bench,
            delete,
            [R("reset", "network", "DELETE", when="after"), R("status", "compute", "DELETE", status=503)],
            figures,
        )
        # a boot whose floating IP can never be made: the task fails and deletes the server it made
        persistent(bench, create, [R("status", "network", "POST", FIPS, status=503, times=None)], ["network"], figures)
    finally:
        create.cleanup(bench.run_direct)


def floating_ip_trials(bench, figures):
    name = "rel-flt-%s-fip" % RUN
    attach, detach = sc.FloatingIpAttach(name), sc.FloatingIpDetach(name)
    attach.prepare(bench.run_direct)
    try:
        step(
            bench,
            attach,
            [
                R("reset", "network", "POST", FIPS, when="after"),
                R("status", "network", "GET", r"/ports", status=503, retry_after=1),
            ],
            figures,
        )
        step(bench, detach, [R("reset", "network", "DELETE", when="after")], figures)
        persistent(bench, attach, [R("reset", "network", "POST", FIPS, times=None)], ["network"], figures)
    finally:
        attach.cleanup(bench.run_direct)


def inventory(bench, rules, path):
    bench.proxy.clear()
    bench.proxy.add(*rules) if rules else None
    env = module_env(bench.faulty, cache_dir=bench.cache(), ANSIBLE_INVENTORY_ENABLED="polystack.cloud.openstack")
    proc = subprocess.run(
        [os.path.join(BIN, "ansible-inventory"), "-i", path, "--list", "--export"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-4000:]
    return json.loads(proc.stdout), proc.stderr


def groups_of(inventory_json, host):
    """The groups of ansible-inventory --list's JSON that hold the host."""
    return sorted(g for g, v in inventory_json.items() if isinstance(v, dict) and host in (v.get("hosts") or []))


def inventory_trials(bench, server, figures):
    """The inventory of devcloud-fip (both regions) with transient faults: its server as without; with
    RegionOne's compute failing for good: that source is reported (cloud, region, service, request id) and
    RegionTwo's hosts are still there."""
    path = os.path.join(bench.workdir, "rel.openstack.yml")
    with open(path, "w") as f:
        f.write("plugin: polystack.cloud.openstack\nonly_clouds: [devcloud-fip]\nfail_on_errors: false\n")
    clean = inventory(bench, [], path)[0]
    me = clean["_meta"]["hostvars"][server]
    assert me["ansible_host"] == me["openstack"]["public_v4"]
    rules = [
        R("status", "compute", "GET", r"/servers/detail", status=503, retry_after=1, region="RegionOne"),
        R("truncate", "compute", "GET", r"/servers/detail", region="RegionTwo"),
        R("expire", "network", "GET"),
        R("reset", "identity", "POST"),
    ]
    got, stderr = inventory(bench, rules, path)
    figures["injected"] += len(bench.proxy.injected())
    assert bench.proxy.unfired() == []
    assert server in got["_meta"]["hostvars"], "the host is missing under faults: %s" % stderr[-3000:]
    assert got["_meta"]["hostvars"][server]["ansible_host"] == me["ansible_host"]
    # this trial's server in the same groups as without faults (the whole host list is not compared: the other
    # trials of this file, and other test files, boot and delete servers on devcloud-fip while this runs)
    assert groups_of(got, server) == groups_of(clean, server) and len(groups_of(clean, server)) > 2
    assert got["all"]["vars"]["polystack_inventory"]["failed_sources"] == []
    figures["survived"] += len(bench.proxy.injected())
    # RegionOne's compute down for good: reported, and RegionTwo still read
    got, warnings = inventory(bench, [R("status", "compute", "GET", status=503, times=None, region="RegionOne")], path)
    figures["injected"] += len(bench.proxy.injected())
    failed = got["all"]["vars"]["polystack_inventory"]["failed_sources"]
    assert len(failed) == 1 and "RegionOne" in json.dumps(failed), failed
    text = json.dumps(failed) + warnings
    assert "devcloud-fip" in text and "compute" in text and "req-" in text, text[-3000:]
    assert server not in got["_meta"]["hostvars"]  # its region was not read
    figures["failed_clean"] += 1


TRIALS = {
    "keypair": keypair_trials,
    "image": image_trials,
    "object": object_trials,
    "server+inventory": server_trials,
    "floating_ip": floating_ip_trials,
    "swift full": quota_trials,
}


@pytest.fixture(scope="module")
def outcomes(request, clouds_yaml):
    selected = [i.callspec.params["trial"] for i in request.session.items if i.name.startswith("test_faults[")]

    def run(name):
        figures = {"injected": 0, "survived": 0, "failed_clean": 0}
        bench = Bench(clouds_yaml)
        try:
            TRIALS[name](bench, figures)
            return name, (None, figures)
        except AssertionError as e:  # reported by the test of this trial
            return name, (e, figures)
        finally:
            bench.close()

    with ThreadPoolExecutor(max_workers=3) as pool:  # the servers first: they take longest
        order = ["server+inventory", "floating_ip", "image", "object", "keypair", "swift full"]
        got = dict(pool.map(run, [t for t in order if t in selected]))
    total = dict((k, sum(f[k] for _e, f in got.values())) for k in ("injected", "survived", "failed_clean"))
    print("\nfaults: %s" % json.dumps(dict(total, per_trial=dict((n, f) for n, (_e, f) in got.items()))))
    # whatever is still there was leaked (by a step, or by a cleanup that failed): removed, and reported
    return dict(got, left=sc.remove_named(clouds_yaml, "rel-flt-%s" % RUN))


@pytest.mark.parametrize("trial", list(TRIALS))
def test_faults(trial, outcomes):
    error, figures = outcomes[trial]
    if error is not None:
        raise error
    assert figures["injected"] > 0 and figures["failed_clean"] >= 1


def test_nothing_left_behind(outcomes):
    assert outcomes["left"] == [], outcomes["left"]
