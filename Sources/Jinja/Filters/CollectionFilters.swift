/// Jinja's filters over sequences and mappings: default, length, join, map/select, sort, group...
package enum CollectionFilters {
    package static let all: [String: Filter] = {
        var t: [String: Filter] = [:]
        t["default"] = Filter(Signature(optional: [("default_value", ""), ("boolean", false)]), acceptsUndefined: true) { v, a, _ in
            if case .undefined = v { return a["default_value"] ?? .string("") }
            if try a.bool("boolean"), !(try v.truthy()) { return a["default_value"] ?? .string("") }
            return v
        }
        t["d"] = t["default"]
        var length = Filter { v, _, r in
            if case .object(let o) = v, o is LazyValue { return .int(try o.iterate(renderer: r).count) }
            switch try v.plain() {
            case .string(let s), .unsafe(let s): return .int(s.unicodeScalars.count)  // Python counts code points
            case .list(let l): return .int(l.count)
            case .dict(let d): return .int(d.count)
            case let other: throw TemplateError.type("object of type '\(other.pythonTypeName)' has no len()")
            }
        }
        length.acceptsLazy = true
        t["length"] = length
        t["count"] = length
        t["list"] = Filter { v, _, r in
            if case .object(let o) = v, o is ListWithUndefined { return v }
            return .list(try r.iterateValues(v))
        }.keepingWithinInput()
        t["join"] = Filter(Signature(optional: [("d", ""), ("attribute", nil)])) { v, a, r in
            var items = try r.iterate(v)
            if let attr = try a.plain("attribute"), !attr.isNull { items = try items.map(r.attributePath(attr)) }
            let separator = try a.string("d") ?? ""
            try TemplateLimits.checkText(bytes: TemplateLimits.product(separator.utf8.count, items.count))
            return .string(try items.map { try $0.text() }.joined(separator: separator))
        }
        var first = Filter { v, _, r in
            try r.iterate(v).first ?? .undefined(Undefined(message: "No first item, sequence was empty."))
        }
        first.acceptsLazy = true
        t["first"] = first
        var last = Filter { v, _, r in
            try r.iterate(v).last ?? .undefined(Undefined(message: "No last item, sequence was empty."))
        }
        last.acceptsLazy = true
        t["last"] = last
        t["reverse"] = Filter { v, _, r in
            if case .value(let x) = v, let s = x.stringValue { return .string(String(s.reversed())) }
            return .list(try r.iterateValues(v).reversed())
        }.keepingWithinInput()
        t["min"] = extremum(max: false)
        t["max"] = extremum(max: true)
        t["sum"] = Filter(Signature(optional: [("attribute", nil), ("start", 0)])) { v, a, r in
            var items = try r.iterate(v)
            if let attr = try a.plain("attribute"), !attr.isNull { items = try items.map(r.attributePath(attr)) }
            var total = try a.plain("start") ?? 0
            for item in items { total = try PythonOperators.binary(.add, total, try item.plain()) }
            return .value(total)
        }
        t["sort"] = Filter(Signature(optional: [("reverse", false), ("case_sensitive", false), ("attribute", nil)])) { v, a, r in
            let items = try r.iterateValues(v)
            let key = try keyFunction(a, r)
            return .list(try Sorting.sorted(items, reverse: try a.bool("reverse"), caseSensitive: try a.bool("case_sensitive"), key: key))
        }.keepingWithinInput()
        t["unique"] = Filter(Signature(optional: [("case_sensitive", false), ("attribute", nil)])) { v, a, r in
            let items = try r.iterateValues(v)
            let key = try keyFunction(a, r)
            return .list(try unique(items, caseSensitive: try a.bool("case_sensitive"), key: key))
        }.keepingWithinInput()
        t["map"] = Filter(Signature(rest: true, keywords: true)) { v, a, r in
            let items = try r.iterate(v)
            if let attrArg = a.extraKeywords.first(where: { $0.name == "attribute" })?.value {
                let getter = r.attributePath(try attrArg.plain())
                let fallback = a.extraKeywords.first(where: { $0.name == "default" })?.value
                return try ListWithUndefined.wrapping(try items.map { item in
                    let got = try getter(item)
                    if case .undefined = got, let fallback { return fallback }
                    return got
                })
            }
            guard let name = try a.rest.first?.plain().stringValue else { throw TemplateError.arguments("map requires a filter argument") }
            guard let filter = r.environment.filter(named: name) else { throw TemplateError.unknownFilter(name) }
            let args = Arguments(Array(a.rest.dropFirst()), keyword: a.extraKeywords)
            return try ListWithUndefined.wrapping(try items.map { try r.callFilter(filter, name: name, $0, args) })
        }
        t["select"] = selection(keep: true, byAttribute: false).keepingWithinInput()
        t["reject"] = selection(keep: false, byAttribute: false).keepingWithinInput()
        t["selectattr"] = selection(keep: true, byAttribute: true).keepingWithinInput()
        t["rejectattr"] = selection(keep: false, byAttribute: true).keepingWithinInput()
        t["items"] = Filter(acceptsUndefined: true) { v, _, _ in
            if case .undefined = v { return .list([]) }
            guard case .dict(let d) = try v.plain() else { throw TemplateError.type("Can only get item pairs from a mapping.") }
            return .list(d.map { .list([.string($0.key), $0.value]) })
        }
        t["dictsort"] = .plain(Signature(optional: [("case_sensitive", false), ("by", "key"), ("reverse", false)])) { v, a in
            guard case .dict(let d) = v else { throw TemplateError.type("You can only sort by either 'key' or 'value'") }
            let byValue = try a.string("by") == "value"
            let pairs: [Value] = d.map { .list([.string($0.key), $0.value]) }
            return .list(try Sorting.sorted(pairs, reverse: try a.bool("reverse"), caseSensitive: try a.bool("case_sensitive")) { p in
                p.listValue?[byValue ? 1 : 0] ?? .null
            })
        }
        t["batch"] = .plain(Signature(["linecount"], optional: [("fill_with", nil)])) { v, a in
            let size = max(1, try a.int("linecount") ?? 1)
            if size > 1_000_000, let fill = try a.plain("fill_with"), !fill.isNull { throw TemplateError.limit("batch size too large") }
            let items = try listOf(v)
            var out: [Value] = []
            var i = 0
            while i < items.count {
                var chunk = Array(items[i..<min(i + size, items.count)])
                if chunk.count < size, let fill = try a.plain("fill_with"), !fill.isNull {
                    chunk += Array(repeating: fill, count: size - chunk.count)
                }
                out.append(.list(chunk))
                i += size
            }
            return .list(out)
        }
        t["slice"] = .plain(Signature(["slices"], optional: [("fill_with", nil)])) { v, a in
            let items = try listOf(v)
            let slices = max(1, try a.int("slices") ?? 1)
            if slices > 1_000_000 { throw TemplateError.limit("slice count too large") }
            let per = items.count / slices, extra = items.count % slices
            var out: [Value] = []
            var offset = 0
            for i in 0..<slices {
                let len = per + (i < extra ? 1 : 0)
                var chunk = Array(items[offset..<offset + len])
                offset += len
                if i >= extra, extra > 0, let fill = try a.plain("fill_with"), !fill.isNull { chunk.append(fill) }
                out.append(.list(chunk))
            }
            return .list(out)
        }
        t["groupby"] = Filter(Signature(["attribute"], optional: [("default", nil), ("case_sensitive", false)])) { v, a, r in
            let items = try r.iterateValues(v)
            let getter = r.attributePath(try a.plain("attribute") ?? .null)
            let fallback = try a.plain("default")
            let keyed = try items.map { item -> (Value, Value) in
                let k = try getter(.value(item))
                if case .undefined(let u) = k { if let fallback, !fallback.isNull { return (fallback, item) }; throw u.error }
                return (try k.plain(), item)
            }
            let sorted = try Sorting.sorted(keyed.map { .list([$0.0, $0.1]) }, reverse: false, caseSensitive: try a.bool("case_sensitive")) { $0.listValue?[0] ?? .null }
            var groups: [(Value, [Value])] = []
            for pair in sorted {
                guard let p = pair.listValue else { continue }
                if let last = groups.last, PythonOperators.equals(last.0, p[0]) { groups[groups.count - 1].1.append(p[1]) }
                else { groups.append((p[0], [p[1]])) }
            }
            return .object(GroupList(groups.map { GroupTuple(grouper: $0.0, list: $0.1) }))
        }
        t["attr"] = Filter(Signature(["name"])) { v, a, r in
            let name = try a.string("name") ?? ""
            // attr() is getattr only: no fallback to the item of that name
            if case .value(let x) = v {
                if let m = PythonMethods.bound(x, name) { return .object(m) }
                return .undefined(.member(of: v, .string(name)))
            }
            return try r.attribute(of: v, name)
        }
        t["random"] = .plain { v, _ in
            let items = try listOf(v)
            guard let pick = items.randomElement() else { throw TemplateError.type("No random item, sequence was empty.") }
            return pick
        }
        return t
    }()

    package static func listOf(_ v: Value) throws -> [Value] {
        switch v {
        case .list(let l): return l
        case .dict(let d): return d.keys.map { .string($0) }
        case .string(let s), .unsafe(let s): return s.map { .string(String($0)) }
        default: throw TemplateError.type("'\(v.pythonTypeName)' object is not iterable")
        }
    }

    package static func keyFunction(_ a: BoundArguments, _ r: Renderer) throws -> ((Value) throws -> Value)? {
        guard let attr = try a.plain("attribute"), !attr.isNull else { return nil }
        let paths = (attr.stringValue ?? "").split(separator: ",").map { r.attributePath(.string(String($0).trimmingCharacters(in: .whitespaces))) }
        return { item in
            let keys = try paths.map { try $0(.value(item)).plain() }
            return keys.count == 1 ? keys[0] : .list(keys)
        }
    }

    package static func unique(_ items: [Value], caseSensitive: Bool, key: ((Value) throws -> Value)?) throws -> [Value] {
        var seen: [Value] = []
        var out: [Value] = []
        for item in items {
            var k = try key?(item) ?? item
            if !caseSensitive, let s = k.stringValue { k = .string(s.lowercased()) }
            if seen.contains(where: { PythonOperators.equals($0, k) }) { continue }
            seen.append(k)
            out.append(item)
        }
        return out
    }

    static func extremum(max: Bool) -> Filter {
        Filter(Signature(optional: [("case_sensitive", false), ("attribute", nil)])) { v, a, r in
            let items = try r.iterateValues(v)
            guard !items.isEmpty else {
                return .undefined(Undefined(message: "No aggregated item, sequence was empty."))
            }
            let key = try keyFunction(a, r)
            let caseSensitive = try a.bool("case_sensitive")
            func k(_ v: Value) throws -> Value {
                let raw = try key?(v) ?? v
                if !caseSensitive, let s = raw.stringValue { return .string(s.lowercased()) }
                return raw
            }
            // Python's min/max keep the first of equal extremes
            var best = items[0], bestKey = try k(items[0])
            for item in items.dropFirst() {
                let ik = try k(item)
                if max ? try PythonOperators.lessThan(bestKey, ik) : try PythonOperators.lessThan(ik, bestKey) {
                    best = item
                    bestKey = ik
                }
            }
            return .value(best)
        }
    }

    static func selection(keep: Bool, byAttribute: Bool) -> Filter {
        Filter(Signature(rest: true)) { v, a, r in
            let items = try r.iterate(v)
            var rest = a.rest
            var getter: ((JinjaValue) throws -> JinjaValue)?
            if byAttribute {
                guard !rest.isEmpty else { throw TemplateError.arguments("Missing parameter for attribute name") }
                getter = r.attributePath(try rest.removeFirst().plain())
            }
            var testName: String?
            if !rest.isEmpty { testName = try rest.removeFirst().plain().stringValue }
            var out: [Value] = []
            for item in items {
                let subject = try getter?(item) ?? item
                let passed: Bool
                if let testName { passed = try r.runTest(testName, subject, rest) } else { passed = try subject.truthy() }
                if passed == keep { out.append(try item.plain()) }
            }
            return .list(out)
        }
    }
}

import Foundation
