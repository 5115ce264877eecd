import Foundation

/// `ansible_local`: the `.fact` files of `fact_path`, read (or run, when executable) on the
/// host; each is JSON or else INI, under its file name without `.fact`.
extension FactParser {
    /// The local facts and the warnings about the files that could not be used.
    func localFacts(factPath: String) -> (facts: ValueDict, warnings: [String]) {
        var facts = ValueDict(), warnings: [String] = []
        var header: (rc: Int, executable: Bool, file: String)?
        var body: [Substring] = []
        for line in (sections["local"] ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@fact "), header == nil {
                let words = line.split(separator: " ", maxSplits: 3)
                guard words.count == 4 else { continue }
                header = (Int(words[1]) ?? 0, words[2] == "x", String(words[3]))
                body = []
            } else if line == FactScript.localFactEnd, let current = header {
                let path = factPath + "/" + current.file
                let name = String(current.file.dropLast(".fact".count))
                // Each body ends with a newline the script adds, taken here as the line break before the marker.
                let text = body.joined(separator: "\n")
                let fact: Value
                if current.executable && current.rc != 0 {
                    fact = .string("Failure executing fact script (\(path)), rc: \(current.rc), err: \(text)")
                    warnings.append(fact.stringValue ?? "")
                } else {
                    fact = Self.parseLocalFact(text, path: path, warnings: &warnings)
                }
                facts[name] = fact
                header = nil
            } else if header != nil {
                body.append(line)
            }
        }
        return (ValueDict(uniqueKeysWithValues: facts.sorted { $0.key < $1.key }), warnings)
    }

    static func parseLocalFact(_ text: String, path: String, warnings: inout [String]) -> Value {
        if let json = try? Value(jsonText: text) { return json }
        if let ini = INIFact.parse(text) { return .dict(ini) }
        let message = "error loading facts as JSON or ini - please check content: \(path)"
        warnings.append(message)
        return .string(message)
    }
}

/// The INI dialect of Python's configparser as local facts use it: `[section]` headers,
/// `key = value` or `key: value` (keys lower-cased), `#` and `;` comments, indented lines
/// continuing the value above. nil where configparser raises (text before any section, a
/// repeated section or key, a line that is not an option).
enum INIFact {
    static func parse(_ text: String) -> ValueDict? {
        var result = ValueDict()
        var section: String?, key: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { key = nil; continue }
            if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if line.first == " " || line.first == "\t", let section, let key, case .string(let value)? = result[section]?[key] {
                result[section] = .dict(setting(result[section]?.dictValue ?? [:], key, .string(value + "\n" + trimmed)))
                continue
            }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                let name = String(trimmed.dropFirst().dropLast())
                guard result[name] == nil else { return nil }
                result[name] = [:]
                section = name; key = nil
                continue
            }
            guard let section, let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
            let name = trimmed[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, result[section]?[name] == nil else { return nil }
            result[section] = .dict(setting(result[section]?.dictValue ?? [:], name, .string(value)))
            key = name
        }
        return result
    }

    private static func setting(_ dict: ValueDict, _ key: String, _ value: Value) -> ValueDict {
        var copy = dict
        copy[key] = value
        return copy
    }
}
