import Foundation
import Jinja

/// Large containers already found free of templates, shared by all templars of a run: a
/// template reads the same variables on every render and for every host, and walking every
/// string of a big variable each time showed in profiles (bench/template.sh).
///
/// Entries are keyed by storage identity (`SharedStorage`) and keep their value alive, so a
/// known buffer can be neither freed and reused nor changed in place (a writer copies it).
/// Only values are looked at, not dict keys, like `AnsibleTemplar.containsTemplate(_:)`.
final class TemplateFreeValues: @unchecked Sendable {
    static let shared = TemplateFreeValues(capacity: 1024)
    /// Containers with fewer items are walked each time: cheaper than remembering them.
    static let minimumCount = 8

    private let lock = NSLock()
    private var entries: [SharedStorage: Value] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// `AnsibleTemplar.containsTemplate(value)`, remembering large containers without templates.
    func containsTemplate(_ value: Value) -> Bool {
        guard let storage = SharedStorage(container: value), storage.count >= Self.minimumCount else {
            return AnsibleTemplar.containsTemplate(value)
        }
        lock.lock()
        let known = entries[storage] != nil
        lock.unlock()
        if known { return false }
        if AnsibleTemplar.containsTemplate(value) { return true }
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[storage] = value
        lock.unlock()
        return false
    }
}
