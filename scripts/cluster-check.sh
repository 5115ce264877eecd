#!/usr/bin/env bash
# Checks, from outside the playbook, that the simulated cluster is in the state kubernetes.yml
# promises: a healthy etcd cluster holding flannel's network, certificates that verify against
# the CA and name the right addresses, units installed, enabled and running, files with the
# right modes. Reads the hosts with `docker exec`, not through Swansible. Exit 1 on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/.run/cluster
id=$(cat "$dir/run-id")
failures=0

on() { local host=$1; shift; docker exec "swansible-$id-$host" /bin/sh -c "$*"; }
check() {
    local what=$1; shift
    if output=$("$@" 2>&1); then
        echo "ok    $what"
    else
        echo "FAIL  $what"; echo "$output" | sed 's/^/      /'
        failures=$((failures + 1))
    fi
}
address() { awk -v h="$1" '$1 == h { print $3 }' "$dir/hosts.txt"; }
hosts() { awk -v g="$1" '$1 ~ "^" g "-[0-9]+$" { print $1 }' "$dir/hosts.txt"; }

etcd_hosts=$(hosts etcd)
etcd_count=$(echo "$etcd_hosts" | wc -l)
endpoints=$(for h in $etcd_hosts; do printf 'http://%s:2379,' "$(address "$h")"; done | sed 's/,$//')

for host in $etcd_hosts; do
    check "$host: etcd-member enabled and active" on "$host" 'systemctl is-enabled etcd-member && systemctl is-active etcd-member'
    check "$host: endpoint health" on "$host" "ETCDCTL_API=3 etcdctl --endpoints=http://$(address "$host"):2379 endpoint health"
    check "$host: $etcd_count members" on "$host" \
        "test \$(ETCDCTL_API=3 etcdctl --endpoints=http://$(address "$host"):2379 member list | wc -l) -eq $etcd_count"
    check "$host: flannel's network key reads back" on "$host" \
        "ETCDCTL_API=2 etcdctl --endpoints=http://$(address "$host"):2379 get /coreos.com/network/config | grep -F '\"Network\": \"10.2.0.0/16\"'"
done
check "etcd: every endpoint healthy" on "$(echo "$etcd_hosts" | head -1)" "ETCDCTL_API=3 etcdctl --endpoints=$endpoints endpoint health"

ssl=$dir/ssl
check "controller: CA, API server, admin certificates verify" openssl verify -CAfile "$ssl/ca.pem" "$ssl/apiserver.pem" "$ssl/admin.pem"
check "controller: kubeconfig mode 600" test "$(stat -c %a "$dir/kubeconfig")" = 600

for host in $(hosts kube-master); do
    check "$host: certificates root-owned, mode 600" on "$host" \
        "test \"\$(stat -c '%a %U %G' /etc/kubernetes/ssl/ca.pem /etc/kubernetes/ssl/apiserver.pem /etc/kubernetes/ssl/apiserver-key.pem | sort -u)\" = '600 root root'"
    check "$host: API server certificate verifies" on "$host" 'openssl verify -CAfile /etc/kubernetes/ssl/ca.pem /etc/kubernetes/ssl/apiserver.pem'
    check "$host: API server certificate names $(address "$host")" on "$host" \
        "openssl x509 -in /etc/kubernetes/ssl/apiserver.pem -noout -ext subjectAltName | grep -F 'IP Address:$(address "$host")'"
    check "$host: static pod manifests" on "$host" \
        'for m in kube-apiserver kube-controller-manager kube-scheduler kube-proxy; do grep -q "name: $m" /etc/kubernetes/manifests/$m.yaml || exit 1; done'
    check "$host: manifests name the etcd endpoints" on "$host" "grep -F -- '--etcd-servers=$endpoints' /etc/kubernetes/manifests/kube-apiserver.yaml"
done

for host in $(hosts kube-worker); do
    check "$host: worker.pem links to $host-worker.pem" on "$host" "test \"\$(readlink /etc/kubernetes/ssl/worker.pem)\" = /etc/kubernetes/ssl/$host-worker.pem"
    check "$host: worker certificate verifies" on "$host" 'openssl verify -CAfile /etc/kubernetes/ssl/ca.pem /etc/kubernetes/ssl/worker.pem'
    check "$host: worker certificate names $(address "$host")" on "$host" \
        "openssl x509 -in /etc/kubernetes/ssl/worker.pem -noout -ext subjectAltName | grep -F 'IP Address:$(address "$host")'"
    check "$host: kubeconfig points at the master" on "$host" \
        "grep -F 'server: https://$(address "$(hosts kube-master | head -1)")' /etc/kubernetes/worker-kubeconfig.yaml"
done

for host in $(hosts kube-master) $(hosts kube-worker); do
    check "$host: flanneld and kubelet enabled and active (placeholders)" on "$host" \
        'systemctl is-enabled flanneld kubelet && systemctl is-active flanneld kubelet'
    check "$host: flanneld reads its options" on "$host" \
        "test \"\$(readlink /run/flannel/options.env)\" = /etc/flannel/options.env && grep -F 'FLANNELD_ETCD_ENDPOINTS=$endpoints' /etc/flannel/options.env"
    check "$host: CNI configuration is JSON" sh -c \
        "docker exec swansible-$id-$host cat /etc/kubernetes/cni/net.d/10-flannel.conf | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"type\"] == \"flannel\"'"
    check "$host: no Python" on "$host" '! command -v python3 && ! command -v python'
done

if [ "$failures" -gt 0 ]; then
    echo "cluster-check: $failures check(s) failed" >&2
    exit 1
fi
echo "cluster-check: every check passed"
