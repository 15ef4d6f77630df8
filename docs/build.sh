#!/usr/bin/env bash
# Build the collection's docsite with antsibull-docs and Sphinx: a page per module and plugin, generated from
# the collection as it ships (built from this checkout and installed into a throw-away collections path), and
# the guides of docs/docsite/rst (listed in docs/docsite/extra-docs.yml). The docs are linted first
# (antsibull-docs lint-collection-docs: plugin docs, guides, references); Sphinx turns warnings into errors.
#
#   docs/build.sh [OUTPUT_DIR]     default build/docs; the site is OUTPUT_DIR/build/html/index.html
#
# ANSIBLE_TEST_BIN: the bin directory holding antsibull-docs, sphinx-build and ansible-galaxy (default: .venv/bin)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${ANSIBLE_TEST_BIN:-$ROOT/.venv/bin}"
OUT="$(realpath -m "${1:-$ROOT/build/docs}")"
export PATH="$BIN:$PATH"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/polystack-docs.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# the collection as it ships, and only it, where ansible-doc (run by antsibull-docs) finds it
export ANSIBLE_COLLECTIONS_PATH="$WORK/collections"
ansible-galaxy collection build --force --output-path "$WORK" "$ROOT" >/dev/null
ansible-galaxy collection install -p "$WORK/collections" "$WORK"/polystack-cloud-*.tar.gz >/dev/null
COLLECTION="$WORK/collections/ansible_collections/polystack/cloud"

echo "==> antsibull-docs lint-collection-docs (plugin docs, guides, references)"
# (rstcheck is skipped: Sphinx below builds the same RST with warnings as errors)
antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs --disallow-unknown-collection-refs \
  --skip-rstcheck "$COLLECTION"

echo "==> docsite into $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
chmod 755 "$OUT" # antsibull-docs writes only into a directory that no one else can write to
antsibull-docs sphinx-init --use-current --dest-dir "$OUT" --fail-on-error --lenient \
  --title "polystack.cloud" --project "polystack.cloud" --copyright "polystack.cloud contributors" \
  polystack.cloud >/dev/null
# no network here: Sphinx must not fetch other projects' inventories (intersphinx)
sed -i -e "s/'sphinx.ext.intersphinx', //" -e '/^intersphinx_mapping = {/,/^}/d' "$OUT/conf.py"
if grep -q '^[^#]*intersphinx' "$OUT/conf.py"; then
  echo "docs/build.sh: could not switch intersphinx off in $OUT/conf.py" >&2
  exit 1
fi
"$OUT/build.sh" >"$WORK/sphinx.log" 2>&1 || {
  cat "$WORK/sphinx.log" >&2
  exit 1
}
pages="$(find "$OUT/build/html/collections/polystack/cloud" -name '*.html' | wc -l)"
echo "==> docsite: $pages pages of polystack.cloud in $OUT/build/html (open index.html)"
