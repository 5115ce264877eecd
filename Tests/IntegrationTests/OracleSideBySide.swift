import Foundation
import Testing
import Swansible
import SwansibleTesting

/// When the ansible-core comparison runs: asked for, with the oracle venv.
enum AccountOracleGate {
    static let ansiblePlaybook = IntegrationGate.packageRoot.appendingPathComponent(".oracle-venv/bin/ansible-playbook").path
    static var enabled: Bool {
        let flag = ProcessInfo.processInfo.environment["SWANSIBLE_ORACLE_CHECK"] ?? ""
        return !flag.isEmpty && flag != "0" && FileManager.default.isExecutableFile(atPath: ansiblePlaybook)
    }
}

/// One playbook run twice on a cluster of `ora-01` (Python) and `swa-01`: with ansible-playbook
/// (the oracle venv) limited to ora-01, and with Swansible limited to swa-01. `environment` is
/// added to ansible-playbook's (ANSIBLE_COLLECTIONS_PATH for the collections' modules);
/// `concurrently` runs both at once (each on its own host) to save the suite's time.
enum OracleSideBySide {
    static func run(_ playbook: String, named name: String, environment: [String: String] = [:],
                    concurrently: Bool = false) async throws -> (cluster: SimulatedCluster, oracle: String, swansible: (code: Int32, output: String)) {
        let cluster = try ClusterScope.cluster()
        let directory = cluster.workDirectory + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try cluster.writeInventory(to: directory + "/inventory.ini")
        try playbook.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.limit = ["swa-01"]
        if concurrently {
            let oracle = Task.detached { try ansiblePlaybook(directory, limit: "ora-01", environment: environment) }
            let ours = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/inventory.ini", options: options)
            return (cluster, try await oracle.value, ours)
        }
        let oracle = try ansiblePlaybook(directory, limit: "ora-01", environment: environment)
        let ours = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/inventory.ini", options: options)
        return (cluster, oracle, ours)
    }

    /// ansible-playbook's combined output for `site.yml` in `directory`, limited to `limit`.
    static func ansiblePlaybook(_ directory: String, limit: String, environment extra: [String: String] = [:]) throws -> String {
        let oracle = Process()
        oracle.executableURL = URL(fileURLWithPath: AccountOracleGate.ansiblePlaybook)
        oracle.arguments = [directory + "/site.yml", "-i", directory + "/inventory.ini", "-l", limit]
        oracle.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["ANSIBLE_HOST_KEY_CHECKING"] = "False"
        environment["ANSIBLE_NOCOLOR"] = "1"
        environment["ANSIBLE_HOME"] = directory + "/ansible-home"
        environment["ANSIBLE_CONFIG"] = nil
        environment.merge(extra) { _, added in added }
        oracle.environment = environment
        let pipe = Pipe()
        oracle.standardOutput = pipe
        oracle.standardError = pipe
        oracle.standardInput = FileHandle.nullDevice
        try oracle.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        oracle.waitUntilExit()
        return output
    }
}

/// What the side-by-side suites share: the playbook that registers each task's result and
/// collects them, and the comparison of the two engines' results and hosts.
extension OracleSideBySide {
    /// Keys only ansible-core's Python gives a registered result: warnings (compared as
    /// printed), deprecations and tracebacks. (A registered result without a loop has no
    /// `invocation` in either engine.)
    static let pythonOnly: Set<String> = ["warnings", "deprecations", "exception"]

    /// A playbook for every host (become, no facts) that runs `tasks` in order, each a one-line
    /// flow mapping registered under its name, except the `unregistered` set-up steps (written
    /// as they are, on several lines if need be), then writes the registered results to
    /// /tmp/results.json.
    static func registeringPlaybook(_ tasks: [(name: String, task: String)], unregistered: Set<String>) -> String {
        let lines = tasks.map { entry in
            unregistered.contains(entry.name)
                ? "    - " + entry.task.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n      ")
                : "    - \(entry.task.dropLast()), register: \(entry.name)}"
        }
        let registered = tasks.map(\.name).filter { !unregistered.contains($0) }
        return "- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n" + lines.joined(separator: "\n") + "\n"
            + resultsFileTask(registered)
    }

    /// The task (indented as a play's task) that writes the results registered as `names` to
    /// /tmp/results.json, as a dict from name to result.
    static func resultsFileTask(_ names: [String]) -> String {
        """
            - copy:
                dest: /tmp/results.json
                content: "{{ dict(names | zip(values)) | to_nice_json }}"
              vars:
                names: [\(names.joined(separator: ", "))]
                values: [\(names.map { "\"{{ \($0) }}\"" }.joined(separator: ", "))]

        """
    }

    /// Each of ansible-core's results equals Swansible's for the same task, but for the keys
    /// `ignoring` and the tasks `except` (differences on purpose, checked by the suite).
    static func expectSameResults(_ theirs: ValueDict, _ mine: ValueDict, ignoring: Set<String> = pythonOnly,
                                  except deliberate: Set<String> = [], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for (task, result) in theirs.sorted(by: { $0.key < $1.key }) where !deliberate.contains(task) {
            let expected = (result.dictValue ?? [:]).filter { !ignoring.contains($0.key) }
            let actual = (mine[task]?.dictValue ?? [:]).filter { !ignoring.contains($0.key) }
            #expect(Value.dict(actual) == Value.dict(expected),
                    "\(task):\n  ansible-core \(Value.dict(expected).jsonText())\n  swansible    \(Value.dict(actual).jsonText())",
                    sourceLocation: sourceLocation)
        }
    }

    /// `look` (a shell command) prints the same on both hosts, each host's name read as HOST.
    static func expectSameHosts(_ cluster: SimulatedCluster, look: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let theirs = try await PlaybookIntegrationTests.shell(cluster, "ora-01", look).replacingOccurrences(of: "ora-01", with: "HOST")
        let mine = try await PlaybookIntegrationTests.shell(cluster, "swa-01", look).replacingOccurrences(of: "swa-01", with: "HOST")
        #expect(mine == theirs, "ansible-core's host:\n\(theirs)\nswansible's host:\n\(mine)", sourceLocation: sourceLocation)
    }
}
