#!/usr/bin/env bash
# Check that an execution environment with this collection can be made by ansible-builder, without building
# an image: `ansible-builder create` writes the build context of tests/ee/execution-environment.yml (with the
# collection tarball built from this checkout), and `ansible-builder introspect` reads the installed
# collection's meta/execution-environment.yml as the image build does, and must find every Python requirement
# of requirements.txt.
#
# ANSIBLE_TEST_BIN: the bin directory holding ansible-builder and ansible-galaxy (default: .venv/bin)
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
mkdir "$WORK/ee"
cp "$ROOT/tests/ee/execution-environment.yml" "$WORK/ee/"
cp "$TARBALL" "$WORK/ee/polystack-cloud.tar.gz"

# 1. the build context
(cd "$WORK/ee" && "$BIN/ansible-builder" create --file execution-environment.yml --context context \
  --output-filename Containerfile >/dev/null)
[ -s "$WORK/ee/context/Containerfile" ] || fail "ansible-builder create wrote no Containerfile"
[ -s "$WORK/ee/context/_build/collections/polystack-cloud.tar.gz" ] || fail "the collection is not in the build context"
grep -q "polystack-cloud.tar.gz" "$WORK/ee/context/_build/requirements.yml" ||
  fail "the build context's requirements.yml does not install the collection"

# 2. what the image build finds in the installed collection
ANSIBLE_COLLECTIONS_PATH="$WORK/collections" "$BIN/ansible-galaxy" collection install -p "$WORK/collections" "$TARBALL" >/dev/null
[ -f "$WORK/collections/ansible_collections/polystack/cloud/meta/execution-environment.yml" ] ||
  fail "meta/execution-environment.yml is not in the collection tarball"
"$BIN/ansible-builder" introspect "$WORK/collections" --write-pip "$WORK/pip.txt" >/dev/null
# ansible-builder leaves out what every image already has (PyYAML comes with ansible-core)
sed -n 's/^\([A-Za-z0-9_.-]*\).*/\1/p' "$ROOT/requirements.txt" | grep -vix pyyaml | while read -r req; do
  grep -qi "^$req\b.*# from collection polystack.cloud" "$WORK/pip.txt" ||
    fail "ansible-builder introspect does not find $req (requirements.txt) for polystack.cloud"
done
echo "==> ee-check: build context created ($(wc -l <"$WORK/ee/context/Containerfile") lines of Containerfile);" \
  "Python requirements found by introspection: $(grep -c 'polystack.cloud' "$WORK/pip.txt")"
