import Foundation

/// Handlers notified per host, run in the order the play defines them when handlers flush
/// (after pre_tasks, after roles+tasks, after post_tasks, or at `meta: flush_handlers`).
final class HandlerQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var handlerList: [PlaybookTask]
    private var notified: [Int: [String]] = [:]

    init(handlers: [PlaybookTask]) { handlerList = handlers }

    var handlers: [PlaybookTask] {
        lock.lock()
        defer { lock.unlock() }
        return handlerList
    }

    /// Handlers brought in at run time (roles of an `include_role` or of an included file).
    func add(_ more: [PlaybookTask]) {
        lock.lock()
        defer { lock.unlock() }
        for handler in more where !handlerList.contains(where: { Self.same($0, handler) }) {
            handlerList.append(handler)
        }
    }

    /// Indexes of the handlers a `notify:` name reaches, as ansible-core picks them: the first
    /// handler of that name (or `role : name`), and every handler that `listen`s to it, but
    /// only the first listener of each name (unnamed listeners all answer).
    func handlers(matching name: String) -> [Int] {
        let list = handlers
        var reached = list.indices.first { list[$0].name == name || list[$0].displayName == name }.map { [$0] } ?? []
        var listenerNames: Set<String> = []
        for index in list.indices where list[index].listen.contains(where: { $0.pythonString == name }) {
            if let listener = list[index].name, !listener.isEmpty, !listenerNames.insert(listener).inserted { continue }
            if !reached.contains(index) { reached.append(index) }
        }
        return reached.sorted()
    }

    func notify(_ index: Int, host: String) {
        lock.lock()
        defer { lock.unlock() }
        var hosts = notified[index] ?? []
        if !hosts.contains(host) { hosts.append(host) }
        notified[index] = hosts
    }

    private static func same(_ a: PlaybookTask, _ b: PlaybookTask) -> Bool {
        a.location == b.location && a.role?.identity == b.role?.identity
    }

    /// The next handler with pending hosts, in definition order, taking its notifications
    /// (only those of `only`'s hosts when given: a `flush_handlers` some hosts skipped).
    func takeNext(only: Set<String>? = nil) -> (PlaybookTask, [String])? {
        lock.lock()
        defer { lock.unlock() }
        for index in handlerList.indices {
            guard let hosts = notified[index] else { continue }
            let taken = only.map { only in hosts.filter(only.contains) } ?? hosts
            guard !taken.isEmpty else { continue }
            let left = hosts.filter { !taken.contains($0) }
            notified[index] = left.isEmpty ? nil : left
            return (handlerList[index], taken)
        }
        return nil
    }
}
