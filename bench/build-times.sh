#!/usr/bin/env bash
# Benchmark (not a test): how long an incremental debug build takes after a small edit in one
# file of each stage, for the checkout it runs in (or DIR=...). Two kinds of edit, each undone
# afterwards:
#   body         a comment appended (the file recompiles; what it declares does not change,
#                like editing inside a function)
#   declaration  a private function appended (what the file declares changes)
# Run it on two commits to compare, e.g. before and after a target split:
#   bench/build-times.sh                    # this checkout
#   DIR=/path/to/other/checkout bench/build-times.sh
# Each edit is built RUNS times (default 3); the median wall time in seconds is printed.
set -euo pipefail
DIR=${DIR:-$(cd "$(dirname "$0")/.." && pwd)}
RUNS=${RUNS:-3}
cd "$DIR"
swift build >/dev/null 2>&1 || swift build
find_source() { find Sources -name "$1" | head -n 1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Seconds for `swift build` after appending $2 to file $1, median of RUNS, file restored.
timed_edit() {
    local file=$1 text=$2 backup times=()
    backup=$(mktemp)
    cp "$file" "$backup"
    for run in $(seq "$RUNS"); do
        printf "\n${text}\n" "$run$RANDOM" >> "$file"
        local start end
        start=$(date +%s.%N)
        swift build >/dev/null || { cp "$backup" "$file"; exit 1; }
        end=$(date +%s.%N)
        times+=("$(awk "BEGIN {print $end - $start}")")
        cp "$backup" "$file"
        swift build >/dev/null
    done
    rm -f "$backup"
    printf '%s\n' "${times[@]}" | median
}

printf '%-18s %-52s %8s %12s\n' "stage" "file" "body" "declaration"
for entry in "template engine:StringFilters.swift" "YAML loader:YAMLScalarResolver.swift" \
             "Ansible templar:AnsibleTextFilters.swift" "module:Copy.swift" "executor:PlayRunner.swift" \
             "value:PythonText.swift"; do
    file=$(find_source "${entry#*:}")
    [ -n "$file" ] || { echo "no ${entry#*:} in $DIR" >&2; continue; }
    body=$(timed_edit "$file" '// bench edit %s')
    declaration=$(timed_edit "$file" 'private func benchEdit%s() {}')
    printf '%-18s %-52s %8.2f %12.2f\n' "${entry%%:*}" "$file" "$body" "$declaration"
done
