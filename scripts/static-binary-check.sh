#!/bin/sh
# The one-file install, tried where Swift is not: `make install` into a staging directory, the
# files copied into a clean Debian container (the base image, no Swift, no Python; only the
# system libraries the README names are added: libssh2-1, libyaml-0-2), then `--version` and
# an ad-hoc ping from there to a simulated host on the same Docker network.
#
#   scripts/static-binary-check.sh        (builds into .build-static; about 3 minutes the first time)
set -eu
cd "$(dirname "$0")/.."
scripts/ensure-docker.sh
scripts/build-host-image.sh
image=swansible/coreos-sim:latest
id=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
network=swansible-static-$id
controller=swansible-static-$id-controller
target=swansible-static-$id-target
stage=$(mktemp -d /tmp/swansible-static.XXXXXX)
cleanup() {
    docker rm -f "$controller" "$target" >/dev/null 2>&1 || true
    docker network rm "$network" >/dev/null 2>&1 || true
    rm -rf "$stage"
}
trap cleanup EXIT INT TERM

swift build -c release --static-swift-stdlib --build-path .build-static --product swansible-playbook >/dev/null
swift build -c release --static-swift-stdlib --build-path .build-static --product swansible >/dev/null
DESTDIR=$stage scripts/install.sh .build-static/release /usr/local 2>/dev/null
for program in swansible swansible-playbook; do
    if ldd "$stage/usr/local/bin/$program" | grep -q swift; then
        echo "static-binary-check: $program still links a Swift library:" >&2
        ldd "$stage/usr/local/bin/$program" >&2
        exit 1
    fi
done

docker network create --label "swansible.run=$id" "$network" >/dev/null
docker run -d --name "$target" --hostname target --network "$network" --network-alias target \
    --label "swansible.run=$id" --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE \
    --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
    --stop-signal SIGRTMIN+3 "$image" >/dev/null
docker run -d --name "$controller" --network "$network" --label "swansible.run=$id" "$image" sleep infinity >/dev/null

ssh-keygen -q -t ed25519 -N '' -C "swansible-static-$id" -f "$stage/key"
docker exec -i "$target" sh -c 'umask 077; cat > /home/core/.ssh/authorized_keys; chown core:core /home/core/.ssh/authorized_keys' <"$stage/key.pub"
docker cp "$stage/usr/local/." "$controller:/usr/local/"
docker cp "$stage/key" "$controller:/root/key"
# The system libraries the binaries link (the base image lacks two of them); the Debian mirror
# is reachable from containers.
docker exec "$controller" sh -c 'apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libssh2-1 libyaml-0-2 >/dev/null 2>&1' || {
    echo "static-binary-check: installing libssh2-1 libyaml-0-2 in the container failed" >&2
    exit 1
}
if docker exec "$controller" sh -c 'command -v swift || ls /usr/lib/swift' >/dev/null 2>&1; then
    echo "static-binary-check: the container has Swift; the check would prove nothing" >&2
    exit 1
fi

version=$(docker exec "$controller" swansible --version)
echo "$version" | head -1 | grep -q '^swansible \[swansible ' || { echo "static-binary-check: unexpected --version: $version" >&2; exit 1; }
docker exec "$controller" swansible-playbook --version >/dev/null

# sshd in the new target may need a moment.
i=0
until out=$(docker exec -e ANSIBLE_HOST_KEY_CHECKING=False "$controller" \
        swansible all -i target, -u core --private-key /root/key -m ping 2>&1); do
    i=$((i + 1))
    if [ "$i" -ge 30 ]; then
        echo "static-binary-check: the ad-hoc ping failed:" >&2
        echo "$out" >&2
        exit 1
    fi
    sleep 1
done
echo "$out" | grep -q '^target | SUCCESS => ' && echo "$out" | grep -q '"ping": "pong"' || {
    echo "static-binary-check: unexpected ping output: $out" >&2
    exit 1
}
echo "static-binary-check: the installed swansible and swansible-playbook run in a container without Swift:"
echo "$version" | head -1
echo "$out"
