import Foundation
import Testing
@testable import Swansible

/// Python modules the content brings in `library/`, run over the local connection as
/// ansible-core runs them: `ansible.module_utils` comes from ansible-core on the controller (the
/// oracle venv's Python, which `make test` names in SWANSIBLE_ORACLE_PYTHON), a role's own
/// `module_utils/` beside it; without ansible-core, and for action plugins, a clear refusal.
@Suite struct ContentModuleRunTests {
    static let oraclePython = ProcessInfo.processInfo.environment["SWANSIBLE_ORACLE_PYTHON"]
        .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }

    /// A playbook directory with a role that brings a Python module, a module utility and an
    /// action plugin; returns its path.
    static func content() throws -> String {
        let dir = NSTemporaryDirectory() + "swansible-content-modules-\(UInt32.random(in: 0 ... .max))"
        for sub in ["roles/tools/library", "roles/tools/module_utils", "roles/tools/action_plugins", "roles/tools/tasks"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        try """
        #!/usr/bin/python
        from ansible.module_utils.basic import AnsibleModule
        from ansible.module_utils.shout import shout

        def main():
            module = AnsibleModule(argument_spec=dict(name=dict(type='str', required=True)), supports_check_mode=True)
            module.exit_json(changed=not module.check_mode, shouted=shout(module.params['name']))

        main()
        """.write(toFile: dir + "/roles/tools/library/shouter.py", atomically: true, encoding: .utf8)
        try "def shout(text):\n    return text.upper() + '!'\n"
            .write(toFile: dir + "/roles/tools/module_utils/shout.py", atomically: true, encoding: .utf8)
        try "from ansible.plugins.action import ActionBase\n"
            .write(toFile: dir + "/roles/tools/action_plugins/wrapped.py", atomically: true, encoding: .utf8)
        try "- debug: msg=tools\n".write(toFile: dir + "/roles/tools/tasks/main.yml", atomically: true, encoding: .utf8)
        return dir
    }

    static func run(_ tasks: String, in dir: String, ansiblePython: String?) async throws -> (code: Int32, output: String) {
        try """
        - hosts: localhost
          gather_facts: false
          roles: [tools]
          tasks:
        \(tasks)
        """.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inventorySources = ["localhost,"]
        options.connection = "local"
        options.ansiblePython = ansiblePython
        let sink = BufferSink()
        let code = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], environment: ["ANSIBLE_CONFIG": dir + "/none.cfg"],
            currentDirectory: dir, callback: DefaultCallback(sink: sink)
        ).run()
        return (code, sink.text + sink.errorText)
    }

    @Test(.enabled(if: oraclePython != nil, "needs ansible-core on the controller: SWANSIBLE_ORACLE_PYTHON (make test sets it)"))
    func anAnsibleModuleRunsWithTheControllersModuleUtilsAndTheRoles() async throws {
        let dir = try Self.content()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let python = try #require(Self.oraclePython)
        let (code, output) = try await Self.run("""
            - shouter: name=swan
              vars: {ansible_python_interpreter: \(python)}
              register: first
            - shouter: name=check
              vars: {ansible_python_interpreter: \(python)}
              check_mode: true
              register: checked
            - shouter: {}
              vars: {ansible_python_interpreter: \(python)}
              ignore_errors: true
              register: missing
            - assert:
                that:
                  - first is changed and first.shouted == 'SWAN!'
                  - checked is not changed and checked.shouted == 'CHECK!'
                  - missing is failed and missing.msg == 'missing required arguments: name'
                  - first.invocation is not defined
        """, in: dir, ansiblePython: python)
        #expect(code == 0, "\(output)")
        #expect(output.contains("[ERROR]: Task failed: Module failed: missing required arguments: name"), "\(output)")
    }

    @Test func withoutAnsibleCoreOnTheControllerAPythonModuleIsRefusedByName() async throws {
        let dir = try Self.content()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (code, output) = try await Self.run("""
            - shouter: name=swan
        """, in: dir, ansiblePython: "/nonexistent/python3")
        #expect(code == 2, "\(output)")
        #expect(output.contains("module (shouter) at \(dir)/roles/tools/library/shouter.py cannot run: Python modules import "
                                + "ansible.module_utils, which Swansible takes from an ansible-core installation on the controller, "
                                + "and none was found (none of /nonexistent/python3 imports it)"), "\(output)")
    }

    @Test func anActionPluginIsRefusedWhenItRunsAndSkippedWhenItDoesNot() async throws {
        let dir = try Self.content()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (code, output) = try await Self.run("""
            - wrapped: {a: 1}
              when: false
            - wrapped: {a: 1}
        """, in: dir, ansiblePython: nil)
        #expect(code == 2, "\(output)")
        #expect(output.contains("skipping: [localhost]"), "\(output)")
        #expect(output.contains("The action 'wrapped' is an action plugin (\(dir)/roles/tools/action_plugins/wrapped.py): Python code "
                                + "that runs inside ansible-core on the controller, which Swansible does not run."), "\(output)")
    }
}
