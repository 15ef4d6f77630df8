#!/usr/bin/env bash
# The baseline the benchmarks compare against, in its own venv, from PyPI only (pip), cached under ~/.cache:
#   baseline-venv.sh [2.6.0|2.5.0]   (default 2.6.0)
#
#   2.6.0: openstack.cloud 2.6.0 exactly as shipped in the `ansible` 14.5.0 package (`ansible` 14.5.0 requires
#          ansible-core ~=2.21.5 and Python >= 3.12), with ansible-core 2.21.5 (the newest supported row of
#          tests/matrix/versions.txt, the project venv's) on Python 3.13, and openstacksdk 4.22.0 (the newest on
#          PyPI; the collection's requirements.txt asks only openstacksdk>=1.0.0).
#   2.5.0: the previous baseline: openstack.cloud 2.5.0 from `ansible` 12.3.0, ansible-core 2.19.14 on Python
#          3.11, openstacksdk 4.14.0 (newer openstacksdk releases break openstack.cloud 2.5.0).
#
# Only the collection's files are extracted from the `ansible` wheel: installing the whole package would unpack
# ~100 other collections nobody runs here. Idempotent: a second run with the same versions returns at once.
# Prints the venv's path (its collections are in the sibling directory <venv>-collections).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BASELINE=${1:-2.6.0}
case "$BASELINE" in
  2.6.0) ANSIBLE_PKG=14.5.0 ANSIBLE_CORE=2.21.5 OPENSTACKSDK=4.22.0 PY=3.13 ;;
  2.5.0) ANSIBLE_PKG=12.3.0 ANSIBLE_CORE=2.19.14 OPENSTACKSDK=4.14.0 PY=3.11 ;;
  *) echo "unknown baseline $BASELINE (2.6.0 or 2.5.0)" >&2; exit 2 ;;
esac
PYTHON=${PYTHON:-$("$HERE/../tests/matrix/find_python.sh" "$PY")}
BASE=${POLYSTACK_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/polystack/bench}
VENV=$BASE/baseline-$BASELINE-venv
COLLECTIONS=$VENV-collections
STAMP=$VENV/.ready-ansible$ANSIBLE_PKG-core$ANSIBLE_CORE-sdk$OPENSTACKSDK-py$PY

if [ -f "$STAMP" ] && [ -x "$VENV/bin/ansible" ] && [ -f "$COLLECTIONS/ansible_collections/openstack/cloud/MANIFEST.json" ]; then
  echo "$VENV"
  exit 0
fi
echo "==> baseline venv $VENV (openstack.cloud $BASELINE from ansible $ANSIBLE_PKG, ansible-core $ANSIBLE_CORE, openstacksdk $OPENSTACKSDK, Python $PY)" >&2
mkdir -p "$BASE/wheels"
rm -rf "$VENV" "$COLLECTIONS"
"$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/pip" install -q --disable-pip-version-check)
"${PIP[@]}" "ansible-core==$ANSIBLE_CORE" "openstacksdk==$OPENSTACKSDK"
[ -f "$BASE/wheels/ansible-$ANSIBLE_PKG-py3-none-any.whl" ] ||
  "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps --only-binary=:all: -d "$BASE/wheels" "ansible==$ANSIBLE_PKG"
"$VENV/bin/python" - "$BASE/wheels/ansible-$ANSIBLE_PKG-py3-none-any.whl" "$COLLECTIONS" "$BASELINE" "$ANSIBLE_CORE" <<'PY'
import json, os, re, sys, zipfile
wheel, dest, want, core = sys.argv[1:5]
prefix = "ansible_collections/openstack/cloud/"
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix)]
    z.extractall(dest, names)
    meta = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
    requires = [l for l in z.read(meta[0]).decode().splitlines() if l.startswith("Requires-Dist: ansible-core")]
with open(os.path.join(dest, prefix, "MANIFEST.json")) as f:
    got = json.load(f)["collection_info"]["version"]
if got != want:
    sys.exit("openstack.cloud %s in %s, expected %s" % (got, wheel, want))
# the package's own pin (ansible-core ~=X.Y.Z) must admit the ansible-core both sides run
pin = re.search(r"~=\s*(\d+)\.(\d+)\.(\d+)", requires[0])
have = tuple(int(x) for x in core.split(".")[:3])
if pin and not (have[:2] == tuple(int(x) for x in pin.groups()[:2]) and have >= tuple(int(x) for x in pin.groups())):
    sys.exit("%s does not admit ansible-core %s" % (requires[0], core))
print("openstack.cloud %s (%d files) from %s; %s" % (got, len(names), os.path.basename(wheel), requires[0]), file=sys.stderr)
PY
"$VENV/bin/ansible" --version | head -1 >&2
"$VENV/bin/python" -c 'import openstack.version as v; print("openstacksdk", v.__version__)' >&2
touch "$STAMP"
echo "$VENV"
