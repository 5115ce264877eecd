import Foundation
import Testing
@testable import Swansible

/// The argument rules modules declare in their specs (once checks inside `run`), against
/// ansible-core. Each expected message was taken from running the same task with
/// ansible-core 2.19 (`ansible-playbook -c local` with `ignore_errors`, reading `msg`); the
/// rules reject the task before anything runs on the host.
@Suite struct ModuleRuleDifferentialTests {
    struct Case: CustomStringConvertible, Sendable {
        var module: String
        var args: ValueDict
        var ansibleMessage: String
        var description: String { "\(module) \(Value.dict(args).jsonText())" }

        init(_ module: String, _ args: ValueDict, _ ansibleMessage: String) {
            self.module = module
            self.args = args
            self.ansibleMessage = ansibleMessage
        }
    }

    static let commandLine: [Case] = [
        Case("command", [:], "one of the following is required: _raw_params, cmd, argv"),
        Case("command", ["cmd": "echo", "argv": ["a"]], "parameters are mutually exclusive: _raw_params|cmd|argv"),
        Case("command", ["_raw_params": "echo", "cmd": "x", "argv": ["a"], "foo": 1], "parameters are mutually exclusive: _raw_params|cmd|argv"),
        Case("command", ["argv": ["echo"], "_raw_params": ""], "parameters are mutually exclusive: _raw_params|cmd|argv"),
        Case("shell", [:], "one of the following is required: _raw_params, cmd, argv"),
        Case("shell", ["cmd": "a", "_raw_params": "b"], "parameters are mutually exclusive: _raw_params|cmd|argv"),
        Case("script", [:], "one of the following is required: _raw_params, cmd"),
        Case("script", ["cmd": "/nonexist", "_raw_params": "/nonexist2"], "parameters are mutually exclusive: _raw_params|cmd"),
    ]

    static let controllerActions: [Case] = [
        Case("debug", ["msg": "a", "var": "b"], "parameters are mutually exclusive: msg|var"),
        Case("debug", ["msg": "a", "var": .null], "parameters are mutually exclusive: msg|var"),
        Case("debug", ["msg": "a", "var": "b", "foo": 1], "parameters are mutually exclusive: msg|var"),
        Case("pause", ["seconds": 1, "minutes": 1], "parameters are mutually exclusive: minutes|seconds"),
        Case("pause", ["seconds": 0, "minutes": .null], "parameters are mutually exclusive: minutes|seconds"),
    ]

    static let hostModules: [Case] = [
        Case("lineinfile", ["path": "/tmp/f", "line": "x", "insertafter": "a", "insertbefore": "b"],
             "parameters are mutually exclusive: insertbefore|insertafter"),
        Case("lineinfile", ["path": "/tmp/f", "line": "x", "regexp": "a", "search_string": "b"],
             "parameters are mutually exclusive: regexp|search_string"),
        Case("lineinfile", ["path": "/tmp/f", "regex": "a", "search_string": "b"], "parameters are mutually exclusive: regexp|search_string"),
        Case("lineinfile", ["path": "/tmp/f", "line": "x", "backrefs": "yes", "search_string": "b"],
             "parameters are mutually exclusive: backrefs|search_string"),
        Case("lineinfile", ["path": "/tmp/f", "backrefs": false, "search_string": "b", "line": "x"],
             "parameters are mutually exclusive: backrefs|search_string"),
        Case("lineinfile", ["line": "x", "insertafter": "a", "insertbefore": "b"], "parameters are mutually exclusive: insertbefore|insertafter"),
        Case("lineinfile", ["path": "/tmp/f", "insertafter": "a", "insertbefore": "b", "regexp": "a", "search_string": "b"],
             "parameters are mutually exclusive: insertbefore|insertafter, regexp|search_string"),
        Case("systemd", ["enabled": true], "missing parameter(s) required by 'enabled': name"),
        Case("systemd", ["state": "started", "enabled": true], "missing parameter(s) required by 'state': name"),
        Case("systemd", ["masked": true, "daemon_reload": true], "missing parameter(s) required by 'masked': name"),
        Case("systemd", ["name": "foo", "state": "bogus"], "value of state must be one of: reloaded, restarted, started, stopped, got: bogus"),
        Case("uri", ["url": "http://127.0.0.1:9", "body": "a", "src": "/etc/hostname"], "parameters are mutually exclusive: body|src"),
    ]

    /// copy's action plugin checks before its module, in its own words.
    static let copyAction: [Case] = [
        Case("copy", [:], "src (or content) is required"),
        Case("copy", ["dest": "/tmp/x"], "src (or content) is required"),
        Case("copy", ["content": "a", "src": "/etc/hosts"], "dest is required"),
        Case("copy", ["content": "a", "src": "/etc/hosts", "dest": "/tmp/x"], "src and content are mutually exclusive"),
    ]

    @Test(arguments: commandLine + controllerActions + hostModules + copyAction)
    func ruleFailsLikeAnsible(_ c: Case) async throws {
        let connection = RecordingConnection()
        let r = try await runLocal(c.module, c.args, connection: connection)
        #expect(r.failed)
        #expect(r.message == c.ansibleMessage, "\n  ours:    \(r.message ?? "nil")\n  ansible: \(c.ansibleMessage)")
        let commands = await connection.commands
        #expect(commands.isEmpty, "ran on the host: \(commands)")
    }

    /// systemd's `daemon_reload` defaults to false, which already meets its one-of rule:
    /// ansible-core runs `systemd: {}` and reports `{"changed": false, "name": null, "status": {}}`.
    @Test func systemdWithNoArgumentsDoesNothing() async throws {
        let r = try await runLocal("systemd", [:], connection: RecordingConnection(stdouts: ["changed=0\n"]))
        #expect(!r.failed, "\(r.message ?? "")")
        #expect(r.reported.registered == ["changed": false, "name": nil, "status": [:]])
    }

    /// ansible-core's shell accepts `argv` too: each word quoted into the line, `cmd` the list.
    @Test func shellRunsArgvQuotedWordByWord() async throws {
        let r = try await runLocal("shell", ["argv": ["echo", "hi there", "$HOME"]])
        #expect(r.fields["stdout"] == "hi there $HOME")
        #expect(r.fields["cmd"] == ["echo", "hi there", "$HOME"])
    }
}
