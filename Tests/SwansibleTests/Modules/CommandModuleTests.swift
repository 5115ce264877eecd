import Foundation
import Testing
@testable import Swansible

@Suite struct CommandModuleTests {
    @Test func commandSplitsWordsAndReportsAnsibleFields() async throws {
        let r = try await runLocal("command", ["_raw_params": "echo 'a  b' c"])
        #expect(r.changed && !r.failed)
        #expect(r.fields["cmd"] == ["echo", "a  b", "c"])
        #expect(r.fields["stdout"] == "a  b c")
        #expect(r.fields["stdout_lines"] == ["a  b c"])
        #expect(r.fields["rc"] == 0)
        #expect(r.message == "")
        #expect(Array(r.reported.fields.keys) == ["cmd", "delta", "end", "rc", "start", "stderr", "stderr_lines", "stdout", "stdout_lines"])
    }

    @Test func commandDoesNotInterpretShellSyntax() async throws {
        let r = try await runLocal("command", ["cmd": "echo $HOME > x", "expand_argument_vars": false])
        #expect(r.fields["stdout"] == "$HOME > x")
    }

    @Test func commandExpandsEnvironmentVariablesInItsWords() async throws {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        let r = try await runLocal("command", ["cmd": "echo $HOME $NO_SUCH_VARIABLE_HERE > x"])
        #expect(r.fields["stdout"] == .string("\(home) $NO_SUCH_VARIABLE_HERE > x"))
        #expect(r.fields["cmd"] == ["echo", "$HOME", "$NO_SUCH_VARIABLE_HERE", ">", "x"])
    }

    @Test func nonZeroExitFailsWithAnsibleMessage() async throws {
        let r = try await runLocal("shell", ["_raw_params": "echo out; echo err >&2; exit 3"])
        #expect(r.failed && r.changed)
        #expect(r.message == "non-zero return code")
        #expect(r.fields["rc"] == 3)
        #expect(r.fields["stderr"] == "err")
        #expect(r.fields["cmd"] == "echo out; echo err >&2; exit 3")
    }

    @Test func missingExecutableIsErrorExecutingCommand() async throws {
        let r = try await runLocal("command", ["_raw_params": "no-such-binary-xyz arg"])
        #expect(r.failed)
        #expect(r.message == "Error executing command.")
        #expect(r.fields["rc"] == 2)
    }

    @Test func createsSkipsWhenPathExistsAndRunsWhenNot() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("made", "x")
        let skipped = try await runLocal("command", ["_raw_params": "touch other", "chdir": .string(dir.path), "creates": "made"])
        #expect(!skipped.changed)
        #expect(skipped.message == "Did not run command since 'made' exists")
        #expect(skipped.fields["stdout"] == "skipped, since made exists")
        #expect(!dir.exists("other"))
        let ran = try await runLocal("command", ["_raw_params": "touch other", "chdir": .string(dir.path), "creates": "m*z"])
        #expect(ran.changed)
        #expect(dir.exists("other"))
    }

    @Test func createsUnderstandsGlobs() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("a.pem", "x")
        let r = try await runLocal("shell", ["_raw_params": "exit 1", "creates": .string(dir.path + "/*.pem")])
        #expect(!r.changed && !r.failed)
    }

    @Test func removesRunsOnlyWhenPathExists() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("command", ["_raw_params": "false", "removes": .string(dir.file("gone"))])
        #expect(!r.changed && !r.failed)
        #expect(r.message == "Did not run command since '\(dir.file("gone"))' does not exist")
    }

    @Test func checkModeSkipsUnguardedCommands() async throws {
        let r = try await runLocal("command", ["_raw_params": "touch /nonexistent/x"], checkMode: true)
        #expect(r.skipped)
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let guarded = try await runLocal("command", ["_raw_params": "touch x", "chdir": .string(dir.path), "creates": "x"], checkMode: true)
        #expect(guarded.changed && !guarded.skipped)
        #expect(!dir.exists("x"))
    }

    @Test func stdinIsFedWithNewline() async throws {
        let r = try await runLocal("command", ["_raw_params": "od -c", "stdin": "hi"])
        #expect((r.fields["stdout"]?.stringValue ?? "").contains("h   i  \\n"))
    }

    @Test func shellUsesEnvironmentAndChdir() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("shell", ["_raw_params": "echo $GREETING; pwd", "chdir": .string(dir.path)], environment: ["GREETING": "it's me"])
        #expect(r.fields["stdout_lines"] == ["it's me", .string(dir.path)])
    }

    @Test func rawKeepsOutputUnstripped() async throws {
        let r = try await runLocal("raw", ["_raw_params": "echo hi"])
        #expect(r.fields["stdout"] == "hi\n")
        #expect(r.changed)
    }

    @Test func oldWarnArgumentIsAccepted() async throws {
        let r = try await runLocal("command", ["_raw_params": "true", "warn": "no"])
        #expect(!r.failed)
    }

    @Test func timestampsLookLikePython() {
        #expect(CommandRun.delta(0.002624) == "0:00:00.002624")
        #expect(CommandRun.delta(3725.5) == "1:02:05.500000")
        #expect(CommandRun.timestamp(Date()).count == 26)
    }

    @Test func linesSplitLikePython() {
        #expect(CommandRun.lines("a\n\nb\n") == ["a", "", "b"])
        #expect(CommandRun.lines("a\r\nb") == ["a", "b"])
        #expect(CommandRun.lines("") == [])
    }
}
