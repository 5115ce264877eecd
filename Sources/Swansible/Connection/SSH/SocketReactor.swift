import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One thread that waits on the sockets of every SSH session in the process, so that a session
/// waiting for its host suspends a task instead of holding a thread: a thousand hosts cost a
/// thousand descriptors, not a thousand threads. libssh2 runs in non-blocking mode on the
/// caller's executor; when it answers EAGAIN, the session awaits `wait(for:events:timeout:)`,
/// and this thread resumes it once poll(2) finds the socket ready or the time is up.
final class SocketReactor: Sendable {
    static let shared = SocketReactor()

    private struct Waiter {
        var fd: Int32
        var events: Int16
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Int16, any Error>
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
        /// Ids cancelled before their waiter was registered.
        var cancelledEarly: Set<UInt64> = []
        var threadStarted = false
    }

    private let state = Mutex(State())
    /// A pipe whose read end interrupts poll(2) when the set of waiters changes.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    private init() {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (wakeRead, wakeWrite) = (ends[0], ends[1])
    }

    /// Waits until `fd` is ready for `events` (POLLIN / POLLOUT) or `timeout` has passed; the
    /// returned revents are 0 on timeout. Cancelling the task ends the wait with
    /// `CancellationError`.
    func wait(for fd: Int32, events: Int16, timeout: Duration) async throws -> Int16 {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        let deadline = ContinuousClock.now + timeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let registered = state.withLock { state -> Bool in
                    if state.cancelledEarly.remove(id) != nil { return false }
                    state.waiters[id] = Waiter(fd: fd, events: events, deadline: deadline, continuation: continuation)
                    if !state.threadStarted {
                        state.threadStarted = true
                        startThread()
                    }
                    return true
                }
                if registered { wake() } else { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelledEarly.insert(id)
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)
    }

    private func startThread() {
        let thread = Thread { [self] in
            Self.nameCurrentThread("ssh sockets")
            while true { turn() }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Names the calling thread for `top -H` and /proc (Foundation's `Thread.name` does not
    /// reach the OS on Linux, and Glibc does not export pthread_setname_np to Swift).
    static func nameCurrentThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        _ = name.withCString { Glibc.write(fd, $0, strlen($0)) }
        Glibc.close(fd)
    }

    /// One poll(2) over the current waiters, then resumes those that are ready or expired.
    private func turn() {
        let snapshot = state.withLock { state in state.waiters.map { ($0.key, $0.value.fd, $0.value.events, $0.value.deadline) } }
        var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        fds += snapshot.map { pollfd(fd: $0.1, events: $0.2, revents: 0) }
        let now = ContinuousClock.now
        let nearest = snapshot.map(\.3).min().map { max(.zero, $0 - now) } ?? .seconds(60)
        let milliseconds = Int32(min(60_000, (nearest.components.seconds * 1000) + nearest.components.attoseconds / 1_000_000_000_000_000 + 1))
        let n = poll(&fds, nfds_t(fds.count), milliseconds)
        if n < 0 && errno != EINTR { return }
        if fds[0].revents != 0 {
            var drained = [UInt8](repeating: 0, count: 256)
            while Glibc.read(wakeRead, &drained, drained.count) > 0 {}
        }
        let after = ContinuousClock.now
        var ready: [(CheckedContinuation<Int16, any Error>, Int16)] = []
        state.withLock { state in
            for (index, entry) in snapshot.enumerated() {
                let revents = fds[index + 1].revents
                guard revents != 0 || entry.3 <= after, let waiter = state.waiters.removeValue(forKey: entry.0) else { continue }
                ready.append((waiter.continuation, revents))
            }
        }
        for (continuation, revents) in ready { continuation.resume(returning: revents) }
    }
}
