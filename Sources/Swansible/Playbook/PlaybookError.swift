/// An error found while loading a playbook, a task file or a role: what is wrong, in
/// ansible-core's wording, and where (file, line, column, and the task when there is one).
public struct PlaybookError: LocatedError {
    public enum Kind: Sendable, Equatable {
        /// The file could not be read or parsed as YAML.
        case unreadable
        /// A value has the wrong shape (a task list that is a mapping, tags that are a dict...).
        case malformed
        /// A keyword that the object does not take.
        case invalidAttribute
        case conflictingAction
        case noAction
        case unresolvedModule
        case duplicateLoop
        case missingRequired
        case fileNotFound
        case roleNotFound
        /// An include or role dependency that includes itself.
        case recursion
        case badArguments
        /// A wrong value ansible-core reports as a plain error (exit 1), not a parser error.
        case invalidValue
        /// A `tasks_from` file the role does not have.
        case roleFileNotFound
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    /// The task (display name) or play the error belongs to, when known.
    public var taskName: String?
    /// The offending lines with a caret, attached where the loader hands the error out.
    public var snippet: SourceSnippet?
    /// What ansible-core prints after the snippet: a hint, or the cause with its own origin.
    public var trailer: String?

    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil, task: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.taskName = task
    }

    public var place: SourcePlace? { location.map(SourcePlace.init) }

    /// ansible-core raises it as a parser error (exit 4, and at run time it stops the run),
    /// not as a plain error (exit 1, and at run time the include fails).
    public var isParserError: Bool { ![.roleNotFound, .fileNotFound, .invalidValue].contains(kind) }

    /// The message, then `Origin: file:line:column` and the source lines, like ansible-core 2.19.
    public var description: String {
        var text = message
        if let location { text += "\nOrigin: \(location)" }
        if let snippet { text += "\n\n" + snippet.description }
        if let trailer { text += "\n\n" + trailer }
        return text
    }
}

// MARK: - The catalogue: every message the playbook loader can give.
extension PlaybookError {
    static func invalidAttribute(_ key: String, for owner: KeywordOwner, at location: SourceLocation) -> Self {
        .init(.invalidAttribute, "'\(key)' is not a valid attribute for a \(owner.className)", at: location)
    }
    static func conflictingAction(_ first: String, _ second: String, at location: SourceLocation) -> Self {
        .init(.conflictingAction, "conflicting action statements: \(first), \(second)", at: location)
    }
    static func noAction(at location: SourceLocation) -> Self {
        .init(.noAction, "no module/action detected in task.", at: location)
    }
    static func unresolvedModule(_ name: String, at location: SourceLocation) -> Self {
        .init(.unresolvedModule, "couldn't resolve module/action '\(name)'. This often indicates a misspelling, "
            + "missing collection, or incorrect module path.", at: location)
    }
    static func duplicateLoop(_ lookup: String, at location: SourceLocation) -> Self {
        .init(.duplicateLoop, "duplicate loop in task: \(lookup)", at: location)
    }
    static func actionExclusive(at location: SourceLocation) -> Self {
        .init(.conflictingAction, "action and local_action are mutually exclusive", at: location)
    }
    static func unexpectedActionType(_ value: Value, at location: SourceLocation) -> Self {
        .init(.malformed, "unexpected parameter type in action: <class '\(value.pythonTypeName)'>", at: location)
    }
    static func notAList(_ what: String, _ value: Value, at location: SourceLocation) -> Self {
        .init(.malformed, "A malformed block was encountered while loading \(what): \(value.pythonRepr) should be "
            + "a list or None but is <class '\(value.pythonTypeName)'>", at: location)
    }
    static func notAMapping(_ what: String, _ value: Value, at location: SourceLocation) -> Self {
        .init(.malformed, "A malformed block was encountered while loading \(what): The ds (\(value.pythonRepr)) "
            + "should be a dict but was a <class '\(value.pythonTypeName)'>", at: location)
    }
    static func required(_ field: String, at location: SourceLocation) -> Self {
        .init(.missingRequired, "The field '\(field)' is required but was not set.", at: location)
    }
    static func wrongType(_ keyword: String, expected: String, at location: SourceLocation) -> Self {
        .init(.malformed, "The field '\(keyword)' has an invalid value, which should be \(expected).", at: location)
    }
    static func tagsNotList(at location: SourceLocation) -> Self {
        .init(.invalidValue, "tags must be specified as a list", at: location)
    }
    static func fileNotFound(_ path: String, at location: SourceLocation?) -> Self {
        .init(.fileNotFound, "Unable to retrieve file contents.\nCould not find or access '\(path)' on the Ansible Controller.",
              at: location)
    }
    /// A task file an import or include names that is not there, as ansible-core's loader
    /// words it: the path it looked for (`path`, absolute) and the operating system's reason.
    static func taskFileNotFound(_ path: String) -> Self {
        .init(.fileNotFound, "Unable to retrieve file contents.\nCould not find or access '\(path)' on the Ansible Controller.\n"
            + "If you are using a module and expect the file to exist on the remote, see the remote_src option: "
            + "[Errno 2] No such file or directory: '\(path)'")
    }
    static func varsNotMapping(in owner: KeywordOwner, at location: SourceLocation) -> Self {
        .init(.malformed, "Vars in a \(owner.className) must be specified as a dictionary.", at: location)
    }
    static func roleNotFound(_ name: String, searched: [String], at location: SourceLocation?) -> Self {
        .init(.roleNotFound, "the role '\(name)' was not found in \(searched.joined(separator: ":"))", at: location)
    }
    static func recursion(_ path: String, at location: SourceLocation?) -> Self {
        .init(.recursion, "recursive include of '\(path)'", at: location)
    }
}
