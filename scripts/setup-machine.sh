#!/usr/bin/env bash
# Installs what building and testing Swansible needs on a fresh Debian 12 machine:
# the C libraries, Docker (engine started if none answers), the simulated CoreOS host image,
# and the PyPI oracles (ansible-core, Jinja2, PyYAML) in .oracle-venv. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in libssh2-1-dev libyaml-dev docker.io debootstrap openssh-client python3-venv; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

scripts/ensure-docker.sh
scripts/build-host-image.sh

if [ ! -x .oracle-venv/bin/ansible-playbook ]; then
    echo "setup: creating .oracle-venv (ansible-core 2.19, Jinja2, PyYAML) as test oracles"
    python3 -m venv .oracle-venv
    .oracle-venv/bin/pip install -q 'ansible-core==2.19.*' 'jinja2==3.1.*' pyyaml
fi
