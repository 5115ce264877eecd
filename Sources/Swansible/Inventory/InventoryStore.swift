import Foundation

/// The run's inventory as it changes: `add_host` and `group_by` change it while plays run, and
/// later tasks and plays see the change. Shared by concurrently running hosts, so guarded by a
/// lock; readers get a copy of the inventory as it is.
public final class InventoryStore: @unchecked Sendable {
    private let lock = NSLock()
    private var inventory: Inventory
    private var changed: Set<String> = []

    public init(_ inventory: Inventory) {
        self.inventory = inventory
    }

    /// The inventory now.
    public var current: Inventory {
        lock.lock()
        defer { lock.unlock() }
        return inventory
    }

    /// Hosts whose variables or groups a task changed since the run began: what a play read
    /// of them at its start is stale.
    public var changedHosts: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return changed
    }

    /// `add_host`: see `Inventory.addDynamicHost`. Returns whether anything changed.
    public func addHost(_ name: String, groups: [String], variables: ValueDict) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let didChange = try inventory.addDynamicHost(name, groups: groups, variables: variables)
        if didChange { changed.insert(name) }
        return didChange
    }

    /// `group_by`: see `Inventory.addDynamicGroup`. Returns whether anything changed.
    public func addGroup(_ group: String, parents: [String], host: String) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let didChange = try inventory.addDynamicGroup(group, parents: parents, host: host)
        if didChange { changed.insert(host) }
        return didChange
    }
}
