#!/usr/bin/env bash
# The README's main job, end to end, as a user runs it: `make up` on a new cluster, the cluster
# checked from outside (scripts/cluster-check.sh), `make up` again (every host changed=0),
# `--check --diff` (no change predicted), `make smoketest`, the example inventory for real
# machines loaded, `make down` (no container, network or inventory left); then the one-member
# branch of the etcd role: ETCD_NODES=1 WORKER_NODES=1 make up, checked, and down. Exit 1 on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
log=.run/e2e
# The build `make test` already made (CONFIG=release for the README's exact build).
export CONFIG=${CONFIG:-debug}
mkdir -p "$log"
fail() { echo "kubernetes-e2e: $*" >&2; exit 1; }
hosts=6
recap_ok() { # every recap line of $1 has failed=0 and unreachable=0 (and changed=0 with $2 = idle)
    local lines
    lines=$(grep -E '^[a-z0-9-]+ +: ok=' "$1") || fail "no PLAY RECAP in $1"
    [ "$(echo "$lines" | wc -l)" -eq "$hosts" ] || fail "expected $hosts hosts in the recap of $1"
    ! echo "$lines" | grep -Eq 'failed=[1-9]|unreachable=[1-9]' || fail "a host failed in $1"
    [ "${2:-}" != idle ] || ! echo "$lines" | grep -Eq 'changed=[1-9]' || fail "the second run changed something: $(grep -E 'changed=[1-9]' "$1")"
}
cleanup() { scripts/cluster.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup

start=$(date +%s)
make --no-print-directory up >"$log/up-1.txt" 2>&1 || { tail -40 "$log/up-1.txt"; fail "make up failed"; }
recap_ok "$log/up-1.txt"
echo "kubernetes-e2e: make up (new cluster) passed in $(( $(date +%s) - start ))s"

scripts/cluster-check.sh >"$log/check.txt" 2>&1 || { cat "$log/check.txt"; fail "the cluster is not in the promised state"; }
echo "kubernetes-e2e: $(grep -c '^ok' "$log/check.txt") checks of the cluster passed"

start=$(date +%s)
make --no-print-directory up >"$log/up-2.txt" 2>&1 || { tail -40 "$log/up-2.txt"; fail "the second make up failed"; }
recap_ok "$log/up-2.txt" idle
grep -q 'reusing the running hosts' "$log/up-2.txt" || fail "the second make up did not reuse the hosts"
echo "kubernetes-e2e: make up (again) changed nothing, in $(( $(date +%s) - start ))s"

.build/$CONFIG/swansible-playbook -i inventory kubernetes.yml --check --diff >"$log/check-mode.txt" 2>&1 \
    || { tail -40 "$log/check-mode.txt"; fail "--check --diff on the configured cluster failed"; }
recap_ok "$log/check-mode.txt" idle
echo "kubernetes-e2e: --check --diff on the configured cluster predicts no change"

make --no-print-directory smoketest >"$log/smoketest.txt" 2>&1 || { tail -40 "$log/smoketest.txt"; fail "make smoketest failed"; }
recap_ok "$log/smoketest.txt" idle
! grep -q 'TASK \[etcd : Configure etcd-member\]' "$log/smoketest.txt" || fail "--tags test ran a configuration task"
echo "kubernetes-e2e: make smoketest passed ($(grep -c '^TASK ' "$log/smoketest.txt") tasks)"

# The example inventory for real machines, uncommented, names the same hosts and groups.
sed -n 's/^# \{0,1\}\(\[.*\]\|[a-z].*ansible_host=.*\|ansible_.*\)$/\1/p' inventory/flatcar.example >"$log/flatcar.ini"
.build/$CONFIG/swansible-playbook -i "$log/flatcar.ini" kubernetes.yml --list-hosts >"$log/flatcar-hosts.txt" 2>&1 \
    || { cat "$log/flatcar-hosts.txt"; fail "inventory/flatcar.example, uncommented, does not load"; }
[ "$(grep -c 'hosts (6)' "$log/flatcar-hosts.txt" || true)" -ge 1 ] || { cat "$log/flatcar-hosts.txt"; fail "inventory/flatcar.example does not list the 6 hosts"; }

run_id=$(cat .run/cluster/run-id)
make --no-print-directory down >"$log/down.txt" 2>&1 || { cat "$log/down.txt"; fail "make down failed"; }
[ -z "$(docker ps -aq --filter "label=swansible.run=$run_id")" ] || fail "make down left containers"
! docker network inspect "swansible-$run_id" >/dev/null 2>&1 || fail "make down left the network"
[ ! -e inventory/simulated.yml ] || fail "make down left inventory/simulated.yml"
echo "kubernetes-e2e: make down removed everything"

hosts=3
start=$(date +%s)
ETCD_NODES=1 WORKER_NODES=1 make --no-print-directory up >"$log/up-single.txt" 2>&1 \
    || { tail -40 "$log/up-single.txt"; fail "make up of a single etcd member failed"; }
recap_ok "$log/up-single.txt"
scripts/cluster-check.sh >"$log/check-single.txt" 2>&1 || { cat "$log/check-single.txt"; fail "the one-member cluster is not in the promised state"; }
make --no-print-directory down >/dev/null 2>&1
echo "kubernetes-e2e: one etcd member, one worker: up, $(grep -c '^ok' "$log/check-single.txt") checks passed, down, in $(( $(date +%s) - start ))s"
