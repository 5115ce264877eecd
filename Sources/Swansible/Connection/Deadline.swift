import Foundation

/// The work did not finish within its time.
struct DeadlineExceeded: Error, Sendable {
    var seconds: Double
}

/// Runs `operation` in a task of its own and returns what it returns, or throws
/// `DeadlineExceeded` once `seconds` have passed, without waiting for the operation to notice:
/// it is cancelled and left to end on its own. A blocked libssh2 call cannot be interrupted, only
/// abandoned; waiting for it would hang the caller as long as the network does.
///
/// Cancelling the caller cancels the operation and returns at once with `CancellationError`.
func withDeadline<T: Sendable>(
    seconds: Double, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let work = Task { try await operation() }
    let outcome = FirstOutcome<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            outcome.start(continuation)
            let timer = Task {
                try? await Task.sleep(for: .seconds(seconds))
                if !Task.isCancelled { outcome.settle(.failure(DeadlineExceeded(seconds: seconds))) }
                work.cancel()
            }
            Task {
                let result = await work.result
                timer.cancel()
                outcome.settle(result)
            }
        }
    } onCancel: {
        work.cancel()
        outcome.settle(.failure(CancellationError()))
    }
}

/// Resumes a continuation with the first of several competing outcomes; later ones are dropped.
private final class FirstOutcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?
    private var settled = false

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func settle(_ result: Result<T, any Error>) {
        lock.lock()
        guard !settled else { lock.unlock(); return }
        settled = true
        guard let continuation else {
            early = result  // cancelled before the continuation existed
            lock.unlock()
            return
        }
        self.continuation = nil
        lock.unlock()
        continuation.resume(with: result)
    }
}
