import Foundation
import Testing
import Swansible
import SwansibleTesting

/// The long-lived become shell of an SSH connection (`Connection.execInShell`): commands run one
/// after another in one `sudo … /bin/sh`, each with its own output, status and empty stdin.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["shell-01"]))
struct BecomeShellIntegrationTests {
    static let rootShell = "sudo -H -S -n -u root /bin/sh"

    private func connect() async throws -> SSHConnection {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "shell-01"))
        return try await SSHConnection.connect(cluster.sshTarget(for: host))
    }

    private func run(_ ssh: SSHConnection, _ script: String, shell: String = rootShell) async throws -> CommandResult? {
        try await ssh.execInShell(shell, command: "/bin/sh -c '\(script)'")
    }

    /// The parent of the command's shell: the long-lived shell's process id.
    static let parentPID = #"cut -d" " -f4 /proc/$$/stat"#

    @Test func commandsRunAsRootWithTheirOwnOutputAndStatusInOneShell() async throws {
        let ssh = try await connect()
        defer { Task { await ssh.close() } }
        let first = try #require(try await run(ssh, #"id -u; echo err >&2; printf "no newline"; exit 3"#))
        #expect(first == CommandResult(exitCode: 3, stdout: "0\nno newline", stderr: "err\n"))
        #expect(try await run(ssh, "true") == CommandResult(exitCode: 0, stdout: "", stderr: ""))
        #expect(try await run(ssh, "printf \"a\\n\\n\"")?.stdout == "a\n\n")
        let shells = try await [run(ssh, Self.parentPID), run(ssh, Self.parentPID)].map { $0?.stdout }
        #expect(shells[0] != nil && shells[0] == shells[1], "\(shells)")
        // One sudo per command instead: a new parent each time.
        let own = try await [ssh.exec("sudo -n /bin/sh -c '\(Self.parentPID)'", stdin: nil),
                             ssh.exec("sudo -n /bin/sh -c '\(Self.parentPID)'", stdin: nil)].map(\.stdout)
        #expect(own[0] != own[1] && own[0] != shells[0])
    }

    @Test func outputThatLooksLikeAMarkerAndStdinReadersDoNotConfuseIt() async throws {
        let ssh = try await connect()
        defer { Task { await ssh.close() } }
        let fake = try await run(ssh, #"printf "\nSWANSIBLE-0123>5\nSWANSIBLE-0123<\n"; printf "\nSWANSIBLE-0123>\n" >&2"#)
        #expect(fake == CommandResult(exitCode: 0, stdout: "\nSWANSIBLE-0123>5\nSWANSIBLE-0123<\n", stderr: "\nSWANSIBLE-0123>\n"))
        // A command reading stdin sees its end at once and cannot eat the next command.
        #expect(try await run(ssh, "cat; echo eof")?.stdout == "eof\n")
        #expect(try await run(ssh, "echo next")?.stdout == "next\n")
    }

    @Test func aBackgroundWriterNeitherHangsTheCommandNorLeaksIntoTheNext() async throws {
        let ssh = try await connect()
        defer { Task { await ssh.close() } }
        let flag = "/tmp/swansible-late-\(UUID().uuidString)"
        // Output of a background child races the closing marker: the command still ends.
        for index in 0..<20 {
            let racing = try #require(try await run(ssh, "(echo racing; echo racing >&2; touch \(flag).\(index)) & echo now"))
            #expect(racing.exitCode == 0 && racing.stdout.contains("now"))
        }
        // Every racer has written before the next check begins.
        _ = try await ssh.exec("while [ $(ls \(flag).* 2>/dev/null | wc -l) -lt 20 ]; do sleep 0.05; done", stdin: nil)
        // Written after its command ended, before the next began: nobody's output. The writer waits
        // for a flag set over another channel once the command has returned, so no timing decides it.
        let late = "(while [ ! -e \(flag) ]; do sleep 0.05; done; echo late; echo late >&2; touch \(flag).done) & echo now"
        #expect(try await run(ssh, late)?.stdout == "now\n")
        _ = try await ssh.exec("touch \(flag); while [ ! -e \(flag).done ]; do sleep 0.05; done",
                               stdin: nil)
        #expect(try await run(ssh, "echo next") == CommandResult(exitCode: 0, stdout: "next\n", stderr: ""))
        _ = try await run(ssh, "rm -f \(flag)*")
        // Without become, the login user's own long-lived shell.
        #expect(try await run(ssh, "id -un; echo $0", shell: "/bin/sh")?.stdout == "core\n/bin/sh\n")
    }

    @Test func largeInterleavedOutputArrivesWhole() async throws {
        let ssh = try await connect()
        defer { Task { await ssh.close() } }
        let result = try #require(try await run(ssh, "(yes out | head -c 4194304) & (yes err | head -c 4194304 >&2) & wait; exit 7"))
        #expect(result.exitCode == 7)
        #expect(result.stdout.utf8.count == 4_194_304 && result.stderr.utf8.count == 4_194_304)
    }

    @Test func aShellThatCannotStartIsNilAndTheSessionStaysUsable() async throws {
        let ssh = try await connect()
        defer { Task { await ssh.close() } }
        #expect(try await run(ssh, "id -u", shell: "sudo -H -S -n -u no-such-user /bin/sh") == nil)
        #expect(try await ssh.exec("echo still here", stdin: nil).stdout == "still here\n")
        #expect(try await run(ssh, "id -un", shell: "sudo -H -S -n -u core /bin/sh")?.stdout == "core\n")
    }

    @Test func aCommandThatKillsTheShellEndsAndTheNextGetsANewShell() async throws {
        let ssh = try await connect()
        defer { Task { await ssh.close() } }
        let before = try #require(try await run(ssh, Self.parentPID)?.stdout)
        let killed = try #require(try await run(ssh, "kill -9 $PPID; sleep 5"))
        #expect(killed.exitCode != 0)
        let after = try #require(try await run(ssh, Self.parentPID)?.stdout)
        #expect(after != before)
    }
}
