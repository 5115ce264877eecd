#!/usr/bin/env bash
# ansible-targets-table.sh SUMMARY.tsv — the Markdown results table of scripts/ansible-targets.sh
# (columns of SUMMARY: target engine rc recap first_error), one row per target: ansible-core's
# result, Swansible's, and the first error of a failing run (Swansible's, else ansible-core's).
set -eu
summary=${1:?usage: ansible-targets-table.sh SUMMARY.tsv}
awk -F'\t' '
  function result(rc) { return rc == "" ? "not run" : (rc == 0 ? "pass" : (rc == 124 ? "FAIL (timeout)" : "FAIL (rc " rc ")")) }
  function cell(s) { gsub(/\|/, "\\|", s); gsub(/`/, "'"'"'", s); return s }
  {
    if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    rc[$1, $2] = $3; err[$1, $2] = $5   # a later run of a target replaces an earlier one
  }
  END {
    for (i = 1; i <= n; i++) {
      t = order[i]
      if (rc[t, "ansible"] == "0") a++
      if (rc[t, "swansible"] == "0") s++
      if (rc[t, "ansible"] == "0" && rc[t, "swansible"] == "0") both++
    }
    print "# ansible-core integration targets: ansible-core and Swansible"
    print ""
    print "ansible-core 2.19.14'"'"'s own integration targets (`test/integration/targets` of its sdist), run"
    print "by `make targets` (`scripts/ansible-targets.sh`: role targets as `ansible-test integration"
    print "--local` runs them, a few `runme.sh` targets reduced to one `ansible-playbook` call) with"
    print "ansible-playbook and with swansible-playbook. A target passes when the run exits 0."
    print ""
    printf "**%d targets: %d pass under ansible-core, %d under Swansible (%d under both).**\n", n, a, s, both
    print ""
    print "| target | ansible-core | Swansible | first error |"
    print "|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      t = order[i]
      e = (rc[t, "swansible"] != "0") ? err[t, "swansible"] : ""
      if (e == "" && rc[t, "ansible"] != "0") e = "ansible-core: " err[t, "ansible"]
      printf "| %s | %s | %s | %s |\n", t, result(rc[t, "ansible"]), result(rc[t, "swansible"]), cell(e)
    }
  }' "$summary"
