#!/usr/bin/env bash
# Installs what building and testing Swansible needs on a fresh Debian 12 machine:
# the C libraries, Docker (engine started if none answers), the simulated CoreOS host image,
# and, when PyPI answers, the oracles (ansible-core, Jinja2, PyYAML) in .oracle-venv. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in libssh2-1-dev libssl-dev libyaml-dev docker.io debootstrap openssh-client python3-venv; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

scripts/ensure-docker.sh
scripts/build-host-image.sh

# The tests run without the oracles (stored answers): a machine that cannot reach PyPI still tests.
scripts/setup-oracle.sh || echo "setup: warning: no .oracle-venv; tests use the stored oracle answers," \
    "'make oracle-record'/'make oracle-check' and the benchmarks need it" >&2
