import Foundation

/// The values a task gave to its module's secret arguments (`ArgumentSpec.noLog`, passwords),
/// and their masking in what the module reports: like ansible-core, every occurrence of such a
/// value in the result's text (messages, fields, facts, diffs) becomes `********`, whether or
/// not the task has `no_log`.
struct SecretArguments: Sendable {
    static let mask = "********"
    /// Longest first, so that a secret containing another is masked whole.
    let values: [String]

    init(_ args: ValueDict, module: (any Module.Type)?) {
        var found: Set<String> = []
        for spec in module?.spec.arguments ?? [] where spec.noLog {
            for name in [spec.name] + spec.aliases {
                guard let value = args[name] else { continue }
                switch value {
                case .string(let s), .unsafe(let s): if !s.isEmpty { found.insert(s) }
                case .int, .float: found.insert(value.pythonString)
                default: continue
                }
            }
        }
        values = found.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    func masked(_ result: ModuleResult) -> ModuleResult {
        guard !values.isEmpty else { return result }
        var out = result
        out.message = result.message.map(masked)
        out.fields = result.fields.mapValues(masked)
        out.facts = result.facts.mapValues(masked)
        out.diff = result.diff.map { FileDiff(path: masked($0.path), before: $0.before.map(masked), after: $0.after.map(masked), prepared: $0.prepared.map(masked)) }
        return out
    }

    func masked(_ value: Value) -> Value {
        switch value {
        case .string(let s): return .string(masked(s))
        case .unsafe(let s): return .unsafe(masked(s))
        case .list(let items): return .list(items.map(masked))
        case .dict(let d):
            var out = ValueDict()
            for (key, item) in d { out[masked(key)] = masked(item) }
            return .dict(out)
        default: return value
        }
    }

    func masked(_ text: String) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: $1, with: Self.mask) }
    }
}
