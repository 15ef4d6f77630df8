#!/usr/bin/env bash
# find_python.sh X.Y: the path of a Python X.Y interpreter: python X.Y on PATH, else one under `pyenv root`.
# find_python.sh --default: "ansible-core python-path" of the newest supported row of versions.txt whose Python
# this machine has (the project venv's pair). Fails naming what is missing; never picks another version quietly.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"

find_python() {
  local want="$1" p root
  for p in "python$want" "/usr/bin/python$want" "/usr/local/bin/python$want"; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$want'" 2>/dev/null; then
      command -v "$p"
      return 0
    fi
  done
  root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
  while read -r p; do
    [ -n "$p" ] || continue
    if "$p" -c 'import venv, ensurepip' 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done < <(find "$root/versions" -mindepth 3 -maxdepth 3 -path "$root/versions/$want.*/bin/python$want" 2>/dev/null | sort -V -r)
  return 1
}

if [ "${1:-}" = "--default" ]; then
  while read -r core py kind; do
    [ "$kind" = supported ] || continue
    if p="$(find_python "$py")"; then
      echo "$core $p"
      exit 0
    fi
  done < <(grep -v '^#' "$HERE/versions.txt" | grep . | sort -V -r)
  echo "no Python for any supported ansible-core (tests/matrix/versions.txt): install python3.13, 3.12 or 3.11" >&2
  exit 1
fi

want="${1:?usage: find_python.sh X.Y | --default}"
if ! find_python "$want"; then
  echo "missing: Python $want (with venv and ensurepip), needed by tests/matrix/versions.txt; looked for python$want on PATH and under $(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")/versions/$want.*; install it (pyenv install $want, or Debian/Ubuntu: apt-get install python$want-venv)" >&2
  exit 1
fi
