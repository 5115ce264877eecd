#!/usr/bin/env bash
# Unpacks ansible.posix and community.general from PyPI's `ansible` package (12.x, the release
# line that requires ansible-core 2.19) into .run/oracle-collections, for the side-by-side suites
# that compare their modules (sysctl, mount, modprobe...) with ansible-core's. The oracle venv
# stays ansible-core only: the suites point ANSIBLE_COLLECTIONS_PATH at the unpacked directory.
# Nothing of the collections goes into the repository. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${ANSIBLE_PACKAGE_VERSION:-12.3.0}
DEST=.run/oracle-collections
WHEEL=.run/ansible-$VERSION-py3-none-any.whl

if [ -f "$DEST/ansible_collections/ansible/posix/MANIFEST.json" ] && [ -f "$DEST/ansible_collections/community/general/MANIFEST.json" ]; then
    exit 0
fi
[ -x .oracle-venv/bin/pip ] || { echo "oracle-collections: no .oracle-venv (make oracle first)" >&2; exit 1; }
mkdir -p .run
if [ ! -f "$WHEEL" ]; then
    echo "oracle-collections: downloading ansible==$VERSION (about 55 MB) for its collections"
    .oracle-venv/bin/pip download -q --no-deps "ansible==$VERSION" -d .run
fi
rm -rf "$DEST.partial"
mkdir -p "$DEST.partial"
unzip -q "$WHEEL" 'ansible_collections/ansible/posix/*' 'ansible_collections/community/general/*' -d "$DEST.partial"
rm -rf "$DEST"
mv "$DEST.partial" "$DEST"
echo "oracle-collections: ansible.posix and community.general in $DEST"
