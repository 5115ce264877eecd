import Foundation
import Testing
@testable import Swansible

/// Module traits seen from a run: what the default callback prints for actions whose module
/// says how ansible-core shows them. The expected text was taken from running the same playbook
/// with ansible-core 2.19 (`ansible-playbook -i localhost, -c local site.yml`), blank lines
/// dropped and the playbook's directory written as `{dir}`.
@Suite struct ModuleTraitRunTests {
    static let playbook = """
        - hosts: localhost
          gather_facts: false
          ignore_errors: true
          tasks:
          - assert: {that: true, quiet: true}
          - assert: {that: true}
          - debug: {msg: hi}
          - include_vars: {file: vars.yml}
          - debug: {var: k}
          - raw: exit 3

        """

    static let ansibleOutput = """
        TASK [assert] ******************************************************************
        ok: [localhost]
        TASK [assert] ******************************************************************
        ok: [localhost] => {
            "changed": false,
            "msg": "All assertions passed"
        }
        TASK [debug] *******************************************************************
        ok: [localhost] => {
            "msg": "hi"
        }
        TASK [include_vars] ************************************************************
        ok: [localhost]
        TASK [debug] *******************************************************************
        ok: [localhost] => {
            "k": "v"
        }
        TASK [raw] *********************************************************************
        [ERROR]: Task failed: Action failed: non-zero return code
        Origin: {dir}/site.yml:10:5
         8   - include_vars: {file: vars.yml}
         9   - debug: {var: k}
        10   - raw: exit 3
               ^ column 5
        fatal: [localhost]: FAILED! => {"changed": true, "msg": "non-zero return code", "rc": 3, "stderr": "", "stderr_lines": [], "stdout": "", "stdout_lines": []}
        ...ignoring
        PLAY RECAP *********************************************************************
        localhost                  : ok=6    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=1
        """

    /// Quiet assert prints no result, debug's has no `changed`, include_vars' variables are
    /// visible, and raw (an action without a module) fails as an action.
    @Test func tracesOfModuleTraitsInTheDefaultOutput() async throws {
        let dir = NSTemporaryDirectory() + "swansible-traits-\(UInt32.random(in: 0 ... .max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.playbook.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
        try "k: v\n".write(toFile: dir + "/vars.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inventorySources = ["localhost,"]
        options.connection = "local"
        let sink = BufferSink()
        _ = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], environment: ["ANSIBLE_CONFIG": dir + "/none.cfg"],
            currentDirectory: dir, callback: DefaultCallback(sink: sink)
        ).run()
        let fromFirstTask = Self.trimmed(sink.text).drop { !$0.hasPrefix("TASK [") }.joined(separator: "\n")
        let expected = Self.trimmed(Self.ansibleOutput.replacingOccurrences(of: "{dir}", with: dir)).joined(separator: "\n")
        #expect(fromFirstTask == expected, "\nours:\n\(fromFirstTask)\nansible-core:\n\(expected)")
    }

    /// Non-blank lines without trailing spaces.
    static func trimmed(_ text: String) -> [String] {
        text.split(separator: "\n").map { line in
            var line = Substring(line)
            while line.last == " " { line = line.dropLast() }
            return String(line)
        }.filter { !$0.isEmpty }
    }
}
