#!/bin/sh
# Simulated CoreOS hosts for demos, without Swift code (the same recipe as SwansibleTesting's
# SimulatedCluster).
#
#   scripts/hosts.sh up N [names...]   start N hosts (default names host-01..host-NN) and write
#                                      $DIR/inventory.ini and $DIR/id_ed25519
#   scripts/hosts.sh down              remove the hosts, their network and $DIR
#   scripts/hosts.sh status            list the running hosts
#
# DIR is $SWANSIBLE_HOSTS_DIR or ./.swansible-hosts; the image is $SWANSIBLE_HOST_IMAGE or
# swansible/coreos-sim:latest (swansible/coreos-sim-python:latest to run real ansible-core).
# Groups come from the names: a trailing "-NN" is stripped (etcd-01 -> [etcd], kube-worker-02 -> [kube-worker]).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
DIR=${SWANSIBLE_HOSTS_DIR:-$PWD/.swansible-hosts}
IMAGE=${SWANSIBLE_HOST_IMAGE:-swansible/coreos-sim:latest}

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

run_id() { cat "$DIR/run-id" 2>/dev/null || true; }

down() {
    id=$(run_id)
    [ -n "$id" ] || { echo "hosts: nothing to remove in $DIR" >&2; return 0; }
    ids=$(docker ps -aq --filter "label=swansible.run=$id")
    [ -z "$ids" ] || docker rm -f -v $ids >/dev/null
    docker network rm "swansible-$id" >/dev/null 2>&1 || true
    rm -rf "$DIR"
    echo "hosts: removed run $id" >&2
}

up() {
    [ $# -ge 1 ] || usage
    count=$1; shift
    case "$count" in ''|*[!0-9]*) usage ;; esac
    if [ $# -gt 0 ] && [ $# -ne "$count" ]; then
        echo "hosts: $count hosts asked for but $# names given" >&2; exit 2
    fi
    if [ $# -eq 0 ]; then
        i=1; set --
        while [ "$i" -le "$count" ]; do set -- "$@" "$(printf 'host-%02d' "$i")"; i=$((i + 1)); done
    fi
    "$here/ensure-docker.sh"
    case "$IMAGE" in
        swansible/coreos-sim-python:*) "$here/build-host-image.sh" --with-python >/dev/null ;;
        swansible/coreos-sim:*) "$here/build-host-image.sh" >/dev/null ;;
    esac
    [ -z "$(run_id)" ] || down

    id=$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')
    network="swansible-$id"
    mkdir -p "$DIR"
    echo "$id" >"$DIR/run-id"
    ssh-keygen -q -t ed25519 -N '' -C "swansible-$id" -f "$DIR/id_ed25519"
    docker network create --label "swansible.run=$id" "$network" >/dev/null

    : >"$DIR/hosts.txt"
    for name in "$@"; do
        container="swansible-$id-$name"
        docker run -d --name "$container" --hostname "$name" --network "$network" \
            --network-alias "$name" --label "swansible.run=$id" -p 127.0.0.1::22 \
            --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE \
            --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
            --tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
            --stop-signal SIGRTMIN+3 "$IMAGE" >/dev/null
        port=$(docker port "$container" 22/tcp | sed -n 's/^127\.0\.0\.1://p' | head -1)
        address=$(docker inspect --format "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "$container")
        docker exec -i "$container" /bin/sh -c "set -e; umask 077; cat > /home/core/.ssh/authorized_keys;
            chown core:core /home/core/.ssh/authorized_keys;
            printf 'COREOS_PUBLIC_IPV4=%s\nCOREOS_PRIVATE_IPV4=%s\n' '$address' '$address' > /etc/environment;
            chmod 644 /etc/environment" <"$DIR/id_ed25519.pub"
        echo "$name $port $address" >>"$DIR/hosts.txt"
    done

    {
        while read -r name port address; do
            echo "$name ansible_host=127.0.0.1 ansible_port=$port ansible_user=core ansible_ssh_private_key_file=$DIR/id_ed25519 ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'"
        done <"$DIR/hosts.txt"
        for group in $(sed 's/ .*//; s/-[0-9][0-9]*$//' "$DIR/hosts.txt" | sort -u); do
            printf '\n[%s]\n' "$group"
            while read -r name port address; do
                [ "$(echo "$name" | sed 's/-[0-9][0-9]*$//')" = "$group" ] && echo "$name"
            done <"$DIR/hosts.txt"
        done
    } >"$DIR/inventory.ini"

    # Wait for sshd on every host (at most 60 s each).
    while read -r name port address; do
        i=0
        until ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
            -o ConnectTimeout=2 -i "$DIR/id_ed25519" -p "$port" core@127.0.0.1 true </dev/null 2>/dev/null; do
            i=$((i + 1))
            [ "$i" -lt 120 ] || { echo "hosts: $name does not accept SSH logins" >&2; exit 1; }
            sleep 0.5
        done
    done <"$DIR/hosts.txt"
    echo "hosts: $# hosts up; inventory: $DIR/inventory.ini" >&2
}

status() {
    id=$(run_id)
    [ -n "$id" ] || { echo "hosts: none" >&2; return 0; }
    docker ps --filter "label=swansible.run=$id" --format '{{.Names}}\t{{.Status}}\t{{.Ports}}'
}

[ $# -ge 1 ] || usage
command=$1; shift
case "$command" in
    up) up "$@" ;;
    down) down ;;
    status) status ;;
    *) usage ;;
esac
