import Foundation

/// The role applications of a play that have run, which ansible-core does not run again as a
/// dependency (unless the role allows duplicates): those the play's load applied, for every
/// host, and per host those that a run-time include (`include_role`, an included file's
/// `import_role`) applied since. The hosts' includes expand concurrently, hence the lock.
public final class RoleRunRecord: @unchecked Sendable {
    private let lock = NSLock()
    private let loaded: Set<String>
    private var included: [String: Set<String>] = [:]

    public init(loaded: Set<String> = []) { self.loaded = loaded }

    /// The identities (`RoleInvocation.identity`) that count as run on `host`.
    func identities(on host: String) -> Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return loaded.union(included[host] ?? [])
    }

    func record(_ identities: Set<String>, on host: String) {
        lock.lock()
        defer { lock.unlock() }
        included[host, default: []].formUnion(identities)
    }
}

/// Where a run-time include reads and records the roles that have run: one host of a play.
public struct RoleRunsOfHost: Sendable {
    public var record: RoleRunRecord
    public var host: String

    public init(record: RoleRunRecord, host: String) {
        self.record = record
        self.host = host
    }

    var identities: Set<String> { record.identities(on: host) }

    func add(_ identities: Set<String>) { record.record(identities, on: host) }
}
