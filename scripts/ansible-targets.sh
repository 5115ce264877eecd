#!/usr/bin/env bash
# ansible-targets.sh (from /work/shared/tools/ansible-targets-runner.sh, SPECS extended) — run ansible-core's own integration targets against
# ansible-core (oracle) and Swansible, emulating what `ansible-test integration --local`
# does for role-style targets (and a few hand-converted runme.sh targets).
#
# Usage:  ansible-targets-runner.sh [-E ansible|swansible|both] [-s] [TARGET ...]
#   -E   engine(s) to run (default: both)
#   -s   "shim" mode: put a shim roles dir first on ANSIBLE_ROLES_PATH that replaces
#        setup_remote_tmp_dir (which needs the `tempfile` module) with a mktemp-based one.
#   TARGET  a spec name from the SPECS list below (default: all specs)
# Results: $WORK/results[-shim]/<engine>/<target>.log and $WORK/results[-shim]/summary.tsv
#   columns: target engine rc recap first_error
# ---- configuration ----------------------------
SDIST=${SDIST:?set SDIST to the ansible-core 2.19.14 sdist (pip download --no-deps --no-binary :all: ansible-core==2.19.14)}
VENV=${VENV:-.oracle-venv}          # a venv with ansible-core 2.19.14
SWANSIBLE=${SWANSIBLE:-.build/release/swansible-playbook}
WORK=${WORK:-/tmp/swansible-targets}
TIMEOUT=${TIMEOUT:-120}
VENV=$(cd "$VENV" && pwd) || exit 2; SWANSIBLE=$(realpath "$SWANSIBLE") || exit 2; SDIST=$(realpath "$SDIST") || exit 2
# ------------------------------------------------------------------------------------
set -u
ENGINES=both; SHIM=0
while getopts "E:s" o; do case $o in E) ENGINES=$OPTARG;; s) SHIM=1;; *) exit 2;; esac; done
shift $((OPTIND-1))

SRC=$WORK/ansible_core-2.19.14
if [ ! -d "$SRC/test/integration/targets" ]; then
  mkdir -p "$WORK" && tar xzf "$SDIST" -C "$WORK" || exit 1
fi
PY=$VENV/bin/python
RES=$WORK/results$([ $SHIM = 1 ] && echo -shim)
mkdir -p "$RES"

# SPECS: name|kind|target-dir|playbook args|extra env (space separated K=V)
#  kind=role : emulated ansible-test role run (generated playbook, roles: [target])
#  kind=pb   : a runme.sh target reduced to one plain ansible-playbook invocation,
#              run with cwd = the target dir (args copied from its runme.sh)
SPECS=$(cat <<'S'
assert|role|assert||
changed_when|role|changed_when||
command_shell|role|command_shell||
dict_transformations|role|dict_transformations||
failed_when|role|failed_when||
include_import_tasks_nested|role|include_import_tasks_nested||
include_with_templating|role|include_with_templating||
lineinfile|role|lineinfile||
stat|role|stat||
script|role|script||
shell|role|shell||
ping|role|ping||
wait_for|role|wait_for||
loop-until|role|loop-until||
loops|role|loops||
until|role|until||
special_vars|role|special_vars||
split|role|split||
task_ordering|role|task_ordering||
templating|role|templating||
test_files|role|test_files||
test_mathstuff|role|test_mathstuff||
undefined|role|undefined||
var_inheritance|role|var_inheritance||
var_reserved|role|var_reserved||
yaml_parsing|role|yaml_parsing||
task-esoterica|role|task-esoterica||
task-args|role|task-args||
filter_urls|role|filter_urls||
filter_urlsplit|role|filter_urlsplit||
lookup_csvfile|role|lookup_csvfile||
lookup_dict|role|lookup_dict||
lookup_file|role|lookup_file||
lookup_first_found|role|lookup_first_found||
lookup_indexed_items|role|lookup_indexed_items||
lookup_items|role|lookup_items||
lookup_lines|role|lookup_lines||
lookup_list|role|lookup_list||
lookup_nested|role|lookup_nested||
lookup_pipe|role|lookup_pipe||
lookup_random_choice|role|lookup_random_choice||
lookup_sequence|role|lookup_sequence||
lookup_subelements|role|lookup_subelements||
lookup_template|role|lookup_template||
lookup_together|role|lookup_together||
lookup_varnames|role|lookup_varnames||
lookup_vars|role|lookup_vars||
add_host|role|add_host||
blocks|pb|blocks|main.yml -i ../../inventory|
conditionals|pb|conditionals|play.yml -i ../../inventory|
debug|pb|debug|main.yml -i ../../inventory|
filter_core|pb|filter_core|runme.yml -i ../../inventory|ANSIBLE_ROLES_PATH=../
filter_mathstuff|pb|filter_mathstuff|runme.yml -i ../../inventory|ANSIBLE_ROLES_PATH=../
handlers|pb|handlers|test_handlers.yml -i inventory.handlers --tags scenario1|ANSIBLE_FORCE_HANDLERS=false
include_vars|pb|include_vars|test_as_role.yml -i ../../inventory|ANSIBLE_ROLES_PATH=../
jinja2_native_types|pb|jinja2_native_types|runtests.yml -i ../../inventory|
lookup_env|pb|lookup_env|vars_set.yml -i ../../inventory|ENVVAR1=var1value USR=
loop_control_extended|pb|loop_control|extended.yml -i ../../inventory|
loop_control_break_when|pb|loop_control|break_when.yml -i ../../inventory|
register|pb|register|can_register.yml -i ../../inventory|
group_by|pb|group_by|test_group_by.yml -i inventory.group_by|
set_fact|pb|set_fact|set_fact.yml -i inventory|
var_blending|pb|var_blending|test_var_blending.yml -i inventory -e @test_vars.yml|
var_precedence|pb|var_precedence|test_var_precedence.yml -i inventory -e extra_var=extra_var -e extra_var_override=extra_var_override|ANSIBLE_GATHERING=explicit
S
)

# first non-ignored failure: 'TASK [...] :: [ERROR] text', else the first [ERROR]/ERROR! line
FIRSTFAIL_PY=$(cat <<'P'
# prints the failure that stopped the run: the LAST task chunk with a non-ignored
# fatal/failed line (earlier ones may have been rescued), else the first [ERROR]/ERROR! line
import re, sys
txt = open(sys.argv[1], errors='replace').read()
chunks = re.split(r'\n(?=(?:TASK|RUNNING HANDLER|PLAY) \[)', txt)
hit = None
for c in chunks:
    if re.search(r'^(fatal|failed): \[', c, re.M) and '...ignoring' not in c:
        hit = c
if hit:
    task = re.sub(r'\s*\*+$', '', hit.splitlines()[0])
    m = re.search(r'^\[ERROR\]: (.*)$', hit, re.M) or re.search(r'"msg": "(.*?)"', hit, re.S)
    print((task + ' :: ' + (m.group(1) if m else '?')).replace('\t', ' ')[:260]); sys.exit()
m = re.search(r'^\[ERROR\]: (.*)$|^ERROR!? (.*)$', txt, re.M)
print(((m.group(1) or m.group(2)) if m else '').replace('\t', ' ')[:260])
P
)

setup_ws() {  # $1 engine -> prints integration dir of a fresh private copy
  local ws=$WORK/ws$([ $SHIM = 1 ] && echo -shim)/$1
  if [ ! -d "$ws/integration" ]; then
    mkdir -p "$ws" && cp -a "$SRC/test/integration" "$ws/integration"
    printf '[testgroup]\ntesthost ansible_connection=local ansible_pipelining=yes ansible_python_interpreter=%s\n' "$PY" > "$ws/integration/inventory"
    : > "$ws/integration/ansible.cfg"   # ansible-test uses an empty config
    if [ $SHIM = 1 ]; then
      mkdir -p "$ws/shim/setup_remote_tmp_dir/tasks" "$ws/shim/setup_remote_tmp_dir/handlers"
      cat > "$ws/shim/setup_remote_tmp_dir/tasks/main.yml" <<'Y'
- name: create temporary directory (shim, no tempfile module)
  command: mktemp -d --suffix=.test
  register: _shim_tmp
  notify: delete temporary directory
- set_fact:
    remote_tmp_dir: "{{ _shim_tmp.stdout }}"
Y
      cat > "$ws/shim/setup_remote_tmp_dir/handlers/main.yml" <<'Y'
- name: delete temporary directory
  file:
    path: "{{ remote_tmp_dir }}"
    state: absent
Y
    fi
  fi
  echo "$ws/integration"
}

run_one() {  # $1 engine  $2 spec line
  local engine=$1 name kind tdir args envs
  IFS='|' read -r name kind tdir args envs <<< "$2"
  local bin; [ "$engine" = ansible ] && bin=$VENV/bin/ansible-playbook || bin=$SWANSIBLE
  local idir; idir=$(setup_ws "$engine")
  local ws; ws=$(dirname "$idir")
  local out; out=$(mktemp -d "$ws/output-$name-XXXX")
  local log=$RES/$engine/$name.log; mkdir -p "$RES/$engine"
  local aliases; aliases=$(cat "$idir/targets/$tdir/aliases" 2>/dev/null)
  local rolespath=$idir/targets; [ $SHIM = 1 ] && rolespath=$ws/shim:$rolespath
  # environment as ansible-test's ansible_environment()+integration_environment()
  local -a E=(ANSIBLE_FORCE_COLOR=false ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_HANDLERS=true
    ANSIBLE_HOST_PATTERN_MISMATCH=error ANSIBLE_INVENTORY=/dev/null ANSIBLE_DEPRECATION_WARNINGS=false
    ANSIBLE_HOST_KEY_CHECKING=false ANSIBLE_RETRY_FILES_ENABLED=false ANSIBLE_CONFIG=$idir/ansible.cfg
    ANSIBLE_LIBRARY=/dev/null ANSIBLE_DEVEL_WARNING=false
    ANSIBLE_PYTHON_INTERPRETER=/set/ansible_python_interpreter/in/inventory
    PAGER=/bin/cat PATH=$VENV/bin:$PATH OUTPUT_DIR=$out INVENTORY_PATH=$idir/inventory
    ANSIBLE_ROLES_PATH=$rolespath)
  local -a A
  local cwd
  # env/set/NAME/VALUE aliases
  for a in $aliases; do case $a in env/set/*) a=${a#env/set/}; E+=("${a%%/*}=${a#*/}");; esac; done
  if [ "$kind" = role ]; then
    local gf=true; grep -qx 'gather_facts/no' <<< "$aliases" && gf=false
    local pb=$idir/$name-emul.yml
    printf -- '- hosts: testhost\n  gather_facts: %s\n  vars:\n    output_dir: %s\n  roles:\n    - %s\n' "$gf" "$out" "$tdir" > "$pb"
    cwd=$idir; A=("$(basename "$pb")" -i inventory)
    E+=(ANSIBLE_PLAYBOOK_DIR=$idir)
  else
    cwd=$idir/targets/$tdir
    read -r -a A <<< "$args"
    for e in $envs; do E+=("${e/..\//$idir/targets/}"); done
    E+=(ANSIBLE_PLAYBOOK_DIR=$cwd)
    [ $SHIM = 1 ] && E+=("ANSIBLE_ROLES_PATH=$ws/shim:$(for e in $envs; do case $e in ANSIBLE_ROLES_PATH=*) echo -n "$idir/targets";; esac; done)")
  fi
  ( cd "$cwd" && env "${E[@]}" timeout "$TIMEOUT" "$bin" "${A[@]}" -e "output_dir=$out" ) > "$log" 2>&1
  local rc=$?
  local recap; recap=$(sed -n '/PLAY RECAP/,$p' "$log" | grep -E '^(testhost|localhost)' | tail -1 | sed -E 's/ +/ /g; s/: +/: /')
  local err=""; [ $rc -ne 0 ] && err=$("$PY" -c "$FIRSTFAIL_PY" "$log")
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$engine" "$rc" "$recap" "$err" | tee -a "$RES/summary.tsv"
}

sel=("$@")
while IFS= read -r spec; do
  [ -z "$spec" ] && continue
  n=${spec%%|*}
  if [ ${#sel[@]} -gt 0 ]; then printf '%s\n' "${sel[@]}" | grep -qx -- "$n" || continue; fi
  case $ENGINES in
    both) run_one ansible "$spec"; run_one swansible "$spec";;
    *) run_one "$ENGINES" "$spec";;
  esac
done <<< "$SPECS"
