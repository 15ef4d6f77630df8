#!/usr/bin/env bash
# make matrix: every ansible-core of tests/matrix/versions.txt, each on its Python, in a venv of its own
# (~/.cache/polystack/matrix/<core>-py<python>): ansible-test sanity (empty ignore file), ansible-test units, and the
# devcloud smoke (tests/integration/test_core_smoke.py: every module and the inventory, fork and module process
# compared). Needs the devcloud up and OS_CLIENT_CONFIG_FILE set (the Makefile does both).
#
#   tests/matrix/run.sh                 every row
#   tests/matrix/run.sh --skip-default  every row but the project venv's (make test has run the whole suite on it)
#   tests/matrix/run.sh --skip-default --quick
#                                       make test's quick mode: the devcloud smoke only on those rows (sanity and
#                                       units of every row are make matrix's: ~4 min a row that make test leaves)
#
# A supported row that fails makes the run fail. A prerelease row is run and reported, and allowed to fail.
# A missing Python fails the run, naming it: no version is ever skipped quietly.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/tests/matrix"
CACHE="${POLYSTACK_MATRIX_CACHE:-$HOME/.cache/polystack/matrix}"
PIP_FLAGS=(-q --disable-pip-version-check)
skip_default=0
quick=0
for arg in "$@"; do
  case "$arg" in
  --skip-default) skip_default=1 ;;
  --quick) quick=1 ;;
  *) echo "usage: $0 [--skip-default] [--quick]" >&2 && exit 2 ;;
  esac
done
default_core="$(cut -d' ' -f1 <<<"$("$HERE/find_python.sh" --default)")"

# what ansible-test units and the smoke need besides ansible-core (pinned as in requirements-dev.txt)
mapfile -t test_requirements < <(grep -E '^(pytest|pytest-timeout|mock|pytest-mock|pytest-xdist)==' "$ROOT/requirements-dev.txt")

# One row: its venv (made when missing or stale), then its steps. Writes its summary line into "$results/<n>", and
# "FAILED" into "$results/<n>.failed" when a supported row fails.
run_row() {
  local n="$1" core="$2" py="$3" kind="$4" label python venv stamp want result full_py log ok
  local -a steps=()
  label="ansible-core $core on Python $py ($kind)"
  if [ "$skip_default" = 1 ] && [ "$core" = "$default_core" ]; then
    echo "$label: the whole of make test ran on it (the project venv)" >"$results/$n"
    return
  fi
  echo "==> matrix: $label"
  if ! python="$("$HERE/find_python.sh" "$py")"; then
    echo "$label: FAILED - no Python $py on this machine" >"$results/$n"
    echo FAILED >"$results/$n.failed"
    return
  fi
  venv="$CACHE/$core-py$py"
  stamp="$venv/.installed"
  want="$core $("$python" -c 'import sys; print(sys.version.split()[0])') $(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" | cksum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    rm -rf "$venv"
    "$python" -m venv "$venv" &&
      "$venv/bin/pip" install "${PIP_FLAGS[@]}" -U pip &&
      "$venv/bin/pip" install "${PIP_FLAGS[@]}" "ansible-core==$core" -r "$ROOT/requirements.txt" "${test_requirements[@]}" &&
      echo "$want" >"$stamp"
  fi
  if [ ! -f "$stamp" ]; then
    result="FAILED - its venv could not be made"
  else
    full_py="$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')"
    label="ansible-core $("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)') on Python $full_py ($kind)"
    log="$CACHE/$core-py$py.log"
    ok=1
    rm -f "$log".*
    if [ "$quick" = 1 ]; then
      :
    elif ANSIBLE_TEST_BIN="$venv/bin" "$ROOT/tests/sanity/run.sh" sanity --python "$py" --color no >"$log.sanity" 2>&1; then
      steps+=("sanity ok")
    else
      steps+=("sanity FAILED ($log.sanity)")
      ok=0
    fi
    if [ "$quick" = 1 ]; then
      :
    elif ANSIBLE_TEST_BIN="$venv/bin" "$ROOT/tests/sanity/run.sh" units --python-interpreter "$venv/bin/python" --color no >"$log.units" 2>&1; then
      steps+=("units ok ($(grep -Eo '[0-9]+ passed' "$log.units" | tail -1))")
    else
      steps+=("units FAILED ($log.units)")
      ok=0
    fi
    if (cd "$ROOT" && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/integration/test_core_smoke.py) >"$log.smoke" 2>&1; then
      modules=("$ROOT"/plugins/modules/os_*.py)
      steps+=("smoke ok (${#modules[@]} modules + inventory; fork = module process)")
      [ "$quick" = 1 ] && steps+=("- quick mode: its sanity and unit tests are make matrix's")
    else
      steps+=("smoke FAILED ($log.smoke)")
      ok=0
    fi
    if [ "$ok" = 1 ]; then
      result="passed: ${steps[*]}"
    else
      result="${steps[*]}"
      tail -n 40 "$log".* 2>/dev/null | grep -v '^$' | tail -n 60
    fi
  fi
  if [[ "$result" == *FAILED* ]]; then
    if [ "$kind" = prerelease ]; then
      result="$result - allowed to fail: a pre-release"
    else
      echo FAILED >"$results/$n.failed"
    fi
  fi
  echo "$label: $result" >"$results/$n"
}

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
n=0
while read -r core py kind; do
  n=$((n + 1))
  if [ "$quick" = 1 ]; then
    # quick mode: the rows' smokes at once (each its own names, server on a named network, its own router), each
    # row's output kept apart and shown when it ends; sanity and units (make matrix) stay one row at a time
    run_row "$n" "$core" "$py" "$kind" >"$results/$n.out" 2>&1 &
  else
    run_row "$n" "$core" "$py" "$kind"
  fi
done < <(grep -v '^#' "$HERE/versions.txt" | grep .)
wait
cat "$results"/*.out 2>/dev/null

echo "==> matrix summary"
for ((i = 1; i <= n; i++)); do
  echo "  $(cat "$results/$i")"
done
if compgen -G "$results/*.failed" >/dev/null; then
  exit 1
fi
exit 0
