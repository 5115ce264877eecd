#!/usr/bin/env bash
# The conformance suites (Tests/ConformanceTests) compare Swansible with answers of PyYAML, Jinja2
# and ansible-core stored beside their corpora. This script asks those oracles again:
#   record  rewrite the stored answers from the oracles, then show what changed
#           (git diff --stat and the diff of the answer files)
#   check   compare the stored answers with the oracles; exits non-zero on any difference
# An optional second argument narrows the run (`swift test --filter`, default ConformanceTests).
# The oracle python is $SWANSIBLE_ORACLE_PYTHON, else .oracle-venv/bin/python (`make oracle`).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 record|check [swift test --filter expression]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
mode=$1
filter=${2:-ConformanceTests}
SWIFT=${SWIFT:-swift}
python=${SWANSIBLE_ORACLE_PYTHON:-$PWD/.oracle-venv/bin/python}
if [ ! -x "$python" ]; then
    echo "oracle-answers: no oracle python at $python (set SWANSIBLE_ORACLE_PYTHON or run 'make oracle')" >&2
    exit 1
fi
answers=(Tests/ConformanceTests/Answers 'Tests/ConformanceTests/TemplateCorpus/*.answers.jsonl'
         'Tests/ConformanceTests/Playbooks/*/expected.*')

# Runs the suites with the oracle in mode $1 (RECORD or CHECK); the output is also kept in $log.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run_suites() {
    "$SWIFT" build --build-tests
    env -u SWANSIBLE_ORACLE_RECORD -u SWANSIBLE_ORACLE_CHECK "SWANSIBLE_ORACLE_$1=1" SWANSIBLE_ORACLE_PYTHON="$python" \
        "$SWIFT" test --skip-build --filter "$filter" 2>&1 | tee "$log"
}

case $mode in
record)
    status=0
    run_suites RECORD || status=$?
    echo
    echo "=== stored answers changed by the oracles"
    git --no-pager diff --stat -- "${answers[@]}"
    git ls-files --others --exclude-standard -- "${answers[@]}" | sed 's/^/new file: /'
    git --no-pager diff -- "${answers[@]}"
    if [ "$status" -ne 0 ]; then
        echo "oracle-answers: some tests failed while recording (exit $status): Swansible differs from the oracles, see above" >&2
    fi
    exit "$status" ;;
check)
    status=0
    run_suites CHECK || status=$?
    differences=$(grep -c -E "stored answer|no longer in the corpus|oracle failed" "$log" || true)
    if [ "$status" -ne 0 ]; then
        echo "oracle-answers: check failed (exit $status); $differences issue line(s) about stored answers" \
             "(the others are Swansible differing from the oracles). 'make oracle-record' rewrites the answers." >&2
    else
        echo "oracle-answers: the stored answers agree with the oracles"
    fi
    exit "$status" ;;
*) usage ;;
esac
