#!/bin/bash
# Writes a heartbeat with the host's public address, forever.
set -eu
mkdir -p /run/swansible-demo
while true; do
    echo "$(date -u +%s) ${COREOS_PUBLIC_IPV4:-unknown}" > /run/swansible-demo/heartbeat
    sleep "${DEMO_INTERVAL:-5}"
done
