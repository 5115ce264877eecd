import Foundation

/// When a play's task banners are printed. Under `linear` a task's banner comes as the task
/// starts. Under `free` and `host_pinned`, where each host goes through the play on its own,
/// ansible-core's default callback prints it with the first result of a task other than the
/// one whose banner was printed last, named as the first host to start the task templated it.
final class TaskBanners: @unchecked Sendable {
    let deferred: Bool
    private let callback: any OutputCallback
    private let checkMode: Bool
    private let lock = NSLock()
    private var started: [Key: (name: String, kind: TaskBannerKind, location: SourceLocation?)] = [:]
    private var lastShown: Key?

    /// A task as the banners tell tasks apart: where it is written, and what it is called there.
    struct Key: Hashable {
        var location: SourceLocation?
        var name: String
        var handler: Bool
        var inclusion: Int?
    }

    init(deferred: Bool, callback: any OutputCallback, checkMode: Bool) {
        self.deferred = deferred
        self.callback = callback
        self.checkMode = checkMode
    }

    static func key(_ task: PlaybookTask, kind: TaskBannerKind) -> Key {
        Key(location: task.location, name: task.displayName, handler: kind == .handler, inclusion: task.inclusion)
    }

    private var inclusions = 0

    /// A number for one host's inclusion of a file or role, which its tasks carry.
    func newInclusion() -> Int {
        lock.withLock {
            inclusions += 1
            return inclusions
        }
    }

    /// A host starts the task: its banner now, or kept for its first result.
    func taskStarted(_ task: PlaybookTask, name: String, kind: TaskBannerKind) {
        guard deferred else {
            callback.taskStarted(name: name, kind: kind, checkMode: checkMode, location: task.location)
            return
        }
        lock.lock()
        defer { lock.unlock() }
        let key = Self.key(task, kind: kind)
        if started[key] == nil { started[key] = (name, kind, task.location) }
    }

    /// Prints what `emit` prints for the task, after its banner if another task's was the last.
    func report(_ task: PlaybookTask, kind: TaskBannerKind, _ emit: () -> Void) {
        guard deferred else { return emit() }
        lock.lock()
        defer { lock.unlock() }
        let key = Self.key(task, kind: kind)
        if lastShown != key, let banner = started[key] {
            callback.taskStarted(name: banner.name, kind: banner.kind, checkMode: checkMode, location: banner.location)
            lastShown = key
        }
        emit()
    }
}
