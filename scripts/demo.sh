#!/usr/bin/env bash
# The main job of the walking skeleton: start two simulated CoreOS hosts, run the demo
# playbook against them, run it again (it must report changed=0 everywhere), remove the hosts.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWANSIBLE_HOSTS_DIR="$PWD/.run/hosts"
scripts/hosts.sh down >/dev/null 2>&1 || true
scripts/hosts.sh up 2 demo-01 demo-02
trap 'scripts/hosts.sh down' EXIT
playbook="$(swift build -c release --show-bin-path)/swansible-playbook"
"$playbook" -i "$SWANSIBLE_HOSTS_DIR/inventory.ini" playbooks/demo.yml
echo
echo "== Second run: nothing to change"
"$playbook" -i "$SWANSIBLE_HOSTS_DIR/inventory.ini" playbooks/demo.yml | tee .run/second-run.txt
if grep -Eq 'changed=[1-9]' .run/second-run.txt; then
    echo "demo: the second run changed something: not idempotent" >&2
    exit 1
fi
