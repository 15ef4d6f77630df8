#!/usr/bin/env bash
# The baseline the benchmarks compare against, in its own venv, from PyPI only (pip), cached under ~/.cache:
#   openstack.cloud 2.5.0 exactly as shipped in the `ansible` 12.3.0 package (its files extracted from that
#   wheel: installing the whole package would unpack ~100 other collections nobody runs here),
#   ansible-core 2.19.14 (the project's own; `ansible` 12.x requires ansible-core ~=2.19.5),
#   openstacksdk 4.14.x (newer openstacksdk releases break openstack.cloud 2.5.0).
# Idempotent: a second run with the same versions returns at once. Prints the venv's path.
set -euo pipefail
PYTHON=${PYTHON:-python3}
BASE=${POLYSTACK_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/polystack/bench}
ANSIBLE_PKG=12.3.0
ANSIBLE_CORE=2.19.14
OPENSTACKSDK=4.14.0
OPENSTACK_CLOUD=2.5.0
VENV=$BASE/baseline-venv
COLLECTIONS=$BASE/baseline-collections
STAMP=$VENV/.ready-ansible$ANSIBLE_PKG-core$ANSIBLE_CORE-sdk$OPENSTACKSDK

if [ -f "$STAMP" ] && [ -x "$VENV/bin/ansible" ] && [ -f "$COLLECTIONS/ansible_collections/openstack/cloud/MANIFEST.json" ]; then
  echo "$VENV"
  exit 0
fi
echo "==> baseline venv $VENV (ansible-core $ANSIBLE_CORE, openstacksdk $OPENSTACKSDK, openstack.cloud from ansible $ANSIBLE_PKG)" >&2
mkdir -p "$BASE/wheels"
rm -rf "$VENV" "$COLLECTIONS"
"$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/pip" install -q --disable-pip-version-check)
"${PIP[@]}" "ansible-core==$ANSIBLE_CORE" "openstacksdk==$OPENSTACKSDK"
[ -f "$BASE/wheels/ansible-$ANSIBLE_PKG-py3-none-any.whl" ] ||
  "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps -d "$BASE/wheels" "ansible==$ANSIBLE_PKG"
"$VENV/bin/python" - "$BASE/wheels/ansible-$ANSIBLE_PKG-py3-none-any.whl" "$COLLECTIONS" "$OPENSTACK_CLOUD" <<'PY'
import json, os, sys, zipfile
wheel, dest, want = sys.argv[1:4]
prefix = "ansible_collections/openstack/cloud/"
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix)]
    z.extractall(dest, names)
    meta = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
    core = [l for l in z.read(meta[0]).decode().splitlines() if l.startswith("Requires-Dist: ansible-core")]
with open(os.path.join(dest, prefix, "MANIFEST.json")) as f:
    got = json.load(f)["collection_info"]["version"]
if got != want:
    sys.exit("openstack.cloud %s in %s, expected %s" % (got, wheel, want))
print("openstack.cloud %s (%d files) from %s; %s" % (got, len(names), os.path.basename(wheel), core[0]), file=sys.stderr)
PY
"$VENV/bin/ansible" --version | head -1 >&2
"$VENV/bin/python" -c 'import openstack.version as v; print("openstacksdk", v.__version__)' >&2
touch "$STAMP"
echo "$VENV"
