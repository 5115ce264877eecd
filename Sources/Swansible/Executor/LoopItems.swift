import Jinja
import Foundation

/// Turns `loop:` and `with_<lookup>:` into the list of items a task runs over, like the
/// lookup plugins ansible-core ships (items, list, dict, indexed_items, together, nested,
/// subelements, sequence, inventory_hostnames, fileglob).
enum LoopItems {
    struct Error: Swift.Error, CustomStringConvertible {
        var description: String
    }

    /// `action`: the task's, which tells `with_first_found` where to look (see `lookupTemplar`).
    static func expand(_ loop: TaskLoop, action: String, templar: AnsibleTemplar, variables: VariableLayers,
                       run: RunContext) throws -> [Value] {
        switch loop.source {
        case .loop(let raw):
            let value = try templar.template(legacyBareVariable(raw, variables: variables))
            guard case .list(let items) = value else {
                throw Error(description: "Invalid data passed to 'loop', it requires a list, got this instead: \(value.pythonString). Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.")
            }
            return items
        case .lookup(let name, let raw):
            let terms: Value
            do {
                if case .list(let given) = raw, ["first_found", "ansible.builtin.first_found"].contains(name) {
                    // Like ansible-core, first_found passes over a term that names an undefined variable.
                    terms = .list(try given.compactMap { term in
                        do { return try templar.template(term) } catch let error as TemplateError where error.kind == .undefined { return nil }
                    })
                } else {
                    terms = try templar.template(legacyBareVariable(raw, variables: variables))
                }
            } catch let error as TemplateError where error.kind != .undefined {
                throw TermsFailure(error: error)
            }
            if builtinLookups.contains(name) { return try lookup(name, terms: terms, run: run) }
            // file, lines, fileglob, first_found, env, pipe, template, password...: the templar's.
            return try lookupTemplar(templar, action: action).lookup(name, terms: terms.listValue ?? [terms])
        }
    }

    /// ansible-core gives a loop's lookup the subdirectory its task's action implies: `templates`
    /// for an action whose name holds "template", `vars` for one with "var" (include_vars),
    /// else `files` — so `include_vars` + `with_first_found` finds a role's `vars/Debian.yml`.
    static func lookupTemplar(_ templar: AnsibleTemplar, action: String) -> AnsibleTemplar {
        let name = TaskAction.shortName(action)
        guard let subdirectory = [("template", "templates"), ("var", "vars")].first(where: { name.contains($0.0) })?.1
        else { return templar }
        var options = templar.options
        options.firstFoundSubdirectory = subdirectory
        return templar.with(options: options)
    }

    /// Ansible 2.2 accepted `with_items: mylist` (a bare variable name): keep running such content.
    private static func legacyBareVariable(_ raw: Value, variables: VariableLayers) -> Value {
        guard case .string(let s) = raw, !s.contains("{{"), !s.contains(" "),
            s.range(of: #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]+\])*$"#, options: .regularExpression) != nil,
            let head = s.split(whereSeparator: { $0 == "." || $0 == "[" }).first,
            variables.rawValue(String(head)) != nil
        else { return raw }
        return .string("{{ \(s) }}")
    }

    /// Lookups whose `with_` loop semantics live here; the rest come from the templar.
    static let builtinLookups: Set<String> = [
        "items", "list", "flattened", "dict", "indexed_items", "together", "nested", "cartesian", "subelements",
        "sequence", "inventory_hostnames",
    ]

    static func lookup(_ name: String, terms: Value, run: RunContext) throws -> [Value] {
        let list = terms.listValue ?? [terms]
        switch name {
        case "items":
            return list.flatMap { $0.listValue ?? [$0] }
        case "list":
            return list
        case "flattened":
            return flatten(list)
        case "dict":
            // Each term must be a mapping (a list gives its items as terms).
            return try (terms.listValue ?? [terms]).flatMap { term -> [Value] in
                guard case .dict(let d) = term else {
                    throw Error(description: "The lookup plugin 'dict' failed: " + Lookups.dictTermProblem(term))
                }
                return d.map { .dict(["key": .string($0.key), "value": $0.value]) }
            }
        case "indexed_items":
            return list.flatMap { $0.listValue ?? [$0] }.enumerated().map { .list([.int($0.offset), $0.element]) }
        case "together":
            let lists = list.map { $0.listValue ?? [$0] }
            if lists.isEmpty || lists.contains(where: \.isEmpty) {
                throw Error(description: "with_together requires at least one element in each list")
            }
            let count = lists.map(\.count).max() ?? 0
            return (0..<count).map { i in .list(lists.map { i < $0.count ? $0[i] : .null }) }
        case "nested", "cartesian":
            var product: [[Value]] = [[]]
            for term in list {
                let items = term.listValue ?? [term]
                product = product.flatMap { prefix in items.map { prefix + [$0] } }
            }
            return product.map(Value.list)
        case "subelements":
            return try subelements(list)
        case "sequence":
            return try list.flatMap { try sequence($0.pythonString) }
        case "inventory_hostnames":
            return try list.flatMap { try run.inventory.hosts(matching: $0.pythonString).map(Value.string) }
        default:
            throw Error(description: "lookup plugin (\(name)) not found")
        }
    }

    private static func flatten(_ items: [Value]) -> [Value] {
        items.flatMap { item -> [Value] in
            if case .list(let inner) = item { return flatten(inner) }
            return [item]
        }
    }

    private static func subelements(_ terms: [Value]) throws -> [Value] {
        do { return try Lookups.subelementPairs(terms) } catch let error as ValueError { throw Error(description: error.message) }
    }

    /// `start=1 end=5 stride=1 format=%d`, `count=`, or the short form `1-5/2:fmt%d`.
    static func sequence(_ text: String) throws -> [Value] {
        var start = 1, end: Int?, stride = 1, format = "%d", count: Int?
        /// Like ansible-core, a value that is not an integer names the setting it was given for.
        func int(_ s: Substring, _ setting: String) throws -> Int {
            let t = s.trimmingCharacters(in: .whitespaces)
            if let v = Int(t) { return v }
            if t.lowercased().hasPrefix("0x"), let v = Int(t.dropFirst(2), radix: 16) { return v }
            if t.hasPrefix("0"), let v = Int(t, radix: 8) { return v }
            throw Error(description: "The lookup plugin 'sequence' failed: Config '\(setting)' for 'sequence' lookup plugin from 'Direct' has an invalid value: Invalid value provided for 'integer': '\(t)'")
        }
        func failure(_ message: String) -> Error { Error(description: "The lookup plugin 'sequence' failed: " + message) }
        if text.contains("=") {
            for pair in text.split(separator: " ") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                switch kv[0] {
                case "start": start = try int(kv[1], "start")
                case "end": end = try int(kv[1], "end")
                case "stride": stride = try int(kv[1], "stride")
                case "count": count = try int(kv[1], "count")
                case "format": format = String(kv[1])
                default: throw Error(description: "unrecognized arguments to with_sequence: \(kv[0])")
                }
            }
        } else {
            var rest = Substring(text)
            if let colon = rest.firstIndex(of: ":") {
                format = String(rest[rest.index(after: colon)...])
                rest = rest[..<colon]
            }
            if let slash = rest.firstIndex(of: "/") {
                stride = try int(rest[rest.index(after: slash)...], "stride")
                rest = rest[..<slash]
            }
            let parts = rest.split(separator: "-", maxSplits: 1)
            if parts.count == 2 { start = try int(parts[0], "start"); end = try int(parts[1], "end") } else { end = try int(rest, "end") }
        }
        if let count {
            guard end == nil else { throw failure("can't specify both count and end in with_sequence") }
            // count=0: no items (the task is skipped).
            if count <= 0 { return [] }
            end = start + (count - 1) * stride
        }
        guard let end else { throw failure("must specify count or end in with_sequence") }
        guard stride != 0 else { return [] }
        if stride > 0, end < start { throw failure("to count backwards make stride negative") }
        if stride < 0, end > start { throw failure("to count forward don't make stride negative") }
        guard format.contains("%") else { throw failure("bad formatting string: \(format)") }
        guard (end - start) / stride < 100_000 else { throw Error(description: "with_sequence: too many items") }
        return Swift.stride(from: start, through: end, by: stride).map {
            .string(format.replacingOccurrences(of: "%d", with: String($0))
                .replacingOccurrences(of: "%02d", with: String(format: "%02d", $0))
                .replacingOccurrences(of: "%02x", with: String(format: "%02x", $0)))
        }
    }
}

extension LoopItems {
    /// `ansible_loop` with `loop_control.extended`: the item's position, its neighbours
    /// (`previtem` from the second item on, `nextitem` up to the last) and, unless
    /// `extended_allitems` is false, every item.
    static func extendedVariable(_ items: [Value], at index: Int, allItems: Bool) -> Value {
        var loop: ValueDict = [
            "index": .int(index + 1), "index0": .int(index), "first": .bool(index == 0),
            "last": .bool(index == items.count - 1), "length": .int(items.count),
            "revindex": .int(items.count - index), "revindex0": .int(items.count - index - 1),
        ]
        if allItems { loop["allitems"] = .list(items) }
        if index > 0 { loop["previtem"] = items[index - 1] }
        if index < items.count - 1 { loop["nextitem"] = items[index + 1] }
        return .dict(loop)
    }

    /// `loop_control.pause`: seconds between items (a number, or text holding one).
    static func seconds(_ value: Value) throws -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .float(let f): return f
        default:
            guard let s = value.stringValue, let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
                throw Error(description: "loop_control.pause must be a number of seconds, got \(value.pythonRepr)")
            }
            return d
        }
    }
}

/// A `with_` loop whose terms could not be templated (not the lookup's own failure).
struct TermsFailure: Error, CustomStringConvertible {
    var error: TemplateError
    var description: String { ErrorReport.text(error) }
}
