#!/bin/sh
# `swansible test role R` for every role of the flagship content that has a molecule scenario,
# one after the other, then a table of results and times. Exits non-zero when one fails.
#
#   scripts/test-roles.sh [BIN_DIR]     (default .build/debug)
set -eu
cd "$(dirname "$0")/.."
bin=${1:-.build/debug}
log_dir=${TMPDIR:-/tmp}/swansible-test-roles.$$
mkdir -p "$log_dir"
status=0
table=""
for scenario in roles/*/molecule/default/molecule.yml; do
    role=$(basename "$(dirname "$(dirname "$(dirname "$scenario")")")")
    start=$(date +%s)
    if "$bin/swansible" test role "$role" >"$log_dir/$role.log" 2>&1; then
        result=passed
    else
        result=FAILED
        status=1
        echo "test-roles: $role failed; its output:" >&2
        cat "$log_dir/$role.log" >&2
    fi
    table="$table$(printf '  %-18s %-7s %4ss' "$role" "$result" "$(( $(date +%s) - start ))")
"
done
printf 'swansible test role, for each flagship role:\n%s' "$table"
rm -rf "$log_dir"
exit "$status"
