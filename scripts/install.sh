#!/bin/sh
# Installs swansible-playbook and swansible under PREFIX (default /usr/local), built by
# `make install` with the Swift runtime linked in (--static-swift-stdlib): each is one file that
# runs on a Debian machine without Swift (it needs the system's libssh2-1, libyaml-0-2 and
# libssl3). Also installs their bash, zsh and fish completions, and the script that builds the
# CoreOS-like base image `swansible test` runs its instances on (PREFIX/share/swansible).
#
#   scripts/install.sh BIN_DIR [PREFIX]
set -eu
bin=$1
prefix=${2:-/usr/local}
dest=${DESTDIR:-}$prefix

here=$(cd "$(dirname "$0")" && pwd)
install -d "$dest/bin" "$dest/share/swansible" "$dest/share/bash-completion/completions" "$dest/share/zsh/site-functions" \
    "$dest/share/fish/vendor_completions.d"
for program in swansible-playbook swansible; do
    install -m 0755 "$bin/$program" "$dest/bin/$program"
    "$bin/$program" --generate-completion-script bash >"$dest/share/bash-completion/completions/$program"
    "$bin/$program" --generate-completion-script zsh >"$dest/share/zsh/site-functions/_$program"
    "$bin/$program" --generate-completion-script fish >"$dest/share/fish/vendor_completions.d/$program.fish"
done
install -m 0755 "$here/build-host-image.sh" "$here/ensure-docker.sh" "$dest/share/swansible/"
install -d "$dest/share/man/man1"
install -m 0644 "$here"/../docs/man/*.1 "$dest/share/man/man1/"
echo "install: swansible-playbook and swansible in $dest/bin, with bash, zsh and fish completions and man pages" >&2
