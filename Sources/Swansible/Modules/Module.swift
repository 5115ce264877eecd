import Foundation

/// A task action, run on the controller: it speaks POSIX sh + coreutils to the host through
/// `ModuleContext`, never Python. One file per module; register it in `ModuleRegistry`.
public protocol Module: Sendable {
    /// Names the module answers to; the first is canonical. `ansible.builtin.<name>` and
    /// `ansible.legacy.<name>` aliases are added by the registry.
    static var names: [String] { get }
    /// The declared arguments: validation, errors and docs derive from it.
    static var spec: ModuleSpec { get }
    /// Checks and acts on the host, in as few round trips as possible.
    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult
}

/// Everything a module may use for one host and one task.
public struct ModuleContext: Sendable {
    /// `inventory_hostname` of the host the task runs for.
    public var hostName: String
    /// The connection to the host the module acts on (the delegate's, with `delegate_to`).
    public var connection: any Connection
    public var become: BecomeSettings
    /// The task's `environment:` keyword, exported before remote commands.
    public var environment: ValueDict
    public var checkMode: Bool
    public var diffMode: Bool
    /// Where `src:` of copy/template/script is searched, most specific first
    /// (role `files/` or `templates/` dirs, the role dir, the playbook dir).
    public var searchPaths: [String]
    /// Templating in the host's variable context (template module, assert, debug var=).
    public var templar: any TemplateRendering
    /// A scratch directory on the controller for this run.
    public var localTempDirectory: String

    public init(
        hostName: String, connection: any Connection, become: BecomeSettings = BecomeSettings(),
        environment: ValueDict = [:], checkMode: Bool = false, diffMode: Bool = false,
        searchPaths: [String] = [], templar: any TemplateRendering,
        localTempDirectory: String = NSTemporaryDirectory()
    ) {
        self.hostName = hostName
        self.connection = connection
        self.become = become
        self.environment = environment
        self.checkMode = checkMode
        self.diffMode = diffMode
        self.searchPaths = searchPaths
        self.templar = templar
        self.localTempDirectory = localTempDirectory
    }
}

/// What a module reports. `registered` is what `register:` stores and what `=> {json}` prints.
public struct ModuleResult: Sendable {
    public var changed: Bool
    public var failed: Bool
    public var skipped: Bool
    /// `msg`, when there is one.
    public var message: String?
    /// Module-specific fields in the order Ansible prints them (rc, stdout, dest, ...).
    public var fields: ValueDict
    /// `ansible_facts`: merged into the host's facts (setup, set_fact with `cacheable`).
    public var facts: ValueDict
    /// Variables set by `set_fact` (set_fact precedence, not facts).
    public var hostVariables: ValueDict
    /// Before/after for `--diff`.
    public var diff: [FileDiff]

    public init(
        changed: Bool = false, failed: Bool = false, skipped: Bool = false, message: String? = nil,
        fields: ValueDict = [:], facts: ValueDict = [:], hostVariables: ValueDict = [:], diff: [FileDiff] = []
    ) {
        self.changed = changed
        self.failed = failed
        self.skipped = skipped
        self.message = message
        self.fields = fields
        self.facts = facts
        self.hostVariables = hostVariables
        self.diff = diff
    }

    public static func failure(_ message: String, fields: ValueDict = [:]) -> ModuleResult {
        ModuleResult(failed: true, message: message, fields: fields)
    }

    /// A failure of the controller-side action itself (a missing `src`, conflicting options),
    /// which ansible-core reports as an error raised by the action, not as a module's failure.
    public static func actionError(_ message: String) -> ModuleResult {
        ModuleResult(failed: true, message: message, fields: [ModuleResult.actionErrorMarker: true])
    }

    /// The internal result key that marks `actionError` results (never printed or registered).
    public static let actionErrorMarker = "_ansible_action_error"

    /// The result as a variable: `changed`, module fields, `failed` when failed, `msg`.
    public var registered: Value {
        var d = ValueDict()
        d["changed"] = .bool(changed)
        for (k, v) in fields { d[k] = v }
        if !facts.isEmpty { d["ansible_facts"] = .dict(facts) }
        if let message { d["msg"] = .string(message) }
        if failed { d["failed"] = true }
        if skipped { d["skipped"] = true }
        return .dict(d)
    }
}

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

/// Validated, coerced arguments, keyed by canonical name (aliases resolved, defaults filled).
public struct ModuleArguments: Sendable {
    public var values: ValueDict

    public init(_ values: ValueDict) { self.values = values }

    public subscript(name: String) -> Value? {
        guard let v = values[name], !v.isNull else { return nil }
        return v
    }

    public func string(_ name: String) -> String? { self[name]?.stringValue ?? self[name].map(\.pythonString) }
    public func bool(_ name: String) -> Bool { self[name]?.isTruthy ?? false }
    public func int(_ name: String) -> Int? { self[name]?.intValue }
}
