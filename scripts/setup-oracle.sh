#!/usr/bin/env bash
# Creates .oracle-venv with the PyPI oracles (ansible-core 2.19, Jinja2 3.1, PyYAML, passlib). The tests do
# not need it (they compare with stored answers); recording or checking those answers
# (scripts/oracle-answers.sh) and the benchmarks do. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .oracle-venv/bin/ansible-playbook ]; then
    echo "setup: creating .oracle-venv (ansible-core 2.19, Jinja2, PyYAML) as test oracles"
    python3 -m venv .oracle-venv
    .oracle-venv/bin/pip install -q 'ansible-core==2.19.*' 'jinja2==3.1.*' pyyaml
fi
# passlib: ansible-core hashes with it (vars_prompt's encrypt, password_hash).
.oracle-venv/bin/python -c 'import passlib' 2>/dev/null || .oracle-venv/bin/pip install -q passlib
