import Foundation

/// The Python methods of str, list and dict that templates call (`x.split(',')`, `d.items()`).
package enum PythonMethods {
    /// Methods that change their receiver: the renderer writes the result back to the variable.
    static let mutating: Set<String> = ["append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "reverse", "sort"]

    static let stringMethods: Set<String> = [
        "split", "rsplit", "strip", "lstrip", "rstrip", "startswith", "endswith", "replace", "upper", "lower",
        "capitalize", "title", "format", "join", "find", "rfind", "index", "rindex", "count", "isdigit", "isalpha", "isalnum",
        "isspace", "islower", "isupper", "isnumeric", "isdecimal", "isidentifier", "splitlines", "zfill", "center", "ljust", "rjust",
        "partition", "rpartition", "swapcase", "casefold", "encode", "decode", "expandtabs", "removeprefix", "removesuffix", "istitle",
    ]
    static let listMethods: Set<String> = Set(["index", "count", "copy"]).union(mutating.subtracting(["update", "setdefault"]))
    package static let dictMethods: Set<String> = ["items", "keys", "values", "get", "copy", "update", "pop", "setdefault", "clear"]

    /// For each ASCII first byte, a bit per name length (below 32) that some method has: most
    /// attribute names (`item.name`, `host.port`) are ruled out without hashing them, since
    /// Jinja looks for a method before the dict's item on every `a.b`.
    private static let methodShapes: [UInt32] = {
        var shapes = [UInt32](repeating: 0, count: 128)
        for name in stringMethods.union(listMethods).union(dictMethods) {
            guard let first = name.utf8.first, first < 128, name.utf8.count < 32 else { continue }
            shapes[Int(first)] |= 1 << UInt32(name.utf8.count)
        }
        return shapes
    }()

    /// Whether some method of str, list or dict could be called `name`.
    static func mayBeMethod(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard let first = utf8.first, first < 128, utf8.count < 32 else { return false }
        return methodShapes[Int(first)] & (1 << UInt32(utf8.count)) != 0
    }

    /// The bound method `value.name`, or nil when the type has no such method.
    package static func bound(_ value: Value, _ name: String) -> NativeFunction? {
        guard mayBeMethod(name) else { return nil }
        let known: Bool
        switch value {
        case .string, .unsafe: known = stringMethods.contains(name)
        case .list: known = listMethods.contains(name)
        case .dict: known = dictMethods.contains(name)
        default: known = false
        }
        guard known else { return nil }
        return NativeFunction(name) { args, _ in
            var copy = value
            if mutating.contains(name) { return try callMutating(&copy, name, args) }
            return try call(value, name, args)
        }
    }

    static func call(_ value: Value, _ name: String, _ args: Arguments) throws -> JinjaValue {
        let a = try args.positional.map { try $0.plain() }
        func str(_ i: Int) throws -> String? {
            guard i < a.count, !a[i].isNull else { return nil }
            guard let s = a[i].stringValue else { throw TemplateError.type("\(name)() argument must be str, not \(a[i].pythonTypeName)") }
            return s
        }
        func int(_ i: Int) -> Int? { i < a.count ? a[i].intValue : nil }
        switch value {
        case .string(let s), .unsafe(let s):
            return try stringMethod(s, name, a, args, str, int)
        case .list(let l):
            switch name {
            case "index":
                guard let x = a.first, let i = l.firstIndex(where: { PythonOperators.equals($0, x) }) else {
                    throw TemplateError.type("\(a.first?.pythonRepr ?? "None") is not in list")
                }
                return .int(i)
            case "count": return .int(l.filter { PythonOperators.equals($0, a.first ?? .null) }.count)
            case "copy": return .value(value)
            default: break
            }
        case .dict(let d):
            switch name {
            case "items": return .list(d.map { .list([.string($0.key), $0.value]) })
            case "keys": return .list(d.keys.map { .string($0) })
            case "values": return .list(Array(d.values))
            case "get":
                guard let k = a.first else { throw TemplateError.arguments("get expected at least 1 argument, got 0") }
                return .value(d[PythonOperators.dictKey(k)] ?? (a.count > 1 ? a[1] : .null))
            case "copy": return .value(value)
            default: break
            }
        default: break
        }
        throw TemplateError.type("'\(value.pythonTypeName)' object has no attribute '\(name)'")
    }

    private static func stringMethod(_ s: String, _ name: String, _ a: [Value], _ args: Arguments,
                                     _ str: (Int) throws -> String?, _ int: (Int) -> Int?) throws -> JinjaValue {
        // `format` and `join` print their arguments in full
        for argument in a { try TemplateLimits.checkExpanded(argument) }
        switch name {
        case "split", "rsplit":
            let keywordSep = try args.keywordValue("sep")?.plain().stringValue
            let sep = try str(0) ?? keywordSep
            let keywordMax = try args.keywordValue("maxsplit")?.plain().intValue
            let max = int(1) ?? keywordMax ?? -1
            return .list(PythonStrings.split(s, separator: sep, maxSplit: max, fromRight: name == "rsplit").map { .string($0) })
        case "strip": return .string(PythonStrings.strip(s, chars: try str(0), leading: true, trailing: true))
        case "lstrip": return .string(PythonStrings.strip(s, chars: try str(0), leading: true, trailing: false))
        case "rstrip": return .string(PythonStrings.strip(s, chars: try str(0), leading: false, trailing: true))
        case "startswith", "endswith":
            let candidates: [String]
            if case .list(let l)? = a.first { candidates = l.compactMap(\.stringValue) } else { candidates = [try str(0) ?? ""] }
            return .bool(candidates.contains { name == "startswith" ? s.hasPrefix($0) || $0.isEmpty : s.hasSuffix($0) || $0.isEmpty })
        case "replace":
            guard let old = try str(0), let new = try str(1) else { throw TemplateError.arguments("replace expected at least 2 arguments") }
            try TemplateLimits.checkReplacement(in: s, old: old, new: new)
            return .string(PythonStrings.replace(s, old, new, count: int(2) ?? -1))
        case "upper": return .string(s.uppercased())
        case "lower": return .string(s.lowercased())
        case "casefold": return .string(s.lowercased())
        case "swapcase": return .string(String(s.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) }))
        case "capitalize": return .string(PythonStrings.capitalize(s))
        case "title": return .string(PythonStrings.title(s))
        case "format":
            var kw = ValueDict()
            for (k, v) in args.keyword { kw[k] = try v.plain() }
            return .string(try PythonFormat.format(s, positional: a, keyword: kw))
        case "join":
            guard let items = a.first else { throw TemplateError.arguments("join() takes exactly one argument") }
            let parts: [String]
            switch items {
            case .list(let l):
                parts = try l.map { v in
                    guard let t = v.stringValue else { throw TemplateError.type("sequence item: expected str instance, \(v.pythonTypeName) found") }
                    return t
                }
            case .string(let t), .unsafe(let t): parts = t.map { String($0) }
            case .dict(let d): parts = Array(d.keys)
            default: throw TemplateError.type("can only join an iterable")
            }
            return .string(parts.joined(separator: s))
        case "find", "index", "rfind", "rindex":
            let sub = try str(0) ?? ""
            let range = name.hasPrefix("r") ? s.range(of: sub, options: .backwards) : s.range(of: sub)
            if let range { return .int(s.distance(from: s.startIndex, to: range.lowerBound)) }
            if sub.isEmpty { return .int(name.hasPrefix("r") ? s.count : 0) }
            if name.hasSuffix("index") { throw TemplateError.type("substring not found") }
            return .int(-1)
        case "count":
            let sub = try str(0) ?? ""
            if sub.isEmpty { return .int(s.count + 1) }
            return .int(s.components(separatedBy: sub).count - 1)
        case "isdigit", "isnumeric", "isdecimal": return .bool(!s.isEmpty && s.allSatisfy { $0.isNumber })
        case "isalpha": return .bool(!s.isEmpty && s.allSatisfy { $0.isLetter })
        case "isalnum": return .bool(!s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber })
        case "isspace": return .bool(!s.isEmpty && s.allSatisfy { $0.isWhitespace })
        case "islower": return .bool(s.contains { $0.isLowercase } && !s.contains { $0.isUppercase })
        case "isupper": return .bool(s.contains { $0.isUppercase } && !s.contains { $0.isLowercase })
        case "istitle": return .bool(!s.isEmpty && PythonStrings.title(s) == s && s.contains { $0.isLetter })
        case "isidentifier": return .bool(!s.isEmpty && !(s.first!.isNumber) && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" })
        case "splitlines":
            var lines = s.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
            if lines.last == "" { lines.removeLast() }
            return .list(lines.map { .string($0) })
        case "zfill":
            let width = min(int(0) ?? 0, 10_000_000)
            guard s.count < width else { return .string(s) }
            let pad = String(repeating: "0", count: width - s.count)
            if let f = s.first, f == "-" || f == "+" { return .string(String(f) + pad + s.dropFirst()) }
            return .string(pad + s)
        case "center", "ljust", "rjust":
            let width = min(int(0) ?? 0, 10_000_000)
            let fill = try str(1) ?? " "
            guard s.count < width else { return .string(s) }
            let pad = width - s.count
            switch name {
            case "ljust": return .string(s + String(repeating: fill, count: pad))
            case "rjust": return .string(String(repeating: fill, count: pad) + s)
            default:
                let left = pad / 2 + (pad & width & 1)
                return .string(String(repeating: fill, count: left) + s + String(repeating: fill, count: pad - left))
            }
        case "partition", "rpartition":
            let sep = try str(0) ?? ""
            let r = name == "partition" ? s.range(of: sep) : s.range(of: sep, options: .backwards)
            guard let r else { return name == "partition" ? .list([.string(s), "", ""]) : .list(["", "", .string(s)]) }
            return .list([.string(String(s[..<r.lowerBound])), .string(sep), .string(String(s[r.upperBound...]))])
        case "removeprefix":
            let p = try str(0) ?? ""
            return .string(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
        case "removesuffix":
            let p = try str(0) ?? ""
            return .string(s.hasSuffix(p) && !p.isEmpty ? String(s.dropLast(p.count)) : s)
        case "encode", "decode": return .string(s)
        case "expandtabs": return .string(s.replacingOccurrences(of: "\t", with: String(repeating: " ", count: min(max(int(0) ?? 8, 0), 10_000))))
        default: throw TemplateError.type("'str' object has no attribute '\(name)'")
        }
    }

    /// Runs a mutating method on `value` in place and returns the method's own result.
    static func callMutating(_ value: inout Value, _ name: String, _ args: Arguments) throws -> JinjaValue {
        let a = try args.positional.map { try $0.plain() }
        switch value {
        case .list(var l):
            var result = JinjaValue.none
            switch name {
            case "append": l.append(a.first ?? .null)
            case "extend":
                guard case .list(let more)? = a.first else { throw TemplateError.type("extend() argument must be a list") }
                l += more
            case "insert":
                guard a.count == 2, var i = a[0].intValue else { throw TemplateError.arguments("insert expected 2 arguments") }
                if i < 0 { i = max(0, l.count + i) }
                l.insert(a[1], at: min(i, l.count))
            case "pop":
                guard !l.isEmpty else { throw TemplateError.type("pop from empty list") }
                var i = a.first?.intValue ?? -1
                if i < 0 { i += l.count }
                guard i >= 0, i < l.count else { throw TemplateError.type("pop index out of range") }
                result = .value(l.remove(at: i))
            case "remove":
                guard let i = l.firstIndex(where: { PythonOperators.equals($0, a.first ?? .null) }) else {
                    throw TemplateError.type("list.remove(x): x not in list")
                }
                l.remove(at: i)
            case "clear": l = []
            case "reverse": l.reverse()
            case "sort":
                let reverse = try args.keywordValue("reverse")?.truthy() ?? false
                l = try Sorting.sorted(l, reverse: reverse, caseSensitive: true)
            default: return try PythonMethods.call(value, name, args)
            }
            value = .list(l)
            return result
        case .dict(var d):
            var result = JinjaValue.none
            switch name {
            case "update":
                if case .dict(let more)? = a.first { for (k, v) in more { d[k] = v } }
                for (k, v) in args.keyword { d[k] = try v.plain() }
            case "pop":
                guard let k = a.first else { throw TemplateError.arguments("pop expected at least 1 argument") }
                if let v = d.removeValue(forKey: PythonOperators.dictKey(k)) { result = .value(v) }
                else if a.count > 1 { result = .value(a[1]) }
                else { throw TemplateError.type("KeyError: \(k.pythonRepr)") }
            case "setdefault":
                guard let k = a.first else { throw TemplateError.arguments("setdefault expected at least 1 argument") }
                let key = PythonOperators.dictKey(k)
                if d[key] == nil { d[key] = a.count > 1 ? a[1] : .null }
                result = .value(d[key]!)
            case "clear": d = [:]
            default: return try PythonMethods.call(value, name, args)
            }
            value = .dict(d)
            return result
        default:
            return try PythonMethods.call(value, name, args)
        }
    }
}
