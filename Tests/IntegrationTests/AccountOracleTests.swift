import Foundation
import Testing
import Swansible
import SwansibleTesting

/// user, group and wait_for_connection against ansible-core on the same kind of host: the same
/// playbook runs with ansible-playbook (the oracle venv) on one simulated host that has Python and
/// with Swansible on another; the registered results and the printed output must agree.
///
/// Oracle-only: `SWANSIBLE_ORACLE_CHECK=1 swift test --filter AccountOracleTests`, with
/// `.oracle-venv` (`make oracle`) and the Python host image (`scripts/build-host-image.sh --with-python`).
/// ansible.posix is not in the oracle venv, so sysctl is not compared here.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: AccountOracleGate.enabled, "oracle-only: SWANSIBLE_ORACLE_CHECK=1, .oracle-venv and the Python host image"),
       .simulatedCluster(["ora-01", "swa-01"], image: "swansible/coreos-sim-python:latest"))
struct AccountOracleTests {
    static let ansiblePlaybook = AccountOracleGate.ansiblePlaybook

    static let playbook = """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - {group: {name: devs, gid: 2345}, register: g1}
            - {group: {name: devs, gid: 2345}, register: g2}
            - {group: {name: devs, gid: 2400}, check_mode: true, register: g3}
            - {group: {name: ops}, register: g4}
            - {user: {name: carol, shell: /bin/sh, groups: [devs], comment: Carol C, password: '\(AccountModuleTests.hash)'}, check_mode: true, register: u0}
            - {user: {name: carol, shell: /bin/sh, groups: [devs], comment: Carol C, password: '\(AccountModuleTests.hash)'}, register: u1}
            - {user: {name: carol, shell: /bin/sh, groups: [devs], comment: Carol C, password: '\(AccountModuleTests.hash)'}, register: u2}
            - {user: {name: carol, shell: /bin/bash, groups: [ops], append: true}, register: u3}
            - {user: {name: carol, groups: [ops]}, check_mode: true, register: u4}
            - {user: {name: carol, password_lock: true, expires: 1893456000}, register: u5}
            - {user: {name: dave, home: /srv/people/dave, uid: 3456, system: true}, register: u6}
            - {user: {name: carol, state: absent, remove: true}, check_mode: true, register: u7}
            - {user: {name: carol, state: absent, remove: true}, register: u8}
            - {user: {name: carol, state: absent}, register: u9}
            - {group: {name: devs, state: absent}, register: g5}
            - {group: {name: devs, state: absent}, register: g6}
            - {group: {name: nope, gid: 12}, register: g7, ignore_errors: true}
            - {user: {name: erin, group: nosuch}, register: u10, ignore_errors: true}
            - {wait_for_connection: {timeout: 10}, register: w1}
            - {wait_for_connection: {}, check_mode: true, register: w2}
            - copy:
                dest: /tmp/results.json
                content: "{{ dict(names | zip(values)) | to_nice_json }}"
              vars:
                names: [g1, g2, g3, g4, g5, g6, g7, u0, u1, u2, u3, u4, u5, u6, u7, u8, u9, u10, w2]
                values: ["{{ g1 }}", "{{ g2 }}", "{{ g3 }}", "{{ g4 }}", "{{ g5 }}", "{{ g6 }}", "{{ g7 }}", "{{ u0 }}", "{{ u1 }}", "{{ u2 }}", "{{ u3 }}", "{{ u4 }}", "{{ u5 }}", "{{ u6 }}", "{{ u7 }}", "{{ u8 }}", "{{ u9 }}", "{{ u10 }}", "{{ w2 }}"]
        """

    /// Keys only ansible-core adds: its Python interpreter, tracebacks. (`invocation` is no such key:
    /// a registered result has none in either engine.)
    static let pythonOnly: Set<String> = ["ansible_facts", "warnings", "deprecations", "exception"]

    @Test func resultsAndOutputMatchAnsibleCore() async throws {
        let (cluster, oracleOutput, ours) = try await OracleSideBySide.run(Self.playbook, named: "oracle")

        func normalised(_ text: String, host: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("[WARNING]: Host '") }
                .joined(separator: "\n").replacingOccurrences(of: host, with: "HOST")
        }
        #expect(normalised(ours.output, host: "swa-01") == normalised(oracleOutput, host: "ora-01"),
                "swansible:\n\(ours.output)\nansible-core:\n\(oracleOutput)")

        let theirs = try Value(jsonText: try await PlaybookIntegrationTests.shell(cluster, "ora-01", "cat /tmp/results.json"))
        let mine = try Value(jsonText: try await PlaybookIntegrationTests.shell(cluster, "swa-01", "cat /tmp/results.json"))
        #expect(theirs.dictValue?.count == 19 && mine.dictValue?.count == 19)
        for (task, result) in theirs.dictValue ?? [:] {
            let expected = (result.dictValue ?? [:]).filter { !Self.pythonOnly.contains($0.key) }
            let actual = mine.dictValue?[task]?.dictValue?.filter { !Self.pythonOnly.contains($0.key) }
            #expect(Value.dict(expected) == actual.map(Value.dict), "\(task): ansible-core \(expected) swansible \(String(describing: actual))")
        }
    }
}
