# The two commands of the README: `make up` (the main job) and `make test`.
SWIFT ?= swift
ORACLE_PYTHON ?= $(CURDIR)/.oracle-venv/bin/python
RUN_DIR ?= $(CURDIR)/.run

.PHONY: targets help install uninstall setup setup-hosts build release test e2e test-roles man install-check up down smoketest bench clean oracle oracle-record oracle-check

help:
	@echo "make up          build, start the simulated Kubernetes-on-CoreOS cluster, run kubernetes.yml"
	@echo "make smoketest   run kubernetes.yml --tags test against it"
	@echo "make down        remove the cluster (containers, network, keys, CA, inventory/simulated.yml)"
	@echo "make test-roles  swansible test role R for every flagship role (molecule scenarios)"
	@echo "make test        install what is needed, run every test (ends with the cluster end to end)"
	@echo "make setup       install what building and testing need (apt, Docker, host image, oracles)"
	@echo "make release     swift build -c release (.build/release/swansible-playbook, swansible)"
	@echo "make install     both commands in PREFIX/bin (default /usr/local), Swift runtime linked in, with completions and man pages"
	@echo "make install-check  the installed commands tried in a clean Debian container without Swift"
	@echo "make man         regenerate docs/man (one page per command and subcommand) from the command lines"
	@echo "make bench       Swansible against ansible-core (defaults, pipelining, Mitogen) on the same hosts; bench/results/"
	@echo "make oracle-check / oracle-record   compare / rewrite the stored oracle answers"
	@echo "make targets     ansible-core's own integration targets with ansible-core and Swansible (docs/ansible-targets.md)"

setup:
	scripts/setup-machine.sh

# What the main job needs: no oracles.
setup-hosts:
	scripts/setup-machine.sh --no-oracle

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The conformance suites compare with the oracle answers stored beside their corpora (no Python
# needed); the oracle python is passed on for the integration test of ansible's SSH wording.
test: setup
	$(SWIFT) build --build-tests
	SWANSIBLE_ORACLE_PYTHON=$(ORACLE_PYTHON) $(SWIFT) test
	$(MAKE) e2e
	scripts/test-roles.sh .build/debug

# The README's main job end to end: make up, the cluster checked from outside, make up again
# (changed=0), make smoketest, make down (nothing left).
e2e:
	scripts/kubernetes-e2e.sh

# Each flagship role's molecule scenario, with `swansible test` (builds what it runs).
test-roles: setup-hosts
	$(SWIFT) build --product swansible
	$(SWIFT) build --product swansible-playbook
	scripts/test-roles.sh .build/debug

# The oracles (.oracle-venv), and the stored answers rewritten from them or checked against them.
oracle:
	scripts/setup-oracle.sh

oracle-record:
	SWIFT=$(SWIFT) scripts/oracle-answers.sh record

oracle-check:
	SWIFT=$(SWIFT) scripts/oracle-answers.sh check

# The flagship job: the simulated Kubernetes-on-CoreOS cluster (scripts/cluster.sh), then
# kubernetes.yml against it. A second `make up` reuses the hosts and changes nothing.
# CONFIG=debug reuses the tests' build (scripts/kubernetes-e2e.sh does, after `swift test`).
CONFIG ?= release
PLAYBOOK = .build/$(CONFIG)/swansible-playbook

up: setup-hosts
	$(SWIFT) build -c $(CONFIG) --product swansible-playbook
	scripts/cluster.sh up
	$(PLAYBOOK) -i inventory kubernetes.yml

smoketest:
	$(SWIFT) build -c $(CONFIG) --product swansible-playbook
	$(PLAYBOOK) -i inventory kubernetes.yml --tags test

down:
	scripts/cluster.sh down

# Swansible against ansible-core, ansible-core with pipelining and Mitogen on the same simulated
# hosts (about 40 minutes on 2 cores; bench/bench.py --help for fewer workloads or runs).
bench: setup
	bench/bench.py

# The man pages, generated from the command-line declarations by swift-argument-parser's plugin
# (about 4 minutes the first time: it builds the commands in release mode). CommandLineBasicsTests
# fail when a command has no page.
man:
	rm -rf .build/man && mkdir -p .build/man
	$(SWIFT) package --allow-writing-to-package-directory generate-manual --multi-page --output-directory .build/man
	rm -f .build/man/*.help.1 && rm -rf docs/man && mkdir -p docs/man && cp .build/man/*.1 docs/man/

# One file per command, the Swift runtime linked in (needs the system's libssh2-1, libyaml-0-2, libssl3).
PREFIX ?= /usr/local
install:
	$(SWIFT) build -c release --static-swift-stdlib --build-path .build-static
	scripts/install.sh .build-static/release $(PREFIX)

# make install into a staging directory, then --version and an ad-hoc ping from a container
# without Swift to a simulated host (about 3 minutes, most of it the static release build).
install-check: setup-hosts
	scripts/static-binary-check.sh

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/swansible-playbook $(DESTDIR)$(PREFIX)/bin/swansible
	rm -rf $(DESTDIR)$(PREFIX)/share/swansible
	rm -f $(DESTDIR)$(PREFIX)/share/man/man1/swansible-playbook.1 $(DESTDIR)$(PREFIX)/share/man/man1/swansible.*1 $(DESTDIR)$(PREFIX)/share/man/man1/swansible.1
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/swansible-playbook $(DESTDIR)$(PREFIX)/share/bash-completion/completions/swansible
	rm -f $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_swansible-playbook $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_swansible
	rm -f $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/swansible-playbook.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/swansible.fish

clean:
	rm -rf .build .build-static .run

# ansible-core's own integration targets (the SPECS list of scripts/ansible-targets.sh), run with
# ansible-playbook (.oracle-venv) and with the release swansible-playbook; the results table goes
# to docs/ansible-targets.md. TARGETS="a b" runs only those; TARGETS_FLAGS=-s puts in the shim
# that replaces setup_remote_tmp_dir's `tempfile`.
TARGETS_SDIST ?= $(CURDIR)/.run/ansible_core-2.19.14.tar.gz
TARGETS_WORK ?= /tmp/swansible-targets
TARGETS ?=
TARGETS_FLAGS ?=
TARGETS_TIMEOUT ?= 300
targets:
	$(SWIFT) build -c release --product swansible-playbook
	test -f $(TARGETS_SDIST) || .oracle-venv/bin/pip download --no-deps --no-binary :all: ansible-core==2.19.14 -d $(dir $(TARGETS_SDIST))
	rm -rf $(TARGETS_WORK)/ws $(TARGETS_WORK)/ws-shim $(TARGETS_WORK)/results $(TARGETS_WORK)/results-shim
	TIMEOUT=$(TARGETS_TIMEOUT) SDIST=$(TARGETS_SDIST) VENV=.oracle-venv SWANSIBLE=.build/release/swansible-playbook WORK=$(TARGETS_WORK) \
		scripts/ansible-targets.sh $(TARGETS_FLAGS) $(TARGETS)
	scripts/ansible-targets-table.sh $(TARGETS_WORK)/results$(if $(findstring -s,$(TARGETS_FLAGS)),-shim)/summary.tsv > docs/ansible-targets.md
