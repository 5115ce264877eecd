/// The declared arguments of a module.
public struct ModuleSpec: Sendable {
    public var arguments: [ArgumentSpec]
    public var supportsCheckMode: Bool
    /// The argument that free-form text (`command: ls -l`) is given as, e.g. `_raw_params`.
    public var freeForm: String?

    public init(arguments: [ArgumentSpec], supportsCheckMode: Bool = true, freeForm: String? = nil) {
        self.arguments = arguments
        self.supportsCheckMode = supportsCheckMode
        self.freeForm = freeForm
    }
}

/// One declared argument: Ansible's argument_spec entry.
public struct ArgumentSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case string, bool, int, float, path, list, dict, raw
        /// A file mode: int used as-is, octal string, or symbolic (`u+rwx`).
        case mode
    }

    public var name: String
    public var kind: Kind
    public var required: Bool
    public var defaultValue: Value?
    public var aliases: [String]
    public var choices: [Value]?

    public init(
        _ name: String, _ kind: Kind = .string, required: Bool = false, default defaultValue: Value? = nil,
        aliases: [String] = [], choices: [Value]? = nil
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
        self.aliases = aliases
        self.choices = choices
    }
}
