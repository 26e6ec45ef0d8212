# prodgrade.aws: the two commands a newcomer needs are `make demo` and `make test`; both set up from nothing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PRODGRADE_EMULATOR_PORT ?= 5100
# pytest exit code 5 means "no tests ran": a test tier that collects nothing is a failure here, not a pass.
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider

.PHONY: help setup demo test unit emulator-test integration lint sanity build molecule bench endpoint-start endpoint-stop clean

help:
	@echo "make demo   - set up, start the local AWS endpoint, run site.yml twice against it"
	@echo "make test   - set up and run every test: unit, emulator, lint, build, sanity, molecule, integration"
	@echo "make bench  - time the site converge and no-op, prod vs a hand-written playbook, the security baseline at scale -> docs/BENCHMARKS.md"

setup:
	@scripts/setup.sh

endpoint-start: setup
	@emulator/ctl start

endpoint-stop:
	@emulator/ctl stop

demo: setup endpoint-start
	@scripts/demo.sh

test: setup
	@scripts/test.sh

unit: setup
	$(PYTEST) tests/unit

emulator-test: setup
	$(PYTEST) tests/emulator

integration: setup
	scripts/test.sh integration

lint: setup
	$(BIN)/ansible-lint
	$(BIN)/black --check plugins tests emulator scripts
	$(BIN)/ruff check plugins tests emulator scripts

build: setup
	scripts/build-collection.sh

sanity: setup
	scripts/sanity.sh

molecule: setup endpoint-start
	scripts/molecule.sh

# BENCH_ARGS picks parts, e.g. make bench BENCH_ARGS="--only handwritten" or BENCH_ARGS="--only scale --scale 2".
bench: setup endpoint-start
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

clean:
	-emulator/ctl stop
	rm -rf build tests/output .cache
