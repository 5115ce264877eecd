import Foundation
import Testing
@testable import Swansible

/// A local command whose task is cancelled (task `timeout:`, Ctrl-C) is terminated, and the
/// caller is answered at once rather than when the command would have ended.
@Suite(.timeLimit(.minutes(1))) struct LocalConnectionCancellationTests {
    @Test func cancellingEndsTheCommandAndTheWait() async throws {
        let marker = NSTemporaryDirectory() + "swansible-cancel-\(UUID().uuidString)"
        let running = Task {
            try await LocalConnection().exec("echo $$ > '\(marker)'; exec sleep 600", stdin: nil)
        }
        while !FileManager.default.fileExists(atPath: marker) { try await Task.sleep(for: .milliseconds(10)) }
        running.cancel()
        await #expect(throws: CancellationError.self) { _ = try await running.value }
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let text = try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(text))
        // The shell exec'd sleep, so the killed process is the command itself (a zombie
        // until Foundation reaps it counts as ended).
        var state = ""
        for _ in 0..<500 {
            state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if state.isEmpty || state.contains(") Z ") { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(state.isEmpty || state.contains(") Z "), "the command still runs: \(state)")
    }

    @Test func aCommandThatEndsIsAnsweredAsBefore() async throws {
        let result = try await LocalConnection().exec("printf out; printf err >&2; exit 3", stdin: nil)
        #expect(result == CommandResult(exitCode: 3, stdout: "out", stderr: "err"))
    }
}
