/// The declared arguments of a module and the rules between them, enforced by `validate`
/// before the module runs. Rules name arguments by their canonical names; an argument counts
/// as given when the task sets it (even to null) and, for all but `mutuallyExclusive`, when it
/// has a non-null default, like ansible-core's checks.
public struct ModuleSpec: Sendable {
    public var arguments: [ArgumentSpec]
    public var supportsCheckMode: Bool
    /// The argument that free-form text (`command: ls -l`) is given as, e.g. `_raw_params`.
    public var freeForm: String?
    /// Groups of which at most one argument may be given.
    public var mutuallyExclusive: [[String]]
    /// Groups whose arguments are given all together or not at all.
    public var requiredTogether: [[String]]
    /// Groups of which at least one argument must be given.
    public var requiredOneOf: [[String]]
    /// Arguments needed when another argument has a given value.
    public var requiredIf: [RequiredIf]
    /// Arguments needed when another argument is set (not null).
    public var requiredBy: [RequiredBy]

    public init(
        arguments: [ArgumentSpec], supportsCheckMode: Bool = true, freeForm: String? = nil,
        mutuallyExclusive: [[String]] = [], requiredTogether: [[String]] = [], requiredOneOf: [[String]] = [],
        requiredIf: [RequiredIf] = [], requiredBy: [RequiredBy] = []
    ) {
        self.arguments = arguments
        self.supportsCheckMode = supportsCheckMode
        self.freeForm = freeForm
        self.mutuallyExclusive = mutuallyExclusive
        self.requiredTogether = requiredTogether
        self.requiredOneOf = requiredOneOf
        self.requiredIf = requiredIf
        self.requiredBy = requiredBy
    }
}

/// `state: present` needs `line`: when `argument` equals `value` (after type conversion, or
/// by its default), `requirements` must be given — all of them, or one when `anyOf`.
public struct RequiredIf: Sendable, Equatable {
    public var argument: String
    public var value: Value
    public var requirements: [String]
    public var anyOf: Bool

    public init(_ argument: String, is value: Value, requires requirements: [String], anyOf: Bool = false) {
        self.argument = argument
        self.value = value
        self.requirements = requirements
        self.anyOf = anyOf
    }
}

/// `state` needs `name`: when `argument` is set (not null), `requirements` must be set too.
public struct RequiredBy: Sendable, Equatable {
    public var argument: String
    public var requirements: [String]

    public init(_ argument: String, requires requirements: [String]) {
        self.argument = argument
        self.requirements = requirements
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
    /// Not an argument of ansible-core's module: taken by the action plugin before the module
    /// runs (copy's `decrypt`), or still accepted from older content (command's `warn`, removed
    /// in ansible-core 2.14). Accepted, but neither among the parameters the module's error
    /// message lists nor in its result's `invocation`.
    public var actionOnly: Bool
    /// A secret (a password): its value is masked as `********` wherever the module's result
    /// would show it, like an argument ansible-core declares `no_log`.
    public var noLog: Bool
    /// One line saying what the argument does, for `swansible doc` (ansible-doc's option
    /// description); arguments without one take it from the module's documentation fragments.
    public var description: String?
    /// Accepted, but left out of `swansible doc`, like an argument ansible-core's module takes
    /// without documenting it (command's `executable`, which it only warns about).
    public var undocumented = false

    public init(
        _ name: String, _ kind: Kind = .string, required: Bool = false, default defaultValue: Value? = nil,
        aliases: [String] = [], choices: [Value]? = nil, actionOnly: Bool = false, noLog: Bool = false,
        undocumented: Bool = false, description: String? = nil
    ) {
        self.undocumented = undocumented
        self.actionOnly = actionOnly
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
        self.aliases = aliases
        self.choices = choices
        self.noLog = noLog
        self.description = description
    }
}
