#!/bin/sh
# The simulated Kubernetes-on-CoreOS cluster that kubernetes.yml configures: CoreOS-like
# containers (no Python; systemd, sshd, bash, coreutils, Debian's etcd) on their own Docker
# network, reached from the controller over SSH on ports published on 127.0.0.1.
#
#   scripts/cluster.sh up       start the hosts, or reuse them when they are all running, and
#                               write inventory/simulated.yml (groups etcd, kube-master, kube-worker)
#   scripts/cluster.sh down     remove the hosts, their network, .run/cluster and the inventory file
#   scripts/cluster.sh status   list the running hosts
#
# Sizes: ETCD_NODES (default 3), WORKER_NODES (default 2); one master.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
export SWANSIBLE_HOSTS_DIR="$root/.run/cluster"
inventory="$root/inventory/simulated.yml"
etcd_nodes=${ETCD_NODES:-3}
worker_nodes=${WORKER_NODES:-2}

names() {
    i=1; while [ "$i" -le "$etcd_nodes" ]; do printf 'etcd-%02d\n' "$i"; i=$((i + 1)); done
    echo kube-master-01
    i=1; while [ "$i" -le "$worker_nodes" ]; do printf 'kube-worker-%02d\n' "$i"; i=$((i + 1)); done
}

# Whether every wanted host of the current run is running (then `up` reuses them).
all_running() {
    [ -f "$SWANSIBLE_HOSTS_DIR/run-id" ] && [ -f "$SWANSIBLE_HOSTS_DIR/hosts.txt" ] || return 1
    id=$(cat "$SWANSIBLE_HOSTS_DIR/run-id")
    [ "$(cut -d' ' -f1 "$SWANSIBLE_HOSTS_DIR/hosts.txt")" = "$(names)" ] || return 1
    for name in $(names); do
        [ "$(docker inspect -f '{{.State.Running}}' "swansible-$id-$name" 2>/dev/null)" = true ] || return 1
    done
}

write_inventory() {
    dir=$SWANSIBLE_HOSTS_DIR
    {
        echo "# Written by scripts/cluster.sh (run $(cat "$dir/run-id")): how to reach the simulated"
        echo "# cluster. 'make down' removes it. Real machines: see flatcar.example beside this file."
        echo "all:"
        echo "  vars:"
        echo "    simulated_cluster: true"
        echo "    cluster_state_dir: $dir"
        echo "    ansible_user: core"
        echo "    ansible_ssh_private_key_file: $dir/id_ed25519"
        echo "    ansible_ssh_common_args: -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
        echo "  children:"
        for group in etcd kube-master kube-worker; do
            echo "    $group:"
            echo "      hosts:"
            while read -r name port address; do
                case "$name" in "$group"-[0-9]*)
                    echo "        $name: {ansible_host: 127.0.0.1, ansible_port: $port}" ;;
                esac
            done <"$dir/hosts.txt"
        done
    } >"$inventory.tmp"
    mv "$inventory.tmp" "$inventory"
}

up() {
    if all_running; then
        echo "cluster: reusing the running hosts of run $(cat "$SWANSIBLE_HOSTS_DIR/run-id")" >&2
    else
        # shellcheck disable=SC2046
        "$root/scripts/hosts.sh" up "$((etcd_nodes + worker_nodes + 1))" $(names)
    fi
    write_inventory
    echo "cluster: inventory written to ${inventory#"$root"/}" >&2
}

down() {
    "$root/scripts/hosts.sh" down
    rm -f "$inventory"
}

[ $# -eq 1 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
case "$1" in
    up) up ;;
    down) down ;;
    status) "$root/scripts/hosts.sh" status ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
