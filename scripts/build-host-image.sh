#!/bin/sh
# Builds the simulated CoreOS host image `swansible/coreos-sim:latest` from Debian packages
# (debootstrap, no registry needed), and with --with-python also
# `swansible/coreos-sim-python:latest` (the same plus python3, for running real ansible-core
# against the same kind of host).
#
# Containers should be run with --stop-signal SIGRTMIN+3 (systemd; `docker import` cannot set it).
# Idempotent: each image carries a label with a hash of this script; when an image with the same
# hash exists the step is skipped. --force rebuilds anyway.
#
# The mirror is read from the machine's own apt sources (override: SWANSIBLE_DEBIAN_MIRROR).
set -eu

IMAGE=swansible/coreos-sim:latest
PY_IMAGE=swansible/coreos-sim-python:latest
SUITE=bookworm
PACKAGES=systemd,systemd-sysv,dbus,openssh-server,sudo,bash,coreutils,curl,ca-certificates,iproute2,iputils-ping,procps,openssl,etcd-server,etcd-client,less,kmod

with_python=0
force=0
for arg in "$@"; do
    case "$arg" in
        --with-python) with_python=1 ;;
        --force) force=1 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "build-host-image: unknown option $arg" >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")" && pwd)
"$here/ensure-docker.sh"

recipe=$(sha256sum "$0" | cut -c1-16)

image_recipe() {
    docker image inspect -f '{{ index .Config.Labels "swansible.recipe" }}' "$1" 2>/dev/null || true
}

debian_mirror() {
    if [ -n "${SWANSIBLE_DEBIAN_MIRROR:-}" ]; then echo "$SWANSIBLE_DEBIAN_MIRROR"; return; fi
    # deb822 sources first, then one-line sources; skip the security archive.
    for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        m=$(grep -hE '^[[:space:]]*(URIs:|deb[[:space:]])' "$f" | grep -v -- '-security' \
            | grep -oE 'https?://[^[:space:]]+' | grep -E '/debian/?$' | head -1 || true)
        if [ -n "$m" ]; then echo "$m"; return; fi
    done
    echo "build-host-image: no Debian mirror in the apt sources; set SWANSIBLE_DEBIAN_MIRROR" >&2
    exit 1
}

# Writes the CoreOS-like configuration into the root file system $1.
configure_root() {
    root=$1
    # The user `core`, bash, passwordless sudo.
    chroot "$root" useradd -m -s /bin/bash -G sudo core
    chroot "$root" passwd -l core >/dev/null
    printf 'core ALL=(ALL) NOPASSWD:ALL\n' >"$root/etc/sudoers.d/core"
    chmod 0440 "$root/etc/sudoers.d/core"
    install -d -m 0700 "$root/home/core/.ssh"
    # root logs in with a key only (`swansible test` reaches instances as root, as molecule's
    # docker connection does); no key is installed unless a test run adds one.
    install -d -m 0700 "$root/root/.ssh"
    chroot "$root" chown core:core /home/core/.ssh

    # sshd: keys only, no DNS lookups, PAM on (pam_env puts /etc/environment into sessions).
    cat >"$root/etc/ssh/sshd_config.d/swansible.conf" <<'CONF'
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UseDNS no
UsePAM yes
MaxSessions 32
MaxStartups 64:30:128
CONF
    grep -Eq '^session[[:space:]]+required[[:space:]]+pam_env.so' "$root/etc/pam.d/sshd" \
        || printf 'session    required     pam_env.so readenv=1\n' >>"$root/etc/pam.d/sshd"
    # Like CoreOS, sudo keeps /etc/environment (facts gathered with become see COREOS_*).
    grep -q 'pam_env.so readenv=1' "$root/etc/pam.d/sudo" \
        || printf 'session    required   pam_env.so readenv=1\n' >>"$root/etc/pam.d/sudo"

    # Host keys are made per container at first boot, not baked into the image.
    rm -f "$root"/etc/ssh/ssh_host_*
    cat >"$root/etc/systemd/system/ssh-host-keys.service" <<'UNIT'
[Unit]
Description=Generate SSH host keys for this container
Before=ssh.service
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=multi-user.target
UNIT
    chroot "$root" systemctl enable ssh-host-keys.service ssh.service >/dev/null 2>&1

    # Units that cannot work in a container, and Debian's own etcd (plays bring their own unit).
    for unit in getty@tty1.service console-getty.service getty.target systemd-udevd.service \
        systemd-udev-trigger.service systemd-udev-settle.service systemd-udevd-control.socket \
        systemd-udevd-kernel.socket systemd-modules-load.service systemd-remount-fs.service \
        sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
        systemd-firstboot.service systemd-hwdb-update.service apt-daily.timer \
        apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer \
        systemd-journald-audit.socket; do
        ln -sf /dev/null "$root/etc/systemd/system/$unit"
    done
    chroot "$root" systemctl disable etcd.service >/dev/null 2>&1 || true
    ln -sf /dev/null "$root/etc/systemd/system/etcd.service"

    # Every container gets its own machine id at boot; /etc/environment is written per container.
    : >"$root/etc/machine-id"
    rm -f "$root/var/lib/dbus/machine-id"
    : >"$root/etc/environment"
    echo localhost >"$root/etc/hostname"

    # CoreOS helpers that unit files of the era call.
    install -d "$root/usr/lib/coreos"
    cat >"$root/usr/lib/coreos/etcd-wrapper" <<'WRAP'
#!/bin/sh
# Simulated CoreOS etcd-wrapper: runs Debian's etcd configured by ETCD_* variables.
# The rkt/image settings CoreOS's wrapper used mean nothing here; etcd would warn about them.
unset ETCD_IMAGE ETCD_IMAGE_TAG ETCD_IMAGE_URL ETCD_SSL_DIR ETCD_USER ETCD_OPTS RKT_RUN_ARGS RKT_GLOBAL_ARGS
: "${ETCD_DATA_DIR:=/var/lib/etcd}"
export ETCD_DATA_DIR
mkdir -p "$ETCD_DATA_DIR"
exec /usr/bin/etcd "$@"
WRAP
    chmod 0755 "$root/usr/lib/coreos/etcd-wrapper"
    # CoreOS ships etcd-member.service (etcd through the wrapper, configured by drop-ins).
    cat >"$root/lib/systemd/system/etcd-member.service" <<'UNIT'
[Unit]
Description=etcd (System Application Container)
Documentation=https://github.com/etcd-io/etcd
Wants=network-online.target network.target
After=network-online.target

[Service]
Type=notify
Restart=on-failure
RestartSec=10s
TimeoutStartSec=0
LimitNOFILE=40000
Environment="ETCD_DATA_DIR=/var/lib/etcd"
ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS

[Install]
WantedBy=multi-user.target
UNIT
    # Kubernetes' server daemons cannot be obtained offline. These placeholders stand at the
    # paths CoreOS's units call: they log that they are placeholders, stay running and serve
    # nothing (no API server, no pod network). Every run's output says so.
    for daemon in kubelet-wrapper flannel-wrapper; do
        cat >"$root/usr/lib/coreos/$daemon" <<WRAP
#!/bin/sh
# PLACEHOLDER for CoreOS's $daemon: the real daemon is not available offline.
echo "swansible placeholder: $daemon started with: \$*" >&2
echo "swansible placeholder: $daemon serves nothing; see the README of Swansible" >&2
exec sleep infinity
WRAP
        chmod 0755 "$root/usr/lib/coreos/$daemon"
    done
    cat >"$root/lib/systemd/system/flanneld.service" <<'UNIT'
[Unit]
Description=flannel - Network fabric for containers (PLACEHOLDER in the simulated host)
Wants=network-online.target
After=network-online.target etcd-member.service

[Service]
Type=simple
Restart=always
RestartSec=10s
EnvironmentFile=-/run/flannel/options.env
ExecStart=/usr/lib/coreos/flannel-wrapper $FLANNEL_OPTS

[Install]
WantedBy=multi-user.target
UNIT

    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/tmp/* \
        "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
}

build_base() {
    mirror=$(debian_mirror)
    work=$(mktemp -d /tmp/swansible-rootfs.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    start=$(date +%s)
    echo "build-host-image: debootstrap $SUITE from $mirror into $work" >&2
    debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$work/root" "$mirror" \
        >/tmp/swansible-debootstrap.log 2>&1 || {
        echo "build-host-image: debootstrap failed; see /tmp/swansible-debootstrap.log" >&2
        tail -20 /tmp/swansible-debootstrap.log >&2
        exit 1
    }
    # No Python: the whole point of these hosts.
    if ls "$work"/root/usr/bin/python* >/dev/null 2>&1; then
        echo "build-host-image: python is present in the root file system; refusing" >&2
        exit 1
    fi
    configure_root "$work/root"
    tar -C "$work/root" -c . | docker import \
        --change 'CMD ["/lib/systemd/systemd"]' \
        --change 'ENV container=docker' \
        --change "LABEL swansible.recipe=$recipe" \
        - "$IMAGE" >/dev/null
    rm -rf "$work"
    trap - EXIT
    echo "build-host-image: $IMAGE built in $(( $(date +%s) - start ))s" >&2
}

build_python() {
    start=$(date +%s)
    name=swansible-image-build-$$
    docker rm -f "$name" >/dev/null 2>&1 || true
    # The container reaches the mirror through the default bridge's NAT.
    if ! docker run --name "$name" "$IMAGE" /bin/sh -c \
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 >/dev/null && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb' \
        >/tmp/swansible-python-image.log 2>&1; then
        echo "build-host-image: installing python3 failed; see /tmp/swansible-python-image.log" >&2
        docker rm -f "$name" >/dev/null 2>&1 || true
        exit 1
    fi
    docker commit \
        --change 'CMD ["/lib/systemd/systemd"]' \
        --change "LABEL swansible.recipe=$recipe" \
        "$name" "$PY_IMAGE" >/dev/null
    docker rm -f "$name" >/dev/null
    echo "build-host-image: $PY_IMAGE built in $(( $(date +%s) - start ))s" >&2
}

if [ "$force" = 1 ] || [ "$(image_recipe "$IMAGE")" != "$recipe" ]; then
    build_base
else
    echo "build-host-image: $IMAGE is up to date" >&2
fi

if [ "$with_python" = 1 ]; then
    if [ "$force" = 1 ] || [ "$(image_recipe "$PY_IMAGE")" != "$recipe" ]; then
        build_python
    else
        echo "build-host-image: $PY_IMAGE is up to date" >&2
    fi
fi
