import Foundation
import Testing
import Swansible
import SwansibleTesting

/// apt against ansible-core's apt, on two fresh hosts of the same Debian image (the one with
/// Python and python3-apt for ansible-core): the same playbook, then each registered result's
/// `changed`, `failed`, `cache_updated` and its set of keys compared line by line (`diff` and
/// `exception` aside: Swansible does not register diffs, nor invent tracebacks).
/// About two minutes and the Debian mirror: run only with SWANSIBLE_APT_DIFFERENTIAL=1 and
/// the oracle venv (`make oracle`) and the Python image (`scripts/build-host-image.sh --with-python`).
@Suite(.serialized, .enabled(if: AptDifferentialGate.enabled, "set SWANSIBLE_APT_DIFFERENTIAL=1 to compare apt with ansible-core"))
struct AptDifferentialTests {
    static let pythonImage = "swansible/coreos-sim-python:latest"
    static let ansiblePlaybook = IntegrationGate.packageRoot.appendingPathComponent(".oracle-venv/bin/ansible-playbook").path

    static let playbook = """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - shell: touch -d 2020-01-01 /var/lib/apt/lists
            - apt: {update_cache: true, cache_valid_time: 3600}
              register: r1
            - apt: {name: tree}
              register: r2
            - apt: {update_cache: true, cache_valid_time: 3600}
              register: r3
            - apt: {name: tree, update_cache: true}
              register: r4
            - apt: {name: hello}
              check_mode: true
              register: r5
            - apt: {name: tree, state: absent}
              register: r6
            - apt: {name: tree, state: absent}
              register: r7
            - apt: {name: nosuch-pkg-x}
              register: r8
              ignore_errors: true
            - package: {name: tree, state: present}
              register: r9
            - apt: {name: 'tree=2.1*'}
              register: r10
            - apt: {name: tree, state: latest}
              register: r11
            - apt: {upgrade: dist}
              check_mode: true
              register: r12
            - apt: {autoremove: true}
              register: r13
            - debug:
                msg: "{{ item }} {{ lookup('vars', item) | dict2items | selectattr('key', 'in', ['changed', 'failed', 'cache_updated']) | items2dict | to_json(sort_keys=true) }} KEYS {{ lookup('vars', item).keys() | reject('in', ['diff', 'exception']) | sort | join(',') }} MSG {{ lookup('vars', item).msg | default('') | truncate(60) }}"
              loop: [r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13]
        """

    static func write(_ cluster: SimulatedCluster) throws -> String {
        let directory = cluster.workDirectory + "/apt-differential"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try cluster.inventoryText().write(toFile: directory + "/inventory.ini", atomically: true, encoding: .utf8)
        try playbook.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        return directory
    }

    /// The `"msg": "rN ..."` lines of the debug task, in order.
    static func results(_ output: String) -> [String] {
        output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("\"msg\": \"r") }
    }

    @Test func registeredResultsAgreeWithAnsibleCore() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.ansiblePlaybook), "no oracle venv: make oracle")
        try await IntegrationGate.ensureImage(Self.pythonImage)
        var theirs = ""
        try await SimulatedCluster.with(names: ["apt-ans"], image: Self.pythonImage) { cluster in
            let host = try #require(cluster.host(named: "apt-ans"))
            // ansible-core's apt needs python3-apt; installed beforehand, the lists emptied again.
            _ = try await cluster.dockerExec(host, "apt-get update -qq && apt-get install -y -qq python3-apt >/dev/null && rm -rf /var/lib/apt/lists/*")
            let directory = try Self.write(cluster)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.ansiblePlaybook)
            process.arguments = ["-i", directory + "/inventory.ini", directory + "/site.yml"]
            process.environment = ["ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_NOCOLOR": "1", "HOME": directory,
                                   "PATH": (Self.ansiblePlaybook as NSString).deletingLastPathComponent + ":/usr/bin:/bin"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            theirs = String(decoding: data, as: UTF8.self)
        }
        var ours = ""
        try await SimulatedCluster.with(names: ["apt-swa"]) { cluster in
            let directory = try Self.write(cluster)
            ours = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/inventory.ini").output
        }
        let (a, b) = (Self.results(theirs), Self.results(ours))
        #expect(a.count == 13, "ansible-core:\n\(theirs)")
        #expect(a == b, "ansible-core:\n\(a.joined(separator: "\n"))\nswansible:\n\(b.joined(separator: "\n"))")
    }
}

enum AptDifferentialGate {
    static let enabled = ProcessInfo.processInfo.environment["SWANSIBLE_APT_DIFFERENTIAL"] == "1" && IntegrationGate.dockerAvailable
}
