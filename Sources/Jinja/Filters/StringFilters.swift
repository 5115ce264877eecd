import Foundation

/// Jinja's string filters: case, trimming, replacing, formatting, indenting, escaping.
enum StringFilters {
    static let all: [String: Filter] = {
        var t: [String: Filter] = [:]
        t["lower"] = .plain { v, _ in .string(v.pythonString.lowercased()) }
        t["upper"] = .plain { v, _ in .string(v.pythonString.uppercased()) }
        t["capitalize"] = .plain { v, _ in .string(PythonStrings.capitalize(v.pythonString)) }
        t["title"] = .plain { v, _ in .string(title(v.pythonString)) }
        t["trim"] = .plain(Signature(optional: [("chars", nil)])) { v, a in
            .string(PythonStrings.strip(v.pythonString, chars: try a.string("chars"), leading: true, trailing: true))
        }
        t["string"] = .plain { v, _ in .string(v.pythonString) }
        t["replace"] = .plain(Signature(["old", "new"], optional: [("count", nil)])) { v, a in
            let s = v.pythonString, old = try a.string("old") ?? "", new = try a.string("new") ?? ""
            try TemplateLimits.checkReplacement(in: s, old: old, new: new)
            return .string(PythonStrings.replace(s, old, new, count: try a.int("count") ?? -1))
        }
        t["format"] = Filter(Signature(rest: true, keywords: true)) { v, a, _ in
            let fmt = try v.plain().pythonString
            if !a.extraKeywords.isEmpty {
                var d = ValueDict()
                for (k, x) in a.extraKeywords { d[k] = try x.plain() }
                return .string(try PythonFormat.printf(fmt, .dict(d)))
            }
            return .string(try PythonFormat.printf(fmt, .list(try a.rest.map { try $0.plain() })))
        }
        t["center"] = .plain(Signature(optional: [("width", 80)])) { v, a in
            try PythonMethods.call(.string(v.pythonString), "center", Arguments([.int(try a.int("width") ?? 80)])).plain()
        }
        t["indent"] = .plain(Signature(optional: [("width", 4), ("first", false), ("blank", false)])) { v, a in
            let s = v.pythonString, width = try a.plain("width") ?? 4
            let prefix = width.stringValue?.utf8.count ?? min(max(width.intValue ?? 4, 0), 10_000)
            try TemplateLimits.checkPrefixing(bytes: s.utf8.count, lines: s.utf8.count { $0 == 10 } + 1, prefixBytes: prefix)
            return .string(indent(s, width: width, first: try a.bool("first"), blank: try a.bool("blank")))
        }
        t["wordcount"] = .plain { v, _ in
            .int(v.pythonString.split { !($0.isLetter || $0.isNumber || $0 == "_") }.count)
        }
        t["truncate"] = .plain(Signature(optional: [("length", 255), ("killwords", false), ("end", "..."), ("leeway", nil)])) { v, a in
            .string(truncate(v.pythonString, length: try a.int("length") ?? 255, killwords: try a.bool("killwords"),
                             end: try a.string("end") ?? "...", leeway: try a.int("leeway") ?? 5))
        }
        t["striptags"] = .plain { v, _ in
            let noTags = v.pythonString.replacingOccurrences(of: "<!--.*?-->|<[^>]*>", with: "", options: .regularExpression)
            return .string(noTags.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
        }
        t["escape"] = .plain { v, _ in .string(htmlEscape(v.pythonString)) }
        t["e"] = t["escape"]
        t["forceescape"] = t["escape"]
        t["safe"] = Filter { v, _, _ in v }
        // A mapping, or a list of (key, value) pairs, is a query string; anything else is quoted.
        t["urlencode"] = .plain { v, _ in
            func plus(_ s: String) -> String { urlQuote(s, safe: " ").replacingOccurrences(of: " ", with: "+") }
            switch v {
            case .dict(let d):
                return .string(d.map { plus($0.key) + "=" + plus($0.value.pythonString) }.joined(separator: "&"))
            case .list(let pairs):
                return .string(try pairs.map { pair in
                    guard let kv = pair.listValue, kv.count == 2 else {
                        throw TemplateError.type("urlencode expects (key, value) pairs, got \(pair.pythonRepr)")
                    }
                    return plus(kv[0].pythonString) + "=" + plus(kv[1].pythonString)
                }.joined(separator: "&"))
            default:
                return .string(urlQuote(v.pythonString, safe: "/"))
            }
        }
        t["wordwrap"] = .plain(Signature(optional: [("width", 79), ("break_long_words", true), ("wrapstring", nil), ("break_on_hyphens", true)])) { v, a in
            .string(wordwrap(v.pythonString, width: try a.int("width") ?? 79, wrap: try a.string("wrapstring") ?? "\n"))
        }
        t["pprint"] = .plain { v, _ in
            try TemplateLimits.checkExpanded(v)
            return .string(v.pythonRepr)
        }
        t["tojson"] = .plain(Signature(optional: [("indent", nil)])) { v, a in
            try TemplateLimits.checkExpanded(v)
            let json = v.jsonText(indent: try a.int("indent").map { min(max($0, 0), 64) }, sortKeys: true)
            return .string(json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
                .replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "'", with: "\\u0027"))
        }
        t["xmlattr"] = .plain(Signature(optional: [("autospace", true)])) { v, a in
            guard case .dict(let d) = v else { throw TemplateError.type("xmlattr expects a mapping") }
            let text = d.filter { !$0.value.isNull }.map { "\($0.key)=\"\(htmlEscape($0.value.pythonString))\"" }.joined(separator: " ")
            return .string((try a.bool("autospace") && !text.isEmpty ? " " : "") + text)
        }
        t["filesizeformat"] = .plain(Signature(optional: [("binary", false)])) { v, a in
            .string(fileSize(Coerce.float(v) ?? 0, binary: try a.bool("binary")))
        }
        return t
    }()

    static func indent(_ s: String, width: Value, first: Bool, blank: Bool) -> String {
        let pad: String
        if case .string(let p) = width { pad = p } else { pad = String(repeating: " ", count: min(max(width.intValue ?? 4, 0), 10_000)) }
        var text = s
        var trailing = ""
        if text.hasSuffix("\n") { text.removeLast(); trailing = "\n" }
        var lines = text.components(separatedBy: "\n")
        for i in lines.indices {
            if i == 0 && !first { continue }
            if !blank && lines[i].trimmingCharacters(in: .whitespaces).isEmpty && i > 0 { continue }
            if i == 0, !blank, lines[i].isEmpty { continue }
            lines[i] = pad + lines[i]
        }
        return lines.joined(separator: "\n") + trailing
    }

    static func truncate(_ s: String, length: Int, killwords: Bool, end: String, leeway: Int) -> String {
        if s.count <= length + leeway { return s }
        if killwords { return String(s.prefix(max(0, length - end.count))) + end }
        var cut = String(s.prefix(max(0, length - end.count)))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + end
    }

    static func htmlEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&#34;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func urlQuote(_ s: String, safe: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(UnicodeScalar(b))
            if (b < 128 && (c.isLetter || c.isNumber)) || "_.-~".contains(c) || safe.contains(c) { out.append(c) }
            else { out += String(format: "%%%02X", b) }
        }
        return out
    }

    static func wordwrap(_ s: String, width: Int, wrap: String) -> String {
        var lines: [String] = []
        for paragraph in s.components(separatedBy: "\n") {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty { line = String(word) }
                else if line.count + 1 + word.count <= width { line += " " + word }
                else { lines.append(line); line = String(word) }
            }
            lines.append(line)
        }
        return lines.joined(separator: wrap)
    }

    static func fileSize(_ bytes: Double, binary: Bool) -> String {
        let base: Double = binary ? 1024 : 1000
        let units = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
        if bytes == 1 { return "1 Byte" }
        if bytes < base { return "\(Int(bytes)) Bytes" }
        var unit = base
        for (i, name) in units.enumerated() {
            unit = pow(base, Double(i + 2))
            if bytes < unit { return String(format: "%.1f %@", base * bytes / unit, name) }
        }
        return String(format: "%.1f %@", base * bytes / unit, units.last!)
    }

    /// Jinja's `title`, which is not Python's `str.title`: a word starts after whitespace or one
    /// of `-([{<` only, so "they're" gives "They're" and "3rd" stays "3rd"; the first character
    /// of a word is upper-cased, the rest lower-cased.
    static func title(_ s: String) -> String {
        if let ascii = asciiTitle(s) { return ascii }
        var out = ""
        var atWordStart = true
        for c in s {
            if let a = c.asciiValue {
                // ASCII first: Unicode property lookups are slow
                if a == 0x20 || (a >= 0x09 && a <= 0x0d) || a == 0x2d || a == 0x28 || a == 0x5b || a == 0x7b || a == 0x3c {
                    out.unicodeScalars.append(Unicode.Scalar(a))
                    atWordStart = true
                    continue
                }
                let isLetter = (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a
                out.unicodeScalars.append(Unicode.Scalar(isLetter ? (atWordStart ? a & ~0x20 : a | 0x20) : a))
                atWordStart = false
            } else if c.isWhitespace {
                out.append(c)
                atWordStart = true
            } else {
                out += atWordStart ? c.uppercased() : c.lowercased()
                atWordStart = false
            }
        }
        return out
    }

    /// `title` of an ASCII string, byte by byte; nil when `s` is not ASCII.
    private static func asciiTitle(_ s: String) -> String? {
        let utf8 = s.utf8
        guard !utf8.contains(where: { $0 >= 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var atWordStart = true
            var n = 0
            for a in utf8 {
                let isSeparator = a == 0x20 || (a >= 0x09 && a <= 0x0d) || a == 0x2d || a == 0x28 || a == 0x5b || a == 0x7b || a == 0x3c
                let isLetter = (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a
                buffer[n] = isLetter ? (atWordStart ? a & ~0x20 : a | 0x20) : a
                n += 1
                atWordStart = isSeparator
            }
            return n
        }
    }
}
