#!/usr/bin/env bash
# Run ansible-test on the collection as it ships: build the tarball from this checkout, unpack it into a
# throw-away git repository laid out as .../ansible_collections/polystack/cloud (where ansible-test must run),
# and run `ansible-test "$@"` there with the project venv's ansible-core.
#
#   tests/sanity/run.sh sanity --python 3.11      # every sanity test that applies, empty ignore file
#   tests/sanity/run.sh units --python 3.11       # tests/unit, collected by ansible-test's pytest
#
# ANSIBLE_TEST_BIN: the bin directory holding ansible-test and ansible-galaxy (default: .venv/bin)
# ANSIBLE_TEST_KEEP=1: keep the throw-away tree (its path is printed)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${ANSIBLE_TEST_BIN:-$ROOT/.venv/bin}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/polystack-ansible-test.XXXXXX")"
if [ "${ANSIBLE_TEST_KEEP:-}" = 1 ]; then
  echo "ansible-test tree kept in $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi

# ansible-test fetches a pip bootstrap script from the internet to create its test venvs; only package
# registries are reachable here, so give it one that uses the ensurepip shipped with Python instead.
CACHE="$HOME/.ansible/test/cache"
if ! grep -qs ensurepip "$CACHE/get_pip_24_2.py"; then
  mkdir -p "$CACHE"
  printf 'import ensurepip\nensurepip.bootstrap(upgrade=True)\n' >"$CACHE/get_pip_24_2.py"
fi

# the collection as it ships (galaxy.yml's build_ignore applies), plus the sanity ignore file if any
"$BIN/ansible-galaxy" collection build --force --output-path "$WORK" "$ROOT" >/dev/null
DEST="$WORK/ansible_collections/polystack/cloud"
mkdir -p "$DEST"
tar -xzf "$WORK"/polystack-cloud-*.tar.gz -C "$DEST"
# unit tests of the devcloud helpers import devcloud/ (not collection content): present, but untracked and
# ignored, so no sanity test looks at it
cp -a "$ROOT/devcloud" "$DEST/devcloud"
rm -rf "$DEST/devcloud/noopmech/build" "$DEST"/devcloud/noopmech/*.egg-info
printf '/devcloud/\n/tests/output/\n' >"$DEST/.gitignore"

cd "$DEST"
git init -q
git add -A
git -c user.name=ansible-test -c user.email=ansible-test@localhost commit -q -m "polystack.cloud as built"
"$BIN/ansible-test" "$@"
