import Foundation
import Testing

/// Ctrl-C and SIGTERM on a running swansible-playbook (the built binary, a local play), answered
/// like ansible-playbook 2.19: SIGINT prints `[ERROR]: User interrupted execution` on stderr and
/// exits 99 with no recap; SIGTERM ends the process by that signal, silently.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct InterruptTests {
    static func play(_ tasks: String) throws -> String {
        let directory = NSTemporaryDirectory() + "swansible-interrupt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
        - hosts: localhost
          gather_facts: false
          tasks:
        \(tasks)
            - name: Never reached
              debug:
                msg: after
        """.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        return directory
    }

    static let arguments = ["-i", "localhost,", "-c", "local", "site.yml"]

    @Test(arguments: [
        "    - name: Waiting\n      pause:\n        seconds: 30\n",
        "    - name: Waiting\n      command: sleep 30\n",
    ])
    func sigintEndsTheRunLikeAnsible(_ tasks: String) async throws {
        let directory = try Self.play(tasks)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try PlaybookProcess(Self.arguments, in: directory)
        try await run.waitForOutput(within: 30) { $0.contains("TASK [Waiting]") }
        run.signal(SIGINT)
        let status = try await run.waitForExit(within: 10)
        #expect(status == 99, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr == "[ERROR]: User interrupted execution\n")
        #expect(run.stdout.hasSuffix("TASK [Waiting] *****************************************************************\n"))
        #expect(!run.stdout.contains("PLAY RECAP") && !run.stdout.contains("after"))
    }

    @Test func sigtermEndsTheRunSilentlyBySignal() async throws {
        let directory = try Self.play("    - name: Waiting\n      pause:\n        seconds: 30\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try PlaybookProcess(Self.arguments, in: directory)
        try await run.waitForOutput(within: 30) { $0.contains("TASK [Waiting]") }
        run.signal(SIGTERM)
        #expect(try await run.waitForExit(within: 10) == 128 + SIGTERM)
        #expect(run.stderr.isEmpty && !run.stdout.contains("PLAY RECAP"))
    }
}
