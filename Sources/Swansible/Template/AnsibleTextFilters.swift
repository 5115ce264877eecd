import SwansibleCrypto
import Foundation
import Jinja

/// Ansible's string filters: bool, ternary, regex_*, quote, paths, comment, hashing, mandatory.
enum AnsibleTextFilters {
    static let all: [String: Filter] = {
        var t: [String: Filter] = [:]
        t["bool"] = .plain { v, _ in .bool(toBool(v)) }
        t["ternary"] = .plain(Signature(["true_val", "false_val"], optional: [("none_val", nil)])) { v, a in
            if v.isNull, let n = try a.plain("none_val"), !n.isNull { return n }
            return v.isTruthy ? try a.plain("true_val") ?? .null : try a.plain("false_val") ?? .null
        }
        t["mandatory"] = Filter(Signature(optional: [("msg", nil)]), acceptsUndefined: true) { v, a, _ in
            guard case .undefined(let u) = v else { return v }
            if let msg = try a.string("msg") { throw TemplateError.failed(msg) }
            throw TemplateError.failed("Mandatory variable \(u.name.map { "'\($0)' " } ?? "")not defined.")
        }
        t["type_debug"] = Filter { v, _, _ in .string(v.typeName) }
        t["quote"] = .plain { v, _ in .string(shellQuote(v.isNull ? "" : v.pythonString)) }
        t["regex_replace"] = .plain(Signature(optional: [("pattern", ""), ("replacement", ""), ("ignorecase", false), ("multiline", false),
                                                       ("count", 0), ("mandatory_count", 0)])) { v, a in
            let re = try PythonRegex(try a.string("pattern") ?? "", ignoreCase: try a.bool("ignorecase"), multiline: try a.bool("multiline"))
            let s = v.pythonString
            let mandatory = try a.int("mandatory_count") ?? 0
            if mandatory > 0, re.matches(in: s).count < mandatory {
                throw TemplateError.failed("'\(re.pattern)' should match \(mandatory) times, but matches \(re.matches(in: s).count) times in '\(s)'")
            }
            return .string(try re.substitute(in: s, with: try a.string("replacement") ?? "", count: try a.int("count") ?? 0))
        }
        t["regex_search"] = .plain(Signature(["regex"], rest: true, keywords: true)) { v, a in
            let re = try PythonRegex(try a.string("regex") ?? "", ignoreCase: try a.keywordFlag("ignorecase"), multiline: try a.keywordFlag("multiline"))
            let s = v.pythonString
            // group references are checked before searching, like ansible-core
            let groups: [Value] = try a.rest.map { arg in
                let spec = try arg.plain().pythonString
                if spec.hasPrefix("\\g") {
                    guard spec.hasPrefix("\\g<"), let close = spec.firstIndex(of: ">") else { throw TemplateError.failed("Unknown argument") }
                    let name = String(spec[spec.index(spec.startIndex, offsetBy: 3)..<close])
                    return Int(name).map(Value.int) ?? .string(name)
                }
                guard spec.hasPrefix("\\"), let n = Int(String(spec.dropFirst().prefix { $0.isNumber })) else {
                    throw TemplateError.failed("Unknown argument")
                }
                return .int(n)
            }
            guard let m = re.firstMatch(in: s) else { return .null }
            if groups.isEmpty { return PythonRegex.group(m, 0, in: s) }
            return .list(groups.map { g in
                if case .int(let n) = g { return PythonRegex.group(m, n, in: s) }
                return re.group(m, named: g.pythonString, in: s)
            })
        }
        t["regex_findall"] = .plain(Signature(["regex"], optional: [("multiline", false), ("ignorecase", false)])) { v, a in
            let re = try PythonRegex(try a.string("regex") ?? "", ignoreCase: try a.bool("ignorecase"), multiline: try a.bool("multiline"))
            let s = v.pythonString
            return .list(re.matches(in: s).map { m in
                switch m.numberOfRanges {
                case 1: return PythonRegex.group(m, 0, in: s)
                case 2: return .string(PythonRegex.group(m, 1, in: s).stringValue ?? "")
                default: return .list((1..<m.numberOfRanges).map { .string(PythonRegex.group(m, $0, in: s).stringValue ?? "") })
                }
            })
        }
        t["regex_escape"] = .plain(Signature(optional: [("re_type", "python")])) { v, a in
            let special = try a.string("re_type") == "posix_basic" ? "$.*[\\]^" : "()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}"
            return .string(String(v.pythonString.flatMap { special.contains($0) ? "\\" + String($0) : String($0) }))
        }
        t["basename"] = .plain { v, _ in .string(v.pythonString.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? "") }
        t["dirname"] = .plain { v, _ in .string(dirname(v.pythonString)) }
        t["expanduser"] = .plain { v, _ in .string(NSString(string: v.pythonString).expandingTildeInPath) }
        t["realpath"] = .plain { v, _ in .string(URL(fileURLWithPath: v.pythonString).resolvingSymlinksInPath().path) }
        t["normpath"] = .plain { v, _ in .string(normpath(v.pythonString)) }
        t["splitext"] = .plain { v, _ in
            let s = v.pythonString
            let base = s.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            guard let dot = base.lastIndex(of: "."), base[..<dot].contains(where: { $0 != "." }) else { return .list([.string(s), ""]) }
            let ext = String(base[dot...])
            return .list([.string(String(s.dropLast(ext.count))), .string(ext)])
        }
        t["path_join"] = .plain { v, _ in
            let parts = (v.listValue ?? [v]).map(\.pythonString)
            var out = ""
            for p in parts {
                if p.hasPrefix("/") { out = p } else if out.isEmpty || out.hasSuffix("/") { out += p } else { out += "/" + p }
            }
            return .string(out)
        }
        t["b64encode"] = .plain(Signature(optional: [("encoding", "utf-8"), ("urlsafe", false)])) { v, a in
            var s = Data(v.pythonString.utf8).base64EncodedString()
            if try a.bool("urlsafe") { s = s.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") }
            return .string(s)
        }
        t["b64decode"] = .plain(Signature(optional: [("encoding", "utf-8"), ("urlsafe", false)])) { v, a in
            var s = v.pythonString.filter { !$0.isWhitespace }
            if try a.bool("urlsafe") { s = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") }
            while s.count % 4 != 0 { s += "=" }
            guard let data = Data(base64Encoded: s) else { throw TemplateError.type("Incorrect padding") }
            return .string(String(decoding: data, as: UTF8.self))
        }
        t["hash"] = .plain(Signature(optional: [("hashtype", "sha1")])) { v, a in
            let name = try a.string("hashtype") ?? "sha1"
            guard let h = Digest.hash(name, Array(v.pythonString.utf8)) else { throw TemplateError.failed("unsupported hash type \(name)") }
            return .string(h)
        }
        t["md5"] = .plain { v, _ in .string(Digest.hex(Digest.md5(Array(v.pythonString.utf8)))) }
        t["sha1"] = .plain { v, _ in .string(Digest.hex(Digest.sha1(Array(v.pythonString.utf8)))) }
        t["checksum"] = t["sha1"]
        t["password_hash"] = .plain(Signature(optional: [("hashtype", "sha512"), ("salt", nil), ("salt_size", nil), ("rounds", nil), ("ident", nil)])) { v, a in
            let saltSize = try a.int("salt_size") ?? 16
            return .string(try PasswordHash.hash(v.pythonString, scheme: try a.string("hashtype") ?? "sha512",
                                                 salt: try a.string("salt") ?? PasswordHash.randomSalt(saltSize), rounds: try a.int("rounds")))
        }
        t["to_uuid"] = .plain(Signature(optional: [("namespace", "361E6D51-FAEC-444A-9079-341386DA8E2E")])) { v, a in
            .string(try uuid5(namespace: try a.string("namespace") ?? "", name: v.pythonString))
        }
        t["comment"] = .plain(Signature(optional: [("style", "plain")], keywords: true)) { v, a in
            var overrides: [String: String] = [:]
            for (k, x) in a.extraKeywords { overrides[k] = try x.plain().pythonString }
            return .string(try comment(v.pythonString, style: try a.string("style") ?? "plain", overrides))
        }
        t["strftime"] = .plain(Signature(optional: [("second", nil), ("utc", false)])) { v, a in
            let seconds = try a.plain("second").flatMap { $0.isNull ? nil : Coerce.float($0) } ?? Date().timeIntervalSince1970
            guard let whole = Coerce.truncated(seconds) else { throw TemplateError.failed("Invalid value for epoch value (\(seconds))") }
            var time = time_t(whole)
            var parts = tm()
            if try a.bool("utc") { gmtime_r(&time, &parts) } else { localtime_r(&time, &parts) }
            var buffer = [Int8](repeating: 0, count: 512)
            let n = strftime(&buffer, buffer.count, v.pythonString, &parts)
            return .string(String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        t["urldecode"] = .plain { v, _ in .string(v.pythonString.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? v.pythonString) }
        t["split"] = .plain(Signature(optional: [("separator", nil), ("maxsplit", -1)])) { v, a in
            .list(PythonStrings.split(v.pythonString, separator: try a.string("separator"), maxSplit: try a.int("maxsplit") ?? -1, fromRight: false).map { .string($0) })
        }
        return t
    }()

    /// ansible-core's `bool`: yes/on/true/1 (any case), their negatives, ints, bools; others false.
    static func toBool(_ v: Value) -> Bool {
        switch v {
        case .bool(let b): return b
        case .int(let i): return i == 1
        case .float(let f): return f == 1
        case .string(let s), .unsafe(let s):
            return ["yes", "on", "true", "1"].contains(s.lowercased())
        default: return false
        }
    }

    /// Python's `shlex.quote`.
    static func shellQuote(_ s: String) -> String {
        if s.isEmpty { return "''" }
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")
        if s.unicodeScalars.allSatisfy({ safe.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    /// Python's `os.path.dirname`.
    static func dirname(_ s: String) -> String {
        guard let slash = s.lastIndex(of: "/") else { return "" }
        var head = String(s[...slash])
        if head.contains(where: { $0 != "/" }) { while head.hasSuffix("/") { head.removeLast() } }
        return head
    }

    static func normpath(_ s: String) -> String {
        if s.isEmpty { return "." }
        let absolute = s.hasPrefix("/")
        var parts: [Substring] = []
        for p in s.split(separator: "/") {
            if p == "." { continue }
            if p == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if p == "..", absolute { continue }
            parts.append(p)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    static func uuid5(namespace: String, name: String) throws -> String {
        guard let ns = UUID(uuidString: namespace) else { throw TemplateError.failed("Invalid value '\(namespace)' for 'namespace'") }
        let nsBytes = withUnsafeBytes(of: ns.uuid) { Array($0) }
        var h = Array(Digest.sha1(nsBytes + Array(name.utf8)).prefix(16))
        h[6] = (h[6] & 0x0f) | 0x50
        h[8] = (h[8] & 0x3f) | 0x80
        let hex = Digest.hex(h)
        let c = Array(hex)
        return [String(c[0..<8]), String(c[8..<12]), String(c[12..<16]), String(c[16..<20]), String(c[20..<32])].joined(separator: "-")
    }

    static func comment(_ text: String, style: String, _ kw: [String: String]) throws -> String {
        let styles: [String: [String: String]] = [
            "plain": ["decoration": "# "], "erlang": ["decoration": "% "], "c": ["decoration": "// "],
            "cblock": ["beginning": "/*", "decoration": " * ", "end": " */"],
            "xml": ["beginning": "<!--", "decoration": " - ", "end": "-->"],
        ]
        guard let params = styles[style] else { throw TemplateError.failed("Invalid style '\(style)'.") }
        let prepost = kw["decoration"] ?? params["decoration"] ?? ""
        var p: [String: String] = ["newline": "\n", "beginning": "", "prefix": PythonStrings.strip(prepost, chars: nil, leading: false, trailing: true),
                                   "prefix_count": "1", "decoration": "", "postfix": PythonStrings.strip(prepost, chars: nil, leading: false, trailing: true),
                                   "postfix_count": "1", "end": ""]
        p.merge(params) { _, b in b }
        p.merge(kw) { _, b in b }
        let nl = p["newline"]!, deco = p["decoration"]!
        // repeat counts are the user's: a huge one is refused before the text is built
        for (name, unit) in [("prefix_count", p["prefix"]!), ("postfix_count", p["postfix"]!)] {
            let count = Int(p[name]!) ?? 1
            try TemplateLimits.checkText(bytes: TemplateLimits.product(count, unit.utf8.count + nl.utf8.count))
        }
        let beginning = p["beginning"]!.isEmpty ? "" : p["beginning"]! + nl
        var prefix = ""
        if !p["prefix"]!.isEmpty {
            let unit = p["prefix"]! != nl ? p["prefix"]! + nl : nl
            prefix = String(repeating: unit, count: Int(p["prefix_count"]!) ?? 1)
        }
        let decoTrim = PythonStrings.strip(deco, chars: nil, leading: false, trailing: true)
        let body = (deco + text.replacingOccurrences(of: nl, with: nl + deco)).replacingOccurrences(of: deco + nl, with: decoTrim + nl)
        let postfix = ([""] + Array(repeating: p["postfix"]!, count: Int(p["postfix_count"]!) ?? 1)).joined(separator: nl)
        let end = p["end"]!.isEmpty ? "" : nl + p["end"]!
        return beginning + prefix + body + postfix + end
    }
}
