#!/usr/bin/env bash
# Benchmark (not a test): renders bench/templates/large.j2 (about 2,300 output lines: loops,
# conditionals, filters, macros) N times with Swansible (`swansible template --repeat N`, the
# template module's rules, release build) and with Jinja2's compiled template (the oracle venv),
# checks once that both outputs are equal, and prints both times per render and their ratio.
# Process start-up and parsing the variables are not measured on either side.
#   N=200 bench/template.sh    (TEMPLATE=... VARS=... for another template and its variables)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100}
PYTHON=${SWANSIBLE_ORACLE_PYTHON:-.oracle-venv/bin/python}
TEMPLATE=${TEMPLATE:-bench/templates/large.j2}
VARS=${VARS:-bench/templates/large-vars.json}
[ -x "$PYTHON" ] || { echo "bench: no oracle python (set SWANSIBLE_ORACLE_PYTHON or make oracle)" >&2; exit 1; }
swift build -c release --product swansible >/dev/null
swansible="$(swift build -c release --show-bin-path)/swansible"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$swansible" template --repeat "$N" -e "@$VARS" "$TEMPLATE" >"$work/swansible.out" 2>"$work/swansible.err" \
    || { cat "$work/swansible.err" >&2; exit 1; }
swansible_seconds=$(sed -nE 's/^rendered [0-9]+ times in ([0-9.]+) s$/\1/p' "$work/swansible.err")

jinja_seconds=$("$PYTHON" - "$TEMPLATE" "$VARS" "$N" "$work/jinja.out" <<'PY'
import json, sys, time
import jinja2
template_path, vars_path, n, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
# Ansible's template module settings: trim_blocks, trailing newline kept, undefined is an error.
env = jinja2.Environment(trim_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
with open(template_path) as f: template = env.from_string(f.read())
with open(vars_path) as f: variables = json.load(f)
start = time.perf_counter()
for _ in range(n): output = template.render(variables)
elapsed = time.perf_counter() - start
with open(out_path, "w") as f: f.write(output)
print("%.6f" % elapsed)
PY
)

if ! cmp -s "$work/swansible.out" "$work/jinja.out"; then
    echo "bench: outputs differ (swansible vs jinja2):" >&2
    diff "$work/swansible.out" "$work/jinja.out" | head -20 >&2
    exit 1
fi
lines=$(wc -l <"$work/jinja.out")
awk -v n="$N" -v s="$swansible_seconds" -v j="$jinja_seconds" -v lines="$lines" 'BEGIN {
    printf "template: %d output lines, %d renders each\n", lines, n
    printf "swansible: %8.3f ms per render\n", s * 1000 / n
    printf "jinja2:    %8.3f ms per render (compiled template)\n", j * 1000 / n
    printf "ratio swansible/jinja2: %.2f\n", s / j
}'
