import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM during a command-line run, answered the way ansible-playbook answers them.
///
/// The first signal cancels the run: no new task starts, running commands end and their
/// channels close, abandoned uploads are removed, connections close. Then, like ansible-core
/// 2.19, SIGINT prints `[ERROR]: User interrupted execution` on stderr and exits 99, and SIGTERM
/// ends the process by that signal, silently (a shell shows 143). A run that has not wound down
/// within `grace` seconds, or a second signal, ends the process at once the same way.
public enum InterruptibleRun {
    public static let defaultGrace: Double = 10

    public static func run(grace: Double = defaultGrace, _ body: @escaping @Sendable () async -> Int32) async -> Int32 {
        let work = Task { await body() }
        let state = SignalState()
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard state.record(number) == 1 else { state.finish() }
                work.cancel()
                DispatchQueue.global().asyncAfter(deadline: .now() + grace) { state.finish() }
            }
            source.resume()
            return source
        }
        let status = await work.value
        if state.interrupted { state.finish() }
        sources.forEach { $0.cancel() }
        return status
    }
}

/// The signals seen so far, and the one way out once one was.
private final class SignalState: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Int32?
    private var count = 0
    private var finishing = false

    /// Counts a signal; returns how many have arrived.
    func record(_ number: Int32) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if first == nil { first = number }
        count += 1
        return count
    }

    var interrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return first != nil
    }

    /// Ends the process as the first signal asks; only the first caller gets through.
    func finish() -> Never {
        lock.lock()
        guard !finishing, let number = first else {
            lock.unlock()
            while true { pause() }
        }
        finishing = true
        lock.unlock()
        if number == SIGINT {
            FileHandle.standardError.write(Data("[ERROR]: User interrupted execution\n".utf8))
            exit(ExitCode.interrupted)
        }
        signal(number, SIG_DFL)
        raise(number)
        exit(128 + number)
    }
}
