import Foundation
import Testing
import Swansible
import SwansibleTesting

/// debconf and getent against ansible-core 2.19 on the simulated Debian hosts: the same playbook
/// runs with ansible-playbook on the host that has Python and with Swansible on the other; the
/// printed output (host names read `HOST`) and every registered result must be equal, apart from
/// what only ansible-core's Python adds. The answers are really set here (debconf-set-selections
/// in the containers), then set again, reordered and compared; the image has no
/// debconf-get-selections, so a password question fails on both sides with the same message,
/// and no /etc/services, so a services lookup fails on both sides too.
///
/// Oracle-only: `SWANSIBLE_ORACLE_CHECK=1 swift test --filter DebconfGetentOracleTests`, with
/// `.oracle-venv` (`make oracle`) and the Python host image (`scripts/build-host-image.sh --with-python`).
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: AccountOracleGate.enabled, "oracle-only: SWANSIBLE_ORACLE_CHECK=1, .oracle-venv and the Python host image"),
       .simulatedCluster(["ora-01", "swa-01"], image: "swansible/coreos-sim-python:latest"))
struct DebconfGetentOracleTests {
    static let names = ["d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "g0", "g1", "g2", "g3", "g4"]

    static let playbook = """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - {debconf: {name: tzdata}, register: d0}
            - {debconf: {name: tzdata, question: tzdata/Areas, vtype: select, value: Europe}, check_mode: true, diff: true, register: d1}
            - {debconf: {name: tzdata, question: tzdata/Areas, vtype: select, value: Europe}, diff: true, register: d2}
            - {debconf: {name: tzdata, question: tzdata/Areas, vtype: select, value: Europe}, register: d3}
            - {debconf: {name: man-db, question: man-db/auto-update, vtype: boolean, value: false}, register: d4}
            - {debconf: {name: man-db, question: man-db/auto-update, vtype: boolean, value: "FALSE"}, register: d5}
            - {debconf: {name: locales, question: locales/locales_to_be_generated, vtype: multiselect, value: [en_US.UTF-8 UTF-8, C.UTF-8 UTF-8]}, register: d6}
            - {debconf: {name: locales, question: locales/locales_to_be_generated, vtype: multiselect, value: [C.UTF-8 UTF-8, en_US.UTF-8 UTF-8]}, register: d7}
            - {debconf: {name: tzdata, question: tzdata/Zones/Europe, vtype: select, value: Paris, unseen: true}, register: d8}
            - {debconf: {name: tzdata, question: tzdata/Zones/Europe, vtype: password, value: Paris}, register: d9, ignore_errors: true}
            - {debconf: {name: tzdata}, register: d10}
            - {getent: {database: passwd, key: root}, register: g0}
            - {getent: {database: hosts}, register: g1}
            - {getent: {database: group, key: no-such-group, fail_key: false}, register: g2}
            - {getent: {database: passwd, key: no-such-user}, register: g3, ignore_errors: true}
            - {getent: {database: services, key: ssh, service: files}, register: g4, ignore_errors: true}
        \(OracleSideBySide.resultsFileTask(names))
        """

    static func printed(_ output: String, host: String) -> String {
        output.replacingOccurrences(of: host, with: "HOST")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("[WARNING]: Host '") }
            .joined(separator: "\n")
    }

    @Test func resultsAndOutputMatchAnsibleCore() async throws {
        let (cluster, oracleOutput, ours) = try await OracleSideBySide.run(Self.playbook, named: "debconf-getent-oracle")
        #expect(ours.code == 0, "\(ours.output)")
        #expect(oracleOutput.contains("failed=0"), "\(oracleOutput)")
        #expect(Self.printed(ours.output, host: "swa-01") == Self.printed(oracleOutput, host: "ora-01"),
                "swansible:\n\(ours.output)\nansible-core:\n\(oracleOutput)")

        func results(_ host: String) async throws -> ValueDict {
            let text = try await PlaybookIntegrationTests.shell(cluster, host, "cat /tmp/results.json")
            // Each host's own address (getent hosts lists it) reads `IP`.
            let named = text.replacingOccurrences(of: host, with: "HOST")
                .replacingOccurrences(of: #""[0-9.]+": \[\s*"HOST"\s*\]"#, with: #""IP": ["HOST"]"#, options: .regularExpression)
            return try Value(jsonText: named).dictValue ?? [:]
        }
        let theirs = try await results("ora-01"), mine = try await results("swa-01")
        #expect(theirs.count == Self.names.count, "\(oracleOutput)")
        #expect(theirs["d2"]?.dictValue?["changed"] == .bool(true) && theirs["d3"]?.dictValue?["changed"] == .bool(false))
        for (task, result) in theirs.sorted(by: { $0.key < $1.key }) {
            var expected = (result.dictValue ?? [:]).filter { !OracleSideBySide.pythonOnly.contains($0.key) }
            // The interpreter ansible-core discovered on its first task is Python's alone.
            if var facts = expected["ansible_facts"]?.dictValue {
                facts["discovered_interpreter_python"] = nil
                expected["ansible_facts"] = facts.isEmpty ? nil : .dict(facts)
            }
            let actual = (mine[task]?.dictValue ?? [:]).filter { !OracleSideBySide.pythonOnly.contains($0.key) }
            #expect(Value.dict(actual) == Value.dict(expected),
                    "\(task):\n  ansible-core \(Value.dict(expected).jsonText())\n  swansible    \(Value.dict(actual).jsonText())")
        }
    }
}
