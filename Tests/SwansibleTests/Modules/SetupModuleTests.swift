import Foundation
import Testing
@testable import Swansible

@Suite struct SetupModuleTests {
    /// Output of `FactScript` captured on a CoreOS-like host (Debian userland, systemd, iproute2).
    static let coreosOutput = """
    system=Linux
    kernel=6.1.0-18-amd64
    kernel_version=#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)
    machine=x86_64
    nodename=kube-worker-01
    fqdn=kube-worker-01.cluster.local
    user_id=core
    user_uid=500
    user_gid=500
    passwd=core:x:500:500:CoreOS Admin:/home/core:/bin/bash
    date=2026|11|Wednesday|3|47|25|09|28|55|1795598935|UTC|+0000|426228123|3|329|48
    utc=2026-11-25T09:28:55|426228123|20261125T092855
    vcpus=2
    cores=2
    sockets=1
    cpu_model=Intel(R) Xeon(R)
    memtotal_kb=2048000
    memfree_kb=1024000
    swaptotal_kb=0
    swapfree_kb=0
    init=systemd
    systemd_booted=1
    machine_id=abc123
    uptime=1234.56
    debian_version=
    pwd=/home/core
    __section__route
    8.8.8.8 via 172.18.0.1 dev eth0 src 172.18.0.3 uid 500
        cache
    __section__addr
    1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
    1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever
    7: eth0    inet 172.18.0.3/16 brd 172.18.255.255 scope global eth0\\       valid_lft forever preferred_lft forever
    8: flannel.1    inet 10.2.5.0/32 scope global flannel.1\\       valid_lft forever preferred_lft forever
    __section__link
    1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    7: eth0@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default \\    link/ether 02:42:ac:12:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0
    8: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default \\    link/ether 7a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff
    __section__resolv
    nameserver 127.0.0.11
    search cluster.local
    __section__osrelease
    NAME="Container Linux by CoreOS"
    ID=coreos
    VERSION=1235.6.0
    VERSION_ID=1235.6.0
    PRETTY_NAME="Container Linux by CoreOS 1235.6.0 (Ladybug)"
    __section__env

    """ + "HOME=/home/core\0COREOS_PUBLIC_IPV4=172.18.0.3\0MULTI=a\nb\0PATH=/usr/bin:/bin\0"

    @Test func parsesTheFactsCoreOSContentUses() {
        let f = FactParser(Self.coreosOutput).facts()
        #expect(f["ansible_env"]?["COREOS_PUBLIC_IPV4"] == "172.18.0.3")
        #expect(f["ansible_env"]?["MULTI"] == "a\nb")
        #expect(f["ansible_hostname"] == "kube-worker-01")
        #expect(f["ansible_nodename"] == "kube-worker-01")
        #expect(f["ansible_fqdn"] == "kube-worker-01.cluster.local")
        #expect(f["ansible_domain"] == "cluster.local")
        #expect(f["ansible_distribution"] == "CoreOS")
        #expect(f["ansible_distribution_version"] == "1235.6.0")
        #expect(f["ansible_distribution_major_version"] == "1235")
        #expect(f["ansible_os_family"] == "Coreos")
        #expect(f["ansible_service_mgr"] == "systemd")
        #expect(f["ansible_pkg_mgr"] == "unknown")
        #expect(f["ansible_user_id"] == "core")
        #expect(f["ansible_user_uid"] == 500)
        #expect(f["ansible_user_dir"] == "/home/core")
        #expect(f["ansible_user_shell"] == "/bin/bash")
        #expect(f["ansible_memtotal_mb"] == 2000)
        #expect(f["ansible_processor_vcpus"] == 2)
        #expect(f["ansible_all_ipv4_addresses"] == ["172.18.0.3", "10.2.5.0"])
        #expect(f["ansible_python"] == nil)
        #expect(f["ansible_default_ipv4"] == [
            "address": "172.18.0.3", "alias": "eth0", "broadcast": "172.18.255.255", "gateway": "172.18.0.1",
            "interface": "eth0", "macaddress": "02:42:ac:12:00:03", "mtu": 1500, "netmask": "255.255.0.0",
            "network": "172.18.0.0", "prefix": "16", "type": "ether",
        ])
        #expect(f["ansible_eth0"]?["ipv4"]?["address"] == "172.18.0.3")
        #expect(f["ansible_flannel_1"]?["mtu"] == 1450)
        #expect(f["ansible_interfaces"] == ["eth0", "flannel.1", "lo"])
        #expect(f["ansible_date_time"]?["iso8601"] == "2026-11-25T09:28:55Z")
        #expect(f["ansible_date_time"]?["iso8601_micro"] == "2026-11-25T09:28:55.426228Z")
        #expect(f["ansible_date_time"]?["epoch"] == "1795598935")
        #expect(f["ansible_dns"] == ["nameservers": ["127.0.0.11"], "search": ["cluster.local"]])
    }

    @Test func withoutIproute2TheProcRouteTableGivesTheDefaultRoute() {
        let output = "nodename=h\n__section__procroute\nIface\tDestination\tGateway \tFlags\neth0\t00000000\t010200C0\t0003\n__section__hostnameI\n192.0.2.2 fd00::2 \n"
        let f = FactParser(output).facts()
        #expect(f["ansible_default_ipv4"]?["gateway"] == "192.0.2.1")
        #expect(f["ansible_default_ipv4"]?["interface"] == "eth0")
        #expect(f["ansible_default_ipv4"]?["address"] == "192.0.2.2")
        #expect(f["ansible_all_ipv4_addresses"] == ["192.0.2.2"])
    }

    @Test func gathersLocallyWithOneCommandAndFilters() async throws {
        let conn = RecordingConnection(stdouts: [Self.coreosOutput])
        let r = try await runLocal("setup", ["filter": "ansible_env,ansible_host*"], connection: conn)
        #expect(await conn.commands.count == 1)
        // ansible_hostnqn (the NVMe host name) matches `ansible_host*` too, as in ansible-core.
        #expect(Set(r.facts.keys) == ["ansible_env", "ansible_hostname", "ansible_hostnqn"])
    }

    @Test func realLocalGatheringHasTheCoreFacts() async throws {
        let r = try await runLocal("setup", [:])
        #expect(!r.failed)
        for key in ["ansible_env", "ansible_hostname", "ansible_distribution", "ansible_user_id", "ansible_date_time", "ansible_kernel"] {
            #expect(r.facts[key] != nil, "missing \(key)")
        }
        #expect(r.facts["ansible_env"]?["PATH"] != nil)
    }
}
