import Foundation
import Jinja

/// Lookups that read a value out of a data file on the controller: `ini` (INI and Java properties
/// files) and `csvfile` (CSV/TSV). Both take options as keywords or inline in the term
/// (`'user section=prod file=users.ini'`) and find relative files like the `file` lookup.
extension Lookups {
    static var dataFileTable: [String: Lookup] {
        ["ini": { terms, options, ctx in try ini(terms, options, ctx) },
         "csvfile": { terms, options, ctx in try csvfile(terms, options, ctx) }]
    }

    /// Splits `key words k=v k2=v2` into the key (the words before the first option) and the options.
    /// Like ansible-core, a term with an unbalanced quote is refused.
    static func inlineOptions(_ term: String, lookup: String) throws -> (key: String, options: [String: String]) {
        var quote: Character?
        for c in term {
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c }
        }
        guard quote == nil else {
            throw TemplateError.lookup(lookup, "failed at splitting arguments, either an unbalanced jinja2 block or quotes: \(term)")
        }
        var words: [String] = [], options: [String: String] = [:]
        for word in term.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            if let eq = word.firstIndex(of: "="), eq != word.startIndex, word[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                options[String(word[..<eq])] = String(word[word.index(after: eq)...])
            } else if options.isEmpty {
                words.append(word)
            }
        }
        return (words.joined(separator: " "), options)
    }

    /// csvfile's term, split as ansible-core's `parse_kv` splits it: quoted values unquoted and
    /// their escapes decoded (`delimiter="\t"`), the words without `=` joined into the key.
    static func keyValueOptions(_ term: String, lookup: String) throws -> (key: String, options: [String: String]) {
        let parsed: ValueDict
        do { parsed = try KeyValueArguments.parse(term) } catch { throw TemplateError.lookup(lookup, error.message) }
        var options: [String: String] = [:]
        for (name, value) in parsed where name != "_raw_params" { options[name] = value.pythonString }
        return (parsed["_raw_params"]?.pythonString ?? "", options)
    }

    /// Reads a text file found like the `file` lookup, in the given encoding (utf-8, latin-1, ascii).
    static func readDataFile(_ name: String, encoding: String, lookup: String, _ ctx: LookupContext) throws -> String {
        guard let path = ctx.find(name, subdirectory: "files"), FileManager.default.isReadableFile(atPath: path) else {
            throw TemplateError.lookup(lookup, "could not locate file in lookup: \(name)")
        }
        let data = try ctx.read(path, lookup: lookup)
        switch encoding.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8":
            guard let text = String(data: data, encoding: .utf8) else { throw TemplateError.lookup(lookup, "\(name) is not valid utf-8") }
            return text
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": return String(decoding: data.map { UInt16($0) }, as: UTF16.self)
        case "ascii", "us-ascii":
            guard data.allSatisfy({ $0 < 0x80 }) else { throw TemplateError.lookup(lookup, "\(name) is not valid ascii") }
            return String(decoding: data, as: UTF8.self)
        default: throw TemplateError.lookup(lookup, "unsupported encoding \(encoding)")
        }
    }

    static let iniOptions: Set<String> = ["allow_no_value", "allow_none", "case_sensitive", "default", "encoding", "file",
                                          "interpolation", "re", "section", "type"]

    /// `ini`: the value of each key (or, with `re=True`, of every key matching it) in `section` of `file`.
    static func ini(_ terms: [Value], _ keywords: ValueDict, _ ctx: LookupContext) throws -> [Value] {
        var out: [Value] = []
        for term in terms {
            let (key, inline) = try inlineOptions(term.pythonString, lookup: "ini")
            guard !key.isEmpty else {
                throw TemplateError.lookup("ini", "No key to look up was provided as first term within string inline options: \(term.pythonString)")
            }
            if let bad = inline.keys.sorted().first(where: { !iniOptions.contains($0) }) {
                throw TemplateError.lookup("ini", "'\(bad)' is not a valid option.")
            }
            var options = keywords
            for (k, v) in inline { options[k] = .string(v) }
            let type = options["type"]?.pythonString ?? "ini"
            guard type == "ini" || type == "properties" else {
                throw TemplateError.lookup("ini", "Invalid value '\(type)' for config 'type' for 'ini' lookup plugin.")
            }
            let file = options["file"]?.pythonString ?? "ansible.ini"
            var text = try readDataFile(file, encoding: options["encoding"]?.pythonString ?? "utf-8", lookup: "ini", ctx)
            var section = options["section"]?.pythonString ?? "global"
            if type == "properties" { text = "[java_properties]\n" + text; section = "java_properties" }
            let caseSensitive = options["case_sensitive"].map(AnsibleTextFilters.toBool) ?? false
            let allowNoValue = (options["allow_no_value"] ?? options["allow_none"]).map(AnsibleTextFilters.toBool) ?? false
            let interpolate = options["interpolation"].map(AnsibleTextFilters.toBool) ?? true
            let document: INIDocument
            do {
                document = try INIDocument(text: text, caseSensitive: caseSensitive, allowNoValue: allowNoValue)
            } catch {
                throw TemplateError.lookup("ini", "\(file), line \(error.line): \(error.message)")
            }
            guard let entries = document.entries(in: section) else {
                throw TemplateError.lookup("ini", "No section '\(section)' in '\(file)'.")
            }
            let wanted = caseSensitive ? key : key.lowercased()
            if options["re"].map(AnsibleTextFilters.toBool) ?? false {
                let re = try PythonRegex(wanted)
                for entry in entries where re.firstMatch(in: entry.key, anchored: true) != nil {
                    if case let value?? = try document.value(entry.key, in: section, interpolate: interpolate) { out.append(.string(value)) }
                }
            } else if let found = try document.value(wanted, in: section, interpolate: interpolate) {
                // A bare key (allow_no_value) has no value and gives no result.
                if let found { out.append(.string(found)) }
            } else {
                out.append(options["default"] ?? .string(""))
            }
        }
        return out
    }

    static let csvOptions: Set<String> = ["col", "default", "delimiter", "encoding", "file", "keycol"]

    /// `csvfile`: for each key, column `col` of the first row whose column `keycol` equals it.
    static func csvfile(_ terms: [Value], _ keywords: ValueDict, _ ctx: LookupContext) throws -> [Value] {
        var out: [Value] = []
        let missingKey = TemplateError.lookup("csvfile", "Search key is required but was not found")
        if terms.isEmpty { throw missingKey }
        for term in terms {
            let (key, inline) = try keyValueOptions(term.pythonString, lookup: "csvfile")
            if key.isEmpty { throw missingKey }
            if let bad = inline.keys.sorted().first(where: { !csvOptions.contains($0) }) {
                throw TemplateError.lookup("csvfile", "'\(bad)' is not a valid option")
            }
            var options = keywords
            for (k, v) in inline { options[k] = .string(v) }
            var delimiter = options["delimiter"]?.pythonString ?? "TAB"
            if delimiter == "TAB" { delimiter = "\t" }
            guard delimiter.unicodeScalars.count == 1, let separator = delimiter.first else {
                throw TemplateError.lookup("csvfile", "\"delimiter\" must be a 1-character string")
            }
            func index(_ name: String, _ fallback: Int) throws -> Int {
                guard let v = options[name] else { return fallback }
                guard let i = Coerce.int(v, base: 10) else {
                    throw TemplateError.lookup("csvfile", "Config '\(name)' for 'csvfile' lookup plugin from 'Direct' has an invalid value: "
                        + "Invalid value provided for 'int': \(Value.pythonStringRepr(v.pythonString))")
                }
                return i
            }
            let col = try index("col", 1), keycol = try index("keycol", 0)
            let file = options["file"]?.pythonString ?? "ansible.csv"
            guard ctx.find(file, subdirectory: "files") != nil else {
                throw TemplateError.lookup("csvfile", "csvfile: [Errno 2] No such file or directory: '\(file)'")
            }
            let text = try readDataFile(file, encoding: options["encoding"]?.pythonString ?? "utf-8", lookup: "csvfile", ctx)
            var found: Value?
            for row in CSVRows.parse(text, delimiter: separator) where keycol >= 0 && keycol < row.count && row[keycol] == key {
                guard col >= 0 && col < row.count else { throw TemplateError.lookup("csvfile", "list index out of range") }
                found = .string(row[col])
                break
            }
            // A list default gives its items, as ansible-core extends its results with it.
            if let value = found ?? options["default"], value != .null { out += value.listValue ?? [value] }
        }
        return out
    }
}

/// Rows of a CSV text as Python's csv reader splits them: `"` quotes a field, `""` inside quotes
/// is one quote, quoted fields may span lines.
enum CSVRows {
    static func parse(_ text: String, delimiter: Character) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, inQuotes = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        func endRow() { row.append(field); rows.append(row); row = []; field = ""; quoted = false }
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty && !quoted {
                inQuotes = true; quoted = true
            } else if c == delimiter {
                row.append(field); field = ""; quoted = false
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                if row.isEmpty && field.isEmpty && !quoted { continue }
                endRow()
            } else {
                field.append(c)
            }
        }
        if !row.isEmpty || !field.isEmpty || quoted { endRow() }
        return rows
    }
}
