#!/usr/bin/env bash
# Run ansible-test on the collection as it ships: build the tarball from this checkout, unpack it into a
# throw-away git repository laid out as .../ansible_collections/polystack/cloud (where ansible-test must run),
# and run `ansible-test "$@"` there with the project venv's ansible-core.
#
#   tests/sanity/run.sh sanity --python 3.11      # every sanity test that applies, empty ignore file
#   tests/sanity/run.sh units --python-interpreter .venv/bin/python   # tests/unit, collected by ansible-test
#
# `sanity` without --test/--skip-test runs pylint (the slowest test) beside all the others, in a second copy
# of the tree, and prints both outputs when both are done: on two cores that takes about half the time.
#
# ANSIBLE_TEST_BIN: the bin directory holding ansible-test and ansible-galaxy (default: .venv/bin)
# ANSIBLE_TEST_KEEP=1: keep the throw-away trees (their path is printed)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${ANSIBLE_TEST_BIN:-$ROOT/.venv/bin}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/polystack-ansible-test.XXXXXX")"
if [ "${ANSIBLE_TEST_KEEP:-}" = 1 ]; then
  echo "ansible-test trees kept in $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi

# ansible-test fetches a pip bootstrap script from the internet to create its test venvs; only package
# registries are reachable here, so give it one that uses the ensurepip shipped with Python instead.
# The script's name carries the pip version this ansible-test bootstraps (24.2 in 2.19, 25.2 in 2.21): read from
# its source, so that every ansible-core of make matrix finds its own.
CACHE="$HOME/.ansible/test/cache"
mkdir -p "$CACHE"
for pip_version in $(sed -n "s/^ *pip='\([0-9.]*\)',*$/\1/p" "$("$BIN/python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')/_internal/python_requirements.py") 24.2; do
  script="$CACHE/get_pip_${pip_version//./_}.py"
  grep -qs ensurepip "$script" || printf 'import ensurepip\nensurepip.bootstrap(upgrade=True)\n' >"$script"
done

# the collection as it ships (galaxy.yml's build_ignore applies)
"$BIN/ansible-galaxy" collection build --force --output-path "$WORK" "$ROOT" >/dev/null

# layout DIR: DIR/ansible_collections/polystack/cloud, a git repository of the tarball's content
layout() {
  local dest="$1/ansible_collections/polystack/cloud"
  mkdir -p "$dest"
  tar -xzf "$WORK"/polystack-cloud-*.tar.gz -C "$dest"
  # unit tests of the devcloud helpers import devcloud/ (not collection content): present, but untracked and
  # ignored, so no sanity test looks at it
  cp -a "$ROOT/devcloud" "$dest/devcloud"
  rm -rf "$dest/devcloud/noopmech/build" "$dest"/devcloud/noopmech/*.egg-info
  printf '/devcloud/\n/tests/output/\n' >"$dest/.gitignore"
  git -C "$dest" init -q
  git -C "$dest" add -A
  git -C "$dest" -c user.name=ansible-test -c user.email=ansible-test@localhost commit -q -m "polystack.cloud as built"
  echo "$dest"
}

split=0
if [ "${1:-}" = sanity ]; then
  split=1
  for arg in "$@"; do
    case "$arg" in --test | --skip-test | --test=* | --skip-test=* | --list-tests | --help | -h) split=0 ;; esac
  done
fi

if [ "$split" = 0 ]; then
  cd "$(layout "$WORK/a")"
  "$BIN/ansible-test" "$@"
  exit
fi

TREE_A="$(layout "$WORK/a")"
TREE_B="$(layout "$WORK/b")"
echo "ansible-test sanity: pylint beside the other tests (outputs follow when both are done)"
(cd "$TREE_A" && "$BIN/ansible-test" "$@" --skip-test pylint) >"$WORK/others.log" 2>&1 &
others=$!
(cd "$TREE_B" && "$BIN/ansible-test" "$@" --test pylint) >"$WORK/pylint.log" 2>&1 &
pylint=$!
rc=0
wait "$others" || rc=1
wait "$pylint" || rc=1
cat "$WORK/others.log" "$WORK/pylint.log"
if [ "$rc" = 0 ]; then
  echo "ansible-test sanity: every test passed"
else
  echo "ansible-test sanity: FAILED (see above)" >&2
fi
exit "$rc"
