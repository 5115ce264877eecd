#!/usr/bin/env bash
# Remote round trips per module on a converged host: each task of bench/round-trips/tasks.txt
# (`name|task`) runs twice as root on one simulated host, and the second run's `--profile`
# count is printed with its `changed` count (0 means converged).
#
#   bench/round-trips.sh [swansible-playbook]     (default .build/release/swansible-playbook)
#
# It starts one host with scripts/hosts.sh (DIR /tmp/swansible-round-trips) and removes it.
set -euo pipefail
cd "$(dirname "$0")/.."
playbook_cmd=$(realpath "${1:-.build/release/swansible-playbook}")
work=/tmp/swansible-round-trips
export SWANSIBLE_HOSTS_DIR=$work/hosts
trap 'scripts/hosts.sh down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
scripts/hosts.sh up 1 swansible-rt-01 >/dev/null
cp -r bench/round-trips/files "$work/"
printf '%-16s %12s  %s\n' module "round trips" "second run"
while IFS='|' read -r name task; do
    printf -- '- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n    - %s\n' "$task" > "$work/pb.yml"
    (cd "$work" && "$playbook_cmd" -i hosts/inventory.ini pb.yml >/dev/null 2>&1) || true
    out=$(cd "$work" && "$playbook_cmd" --profile -i hosts/inventory.ini pb.yml 2>&1) || true
    trips=$(grep -o 'Remote: [0-9]* round trips' <<<"$out" | grep -o '[0-9]*' || echo '?')
    changed=$(grep -o 'changed=[0-9]*' <<<"$out" | head -1)
    printf '%-16s %12s  %s\n' "$name" "$trips" "$changed"
done < bench/round-trips/tasks.txt
