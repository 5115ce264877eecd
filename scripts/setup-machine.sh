#!/usr/bin/env bash
# Installs what building and testing Swansible needs on a fresh Debian 12 machine:
# the C libraries, Docker (engine started if none answers), the simulated CoreOS host image,
# kubectl for the controller (Debian's kubernetes-client) when there is none, and, unless
# --no-oracle, when PyPI answers, the oracles (ansible-core, Jinja2, PyYAML) in .oracle-venv.
# Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

oracle=1
for arg in "$@"; do
    case "$arg" in
        --no-oracle) oracle=0 ;;
        *) echo "setup-machine: unknown option $arg (known: --no-oracle)" >&2; exit 2 ;;
    esac
done

need=()
# zip, unzip, bzip2, xz-utils and zstd: the unarchive conformance case packs and unpacks with them.
for pkg in libssh2-1-dev libssl-dev libyaml-dev docker.io debootstrap openssh-client openssl python3-venv \
        zip unzip bzip2 xz-utils zstd; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# kubectl is optional: the kubectl role says so and goes on when the controller lacks it.
if ! command -v kubectl >/dev/null 2>&1; then
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null 2>&1; }; } \
        || echo "setup: kubectl not installed (no kubernetes-client package); the kubectl role will skip its checks" >&2
fi

scripts/ensure-docker.sh
scripts/build-host-image.sh
[ "$oracle" = 1 ] || exit 0

# The tests run without the oracles (stored answers): a machine that cannot reach PyPI still tests.
scripts/setup-oracle.sh || echo "setup: warning: no .oracle-venv; tests use the stored oracle answers," \
    "'make oracle-record'/'make oracle-check' and the benchmarks need it" >&2
