/// What `swansible doc` says about a module beyond its `spec`: the spec's arguments (types,
/// defaults, choices, aliases, their one-line `description`) are the options, so what is
/// documented is what is validated. Declared in the module's own file, as `documentation`.
public struct ModuleDocumentation: Sendable {
    /// One line: what `swansible doc -l` lists and the snippet's task name.
    public var shortDescription: String
    /// Paragraphs, each printed as one wrapped block.
    public var description: [String]
    /// Where Swansible differs from ansible-core's module, and other things worth knowing.
    public var notes: [String]
    /// Tasks in YAML, as in a playbook.
    public var examples: String
    /// Check mode support; nil: `full` when the spec supports check mode, else `none`.
    public var checkMode: AttributeSupport?
    /// Whether the module reports a diff with `--diff`.
    public var diffMode: AttributeSupport
    /// The name the free-form argument (`spec.freeForm`) is documented under: `free_form`, as
    /// ansible-doc names it, unless the module's docs have always called it otherwise.
    public var freeFormName: String
    /// Options that exist only in the documentation, such as set_fact's `key_value` (its
    /// arguments are variables of any name).
    public var documentedOnly: [ArgumentSpec]
    /// Descriptions shared by several modules, for the arguments declared without one.
    public var fragments: [DocumentationFragment]
    /// The Swift file that declares the module (`#fileID`), where ansible-doc shows the module's path.
    public var file: String

    public init(
        _ shortDescription: String, description: [String] = [], notes: [String] = [], examples: String = "",
        checkMode: AttributeSupport? = nil, diffMode: AttributeSupport = .none, freeFormName: String = "free_form",
        documentedOnly: [ArgumentSpec] = [], fragments: [DocumentationFragment] = [], file: String = #fileID
    ) {
        self.shortDescription = shortDescription
        self.description = description
        self.notes = notes
        self.examples = examples
        self.checkMode = checkMode
        self.diffMode = diffMode
        self.freeFormName = freeFormName
        self.documentedOnly = documentedOnly
        self.fragments = fragments
        self.file = file
    }

    /// The documentation of a module that declares none: every check of it fails.
    public static let missing = ModuleDocumentation("")
}

/// How far a module supports a feature (ansible-doc's attribute `support`).
public enum AttributeSupport: String, Sendable {
    case full, partial, none
}

/// Argument descriptions that several modules share, as ansible-core's documentation
/// fragments do: the module names the fragment instead of repeating them.
public struct DocumentationFragment: Sendable {
    public var descriptions: [String: String]

    public init(_ descriptions: [String: String]) { self.descriptions = descriptions }

    /// The arguments of the modules that install files (copy, template, file, lineinfile, get_url).
    public static let files = DocumentationFragment([
        "attributes": "File attributes as chattr takes them; accepted, not applied by Swansible yet.",
        "group": "Group that should own the file or directory.",
        "mode": "Permissions: octal (quote it, '0644'), symbolic (u=rw,g=r,o=r), or preserve where the module copies.",
        "owner": "User that should own the file or directory.",
        "selevel": "SELinux level; accepted, not applied by Swansible (no SELinux on its targets).",
        "serole": "SELinux role; accepted, not applied by Swansible.",
        "setype": "SELinux type; accepted, not applied by Swansible.",
        "seuser": "SELinux user; accepted, not applied by Swansible.",
        "unsafe_writes": "Allow a non-atomic write when an atomic one is impossible; Swansible always writes atomically.",
    ])
}
