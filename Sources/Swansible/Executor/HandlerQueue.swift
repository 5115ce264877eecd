import Foundation

/// Handlers notified per host, run in the order the play defines them when handlers flush
/// (after pre_tasks, after roles+tasks, after post_tasks, or at `meta: flush_handlers`).
final class HandlerQueue: @unchecked Sendable {
    let handlers: [Task]
    private let lock = NSLock()
    private var notified: [Int: [String]] = [:]

    init(handlers: [Task]) { self.handlers = handlers }

    /// Indexes of the handlers a `notify:` name reaches: by name, `role : name`, or `listen`.
    func handlers(matching name: String) -> [Int] {
        handlers.indices.filter { index in
            let handler = handlers[index]
            if handler.name == name || handler.displayName == name { return true }
            return handler.listen.contains { $0.pythonString == name }
        }
    }

    func notify(_ index: Int, host: String) {
        lock.lock()
        defer { lock.unlock() }
        var hosts = notified[index] ?? []
        if !hosts.contains(host) { hosts.append(host) }
        notified[index] = hosts
    }

    /// The next handler with pending hosts, in definition order, taking its notifications.
    func takeNext() -> (Task, [String])? {
        lock.lock()
        defer { lock.unlock() }
        for index in handlers.indices {
            if let hosts = notified[index], !hosts.isEmpty {
                notified[index] = nil
                return (handlers[index], hosts)
            }
        }
        return nil
    }
}
