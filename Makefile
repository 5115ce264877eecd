# The two commands of the README: `make demo` (the main job) and `make test`.
SWIFT ?= swift
ORACLE_PYTHON ?= $(CURDIR)/.oracle-venv/bin/python
RUN_DIR ?= $(CURDIR)/.run

.PHONY: setup build release test demo hosts-up hosts-down bench clean

setup:
	scripts/setup-machine.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

test: setup
	$(SWIFT) build --build-tests
	SWANSIBLE_ORACLE_PYTHON=$(ORACLE_PYTHON) $(SWIFT) test

demo: setup release
	scripts/demo.sh

bench: setup release
	bench/run.sh

clean:
	rm -rf .build .run
