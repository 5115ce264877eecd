import Foundation
import Swansible

/// Waiting for new containers' sshd: each target is polled until a login runs `true`.
enum SSHReadiness {
    /// Returns once every target answers; otherwise throws what `failure` makes of the target's
    /// name and the last error, after `timeout` seconds.
    static func wait(for targets: [SSHTarget], timeout: Double, pause: Duration = .milliseconds(200),
                     failure: @escaping @Sendable (_ host: String, _ lastError: String) -> any Error) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for target in targets {
                group.addTask {
                    let deadline = Date().addingTimeInterval(timeout)
                    var lastError: (any Error)?
                    while Date() < deadline {
                        do {
                            let connection = try await SSHConnection.connect(target)
                            let result = try await connection.exec("true", stdin: nil)
                            await connection.close()
                            if result.exitCode == 0 { return }
                        } catch {
                            lastError = error
                        }
                        try await Task.sleep(for: pause)
                    }
                    throw failure(target.host, lastError.map { "\($0)" } ?? "?")
                }
            }
            try await group.waitForAll()
        }
    }
}
