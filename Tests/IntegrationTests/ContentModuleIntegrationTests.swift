import Foundation
import Testing
import Swansible
import SwansibleTesting

/// A module the content brings in `library/` (a shell script, key=value arguments) over SSH on a
/// simulated host without Python: it runs, a second run changes nothing, check mode only
/// predicts, and nothing of it stays in the host's temp directories. A Python module on the
/// same host is refused, naming the module and the missing Python.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["content-01"]))
struct ContentModuleIntegrationTests {
    static let host = "content-01"

    /// Ensures `line` is in `path`; says whether it changed anything, honours check mode.
    static let ensureLine = #"""
        #!/bin/sh
        . "$1"
        if grep -qxF "$line" "$path" 2>/dev/null; then
          printf '{"changed": false, "path": "%s"}\n' "$path"
        elif [ "$_ansible_check_mode" = True ]; then
          printf '{"changed": true, "path": "%s", "msg": "would add"}\n' "$path"
        else
          printf '%s\n' "$line" >>"$path" && printf '{"changed": true, "path": "%s"}\n' "$path"
        fi
        """#

    static let pythonModule = """
        #!/usr/bin/python
        from ansible.module_utils.basic import AnsibleModule
        AnsibleModule(argument_spec={}).exit_json(changed=False)
        """

    static func run(_ name: String, tasks: String, checkMode: Bool = false) async throws -> (code: Int32, output: String) {
        let cluster = try ClusterScope.cluster()
        let library = cluster.workDirectory + "/library"
        try FileManager.default.createDirectory(atPath: library, withIntermediateDirectories: true)
        try Self.ensureLine.write(toFile: library + "/ensure_line", atomically: true, encoding: .utf8)
        try Self.pythonModule.write(toFile: library + "/python_only.py", atomically: true, encoding: .utf8)
        let (playbook, inventory) = try cluster.writeTasksPlaybook(name, tasks: tasks)
        var options = RunOptions()
        options.checkMode = checkMode
        // The controller's ansible-core, when the tests have one (make test names it).
        options.ansiblePython = ProcessInfo.processInfo.environment["SWANSIBLE_ORACLE_PYTHON"]
        return await PlaybookIntegrationTests.runPlaybook(playbook, inventory: inventory, options: options)
    }

    static func shell(_ command: String) async throws -> String {
        try await PlaybookIntegrationTests.shell(try ClusterScope.cluster(), host, command)
    }

    static func changed(_ output: String) -> Int? { PlaybookIntegrationTests.recap(output)[host]?.changed }

    @Test func aShellModuleFromLibraryRunsOnceThenChangesNothing() async throws {
        _ = try await Self.shell("rm -f /etc/swansible-content /tmp/.swansible-*")
        let task = """
              - ensure_line: path=/etc/swansible-content line="hello from library"
                register: r
              - assert:
                  that: [r.path == '/etc/swansible-content']
        """
        let (checkCode, checkOutput) = try await Self.run("content-check", tasks: task, checkMode: true)
        #expect(checkCode == 0 && Self.changed(checkOutput) == 1, "\(checkOutput)")
        #expect(try await Self.shell("test -e /etc/swansible-content && echo present || echo absent") == "absent")
        let (firstCode, first) = try await Self.run("content-first", tasks: task)
        #expect(firstCode == 0 && Self.changed(first) == 1, "\(first)")
        let (againCode, again) = try await Self.run("content-again", tasks: task)
        #expect(againCode == 0 && Self.changed(again) == 0, "\(again)")
        #expect(try await Self.shell("cat /etc/swansible-content") == "hello from library")
        // The module and its arguments file are removed after each run.
        #expect(try await Self.shell("ls -A /tmp | grep -c '^.swansible-' || true") == "0")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["SWANSIBLE_ORACLE_PYTHON"] != nil,
                   "needs ansible-core on the controller: SWANSIBLE_ORACLE_PYTHON (make test sets it)"))
    func aPythonModuleOnAHostWithoutPythonIsRefusedByName() async throws {
        let (code, output) = try await Self.run("content-python", tasks: """
              - python_only:
        """)
        #expect(code == 2, "\(output)")
        #expect(output.contains("module (python_only) at ") && output.contains("/library/python_only.py is a Python module and "
                                + "the host has no Python: ansible_python_interpreter is unset and none of python3.13, "),
                "\(output)")
    }
}
