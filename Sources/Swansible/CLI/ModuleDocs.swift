/// What `swansible doc` does (ansible-doc for modules): lists the modules, shows one module's
/// documentation as text, as a task snippet or as JSON shaped like `ansible-doc --json`.
/// Everything comes from the modules' declarations: the options are the `spec`'s arguments
/// (what is documented is what is validated), the rest is the module's `documentation`.
public struct ModuleDocs: Sendable {
    public enum Format: Sendable, Equatable { case text, snippet, json }

    /// Module names as given: `copy`, `ansible.builtin.copy`, `ansible.legacy.copy`.
    public var names: [String] = []
    /// `-l`: every module with its short description; names given filter by prefix.
    public var list = false
    public var format = Format.text
    /// The width to fill: like ansible-doc, one less than the terminal's, at least 79 (79
    /// when the output is not a terminal).
    public var columns = 79

    public init() {}

    /// ansible-doc's exit status for an error in its options.
    static let optionsError: Int32 = 5

    /// Writes the documentation with `write` (no final newline added); like ansible-doc, a
    /// name it does not know is a warning and the status stays 0.
    public func run(write: (String) -> Void, warn: (String) -> Void, error: (String) -> Void) -> Int32 {
        if list {
            let entries = Self.listing.filter { entry in names.isEmpty || names.contains { entry.name.hasPrefix($0) } }
            if format == .json {
                var out = ValueDict()
                for entry in entries { out[entry.name] = .string(entry.module.documentation.shortDescription) }
                write(Value.dict(out).jsonText(indent: 4, sortKeys: true) + "\n")
            } else if !entries.isEmpty {
                write(listText(entries) + "\n")
            }
            return 0
        }
        guard !names.isEmpty else {
            error("Missing name(s), incorrect options passed for detailed documentation.")
            return Self.optionsError
        }
        var found: [(asked: String, entry: Value)] = []
        for name in names {
            guard let (short, module) = Self.resolve(name) else {
                warn("\(name) was not found")
                continue
            }
            found.append((name, Self.entry(for: module, shortName: short)))
        }
        switch format {
        case .json:
            var out = ValueDict()
            for (asked, entry) in found { out[asked] = entry }
            write(Value.dict(out).jsonText(indent: 4, sortKeys: true) + "\n")
        case .snippet:
            write(found.map { ModuleDocText.snippet($0.entry["doc"] ?? .null, columns: columns) }.joined())
        case .text:
            write(found.map { ModuleDocText.page($0.entry, columns: columns) }.joined())
        }
        return 0
    }

    /// Every short name a module answers to, as `ansible.builtin.<name>`, sorted (a collection's
    /// name, such as ansible.posix.sysctl, is an alias and not listed).
    static var listing: [(name: String, module: any Module.Type)] {
        ModuleRegistry.modules.flatMap { module in
            module.names.filter { !$0.contains(".") }.map { ("ansible.builtin." + $0, module) }
        }
            .sorted { $0.name < $1.name }
    }

    /// ansible-doc -l: the names padded to the longest, descriptions cut to the line.
    func listText(_ entries: [(name: String, module: any Module.Type)]) -> String {
        let width = entries.map(\.name.count).max() ?? 0
        let limit = columns - width - 5
        return entries.map { entry in
            var description = entry.module.documentation.shortDescription
            if description.count > limit { description = String(description.prefix(max(limit, 0))) + "..." }
            return ModuleDocText.padded(entry.name, to: width) + " " + ModuleDocText.padded(description, to: limit)
        }.joined(separator: "\n")
    }

    /// The module a name means and its short name (`ansible.legacy.copy` → `copy`).
    public static func resolve(_ name: String) -> (shortName: String, module: any Module.Type)? {
        guard let module = ModuleRegistry.module(named: name) else { return nil }
        var short = name
        for prefix in ["ansible.builtin.", "ansible.legacy."] where short.hasPrefix(prefix) { short.removeFirst(prefix.count) }
        return (short, module)
    }

    /// One module's entry in ansible-doc --json's shape: `doc`, `examples`, `metadata`, `return`.
    public static func entry(for module: any Module.Type, shortName: String) -> Value {
        let docs = module.documentation
        var doc: ValueDict = [
            "attributes": attributes(of: module),
            "collection": "ansible.builtin",
            "description": .list((docs.description.isEmpty ? [docs.shortDescription] : docs.description).map(Value.string)),
            "filename": .string(docs.file),
            "has_action": .bool(module.actionPlugin != .normal),
            "module": .string(shortName),
            "options": .dict(options(of: module)),
            "plugin_name": .string("ansible.builtin." + shortName),
            "short_description": .string(docs.shortDescription),
        ]
        if !docs.notes.isEmpty { doc["notes"] = .list(docs.notes.map(Value.string)) }
        return ["doc": .dict(doc), "examples": .string(docs.examples), "metadata": .null, "return": .null]
    }

    /// The documented options: the spec's arguments but the internal and undocumented ones, the
    /// free-form argument under its documented name, and the documentation-only options.
    public static func documentedArguments(of module: any Module.Type) -> [ArgumentSpec] {
        let docs = module.documentation
        var arguments: [ArgumentSpec] = []
        for var argument in module.spec.arguments {
            if argument.name == module.spec.freeForm {
                argument.name = docs.freeFormName
            } else if argument.name.hasPrefix("_") || argument.undocumented {
                continue
            }
            if argument.description == nil {
                argument.description = docs.fragments.lazy.compactMap { $0.descriptions[argument.name] }.first
            }
            arguments.append(argument)
        }
        return arguments + docs.documentedOnly
    }

    static func options(of module: any Module.Type) -> ValueDict {
        var options = ValueDict()
        for argument in documentedArguments(of: module) {
            var option: ValueDict = [
                "description": .list(argument.description.map { [.string($0)] } ?? []),
                "type": .string(documentedType(argument.kind)),
            ]
            if let value = argument.defaultValue { option["default"] = value }
            if let choices = argument.choices { option["choices"] = .list(choices) }
            if !argument.aliases.isEmpty { option["aliases"] = .list(argument.aliases.map(Value.string)) }
            if argument.required { option["required"] = true }
            options[argument.name] = .dict(option)
        }
        return options
    }

    /// ansible-doc's type names; a file mode is `raw` there (an int or a string).
    public static func documentedType(_ kind: ArgumentSpec.Kind) -> String {
        kind.pythonName
    }

    static func attributes(of module: any Module.Type) -> Value {
        let docs = module.documentation
        let checkMode = docs.checkMode ?? (module.spec.supportsCheckMode ? .full : .none)
        return [
            "check_mode": [
                "description": "Whether a run with --check predicts the change without making it; otherwise the task is skipped.",
                "support": .string(checkMode.rawValue),
            ],
            "diff_mode": [
                "description": "Whether a run with --diff shows what changed (or would change, with --check).",
                "support": .string(docs.diffMode.rawValue),
            ],
            "platform": [
                "description": "The targets it works on: POSIX hosts with sh and coreutils, no Python needed.",
                "platforms": "posix",
                "support": "N/A",
            ],
        ]
    }
}
