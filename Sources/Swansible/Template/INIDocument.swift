import Foundation
import Jinja

/// An INI file read the way the `ini` lookup reads it (Python's configparser rules): `[section]`
/// headers, `key = value` or `key: value`, full-line `#`/`;` comments, indented continuation
/// lines, keys folded to lower case unless case-sensitive, a `DEFAULT` section visible from every
/// section, and `%(name)s` interpolation. A key without a value is allowed only when asked.
struct INIDocument {
    /// Section name → keys in file order → value (nil for a bare key).
    private(set) var sections: [String: [(key: String, value: String?)]] = [:]
    private(set) var defaults: [(key: String, value: String?)] = []

    struct ParseError: Error { var line: Int; var message: String }

    init(text: String, caseSensitive: Bool, allowNoValue: Bool) throws(ParseError) {
        var current: String?
        var lastKey: (section: String, index: Int, indent: Int)?
        var seenDefault = false
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (number, raw) in lines.enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
            if trimmed.isEmpty { lastKey = nil; continue }
            if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if let last = lastKey, indent > last.indent {
                append(continuation: trimmed, to: last)
                continue
            }
            if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
                let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
                // like the ini lookup's strict parser, a repeated section or key is an error
                if name != "DEFAULT", sections[name] != nil || (name == "DEFAULT" && seenDefault) {
                    throw ParseError(line: number + 1, message: "section '\(name)' already exists")
                }
                if name == "DEFAULT" { seenDefault = true }
                current = name
                if name != "DEFAULT", sections[name] == nil { sections[name] = [] }
                lastKey = nil
                continue
            }
            guard let section = current else {
                throw ParseError(line: number + 1, message: "File contains no section headers.")
            }
            var key = trimmed, value: String?
            if let sep = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) {
                key = trimmed[..<sep].trimmingCharacters(in: .whitespaces)
                value = trimmed[trimmed.index(after: sep)...].trimmingCharacters(in: .whitespaces)
            } else if !allowNoValue {
                throw ParseError(line: number + 1, message: "Source contains parsing errors: \(String(reflecting: String(raw)))")
            }
            if !caseSensitive { key = key.lowercased() }
            let existing = section == "DEFAULT" ? defaults : sections[section] ?? []
            if existing.contains(where: { $0.key == key }) {
                throw ParseError(line: number + 1, message: "option '\(key)' in section '\(section)' already exists")
            }
            lastKey = (section, store(key, value, in: section), indent)
        }
    }

    /// Stores a key (a later duplicate replaces the value, keeping the first position); returns its index.
    private mutating func store(_ key: String, _ value: String?, in section: String) -> Int {
        if section == "DEFAULT" {
            if let i = defaults.firstIndex(where: { $0.key == key }) { defaults[i].value = value; return i }
            defaults.append((key, value)); return defaults.count - 1
        }
        if let i = sections[section]?.firstIndex(where: { $0.key == key }) { sections[section]?[i].value = value; return i }
        sections[section, default: []].append((key, value))
        return sections[section, default: []].count - 1
    }

    private mutating func append(continuation: String, to last: (section: String, index: Int, indent: Int)) {
        if last.section == "DEFAULT" {
            defaults[last.index].value = (defaults[last.index].value ?? "") + "\n" + continuation
        } else if let old = sections[last.section]?[last.index].value {
            sections[last.section]?[last.index].value = old + "\n" + continuation
        }
    }

    /// The keys of a section as configparser lists them: the defaults first (with the section's
    /// value where it sets the same key), then the section's own keys; nil when absent.
    func entries(in section: String) -> [(key: String, value: String?)]? {
        if section == "DEFAULT" { return defaults }
        guard let own = sections[section] else { return nil }
        let merged = defaults.map { d in own.first { $0.key == d.key } ?? d }
        return merged + own.filter { o in !defaults.contains { $0.key == o.key } }
    }

    /// The value of `key` with `%(name)s` references resolved against the same section.
    func value(_ key: String, in section: String, interpolate: Bool) throws -> String?? {
        guard let entries = entries(in: section), let entry = entries.first(where: { $0.key == key }) else { return nil }
        guard let raw = entry.value else { return .some(nil) }
        return interpolate ? try Self.interpolate(raw, entries: entries, depth: 0) : raw
    }

    static func interpolate(_ text: String, entries: [(key: String, value: String?)], depth: Int) throws -> String {
        guard depth < 10 else { throw TemplateError.failed("interpolation too deep in value \(String(reflecting: text))") }
        var out = "", rest = Substring(text)
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            let after = rest[rest.index(after: percent)...]
            if after.hasPrefix("%") { out += "%"; rest = after.dropFirst(); continue }
            guard after.hasPrefix("("), let close = after.firstIndex(of: ")"), after[after.index(after: close)...].hasPrefix("s") else {
                throw TemplateError.failed("'%' must be followed by '%' or '(', found: \(String(reflecting: String(rest)))")
            }
            let name = after[after.index(after: after.startIndex)..<close].lowercased()
            guard let found = entries.first(where: { $0.key == name }), let value = found.value else {
                throw TemplateError.failed("Bad value substitution: option \(String(reflecting: name)) not found")
            }
            out += try interpolate(value, entries: entries, depth: depth + 1)
            rest = after[after.index(close, offsetBy: 2)...]
        }
        return out + rest
    }
}
