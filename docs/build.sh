#!/usr/bin/env bash
# Build the collection's docsite with antsibull-docs and Sphinx: a page per module and plugin, generated from
# the collection as it ships (built from this checkout and installed into a throw-away collections path), the
# guides of docs/docsite/rst (listed in docs/docsite/extra-docs.yml), the front page docs/index.rst and the
# changelog (CHANGELOG.rst). The docs are linted first (antsibull-docs lint-collection-docs: plugin docs, guides,
# references); Sphinx turns warnings into errors (-W, nitpicky: a reference that does not resolve is an error).
# The site's canonical URL (html_baseurl) is galaxy.yml's `documentation`: where the site is published.
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
DOCUMENTATION="$(sed -n 's/^documentation: *//p' "$ROOT/galaxy.yml")"
[ -n "$DOCUMENTATION" ] || {
  echo "docs/build.sh: galaxy.yml has no documentation URL" >&2
  exit 1
}
# (no --lenient: the generated build.sh then runs sphinx-build -W --keep-going, and conf.py is nitpicky)
antsibull-docs sphinx-init --use-current --dest-dir "$OUT" --fail-on-error \
  --index-rst-source "$ROOT/docs/index.rst" --extra-conf "html_baseurl=$DOCUMENTATION" \
  --title "polystack.cloud" --project "polystack.cloud" --copyright "polystack.cloud contributors" \
  polystack.cloud >/dev/null
grep -q '^sphinx-build .* -W ' "$OUT/build.sh" || {
  echo "docs/build.sh: the build.sh antsibull-docs wrote does not turn Sphinx warnings into errors" >&2
  exit 1
}
# no network here: references into Ansible's docsite resolve through an inventory made from the installed
# ansible-core (docs/intersphinx_ansible.py), not through docs.ansible.com's objects.inv
"$BIN/python" "$ROOT/docs/intersphinx_ansible.py" "$OUT/ansible_devel.inv" >/dev/null
sed -i -e '/^intersphinx_mapping = {/,/^}/d' "$OUT/conf.py"
if ! grep -q "'sphinx.ext.intersphinx'" "$OUT/conf.py" || grep -q '^intersphinx_mapping' "$OUT/conf.py"; then
  echo "docs/build.sh: the conf.py antsibull-docs wrote has changed: intersphinx is not set up as expected" >&2
  exit 1
fi
echo "intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '$OUT/ansible_devel.inv')}" >>"$OUT/conf.py"
# the changelog is a page of the site (the front page links it); antsibull-docs leaves rst/ outside collections/
cp "$ROOT/CHANGELOG.rst" "$OUT/rst/changelog.rst"
"$OUT/build.sh" >"$WORK/sphinx.log" 2>&1 || {
  cat "$WORK/sphinx.log" >&2
  exit 1
}
pages="$(find "$OUT/build/html/collections/polystack/cloud" -name '*.html' | wc -l)"
echo "==> docsite: $pages pages of polystack.cloud in $OUT/build/html (open index.html)"
