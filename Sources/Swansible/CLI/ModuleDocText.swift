import Foundation

/// ansible-doc's plain-text layouts (as with ANSIBLE_NOCOLOR), drawn from a module's entry in
/// the `--json` shape so that the text and the JSON cannot disagree: the page (`swansible doc
/// MODULE`) and the task snippet (`-s`).
enum ModuleDocText {
    /// Where option fields and attributes start.
    static let fieldIndent = String(repeating: " ", count: 8)

    /// The page: header, description, OPTIONS, ATTRIBUTES, NOTES, EXAMPLES, ending with a blank line.
    static func page(_ entry: Value, columns: Int) -> String {
        let doc = entry["doc"]?.dictValue ?? [:]
        let limit = max(columns - columns / 5, 70)
        var lines: [String] = []
        lines.append("> MODULE \(doc["plugin_name"]?.stringValue ?? "") (\(doc["filename"]?.stringValue ?? ""))")
        lines.append("")
        for paragraph in strings(doc["description"]) {
            lines.append(fill(paragraph, width: limit, initial: "  ", subsequent: "  "))
        }
        if let options = doc["options"]?.dictValue, !options.isEmpty {
            lines.append("")
            lines.append("OPTIONS (= indicates it is required):")
            for name in options.keys.sorted() {
                lines += optionLines(name, options[name]?.dictValue ?? [:], limit: limit)
            }
        }
        if let attributes = doc["attributes"]?.dictValue, !attributes.isEmpty {
            lines.append("")
            lines.append("ATTRIBUTES:")
            for name in attributes.keys.sorted() {
                lines.append("")
                lines.append(fieldIndent + "`\(name):`")
                lines.append(indented(yaml(attributes[name] ?? .null), by: fieldIndent))
            }
        }
        let notes = strings(doc["notes"])
        if !notes.isEmpty {
            lines.append("")
            lines.append("NOTES:")
            for note in notes {
                lines.append(fill(note, width: limit - 6, initial: "      * ", subsequent: fieldIndent))
            }
        }
        if let examples = entry["examples"]?.stringValue, !examples.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            lines.append("")
            lines.append("EXAMPLES:")
            lines.append(examples.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        lines.append("\n")
        return lines.joined(separator: "\n")
    }

    /// One option: `- name` (`= name` when required) and its description beside it, then its
    /// fields (aliases, choices, default, type) in YAML, sorted.
    static func optionLines(_ name: String, _ option: ValueDict, limit: Int) -> [String] {
        var option = option
        let required = option.removeValue(forKey: "required")?.isTruthy ?? false
        let key = (required ? "= " : "- ") + name
        let inline = String(repeating: " ", count: max(fieldIndent.count - name.count, 2))
        let extra = name.count + 3
        let continuation = inline + String(repeating: " ", count: extra)
        var lines = [""]
        let paragraphs = strings(option.removeValue(forKey: "description"))
        if paragraphs.isEmpty { lines.append(key) }
        for (index, paragraph) in paragraphs.enumerated() {
            if index == 0 {
                lines.append(key + fill(paragraph, width: limit, initial: inline, subsequent: continuation, initialExtra: extra))
            } else {
                lines.append(fill(paragraph, width: limit, initial: continuation, subsequent: continuation))
            }
        }
        if !required && option["default"] == nil { option["default"] = .null }
        for field in option.keys.sorted() {
            guard let value = option[field] else { continue }
            if case .list = value {
                lines.append(indented(field + ": " + flowYAML(value), by: fieldIndent))
            } else {
                lines.append(indented(yaml([field: value]), by: fieldIndent))
            }
        }
        return lines
    }

    /// ansible-doc -s: a task with every option, its description as a comment.
    static func snippet(_ doc: Value, columns: Int) -> String {
        var lines = ["- name: \(doc["short_description"]?.stringValue ?? "")", "  \(doc["module"]?.stringValue ?? ""):"]
        let commentIndent = String(repeating: " ", count: 29) + "# "
        let options = doc["options"]?.dictValue ?? [:]
        for name in options.keys.sorted() {
            var description = strings(options[name]?["description"]).joined(separator: " ")
            if options[name]?["required"]?.isTruthy == true { description = "(required) " + description }
            let key = padded(name + ":", to: 20)
            lines.append("      \(key)   # " + fill(description, width: columns - 29, subsequent: commentIndent))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Text helpers

    /// Greedy word wrap like Python's `textwrap.fill` without breaking words or hyphens:
    /// lines of at most `width` characters, indents included. `initialExtra` columns are
    /// reserved on the first line (taken by what precedes it) and not written.
    static func fill(_ text: String, width: Int, initial: String = "", subsequent: String = "", initialExtra: Int = 0) -> String {
        var lines: [String] = []
        var current: [Substring] = []
        var length = 0
        var indent = initial.count + initialExtra
        func flush() {
            let prefix = lines.isEmpty ? initial : subsequent
            lines.append(prefix + current.joined(separator: " "))
            current = []
            length = 0
            indent = subsequent.count
        }
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            if !current.isEmpty && indent + length + 1 + word.count > width { flush() }
            length += (current.isEmpty ? 0 : 1) + word.count
            current.append(word)
        }
        if !current.isEmpty || lines.isEmpty { flush() }
        return lines.joined(separator: "\n")
    }

    /// `text` left-aligned in `width` columns (Python's `%-*s`); longer text is kept whole.
    static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func strings(_ value: Value?) -> [String] {
        switch value {
        case .list(let items)?: return items.map { $0.stringValue ?? $0.pythonString }
        case .string(let s)?: return [s]
        default: return []
        }
    }

    /// Block YAML as ansible-doc writes fields (PyYAML's folding at 80 columns), no final newline.
    static func yaml(_ value: Value) -> String {
        let text = YAMLDumper(indent: 2, flowStyle: false, sortKeys: true).dump(value)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    static func flowYAML(_ value: Value) -> String {
        let text = YAMLDumper(indent: 2, flowStyle: true, sortKeys: true).dump(value)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    static func indented(_ text: String, by indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(separator: "\n")
    }
}
