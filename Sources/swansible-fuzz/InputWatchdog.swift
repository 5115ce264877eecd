import Foundation
import SwansibleTestSupport

/// Notices an input that runs too long: a thread that wakes every 50 ms, and when one input has
/// run past the limit, writes it to the findings file and ends the process (exit code 3), so the
/// test that started the fuzzer reports a hang with the input that caused it.
///
/// The input being run is also recorded (`CurrentInputRecord`) before it runs: when the process
/// dies of a trap or of its memory limit, that file holds the culprit.
final class InputWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var started: Date?
    private var input = ""
    private let limit: TimeInterval
    private let record: CurrentInputRecord?

    init(limit: TimeInterval, record: CurrentInputRecord?) {
        self.limit = limit
        self.record = record
        let thread = Thread { [weak self] in
            while let self {
                Thread.sleep(forTimeInterval: 0.05)
                self.checkElapsed()
            }
        }
        thread.start()
    }

    func begin(_ input: String) {
        record?.record(input)
        lock.withLock {
            self.input = input
            started = Date()
        }
    }

    func end() { lock.withLock { started = nil } }

    private func checkElapsed() {
        let overdue: String? = lock.withLock {
            guard let started, Date().timeIntervalSince(started) > limit else { return nil }
            return input
        }
        guard let overdue else { return }
        FileHandle.standardError.write(Data("HANG: an input ran longer than \(limit) s:\n\(overdue.debugDescription)\n".utf8))
        _exit(3)
    }
}
