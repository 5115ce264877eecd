import Foundation
import Jinja

/// Ansible's filters over lists and dicts: combine, dict2items, flatten, set operations, zip...
enum AnsibleCollectionFilters {
    static let all: [String: Filter] = {
        var t: [String: Filter] = [:]
        t["combine"] = .plain(Signature(rest: true, keywords: true)) { v, a in
            var recursive = false, listMerge = "replace"
            for (k, x) in a.extraKeywords {
                switch k {
                case "recursive": recursive = try x.truthy()
                case "list_merge": listMerge = try x.plain().pythonString
                default: throw TemplateError.failed("'recursive' and 'list_merge' are the only valid keyword arguments")
                }
            }
            // Like ansible-core, an unknown list_merge fails even when no lists meet.
            guard ["replace", "keep", "append", "prepend", "append_rp", "prepend_rp"].contains(listMerge) else {
                throw TemplateError.failed(listMergeProblem)
            }
            var dicts: [Value] = []
            for term in [v] + (try a.rest.map { try $0.plain() }) {
                if case .list(let l) = term { dicts += l } else { dicts.append(term) }
            }
            guard var result = dicts.first else { return .dict([:]) }
            for d in dicts.dropFirst() { result = try merge(result, d, recursive: recursive, listMerge: listMerge) }
            if case .dict = result { return result }
            throw TemplateError.failed("failed to combine variables, expected dicts but got \(result.pythonTypeName)")
        }
        t["dict2items"] = .plain(Signature(optional: [("key_name", "key"), ("value_name", "value")])) { v, a in
            guard case .dict(let d) = v else { throw TemplateError.failed("dict2items requires a dictionary, got \(v.pythonTypeName) instead.") }
            let k = try a.string("key_name") ?? "key", n = try a.string("value_name") ?? "value"
            return .list(d.map { .dict([k: .string($0.key), n: $0.value]) })
        }
        t["items2dict"] = .plain(Signature(optional: [("key_name", "key"), ("value_name", "value")])) { v, a in
            guard case .list(let l) = v else { throw TemplateError.failed("items2dict requires a list, got \(v.pythonTypeName) instead.") }
            let k = try a.string("key_name") ?? "key", n = try a.string("value_name") ?? "value"
            var out = ValueDict()
            for item in l {
                // (like ansible-core, the messages show the whole list)
                guard case .dict(let d) = item else { throw TemplateError.failed("items2dict requires a list of dictionaries, got \(v.pythonRepr) instead.") }
                guard let key = d[k], let value = d[n] else {
                    throw TemplateError.failed("items2dict requires each dictionary in the list to contain the keys '\(k)' and '\(n)', got \(v.pythonRepr) instead.")
                }
                out[PythonOperators.dictKey(key)] = value
            }
            return .dict(out)
        }
        t["flatten"] = .plain(Signature(optional: [("levels", nil), ("skip_nulls", true)])) { v, a in
            try TemplateLimits.checkExpanded(v)
            return .list(flatten(try CollectionFilters.listOf(v), levels: try a.int("levels"), skipNulls: try a.bool("skip_nulls")))
        }
        t["union"] = Filter(Signature(["other"])) { v, a, r in
            .list(try CollectionFilters.unique(try r.iterateValues(v) + r.iterateValues(a["other"] ?? .list([])), caseSensitive: true, key: nil))
        }
        t["intersect"] = Filter(Signature(["other"])) { v, a, r in
            let other = try r.iterateValues(a["other"] ?? .list([]))
            return .list(try CollectionFilters.unique(try r.iterateValues(v).filter { x in other.contains { PythonOperators.equals($0, x) } }, caseSensitive: true, key: nil))
        }
        t["difference"] = Filter(Signature(["other"])) { v, a, r in
            let other = try r.iterateValues(a["other"] ?? .list([]))
            return .list(try CollectionFilters.unique(try r.iterateValues(v).filter { x in !other.contains { PythonOperators.equals($0, x) } }, caseSensitive: true, key: nil))
        }
        t["symmetric_difference"] = Filter(Signature(["other"])) { v, a, r in
            let mine = try r.iterateValues(v), other = try r.iterateValues(a["other"] ?? .list([]))
            let all = try CollectionFilters.unique(mine + other, caseSensitive: true, key: nil)
            return .list(all.filter { x in !(mine.contains { PythonOperators.equals($0, x) } && other.contains { PythonOperators.equals($0, x) }) })
        }
        t["unique"] = Filter(Signature(optional: [("case_sensitive", nil), ("attribute", nil)])) { v, a, r in
            .value(try ansibleUnique(try r.iterateValues(v), a, r))
        }.keepingWithinInput()
        t["rekey_on_member"] = .plain(Signature(["key"], optional: [("duplicates", "error")])) { v, a in
            try rekeyOnMember(v, key: try a.plain("key") ?? .null, duplicates: try a.plain("duplicates") ?? "error")
        }
        t["zip"] = Filter(Signature(rest: true)) { v, a, r in
            let lists = try ([v] + a.rest).map { try r.iterateValues($0) }
            let n = lists.map(\.count).min() ?? 0
            return .list((0..<n).map { i in .list(lists.map { $0[i] }) })
        }
        t["zip_longest"] = Filter(Signature(rest: true, keywords: true)) { v, a, r in
            let fill = try a.extraKeywords.first { $0.name == "fillvalue" }?.value.plain() ?? .null
            let lists = try ([v] + a.rest).map { try r.iterateValues($0) }
            let n = lists.map(\.count).max() ?? 0
            return .list((0..<n).map { i in .list(lists.map { i < $0.count ? $0[i] : fill }) })
        }
        t["product"] = Filter(Signature(rest: true, keywords: true)) { v, a, r in
            var result: [[Value]] = [[]]
            for list in try ([v] + a.rest).map({ try r.iterateValues($0) }) {
                result = result.flatMap { prefix in list.map { prefix + [$0] } }
                if result.count > 1_000_000 { throw TemplateError.limit("product too large") }
            }
            return .list(result.map { .list($0) })
        }
        t["combinations"] = .plain(Signature(["r"])) { v, a in
            let items = try CollectionFilters.listOf(v)
            let r = try a.int("r") ?? 0
            try checkCount(items.count, r, ordered: false)
            return .list(combinations(items, r).map { .list($0) })
        }
        t["permutations"] = .plain(Signature(optional: [("r", nil)])) { v, a in
            let items = try CollectionFilters.listOf(v)
            let r = try a.int("r") ?? items.count
            try checkCount(items.count, r, ordered: true)
            return .list(permutations(items, r).map { .list($0) })
        }
        t["subelements"] = .plain(Signature(["subelements"], optional: [("skip_missing", false)])) { v, a in
            let elements: [Value]
            switch v {
            case .list(let l): elements = l
            case .dict(let d): elements = Array(d.values)
            default: throw TemplateError.failed("obj must be a list of dicts or a nested dict")
            }
            let path = (try a.string("subelements") ?? "").split(separator: ".").map(String.init)
            var out: [Value] = []
            for element in elements {
                var current: Value? = element
                for key in path { current = current?[key] }
                guard let values = current else {
                    if try a.bool("skip_missing") { continue }
                    throw TemplateError.failed("could not find '\(path.joined(separator: "."))' key in iterated item \(element.pythonRepr)")
                }
                guard case .list(let l) = values else { throw TemplateError.failed("the key \(path.last ?? "") should point to a list, got \(values.pythonRepr)") }
                out += l.map { .list([element, $0]) }
            }
            return .list(out)
        }
        t["extract"] = Filter(Signature(["container"], optional: [("morekeys", nil)])) { v, a, r in
            var keys = [v]
            if let more = try a.plain("morekeys"), !more.isNull {
                if case .list(let l) = more { keys += l.map { .value($0) } } else { keys.append(.value(more)) }
            }
            var value = a["container"] ?? .none
            for k in keys { value = try r.item(of: value, k) }
            return value
        }
        t["random"] = .plain(Signature(optional: [("start", nil), ("step", nil), ("seed", nil)])) { v, a in
            if case .int(let end) = v {
                let start = try a.int("start") ?? 0, step = max(1, try a.int("step") ?? 1)
                // one value drawn from the range, never the range itself (`10**18 | random`)
                let choices = SteppedRange(start: start, stop: end, step: step)
                guard choices.count > 0 else { throw TemplateError.failed("empty range for random") }
                return .int(choices.value(at: Int.random(in: 0..<choices.count)))
            }
            guard let pick = try CollectionFilters.listOf(v).randomElement() else { throw TemplateError.failed("random of an empty sequence") }
            return pick
        }
        t["shuffle"] = .plain(Signature(optional: [("seed", nil)])) { v, _ in .list(try CollectionFilters.listOf(v).shuffled()) }
        t["log"] = .plain(Signature(optional: [("base", nil)])) { v, a in
            guard let x = Coerce.float(v) else { throw TemplateError.failed("log() can only be used on numbers") }
            guard let b = try a.plain("base").flatMap({ Coerce.float($0) }) else { return .float(Foundation.log(x)) }
            return .float(b == 10 ? log10(x) : Foundation.log(x) / Foundation.log(b))
        }
        t["pow"] = .plain(Signature(["y"])) { v, a in
            guard let x = Coerce.float(v), let y = try a.plain("y").flatMap({ Coerce.float($0) }) else { throw TemplateError.failed("pow() can only be used on numbers") }
            return .float(Foundation.pow(x, y))
        }
        t["root"] = .plain(Signature(optional: [("base", 2)])) { v, a in
            guard let x = Coerce.float(v) else { throw TemplateError.failed("root() can only be used on numbers") }
            let b = try a.plain("base").flatMap { Coerce.float($0) } ?? 2
            return .float(b == 2 ? sqrt(x) : Foundation.pow(x, 1 / b))
        }
        t["human_readable"] = .plain(Signature(optional: [("isbits", false), ("unit", nil)])) { v, a in
            .string(try HumanSizes.readable(v, isbits: try a.bool("isbits"), unit: try a.string("unit")))
        }
        t["human_to_bytes"] = .plain(Signature(optional: [("default_unit", nil), ("isbits", false)])) { v, a in
            .int(try HumanSizes.bytes(v.pythonString, defaultUnit: try a.string("default_unit"), isbits: try a.bool("isbits")))
        }
        return t
    }()

    /// Like ansible-core's `unique`: Jinja2's (case-insensitive unless told, keyed by
    /// `attribute`), which refuses unhashable keys (dicts, lists); then, only when no parameter
    /// was given, Ansible's own fallback (case-sensitive equality, any items), and with
    /// parameters a failure that says so.
    static func ansibleUnique(_ items: [Value], _ a: BoundArguments, _ r: Renderer) throws -> Value {
        let givenCase = try a.plain("case_sensitive").flatMap { $0.isNull ? nil : $0 }
        let givenAttribute = try a.plain("attribute").flatMap { $0.isNull ? nil : $0 }
        let key = try CollectionFilters.keyFunction(a, r)
        let caseSensitive = givenCase.map(\.isTruthy) ?? false
        for item in items {
            let k = try key?(item) ?? item
            switch k {
            case .dict, .list: return try fallback(k)
            default: continue
            }
        }
        return .list(try CollectionFilters.unique(items, caseSensitive: caseSensitive, key: key))

        func fallback(_ unhashable: Value) throws -> Value {
            guard givenCase == nil, givenAttribute == nil else {
                throw TemplateError.failed("Jinja2's unique filter failed and we cannot fall back to Ansible's version "
                    + "as it does not support the parameters supplied: unhashable type: '\(unhashable.pythonTypeName)'")
            }
            return .list(try CollectionFilters.unique(items, caseSensitive: true, key: nil))
        }
    }

    static let listMergeProblem =
        "merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'"

    static func merge(_ a: Value, _ b: Value, recursive: Bool, listMerge: String) throws -> Value {
        guard case .dict(var x) = a, case .dict(let y) = b else { return b }
        for (k, v) in y {
            if let old = x[k] {
                if recursive, case .dict = old, case .dict = v {
                    x[k] = try merge(old, v, recursive: true, listMerge: listMerge)
                    continue
                }
                if case .list(let ol) = old, case .list(let nl) = v {
                    switch listMerge {
                    case "replace": x[k] = v
                    case "keep": x[k] = old
                    case "append": x[k] = .list(ol + nl)
                    case "prepend": x[k] = .list(nl + ol)
                    case "append_rp": x[k] = .list(ol.filter { o in !nl.contains { PythonOperators.equals($0, o) } } + nl)
                    case "prepend_rp": x[k] = .list(nl + ol.filter { o in !nl.contains { PythonOperators.equals($0, o) } })
                    default: throw TemplateError.failed(listMergeProblem)
                    }
                    continue
                }
            }
            x[k] = v
        }
        return .dict(x)
    }

    static func flatten(_ list: [Value], levels: Int?, skipNulls: Bool) -> [Value] {
        var out: [Value] = []
        for element in list {
            if skipNulls, element.isNull || element.stringValue == "None" || element.stringValue == "null" { continue }
            if case .list(let inner) = element {
                if levels == nil { out += flatten(inner, levels: nil, skipNulls: skipNulls) }
                else if let l = levels, l >= 1 { out += flatten(inner, levels: l - 1, skipNulls: skipNulls) }
                else { out.append(element) }
            } else {
                out.append(element)
            }
        }
        return out
    }

    /// Refuses results above a million tuples instead of exhausting memory or time.
    static func checkCount(_ n: Int, _ r: Int, ordered: Bool) throws {
        guard r >= 0, r <= n else { return }
        var total = 1.0
        for i in 0..<r { total *= Double(n - i) / (ordered ? 1 : Double(i + 1)) }
        if total > 1_000_000 { throw TemplateError.limit("\(ordered ? "permutations" : "combinations") would produce too many items") }
    }

    static func combinations(_ items: [Value], _ r: Int) -> [[Value]] {
        guard r >= 0, r <= items.count else { return [] }
        if r == 0 { return [[]] }
        var out: [[Value]] = []
        for (i, x) in items.enumerated() {
            for rest in combinations(Array(items[(i + 1)...]), r - 1) { out.append([x] + rest) }
        }
        return out
    }

    static func permutations(_ items: [Value], _ r: Int) -> [[Value]] {
        guard r >= 0, r <= items.count else { return [] }
        if r == 0 { return [[]] }
        var out: [[Value]] = []
        for (i, x) in items.enumerated() {
            var rest = items
            rest.remove(at: i)
            for p in permutations(rest, r - 1) { out.append([x] + p) }
        }
        return out
    }
}
