import Foundation

/// Loads YAML text the way ansible-core does (libyaml parser, PyYAML's YAML 1.1 resolver and
/// safe constructor, Ansible's `!unsafe`/`!vault` tags, duplicate keys warned about, last wins).
///
/// Warnings passed to `onWarning` are the text ansible-core prints after `[WARNING]: `,
/// including the `Origin:` line and the annotated source lines. `duplicateKeys` is ansible's
/// `duplicate_dict_key` setting.
public enum YAMLLoader {
    /// Every document of the stream (an empty stream gives none; a bare `---` gives a null node).
    public static func loadDocuments(_ text: String, file: String, duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: (String) -> Void = { _ in }) throws -> [YAMLNode] {
        try explainingErrors(in: text) {
            try documents(text, file: file, duplicateKeys: duplicateKeys, onWarning: onWarning)
        }
    }

    private static func documents(_ text: String, file: String, duplicateKeys: YAMLDuplicateKeys, onWarning: (String) -> Void) throws -> [YAMLNode] {
        var composer = YAMLComposer(text: text, file: file)
        let documents = try composer.composeDocuments()
        return try withoutActuallyEscaping(onWarning) { warn in
            var constructor = YAMLConstructor(file: file, text: text, duplicateKeys: duplicateKeys, onWarning: warn)
            return try documents.map { try constructor.construct($0) }
        }
    }

    /// The single document of the stream; nil when the stream is empty. Like ansible-core's
    /// loader, a second document is an error.
    public static func loadNode(_ text: String, file: String, duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: (String) -> Void = { _ in }) throws -> YAMLNode? {
        try explainingErrors(in: text) {
            try singleDocument(text, file: file, duplicateKeys: duplicateKeys, onWarning: onWarning)
        }
    }

    private static func singleDocument(_ text: String, file: String, duplicateKeys: YAMLDuplicateKeys, onWarning: (String) -> Void) throws -> YAMLNode? {
        var composer = YAMLComposer(text: text, file: file)
        let documents = try composer.composeDocuments()
        guard let first = documents.first else { return nil }
        if documents.count > 1 {
            let second = composer.documentStarts[1]
            throw YAMLError(location: SourceLocation(file: file, line: second.line, column: second.column),
                            problem: "but found another document",
                            context: "expected a single document in the stream", text: text)
        }
        return try withoutActuallyEscaping(onWarning) { warn in
            var constructor = YAMLConstructor(file: file, text: text, duplicateKeys: duplicateKeys, onWarning: warn)
            return try constructor.construct(first)
        }
    }

    /// The plain value of the single document; `.null` when the stream is empty.
    public static func loadValue(_ text: String, file: String, duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: (String) -> Void = { _ in }) throws -> Value {
        try loadNode(text, file: file, duplicateKeys: duplicateKeys, onWarning: onWarning)?.value ?? .null
    }

    /// Reads `path` (UTF-8) and loads its single document.
    public static func loadFile(_ path: String, duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: (String) -> Void = { _ in }) throws -> YAMLNode? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw YAMLError(location: SourceLocation(file: path, line: 0, column: 0),
                            problem: "could not read the file: \(error.localizedDescription)", context: nil, snippet: nil)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw YAMLError(location: SourceLocation(file: path, line: 0, column: 0),
                            problem: "the file is not valid UTF-8", context: nil, snippet: nil)
        }
        return try loadNode(text, file: path, duplicateKeys: duplicateKeys, onWarning: onWarning)
    }

    /// Runs `body`, replacing a YAML error's message by a hint when its line shows a common mistake.
    private static func explainingErrors<T>(in text: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as YAMLError where error.allowsHints {
            throw YAMLErrorHints.refine(error, text: text)
        }
    }
}

/// What a repeated mapping key does (ansible's `duplicate_dict_key`): the last value wins, with a
/// warning, silently, or the load fails.
public enum YAMLDuplicateKeys: String, Sendable {
    case warn, ignore, error
}
