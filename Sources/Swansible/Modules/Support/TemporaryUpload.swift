import Foundation

extension ModuleContext {
    /// Seconds a clean-up of an abandoned upload may take before it is left to the next
    /// session's sweep.
    static let discardTimeout: Double = 5

    /// Removes an upload that will not be installed (its task failed, timed out or was
    /// interrupted). Best effort, outside the task's cancellation, and bounded: what cannot be
    /// removed now, `RemoteTemporaryFiles.sweep` removes at the next connection.
    func discardTemporary(_ path: String) async {
        let connection = connection
        // A task of its own: the clean-up must run even when the task it serves was cancelled.
        await Task {
            _ = try? await withDeadline(seconds: Self.discardTimeout) {
                try await connection.exec(RemoteTemporaryFiles.removeCommand(path), stdin: nil)
            }
        }.value
    }

    /// Runs `body` with a fresh upload of `data`; the upload is removed when `body` throws
    /// (on success the module's install script has moved or removed it).
    func withTemporaryUpload<T>(_ data: Data, _ body: (String) async throws -> T) async throws -> T {
        let path = try await uploadTemporary(data)
        do {
            return try await body(path)
        } catch {
            await discardTemporary(path)
            throw error
        }
    }
}
