#!/bin/sh
# WANT_JSON: the arguments file is JSON; lines around the JSON object are dropped.
echo "a banner before the result"
printf '{"args": %s, "nested": {"_ansible_hidden": 1, "shown": 2}}\n' "$(cat "$1")"
