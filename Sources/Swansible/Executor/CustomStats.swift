import Foundation

/// The run's custom statistics (`set_stats`): per host, and for the whole run (`nil` host), as
/// ansible-core keeps them: aggregated values add (numbers), join (lists, strings) or merge
/// (dicts), a value of another type than the one kept is ignored; otherwise the new value wins.
final class CustomStats: @unchecked Sendable {
    private let lock = NSLock()
    private var byHost: [String: ValueDict] = [:]
    private var run = ValueDict()

    /// Records a result's `ansible_stats` for `host`.
    func record(_ stats: Value, host: String) {
        guard let data = stats["data"]?.dictValue, !data.isEmpty else { return }
        let perHost = stats["per_host"]?.isTruthy ?? true
        let aggregate = stats["aggregate"]?.isTruthy ?? false
        lock.lock()
        defer { lock.unlock() }
        for (name, value) in data {
            if perHost {
                byHost[host, default: [:]][name] = Self.combined(byHost[host]?[name], value, aggregate: aggregate)
            } else {
                run[name] = Self.combined(run[name], value, aggregate: aggregate)
            }
        }
    }

    /// Hosts in name order, then the run's (nil host) when it has any.
    var snapshot: (hosts: [(String, ValueDict)], run: ValueDict?) {
        lock.lock()
        defer { lock.unlock() }
        return (byHost.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, run.isEmpty ? nil : run)
    }

    static func combined(_ old: Value?, _ new: Value, aggregate: Bool) -> Value {
        guard aggregate, let old else { return new }
        switch (old, new) {
        case (.int(let a), .int(let b)): return .int(a + b)
        case (.float(let a), .float(let b)): return .float(a + b)
        case (.string(let a), .string(let b)): return .string(a + b)
        case (.list(let a), .list(let b)): return .list(a + b)
        case (.dict(let a), .dict(let b)): return .dict(merged(a, b))
        default: return old
        }
    }

    private static func merged(_ a: ValueDict, _ b: ValueDict) -> ValueDict {
        var out = a
        for (key, value) in b {
            if case .dict(let inner)? = out[key], case .dict(let other) = value { out[key] = .dict(merged(inner, other)) } else { out[key] = value }
        }
        return out
    }
}
