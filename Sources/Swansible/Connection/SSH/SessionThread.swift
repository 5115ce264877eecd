import Foundation
import Synchronization

/// A serial executor backed by one dedicated thread. `SSHConnection` runs on it so that
/// libssh2's blocking calls (poll, handshake, SFTP) block this thread, not one of the two
/// threads of Swift's cooperative pool: five hosts waiting on the network do not starve the
/// engine. The thread ends after `finish()` once its queue is empty, and a new one starts if
/// work arrives later.
final class SessionThread: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var running = false
    private var finishing = false
    private let name: String
    /// Session threads alive now and at most during the run, for `--profile`.
    private static let alive = Mutex((now: 0, peak: 0))
    static var peakAlive: Int { alive.withLock { $0.peak } }

    init(name: String) {
        self.name = name
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        finishing = false
        if !running {
            running = true
            startThread()
        }
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread exit once the queued work is done.
    func finish() {
        condition.lock()
        finishing = true
        condition.signal()
        condition.unlock()
    }

    private func startThread() {
        Self.alive.withLock {
            $0.now += 1
            $0.peak = max($0.peak, $0.now)
        }
        let thread = Thread { [self] in
            loop()
            Self.alive.withLock { $0.now -= 1 }
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func loop() {
        while let job = next() {
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty {
            if finishing {
                running = false
                return nil
            }
            condition.wait()
        }
        return jobs.removeFirst()
    }
}
