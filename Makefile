# The two commands of the README: `make demo` (the main job) and `make test`.
SWIFT ?= swift
ORACLE_PYTHON ?= $(CURDIR)/.oracle-venv/bin/python
RUN_DIR ?= $(CURDIR)/.run

.PHONY: setup build release test demo hosts-up hosts-down bench clean oracle oracle-record oracle-check

setup:
	scripts/setup-machine.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The conformance suites compare with the oracle answers stored beside their corpora (no Python
# needed); the oracle python is passed on for the integration test of ansible's SSH wording.
test: setup
	$(SWIFT) build --build-tests
	SWANSIBLE_ORACLE_PYTHON=$(ORACLE_PYTHON) $(SWIFT) test

# The oracles (.oracle-venv), and the stored answers rewritten from them or checked against them.
oracle:
	scripts/setup-oracle.sh

oracle-record:
	SWIFT=$(SWIFT) scripts/oracle-answers.sh record

oracle-check:
	SWIFT=$(SWIFT) scripts/oracle-answers.sh check

demo: setup release
	scripts/demo.sh

bench: setup release
	bench/run.sh

clean:
	rm -rf .build .run
