#!/usr/bin/env bash
# Benchmark (not a test): the demo playbook, already converged, run against the same two
# simulated CoreOS hosts by swansible-playbook and, when .oracle-venv has it, by ansible-core's
# ansible-playbook (the hosts then come from the image with python3, which only ansible needs).
# Prints mean wall times, their ratio, and swansible's time per task per host.
#   RUNS=5 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
PLAYBOOK=${PLAYBOOK:-playbooks/demo.yml}
ANSIBLE=.oracle-venv/bin/ansible-playbook
export SWANSIBLE_HOSTS_DIR="$PWD/.run/bench-hosts"
image=swansible/coreos-sim:latest
if [ -x "$ANSIBLE" ]; then
    scripts/build-host-image.sh --with-python >/dev/null
    image=swansible/coreos-sim-python:latest
fi
scripts/hosts.sh down >/dev/null 2>&1 || true
SWANSIBLE_HOST_IMAGE=$image scripts/hosts.sh up 2 demo-01 demo-02 >/dev/null
trap 'scripts/hosts.sh down >/dev/null 2>&1' EXIT
inventory="$SWANSIBLE_HOSTS_DIR/inventory.ini"
swansible="$(swift build -c release --show-bin-path)/swansible-playbook"
out=.run/bench-out.txt

now() { date +%s.%N; }
# Runs "$@" RUNS times; prints the mean seconds. The last run's output stays in $out.
mean_time() {
    local total=0 start end
    for _ in $(seq "$RUNS"); do
        start=$(now)
        "$@" >"$out" 2>&1 || { cat "$out" >&2; echo "bench: run failed: $*" >&2; exit 1; }
        end=$(now)
        total=$(awk -v t="$total" -v s="$start" -v e="$end" 'BEGIN { print t + e - s }')
    done
    awk -v t="$total" -v n="$RUNS" 'BEGIN { print t / n }'
}
# Task results per host summed over the recap (ok + failed + skipped + unreachable).
task_results() {
    grep -E '^[^ ].* : ok=' "$out" | sed -E 's/.*ok=([0-9]+).*unreachable=([0-9]+).*failed=([0-9]+).*skipped=([0-9]+).*/\1 \2 \3 \4/' \
        | awk '{ n += $1 + $2 + $3 + $4 } END { print n }'
}

"$swansible" -i "$inventory" "$PLAYBOOK" >/dev/null  # converge first
sw=$(mean_time "$swansible" -i "$inventory" "$PLAYBOOK")
results=$(task_results)
grep -Eq 'changed=[1-9]' "$out" && echo "bench: warning: swansible's converged run changed something" >&2
printf 'swansible-playbook  converged run: %7.3f s  (mean of %d; %d task results; %.1f ms per task per host)\n' \
    "$sw" "$RUNS" "$results" "$(awk -v t="$sw" -v n="$results" 'BEGIN { print t * 1000 / n }')"

if [ -x "$ANSIBLE" ]; then
    export ANSIBLE_PYTHON_INTERPRETER=auto_silent ANSIBLE_HOST_KEY_CHECKING=False
    "$ANSIBLE" -i "$inventory" "$PLAYBOOK" >/dev/null 2>&1 || true  # warm caches, settle state
    an=$(mean_time "$ANSIBLE" -i "$inventory" "$PLAYBOOK")
    grep -Eq 'changed=[1-9]' "$out" && echo "bench: warning: ansible's converged run changed something" >&2
    printf 'ansible-playbook    converged run: %7.3f s  (mean of %d, ansible-core %s)\n' "$an" "$RUNS" \
        "$("$ANSIBLE" --version | head -1 | sed 's/.*core //; s/]//')"
    printf 'ratio ansible/swansible: %.1fx\n' "$(awk -v a="$an" -v s="$sw" 'BEGIN { print a / s }')"
else
    echo "ansible-playbook: not measured (no .oracle-venv; run 'make setup')"
fi
