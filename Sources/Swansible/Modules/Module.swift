import Foundation

/// A task action, run on the controller: it speaks POSIX sh + coreutils to the host through
/// `ModuleContext`, never Python. One file per module; register it in `ModuleRegistry`.
/// Its traits (below the `run` requirement) have defaults; a module sets the ones that differ.
public protocol Module: Sendable {
    /// Names the module answers to; the first is canonical. `ansible.builtin.<name>` and
    /// `ansible.legacy.<name>` aliases are added by the registry.
    static var names: [String] { get }
    /// The declared arguments: validation, errors and docs derive from it.
    static var spec: ModuleSpec { get }
    /// Checks and acts on the host, in as few round trips as possible.
    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult

    /// Its free-form text is a command line (command, shell, raw, script): only `creates=`,
    /// `chdir=` and the other `KeyValueArguments.freeFormKeys` are split out of it.
    static var freeFormIsCommandLine: Bool { get }
    /// How ansible-core carries it out, which its messages show (`normal` unless set).
    static var actionPlugin: ActionPluginKind { get }
    /// Its arguments are variables to set, under any names (set_fact): `spec` is not enforced.
    static var argumentsAreVariables: Bool { get }
    /// Its argument names are templated too, and must then be valid variable names (set_fact).
    static var templatesArgumentNames: Bool { get }
    /// Its result is printed even without -v (debug, assert), like ansible-core's
    /// `_ansible_verbose_always`; a result holding that key as false (a quiet assert) is not.
    static var showsResultWithoutVerbose: Bool { get }
    /// Its printed result says `changed`; debug's does not, in ansible-core.
    static var reportsChanged: Bool { get }
    /// A task `timeout:` that ends it is reported, as ansible-core does for this action, as
    /// `Task failed.` with the timeout as its cause (pause) rather than one line.
    static var timeoutShownAsCause: Bool { get }
    /// What `swansible doc` shows besides the spec: descriptions, notes, examples.
    static var documentation: ModuleDocumentation { get }
    /// ansible-core accepts `async:` on it: every module without an action plugin of its own,
    /// and command, shell, package, service, dnf and uri; the other actions refuse the task.
    static var supportsAsync: Bool { get }
    /// Arguments its action refuses before anything runs, as ansible-core's shell action
    /// refuses command's `expand_argument_vars`: `Task failed: Unsupported parameters for
    /// (NAME) module: ARG`, NAME as the task writes it.
    static var actionRefusedArguments: [String] { get }
    /// Arguments that are expressions (assert's `that`, debug's `var`): they reach the module
    /// as written, untemplated, so that it can tell trusted text from templated (see
    /// `AnsibleTemplar+Trust`), as ansible-core's actions do.
    static var expressionArguments: Set<String> { get }
    /// Its `path` arguments that name files on the controller (copy's `src` unless
    /// `remote_src`): the host does not expand `~` and `$NAME` in them.
    static func controllerPathArguments(_ args: ModuleArguments) -> Set<String>
    /// Arguments its action masks in the result's `invocation` (copy's `content`), as it does
    /// a `noLog` argument's, though the module does not treat them as secrets elsewhere.
    static var invocationMasks: Set<String> { get }
}

extension Module {
    public static var freeFormIsCommandLine: Bool { false }
    public static var actionPlugin: ActionPluginKind { .normal }
    public static var argumentsAreVariables: Bool { false }
    public static var templatesArgumentNames: Bool { false }
    public static var showsResultWithoutVerbose: Bool { false }
    public static var reportsChanged: Bool { true }
    public static var timeoutShownAsCause: Bool { false }
    public static var documentation: ModuleDocumentation { .missing }
    public static var supportsAsync: Bool { actionPlugin == .normal }
    public static var actionRefusedArguments: [String] { [] }
    public static var expressionArguments: Set<String> { [] }
    public static func controllerPathArguments(_ args: ModuleArguments) -> Set<String> { [] }
    public static var invocationMasks: Set<String> { [] }
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
    /// The run's inventory, for the actions that change it (add_host, group_by).
    public var inventory: InventoryStore?
    /// The run's `async` jobs, for async_status.
    public var asyncJobs: AsyncJobs?

    public init(
        hostName: String, connection: any Connection, become: BecomeSettings = BecomeSettings(),
        environment: ValueDict = [:], checkMode: Bool = false, diffMode: Bool = false,
        searchPaths: [String] = [], templar: any TemplateRendering,
        localTempDirectory: String = NSTemporaryDirectory(), inventory: InventoryStore? = nil
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
        self.inventory = inventory
    }
}

/// Validated, coerced arguments, keyed by canonical name (aliases resolved, defaults filled).
public struct ModuleArguments: Sendable {
    public var values: ValueDict
    /// The task's arguments as written (aliases as given, nothing filled in), for the actions
    /// that report the invocation of a module they run with them (copy, template).
    public var given: ValueDict = [:]

    public init(_ values: ValueDict) { self.values = values }

    public subscript(name: String) -> Value? {
        guard let v = values[name], !v.isNull else { return nil }
        return v
    }

    public func string(_ name: String) -> String? { self[name]?.stringValue ?? self[name].map(\.pythonString) }
    public func bool(_ name: String) -> Bool { self[name]?.isTruthy ?? false }
    public func int(_ name: String) -> Int? { self[name]?.intValue }
}
