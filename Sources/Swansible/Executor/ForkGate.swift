import Foundation

/// The `free` strategy's forks: at most `forks` of the play's hosts run a task at once, and
/// the hosts that are not running one take turns, in the play's host order from the one let
/// in last, as ansible-core's strategy loop goes round its hosts. A host that is between two
/// tasks when its turn comes is waited for (it is about to ask; ansible-core's loop would have
/// reached it before the hosts after it).
final class ForkGate: @unchecked Sendable {
    private let lock = NSLock()
    private let hosts: [String]
    private var free: Int
    /// The host let in last (its index): the next turn is the host after it.
    private var cursor: Int
    private var inside: Set<String> = []
    private var finished: Set<String> = []
    private var waiting: [String: (resume: CheckedContinuation<Bool, Never>, admitted: @Sendable () -> Void)] = [:]

    init(forks: Int, hosts: [String]) {
        free = max(1, forks)
        self.hosts = hosts
        cursor = hosts.count - 1
    }

    /// Waits for the host's turn and a fork; false when the waiting task was cancelled (it
    /// holds no fork then). `admitted` runs as the host is let in, in turn order.
    func enter(_ host: String, admitted: @escaping @Sendable () -> Void = {}) async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { arrive(host, $0, admitted) }
        } onCancel: {
            lock.withLock { waiting.removeValue(forKey: host) }?.resume.resume(returning: false)
        }
    }

    /// Gives the host's fork back.
    func leave(_ host: String) {
        let admitted = lock.withLock {
            if inside.remove(host) != nil { free += 1 }
            return dispatch()
        }
        admitted.forEach { $0.resume(returning: true) }
    }

    /// The host has gone through the play: turns pass it over from now on.
    func finish(_ host: String) {
        let admitted = lock.withLock {
            finished.insert(host)
            return dispatch()
        }
        admitted.forEach { $0.resume(returning: true) }
    }

    private func arrive(_ host: String, _ continuation: CheckedContinuation<Bool, Never>,
                        _ onAdmission: @escaping @Sendable () -> Void) {
        let (cancelled, admitted): (Bool, [CheckedContinuation<Bool, Never>]) = lock.withLock {
            if Task.isCancelled { return (true, []) }
            waiting[host] = (continuation, onAdmission)
            return (false, dispatch())
        }
        if cancelled { continuation.resume(returning: false) }
        admitted.forEach { $0.resume(returning: true) }
    }

    /// Hands the free forks round, from the host after the cursor, to the waiting hosts in
    /// turn, up to the first host whose turn it is that is not waiting yet.
    private func dispatch() -> [CheckedContinuation<Bool, Never>] {
        var admitted: [CheckedContinuation<Bool, Never>] = []
        var offset = 1
        while free > 0, offset <= hosts.count {
            let index = (cursor + offset) % hosts.count
            offset += 1
            let host = hosts[index]
            if finished.contains(host) || inside.contains(host) { continue }
            guard let next = waiting.removeValue(forKey: host) else { break }
            free -= 1
            inside.insert(host)
            next.admitted()
            admitted.append(next.resume)
            cursor = index
            offset = 1
        }
        return admitted
    }
}
