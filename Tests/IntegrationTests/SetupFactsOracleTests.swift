import Foundation
import Testing
import Swansible
import SwansibleTesting

/// setup against ansible-core's setup on two fresh hosts of the same image (the one with Python,
/// for ansible-core): the facts that published roles read are compared with their types. Facts
/// that describe the machine (distribution, package and service manager, LSB, virtualization,
/// memory, processors, `ansible_local` from facts.d) must be equal; facts that differ between two
/// containers by nature (names, addresses, MACs, times, mount sizes) must have the same shape:
/// the same keys, and values of the same types. `gather_subset` and `filter` are compared the
/// same way.
///
/// Oracle-only: `SWANSIBLE_ORACLE_CHECK=1 swift test --filter SetupFactsOracleTests`, with
/// `.oracle-venv` (`make oracle`) and the Python host image (`scripts/build-host-image.sh --with-python`).
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: AccountOracleGate.enabled, "oracle-only: SWANSIBLE_ORACLE_CHECK=1, .oracle-venv and the Python host image"),
       .simulatedCluster(["ora-01", "swa-01"], image: "swansible/coreos-sim-python:latest"))
struct SetupFactsOracleTests {
    /// Each gathering is written to /tmp/facts-<name>.json on the host.
    static let playbook = """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - name: Local facts, static and executable
              shell: |
                mkdir -p /etc/ansible/facts.d
                printf '[general]\\nrole = db\\nport = 5432\\n' > /etc/ansible/facts.d/site.fact
                printf '#!/bin/sh\\necho "{\\\\"answer\\\\": 42, \\\\"list\\\\": [1, \\\\"a\\\\"]}"\\n' > /etc/ansible/facts.d/dynamic.fact
                chmod +x /etc/ansible/facts.d/dynamic.fact
                echo '{"plain": true}' > /etc/ansible/facts.d/plain.fact
                printf 'no section here\\n' > /etc/ansible/facts.d/broken.fact
                printf '#!/bin/sh\\necho boom >&2\\nexit 3\\n' > /etc/ansible/facts.d/failing.fact
                chmod +x /etc/ansible/facts.d/failing.fact
                printf 'DISTRIB_ID=Debian\\nDISTRIB_RELEASE=12.5\\nDISTRIB_CODENAME=bookworm\\nDISTRIB_DESCRIPTION="Debian 12"\\n' > /etc/lsb-release
            - setup:
              register: all_facts
            - setup:
                gather_subset: ['!all', 'network']
              register: network_only
            - setup:
                gather_subset: ['!all', '!min', 'hardware']
              register: hardware_only
            - setup:
                filter: ['ansible_distribution*', 'ansible_*_mb']
              register: filtered
            - copy:
                dest: /tmp/facts-{{ item }}.json
                content: "{{ lookup('vars', item).ansible_facts | to_nice_json }}"
              loop: [all_facts, network_only, hardware_only, filtered]
        """

    /// Facts whose values depend only on the image and the machine: equal on both hosts.
    static let machineFacts = [
        "ansible_distribution", "ansible_distribution_version", "ansible_distribution_major_version",
        "ansible_distribution_release", "ansible_distribution_file_path", "ansible_distribution_file_variety",
        "ansible_distribution_file_parsed", "ansible_os_family", "ansible_pkg_mgr", "ansible_service_mgr",
        "ansible_system", "ansible_kernel", "ansible_kernel_version", "ansible_architecture", "ansible_machine",
        "ansible_userspace_architecture", "ansible_userspace_bits", "ansible_lsb", "ansible_virtualization_type",
        "ansible_virtualization_role", "ansible_virtualization_tech_guest", "ansible_virtualization_tech_host",
        "ansible_memtotal_mb", "ansible_swaptotal_mb", "ansible_processor", "ansible_processor_count",
        "ansible_processor_cores", "ansible_processor_threads_per_core", "ansible_processor_vcpus",
        "ansible_processor_nproc", "ansible_local", "ansible_user_id", "ansible_user_uid", "ansible_user_gid",
        "ansible_user_dir", "ansible_user_shell", "ansible_selinux", "ansible_apparmor",
        "ansible_fips", "ansible_system_vendor", "ansible_product_name", "ansible_domain", "ansible_dns",
    ]

    /// Facts that differ between two containers: compared by shape.
    static let hostFacts = [
        "ansible_hostname", "ansible_nodename", "ansible_fqdn", "ansible_machine_id", "ansible_default_ipv4",
        "ansible_default_ipv6", "ansible_all_ipv4_addresses", "ansible_all_ipv6_addresses", "ansible_interfaces",
        "ansible_eth0", "ansible_lo", "ansible_mounts", "ansible_date_time", "ansible_uptime_seconds",
        "ansible_memfree_mb", "ansible_memory_mb", "ansible_devices", "ansible_cmdline", "ansible_proc_cmdline",
        "ansible_python", "ansible_hostnqn", "ansible_is_chroot", "ansible_iscsi_iqn", "ansible_env",
    ]

    /// Both hosts' gatherings are left here for a closer look (the cluster's directory goes with it).
    static let keptDirectory = NSTemporaryDirectory() + "swansible-setup-oracle"

    @Test func factsMatchAnsibleCoreWithTheirTypes() async throws {
        try FileManager.default.createDirectory(atPath: Self.keptDirectory, withIntermediateDirectories: true)
        let (cluster, oracleOutput, ours) = try await OracleSideBySide.run(Self.playbook, named: "setup-oracle")
        #expect(ours.code == 0, "\(ours.output)")
        #expect(oracleOutput.contains("ora-01                     : ok=6"), "\(oracleOutput)")
        // The two unusable local facts are warned about, in ansible-core's words.
        for warning in ["[WARNING]: error loading facts as JSON or ini - please check content: /etc/ansible/facts.d/broken.fact",
                        "[WARNING]: Failure executing fact script (/etc/ansible/facts.d/failing.fact), rc: 3, err: boom"] {
            #expect(oracleOutput.contains(warning), "\(oracleOutput)")
            #expect(ours.output.contains(warning), "\(ours.output)")
        }

        for gathering in ["all_facts", "network_only", "hardware_only", "filtered"] {
            let theirs = try Value(jsonText: try await PlaybookIntegrationTests.shell(cluster, "ora-01", "cat /tmp/facts-\(gathering).json"))
            let mine = try Value(jsonText: try await PlaybookIntegrationTests.shell(cluster, "swa-01", "cat /tmp/facts-\(gathering).json"))
            try? theirs.jsonText().write(toFile: Self.keptDirectory + "/ansible-\(gathering).json", atomically: true, encoding: .utf8)
            try? mine.jsonText().write(toFile: Self.keptDirectory + "/swansible-\(gathering).json", atomically: true, encoding: .utf8)
            let theirFacts = Self.comparable(theirs.dictValue ?? [:]), myFacts = Self.comparable(mine.dictValue ?? [:])
            #expect(Set(myFacts.keys) == Set(theirFacts.keys), "\(gathering): only ansible-core: \(Set(theirFacts.keys).subtracting(myFacts.keys).sorted()), only swansible: \(Set(myFacts.keys).subtracting(theirFacts.keys).sorted())")
            for key in Self.machineFacts where theirFacts[key] != nil || myFacts[key] != nil {
                #expect(myFacts[key] == theirFacts[key], "\(gathering) \(key): ansible-core \(theirFacts[key]?.jsonText() ?? "nil") swansible \(myFacts[key]?.jsonText() ?? "nil")")
            }
            for key in Self.hostFacts where theirFacts[key] != nil || myFacts[key] != nil {
                let theirShape = theirFacts[key].map(FactShape.of), myShape = myFacts[key].map(FactShape.of)
                #expect(myShape == theirShape, "\(gathering) \(key): ansible-core \(theirShape?.description ?? "nil") swansible \(myShape?.description ?? "nil")")
            }
        }
    }

    /// What is compared: `virtualization_tech_guest` is a set in ansible-core (its order varies
    /// from run to run), and ansible-core's module runs with LANG set (Swansible's commands
    /// keep the login's locale), so LANG is not compared.
    static func comparable(_ facts: ValueDict) -> ValueDict {
        var copy = facts
        if case .list(let guests)? = copy["ansible_virtualization_tech_guest"] {
            copy["ansible_virtualization_tech_guest"] = .list(guests.sorted { ($0.stringValue ?? "") < ($1.stringValue ?? "") })
        }
        if case .dict(var environment)? = copy["ansible_env"] {
            environment.removeValue(forKey: "LANG")
            copy["ansible_env"] = .dict(environment)
        }
        return copy
    }
}

/// A value with its leaves replaced by their types: what two hosts' facts share when their
/// values differ. A list's shape is the set of its items' shapes.
indirect enum FactShape: Equatable, CustomStringConvertible {
    case leaf(String)
    case list(Set<String>)
    case dict([String: FactShape])

    static func of(_ value: Value) -> FactShape {
        switch value {
        case .dict(let d): return .dict(Dictionary(uniqueKeysWithValues: d.map { ($0.key, of($0.value)) }))
        case .list(let l): return .list(Set(l.map { of($0).description }))
        case .string, .unsafe: return .leaf("str")
        case .int: return .leaf("int")
        case .float: return .leaf("float")
        case .bool: return .leaf("bool")
        case .null: return .leaf("null")
        }
    }

    var description: String {
        switch self {
        case .leaf(let t): return t
        case .list(let items): return "[" + items.sorted().joined(separator: ", ") + "]"
        case .dict(let d): return "{" + d.keys.sorted().map { "\($0): \(d[$0]!.description)" }.joined(separator: ", ") + "}"
        }
    }
}
