# polystack.cloud — the targets a newcomer uses. Run as root on a fresh Debian/Ubuntu machine,
# or as a user who already has python3-venv, gcc and python3-dev (and MariaDB/RabbitMQ for the devcloud).
SHELL := /bin/bash
# the project venv: the newest supported ansible-core whose Python this machine has (tests/matrix/versions.txt);
# CORE=2.19.14 PYTHON=python3.11 make venv picks another pair (the venv is rebuilt when the pair changes)
DEFAULT_PAIR := $(shell tests/matrix/find_python.sh --default 2>/dev/null)
CORE ?= $(word 1,$(DEFAULT_PAIR))
PYTHON ?= $(or $(word 2,$(DEFAULT_PAIR)),python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
DEVCLOUD := devcloud/devcloud
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := build/polystack-cloud-$(VERSION).tar.gz
COLLECTIONS := .ansible/collections
PIP := $(BIN)/pip install -q --disable-pip-version-check
PYTEST_ARGS ?=
# make test's pytest workers for the test files that can share the devcloud (0: one after the other); the files
# that need it to themselves (tests/conftest.py ALONE) run after them, one at a time
WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: FORCE help demo test venv os-packages collection lint unit integration \
        devcloud-up devcloud-down devcloud-status devcloud-reset devcloud-purge \
        gates sanity ansible-test-units ansible-lint changelog-lint changelog docs ee-check shellcheck \
        bench bench-quick bench-cores soak fault-sweep matrix

help:
	@echo "make demo             the main job: the same server, image, key and object on every devcloud cloud"
	@echo "                      and region at once (CLOUDS=\"a b:RegionTwo\": your clouds.yaml's; CLEANUP=1)"
	@echo "make test             everything CI runs (lint, unit tests, integration tests on the devcloud)"
	@echo "make collection       build the collection tarball and install it into $(COLLECTIONS)"
	@echo "make gates            the collection's quality gates (in make test): sanity ansible-test-units"
	@echo "                      ansible-lint changelog-lint docs ee-check; make docs: the docsite in build/docs"
	@echo "make changelog        rewrite CHANGELOG.rst from changelogs/fragments"
	@echo "make matrix           sanity, unit tests and the devcloud smoke on every supported ansible-core"
	@echo "                      (tests/matrix/versions.txt; make test runs its quick mode, the smoke, on the others)"
	@echo "make bench            side by side with openstack.cloud 2.6.0 on the devcloud -> benchmarks/RESULTS.md"
	@echo "                      and benchmarks/results.svg (inventory at 50/200/1000 servers: ~1 h; one target:"
	@echo "                      BENCH_ARGS=\"--only inventory --servers 50,200\"); make bench-quick: 1 run, small"
	@echo "                      items (make test runs it once)"
	@echo "make soak             20 workers create/delete servers, images, objects on every devcloud cloud for"
	@echo "                      10 minutes (SOAK_SECONDS, SOAK_WORKERS); then counts: nothing leaked (docs/reliability.md)"
	@echo "make fault-sweep      every request of every module step under each injected fault (long)"
	@echo "make devcloud-up|devcloud-down|devcloud-status|devcloud-reset|devcloud-purge"
	@echo "ad-hoc use: source $(VENV)/bin/activate && eval \"\$$($(DEVCLOUD) env)\""

# -- the project venv ---------------------------------------------------------------
venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt tests/matrix/versions.txt FORCE
	@want="ansible-core $(CORE) on $$($(PYTHON) -c 'import sys; print(sys.version.split()[0])' 2>/dev/null)"; \
	  if [ -f $@ ] && [ "$$(cat $@)" = "$$want" ] && [ ! requirements.txt -nt $@ ] && [ ! requirements-dev.txt -nt $@ ]; then exit 0; fi; \
	  [ -n "$(CORE)" ] || { tests/matrix/find_python.sh --default >/dev/null; exit 1; }; \
	  echo "==> project venv $(VENV): $$want (runtime requirements, test tools)"; \
	  $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || $(MAKE) --no-print-directory os-packages; \
	  if [ -f $@ ] && [ "$$(cat $@)" != "$$want" ]; then rm -rf $(VENV); fi; \
	  [ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV); \
	  $(PIP) -U pip && $(PIP) ansible-core==$(CORE) -r requirements-dev.txt && echo "$$want" > $@

FORCE:

os-packages:
	@if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
	  echo "missing: Python's venv module. Install it (Debian/Ubuntu: sudo apt-get install -y python3-venv python3-dev gcc) and run make again." >&2; \
	  exit 1; fi
	@echo "==> Debian packages python3-venv python3-dev gcc"
	@apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv python3-dev gcc >/dev/null

# -- the collection, installed from a freshly built tarball -------------------------------
collection: venv
	@rm -rf build && mkdir -p build
	@$(BIN)/ansible-galaxy collection build --force --output-path build . >/dev/null
	@$(BIN)/ansible-galaxy collection install --force -p $(COLLECTIONS) $(TARBALL) >/dev/null
	@echo "==> installed polystack.cloud $(VERSION) from $(TARBALL) into $(COLLECTIONS)"

# -- the devcloud ---------------------------------------------------------------------
devcloud-up:
	@$(DEVCLOUD) up
devcloud-down:
	@$(DEVCLOUD) down
devcloud-status:
	@$(DEVCLOUD) status
devcloud-reset:
	@$(DEVCLOUD) reset
devcloud-purge:
	@$(DEVCLOUD) purge

# -- the main job -----------------------------------------------------------------------
# playbooks/multi_cloud_demo.yml on the devcloud's user clouds (both network models, both regions), every cloud
# region at once; CLOUDS="a b:RegionTwo": on your own clouds.yaml's clouds instead (no devcloud); CLEANUP=1: and
# delete everything it made at the end. A second run changes nothing.
CLOUDS ?=
CLEANUP ?=
DEMO_CLOUDS := devcloud-fip devcloud-direct devcloud-appcred
demo: collection $(if $(CLOUDS),,devcloud-up)
	@echo "==> the multi-cloud demo on $(or $(CLOUDS),the devcloud's $(DEMO_CLOUDS)), every region at once$(if $(filter 1 true yes,$(CLEANUP)), and then cleaned up)"
	@$(if $(CLOUDS),,export OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) &&) \
	  ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_FORKS=$${ANSIBLE_FORKS:-12} $(BIN)/ansible-playbook playbooks/multi_cloud_demo.yml \
	  -e '{"clouds": "$(or $(CLOUDS),$(DEMO_CLOUDS))", "cleanup": $(if $(filter 1 true yes,$(CLEANUP)),true,false)}'
	@echo
	@echo "Again: make demo (nothing changes)   Clean up: make demo CLEANUP=1   Your clouds: make demo CLOUDS=\"a b\""
	@echo "Try it ad hoc:  source $(VENV)/bin/activate && eval \"\$$($(DEVCLOUD) env)\""

# -- tests --------------------------------------------------------------------------------
lint: venv
	@echo "==> ruff"
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

unit: venv
	@echo "==> unit tests"
	@$(BIN)/pytest -q $(PYTEST_ARGS) tests/unit

integration: collection devcloud-up
	@echo "==> integration tests on the devcloud"
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) $(BIN)/pytest -q $(PYTEST_ARGS) tests/integration

# -- quality gates of an Ansible collection (scripts in tests/sanity, tests/ee, docs/, changelogs/) ---------
PYVER = $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)

gates: sanity ansible-test-units ansible-lint changelog-lint docs ee-check

sanity: venv shellcheck
	@echo "==> ansible-test sanity: every test, the collection as built, empty ignore file"
	@tests/sanity/run.sh sanity --python $(PYVER) --color no

ansible-test-units: venv
	@echo "==> ansible-test units: tests/unit collected by ansible-test's pytest, in the project venv"
	@tests/sanity/run.sh units --python-interpreter $(BIN)/python --color no

ansible-lint: collection
	@echo "==> ansible-lint, production profile (.ansible-lint): roles/, playbooks/"
	@PATH=$(BIN):$$PATH $(BIN)/ansible-lint

changelog-lint: venv
	@echo "==> antsibull-changelog lint"
	@$(BIN)/antsibull-changelog lint
	@changelogs/generate.sh --check >/dev/null 2>&1 || echo "WARNING: CHANGELOG.rst is out of date: make changelog"

changelog: venv
	@changelogs/generate.sh

docs: venv
	@docs/build.sh build/docs

ee-check: venv
	@echo "==> ansible-builder: the build contexts of tests/ee/execution-environment.yml and of the README's, introspected"
	@tests/ee/check.sh

# ansible-test sanity runs shellcheck on the collection's shell scripts
shellcheck:
	@command -v shellcheck >/dev/null || { \
	  if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
	    echo "missing: shellcheck (Debian/Ubuntu: sudo apt-get install -y shellcheck), for ansible-test sanity" >&2; \
	    exit 1; fi; \
	  echo "==> Debian package shellcheck"; \
	  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q shellcheck >/dev/null; }

# -- benchmarks (benchmarks/bench.py; the baseline venv: benchmarks/baseline-venv.sh, cached in ~/.cache) ----
bench: venv devcloud-up
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) $(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) $(BIN)/python benchmarks/overhead_by_core.py

# the per-task overhead on every ansible-core of tests/matrix/versions.txt (their venvs: make matrix)
bench-cores: venv devcloud-up
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) $(BIN)/python benchmarks/overhead_by_core.py

bench-quick: venv devcloud-up
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) $(BIN)/python benchmarks/bench.py --quick

# -- reliability (tests/reliability; a quick soak and the fault tests run in make test) ---------------------
soak: collection devcloud-up
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) $(BIN)/python tests/reliability/soak.py $(SOAK_ARGS)

fault-sweep: collection devcloud-up
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) $(BIN)/python tests/reliability/sweep.py $(SWEEP_ARGS)

# one pytest run over everything, so that its closing line counts every test; then the devcloud smoke on the other
# ansible-core releases (the matrix's quick mode: their sanity and unit tests are make matrix's)
test: lint collection gates devcloud-up
	@echo "==> pytest: unit + integration on the devcloud ($$(cat $(VENV)/.installed)), $(WORKERS) files at a time, from $$(date -u +%T) UTC"
	@export OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml); rc=0; \
	  $(BIN)/pytest -q -ra -n $(WORKERS) --dist loadfile -m "not alone" $(PYTEST_ARGS) tests/unit tests/integration || rc=$$?; \
	  echo "==> pytest: the files that need the devcloud to themselves (tests/conftest.py ALONE), from $$(date -u +%T) UTC"; \
	  $(BIN)/pytest -q -ra -m alone $(PYTEST_ARGS) tests/integration || rc=$$?; \
	  exit $$rc
	@echo "==> the other ansible-core releases, from $$(date -u +%T) UTC"
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) tests/matrix/run.sh --skip-default --quick
	@echo "==> make test: passed, at $$(date -u +%T) UTC"

# -- the ansible-core matrix (tests/matrix/versions.txt): sanity, units and the devcloud smoke on each release -----
matrix: collection devcloud-up
	@OS_CLIENT_CONFIG_FILE=$$($(DEVCLOUD) status --clouds-yaml) tests/matrix/run.sh
