#!/usr/bin/env bash
# CHANGELOG.rst from changelogs/fragments, for the version in galaxy.yml, without consuming the fragments:
# antsibull-changelog release runs on a throw-away copy (it also lists the modules and plugins whose
# version_added is that version), and only its CHANGELOG.rst is kept. At a real release, run
# `antsibull-changelog release` in the checkout instead (it writes changelogs/changelog.yaml and removes the
# fragments it used).
#
#   changelogs/generate.sh           rewrite CHANGELOG.rst
#   changelogs/generate.sh --check   exit 1 if CHANGELOG.rst is not what it would write
#
# ANSIBLE_TEST_BIN: the bin directory holding antsibull-changelog and ansible-doc (default: .venv/bin)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${ANSIBLE_TEST_BIN:-$ROOT/.venv/bin}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/polystack-changelog.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

VERSION="$(sed -n 's/^version: *//p' "$ROOT/galaxy.yml")"
COPY="$WORK/ansible_collections/polystack/cloud"
mkdir -p "$COPY"
cp -a "$ROOT/galaxy.yml" "$ROOT/changelogs" "$ROOT/meta" "$ROOT/plugins" "$COPY/"
[ ! -d "$ROOT/roles" ] || cp -a "$ROOT/roles" "$COPY/"
(cd "$COPY" && PATH="$BIN:$PATH" ANSIBLE_COLLECTIONS_PATH="$WORK" "$BIN/antsibull-changelog" release \
  --version "$VERSION" --date "$(date +%F)" >/dev/null)

if [ "${1:-}" = --check ]; then
  if ! cmp -s "$COPY/CHANGELOG.rst" "$ROOT/CHANGELOG.rst"; then
    echo "CHANGELOG.rst is not up to date with changelogs/fragments and the plugins: run make changelog" >&2
    diff -u "$ROOT/CHANGELOG.rst" "$COPY/CHANGELOG.rst" >&2 || true
    exit 1
  fi
  echo "==> CHANGELOG.rst is up to date"
else
  cp "$COPY/CHANGELOG.rst" "$ROOT/CHANGELOG.rst"
  echo "==> CHANGELOG.rst written (version $VERSION, from $(find "$ROOT/changelogs/fragments" -name '*.yml' | wc -l) fragments)"
fi
