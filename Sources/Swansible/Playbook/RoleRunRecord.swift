import Foundation

/// The role applications of a play that have run on each host (a task of theirs ran there,
/// not skipped), which ansible-core does not run again there (unless they allow duplicates).
/// The hosts' tasks run concurrently, hence the lock.
public final class RoleRunRecord: @unchecked Sendable {
    private let lock = NSLock()
    /// Per host: identity → the applications (uuids) that ran there.
    private var runs: [String: [String: Set<String>]] = [:]

    public init() {}

    /// A task of `role` ran on `host`.
    public func ran(_ role: RoleInvocation, on host: String) {
        lock.withLock { _ = runs[host, default: [:]][role.identity, default: []].insert(role.uuid) }
    }

    /// Whether a task of `role` is skipped on `host`: ansible-core skips a role's tasks on a
    /// host where an equal application has run, unless it allows duplicates (by default
    /// those named by `import_role` and `include_role` do). The play's load already
    /// leaves out what it can tell (`PlayRole.isDuplicate`); this catches what includes ran.
    public func ranBefore(_ role: RoleInvocation, on host: String) -> Bool {
        guard !role.allowsDuplicates else { return false }
        return lock.withLock {
            guard let uuids = runs[host]?[role.identity] else { return false }
            return !uuids.contains(role.uuid)
        }
    }
}
