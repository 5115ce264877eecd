import Foundation
import Testing
@testable import Swansible

/// Become with a password over the local connection, against a stand-in for sudo (a script
/// that prompts with `-p`, reads a line and runs the command; `-n` refuses): the prompt is
/// answered once, the module's own input follows, and a missing or wrong password reads as
/// ansible's message.
@Suite struct LocalBecomePasswordTests {
    static let fakeSudo = """
        #!/bin/sh
        prompt=""; interactive=1
        while [ $# -gt 0 ]; do
            case "$1" in
                -p) prompt=$2; shift 2 ;;
                -u) shift 2 ;;
                -n) interactive=0; shift ;;
                -*) shift ;;
                *) break ;;
            esac
        done
        [ "$interactive" = 1 ] || { echo "sudo: a password is required" >&2; exit 1; }
        while :; do
            printf '%s' "$prompt" >&2
            IFS= read -r answer || { echo "sudo: no password was provided" >&2; exit 1; }
            [ "$answer" = "right one" ] && break
            echo "Sorry, try again." >&2
        done
        exec "$@"
        """

    static func context(password: String?, in dir: ScratchDirectory) throws -> ModuleContext {
        try dir.write("sudo", fakeSudo)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.file("sudo"))
        let become = BecomeSettings(enabled: true, executable: dir.file("sudo"), password: password)
        return ModuleContext(hostName: "localhost", connection: LocalConnection(), become: become, templar: FakeTemplar())
    }

    @Test func theRightPasswordLetsTheModuleInputThrough() async throws {
        let dir = try ScratchDirectory()
        defer { dir.cleanup() }
        let result = try await Self.context(password: "right one", in: dir).runScript("cat; echo done >&2", stdin: Data("module input\n".utf8))
        #expect(result == CommandResult(exitCode: 0, stdout: "module input\n", stderr: "done\n"))
    }

    @Test func noStdinStillClosesTheInput() async throws {
        let dir = try ScratchDirectory()
        defer { dir.cleanup() }
        let result = try await Self.context(password: "right one", in: dir).runScript("cat; echo ran")
        #expect(result.stdout == "ran\n")
    }

    @Test func aWrongPasswordIsIncorrect() async throws {
        let dir = try ScratchDirectory()
        defer { dir.cleanup() }
        await #expect(throws: BecomeFailure.incorrectPassword(method: "sudo")) {
            try await Self.context(password: "wrong", in: dir).runScript("cat", stdin: Data("x".utf8))
        }
    }

    @Test func noPasswordIsMissing() async throws {
        let dir = try ScratchDirectory()
        defer { dir.cleanup() }
        await #expect(throws: BecomeFailure.missingPassword(method: "sudo")) {
            try await Self.context(password: nil, in: dir).runScript("true")
        }
    }
}
