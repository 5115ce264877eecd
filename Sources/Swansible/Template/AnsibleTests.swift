import Foundation
import Jinja

/// ansible.builtin tests: version, regex, task results, truthiness, sets, paths.
enum AnsibleTests {
    static let all: [String: JinjaTest] = {
        var t: [String: JinjaTest] = [:]
        t["version"] = .plain(Signature(["version"], optional: [("operator", "eq"), ("strict", false), ("version_type", nil)])) { v, a in
            let op = try a.string("operator") ?? "eq"
            let ordering = VersionComparison.compare(v.pythonString, try a.string("version") ?? "")
            switch op {
            case "==", "=", "eq": return ordering == 0
            case "!=", "<>", "ne": return ordering != 0
            case "<", "lt": return ordering < 0
            case "<=", "le": return ordering <= 0
            case ">", "gt": return ordering > 0
            case ">=", "ge": return ordering >= 0
            default: throw TemplateError.failed("Invalid operator type (\(op))")
            }
        }
        t["version_compare"] = t["version"]
        for (name, mode) in [("match", 0), ("search", 1), ("regex", 2)] {
            t[name] = .plain(Signature(["pattern"], optional: [("ignorecase", false), ("multiline", false), ("match_type", .string(name == "regex" ? "search" : name))])) { v, a in
                let re = try PythonRegex(try a.string("pattern") ?? "", ignoreCase: try a.bool("ignorecase"), multiline: try a.bool("multiline"))
                let s = v.pythonString
                let type = mode == 2 ? try a.string("match_type") ?? "search" : (mode == 0 ? "match" : "search")
                switch type {
                case "match": return re.firstMatch(in: s, anchored: true) != nil
                case "fullmatch":
                    guard let m = re.firstMatch(in: s, anchored: true) else { return false }
                    return m.range.length == (s as NSString).length
                default: return re.firstMatch(in: s) != nil
                }
            }
        }
        func result(_ body: @escaping @Sendable (ValueDict) -> Bool) -> JinjaTest {
            .plain { v, _ in
                guard case .dict(let d) = v else { throw TemplateError.failed("The test requires a dictionary (a registered task result)") }
                return body(d)
            }
        }
        let failed: @Sendable (ValueDict) -> Bool = { $0["failed"]?.isTruthy ?? false }
        for n in ["failed", "failure"] { t[n] = result(failed) }
        for n in ["succeeded", "success", "successful"] { t[n] = result { !failed($0) } }
        for n in ["changed", "change"] { t[n] = result { $0["changed"]?.isTruthy ?? false } }
        for n in ["skipped", "skip"] { t[n] = result { $0["skipped"]?.isTruthy ?? false } }
        t["unreachable"] = result { $0["unreachable"]?.isTruthy ?? false }
        t["reachable"] = result { !($0["unreachable"]?.isTruthy ?? false) }
        t["finished"] = result { d in d["finished"].map { $0.isTruthy || $0.intValue == 1 } ?? true }
        t["started"] = result { d in d["started"].map { $0.isTruthy } ?? true }
        t["truthy"] = .plain(Signature(optional: [("convert_bool", false)])) { v, a in
            try a.bool("convert_bool") && v.stringValue != nil ? AnsibleTextFilters.toBool(v) : v.isTruthy
        }
        t["falsy"] = .plain(Signature(optional: [("convert_bool", false)])) { v, a in
            !(try a.bool("convert_bool") && v.stringValue != nil ? AnsibleTextFilters.toBool(v) : v.isTruthy)
        }
        let subset = JinjaTest.plain(Signature(["superset"])) { v, a in
            let sup = try CollectionFilters.listOf(try a.plain("superset") ?? .list([]))
            return try CollectionFilters.listOf(v).allSatisfy { x in sup.contains { PythonOperators.equals($0, x) } }
        }
        let superset = JinjaTest.plain(Signature(["subset"])) { v, a in
            let mine = try CollectionFilters.listOf(v)
            return try CollectionFilters.listOf(try a.plain("subset") ?? .list([])).allSatisfy { x in mine.contains { PythonOperators.equals($0, x) } }
        }
        t["subset"] = subset; t["issubset"] = subset
        t["superset"] = superset; t["issuperset"] = superset
        t["contains"] = .plain(Signature(["item"])) { v, a in try PythonOperators.contains(v, try a.plain("item") ?? .null) }
        t["any"] = .plain { v, _ in try CollectionFilters.listOf(v).contains { $0.isTruthy } }
        t["all"] = .plain { v, _ in try CollectionFilters.listOf(v).allSatisfy { $0.isTruthy } }
        t["nan"] = .plain { v, _ in if case .float(let f) = v { return f.isNaN }; return false }
        t["isnan"] = t["nan"]
        t["vault_encrypted"] = .plain { v, _ in v.stringValue?.hasPrefix("$ANSIBLE_VAULT;") ?? false }
        t["abs"] = .plain { v, _ in v.pythonString.hasPrefix("/") }
        t["is_abs"] = t["abs"]
        let fm = FileManager.default
        func path(_ check: @escaping @Sendable (String) -> Bool) -> JinjaTest { .plain { v, _ in check(v.pythonString) } }
        t["exists"] = path { fm.fileExists(atPath: $0) }
        t["file"] = path { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
        t["is_file"] = t["file"]
        t["directory"] = path { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && d.boolValue }
        t["is_dir"] = t["directory"]
        t["link"] = path { (try? fm.destinationOfSymbolicLink(atPath: $0)) != nil }
        t["is_link"] = t["link"]
        t["link_exists"] = t["link"]
        t["mount"] = path { p in
            let mounts = (try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? ""
            return mounts.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().first.map(String.init) == p }
        }
        t["is_mount"] = t["mount"]
        t["same_file"] = .plain(Signature(["other"])) { v, a in
            let p1 = URL(fileURLWithPath: v.pythonString).resolvingSymlinksInPath().path
            let p2 = URL(fileURLWithPath: try a.string("other") ?? "").resolvingSymlinksInPath().path
            return p1 == p2 && fm.fileExists(atPath: p1)
        }
        t["is_same_file"] = t["same_file"]
        t["url"] = .plain { v, _ in v.pythonString.range(of: #"^[a-zA-Z][a-zA-Z0-9+.-]*://"#, options: .regularExpression) != nil }
        t["uri"] = .plain { v, _ in v.pythonString.range(of: #"^[a-zA-Z][a-zA-Z0-9+.-]*:"#, options: .regularExpression) != nil }
        t["urn"] = .plain { v, _ in v.pythonString.lowercased().hasPrefix("urn:") }
        return t
    }()
}

/// Loose version ordering like `LooseVersion`: numbers compare numerically, words lexically.
enum VersionComparison {
    static func components(_ s: String) -> [Value] {
        var out: [Value] = []
        var current = ""
        var numeric = false
        func flush() {
            guard !current.isEmpty else { return }
            out.append(numeric ? .int(Int(current) ?? 0) : .string(current))
            current = ""
        }
        for c in s {
            if c.isNumber {
                if !numeric { flush(); numeric = true }
                current.append(c)
            } else if c.isLetter {
                if numeric { flush(); numeric = false }
                current.append(c)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// -1, 0 or 1.
    static func compare(_ a: String, _ b: String) -> Int {
        let x = components(a), y = components(b)
        for (p, q) in zip(x, y) {
            switch (p, q) {
            case (.int(let i), .int(let j)) where i != j: return i < j ? -1 : 1
            case (.string(let s), .string(let t)) where s != t: return s < t ? -1 : 1
            case (.int, .string): return 1
            case (.string, .int): return -1
            default: continue
            }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}
