#!/bin/sh
# Makes sure a Docker engine answers `docker info`. Idempotent: does nothing when one already
# answers. Otherwise installs docker.io (apt) if dockerd is missing, starts dockerd detached with
# its log in /tmp/swansible-dockerd.log, and waits for it. Never stops an engine it did not start.
set -eu

LOG=${SWANSIBLE_DOCKERD_LOG:-/tmp/swansible-dockerd.log}
TIMEOUT=${SWANSIBLE_DOCKER_TIMEOUT:-60}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

# Every systemd container (a simulated host, a `swansible test` instance) holds several inotify
# instances; with the kernel's default of 128 per user, some twenty running at once make systemd
# exit at start (status 255) and `docker exec` fail with 126. Raised, never lowered.
raise_limit() {
    current=$(cat "/proc/sys/fs/inotify/$1" 2>/dev/null || echo 0)
    if [ "$current" -lt "$2" ]; then
        as_root sysctl -q -w "fs.inotify.$1=$2" >/dev/null 2>&1 \
            || echo "ensure-docker: could not raise fs.inotify.$1 to $2 (now $current); many containers at once may fail" >&2
    fi
}
raise_limit max_user_instances 8192
raise_limit max_user_watches 524288

if docker info >/dev/null 2>&1; then
    exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
    echo "ensure-docker: installing docker.io" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io >/tmp/swansible-docker-install.log 2>&1 || {
        as_root apt-get update >/dev/null 2>&1
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io >/tmp/swansible-docker-install.log 2>&1
    }
fi

# Another caller may be starting it right now: only start one if no dockerd process exists.
if ! pgrep -x dockerd >/dev/null 2>&1; then
    echo "ensure-docker: starting dockerd (log: $LOG)" >&2
    # Small subnets: the default pools give about 30 networks, and the tests (a network per
    # simulated cluster and per `swansible test` scenario) can hold more than that at once.
    as_root setsid nohup dockerd --default-address-pool base=10.213.0.0/16,size=24 >"$LOG" 2>&1 </dev/null &
fi

i=0
while ! docker info >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt "$TIMEOUT" ]; then
        echo "ensure-docker: docker did not answer within ${TIMEOUT}s; see $LOG" >&2
        tail -20 "$LOG" >&2 2>/dev/null || true
        exit 1
    fi
    sleep 1
done
echo "ensure-docker: docker is ready" >&2
