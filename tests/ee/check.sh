#!/usr/bin/env bash
# Check that an execution environment with this collection can be made by ansible-builder, without building an
# image (no container engine, no network here):
#   1. `ansible-builder create` writes the build context of tests/ee/execution-environment.yml (the collection
#      tarball built from this checkout) and of the execution-environment.yml that the collection's README gives
#      users (docs/collection/README.md: the collection from Galaxy); each Containerfile installs the collection
#      (ansible-galaxy collection install -r requirements.yml, which names it), then introspects the installed
#      collections and installs their Python requirements and system packages (introspect, assemble,
#      install-from-bindep);
#   2. the introspection script of that build context, run on the collection installed from the tarball as the
#      image build runs it, finds every Python requirement of requirements.txt, and no system package (the
#      collection has no bindep.txt: its requirements are wheels, see meta/execution-environment.yml).
# `make ee-check` runs it, and `make test` runs it through `make gates`.
#
# ANSIBLE_TEST_BIN: the bin directory holding ansible-builder, ansible-galaxy and python (default: .venv/bin)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${ANSIBLE_TEST_BIN:-$ROOT/.venv/bin}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/polystack-ee.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "ee-check: $*" >&2
  exit 1
}

"$BIN/ansible-galaxy" collection build --force --output-path "$WORK" "$ROOT" >/dev/null
TARBALL="$(ls "$WORK"/polystack-cloud-*.tar.gz)"

# create DIR: the build context DIR/context of DIR/execution-environment.yml, checked
create() {
  (cd "$1" && "$BIN/ansible-builder" create --file execution-environment.yml --context context \
    --output-filename Containerfile >/dev/null) || fail "ansible-builder create failed for $2"
  local containerfile="$1/context/Containerfile"
  [ -s "$containerfile" ] || fail "$2: ansible-builder create wrote no Containerfile"
  grep -q '^RUN .*ansible-galaxy collection install .*-r requirements.yml' "$containerfile" ||
    fail "$2: the Containerfile does not install the collections of requirements.yml"
  grep -q '^RUN .*introspect.py introspect .*--write-pip=' "$containerfile" ||
    fail "$2: the Containerfile does not introspect the collections' Python requirements"
  grep -q '^RUN /output/scripts/assemble' "$containerfile" ||
    fail "$2: the Containerfile does not install the introspected requirements (assemble)"
  grep -q '^RUN /output/scripts/install-from-bindep' "$containerfile" ||
    fail "$2: the Containerfile does not install the introspected requirements (install-from-bindep)"
}

# 1a. the repository's definition, with the tarball
mkdir "$WORK/ee"
cp "$ROOT/tests/ee/execution-environment.yml" "$WORK/ee/"
cp "$TARBALL" "$WORK/ee/polystack-cloud.tar.gz"
create "$WORK/ee" tests/ee/execution-environment.yml
[ -s "$WORK/ee/context/_build/collections/polystack-cloud.tar.gz" ] || fail "the collection is not in the build context"
grep -q "polystack-cloud.tar.gz" "$WORK/ee/context/_build/requirements.yml" ||
  fail "the build context's requirements.yml does not install the collection"

# 1b. the README's definition, as a user copies it
mkdir "$WORK/readme"
"$BIN/python" - "$ROOT/docs/collection/README.md" "$WORK/readme/execution-environment.yml" <<'EOF'
import re
import sys

with open(sys.argv[1]) as f:
    found = [b for b in re.findall(r"```yaml\n(.*?)```", f.read(), re.S) if b.startswith("# execution-environment.yml")]
if len(found) != 1:
    sys.exit("ee-check: docs/collection/README.md has %d yaml blocks starting '# execution-environment.yml'" % len(found))
with open(sys.argv[2], "w") as f:
    f.write(found[0])
EOF
create "$WORK/readme" "the README's execution-environment.yml"
grep -qx -- "- name: polystack.cloud" "$WORK/readme/context/_build/requirements.yml" ||
  fail "the README's execution environment does not install polystack.cloud"

# 2. what the image build finds in the installed collection, with the build context's own introspection
ANSIBLE_COLLECTIONS_PATH="$WORK/collections" "$BIN/ansible-galaxy" collection install -p "$WORK/collections" "$TARBALL" >/dev/null
[ -f "$WORK/collections/ansible_collections/polystack/cloud/meta/execution-environment.yml" ] ||
  fail "meta/execution-environment.yml is not in the collection tarball"
"$BIN/python" "$WORK/ee/context/_build/scripts/introspect.py" introspect "$WORK/collections" \
  --write-pip "$WORK/pip.txt" --write-bindep "$WORK/bindep.txt" >/dev/null
# ansible-builder leaves out what every image already has (PyYAML comes with ansible-core)
sed -n 's/^\([A-Za-z0-9_.-]*\).*/\1/p' "$ROOT/requirements.txt" | grep -vix pyyaml | while read -r req; do
  grep -qi "^$req\b.*# from collection polystack.cloud" "$WORK/pip.txt" ||
    fail "the build's introspection does not find $req (requirements.txt) for polystack.cloud"
done
if [ -s "$WORK/bindep.txt" ]; then
  fail "the build's introspection finds system packages, which meta/execution-environment.yml says there are none of: $(cat "$WORK/bindep.txt")"
fi
echo "==> ee-check: two build contexts created (tests/ee and the README's), each installing the collection and" \
  "its requirements; Python requirements found by the build's introspection: $(grep -c 'polystack.cloud' "$WORK/pip.txt")," \
  "system packages: none"
