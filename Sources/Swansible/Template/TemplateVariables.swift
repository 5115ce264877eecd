/// Implemented by the variables layer: raw, untemplated values (they may hold `{{ }}`).
public protocol TemplateVariables: Sendable {
    /// The raw value of a variable; nil when undefined.
    func rawValue(_ name: String) -> Value?
    /// Every variable name visible to this host (for `vars`, `varnames` and `hostvars[h]` dumps).
    var variableNames: [String] { get }
    /// Another host's variables, for `hostvars[host]`; nil for an unknown host.
    func hostVariables(_ host: String) -> (any TemplateVariables)?
    /// The inventory's host names in inventory order, for iterating `hostvars`.
    var hostNames: [String] { get }
}

extension TemplateVariables {
    public var hostNames: [String] { [] }
}

/// A fixed set of variables: for tests, ad-hoc templating and the `template` lookup.
public struct StaticTemplateVariables: TemplateVariables {
    public var values: ValueDict
    public var hosts: [String: StaticTemplateVariables]

    public init(_ values: ValueDict, hosts: [String: StaticTemplateVariables] = [:]) {
        self.values = values
        self.hosts = hosts
    }

    public func rawValue(_ name: String) -> Value? { values[name] }
    public var variableNames: [String] { Array(values.keys) }
    public func hostVariables(_ host: String) -> (any TemplateVariables)? { hosts[host] }
}

/// What the Ansible layer needs besides variables: where files are, configuration, hooks.
public struct TemplarOptions: Sendable {
    /// Directories searched by the `file`/`template`/`fileglob`/`first_found` lookups and by
    /// `{% include %}` in template files, most specific first (role dirs, playbook dir).
    public var searchPaths: [String]
    /// `ansible_managed` when no variable defines it (ansible-core 2.19: a plain default).
    public var ansibleManaged: String
    /// The controller environment for the `env` lookup; nil reads the process environment.
    public var environment: [String: String]?
    /// A name for error messages when templating values (the playbook file, for instance).
    public var sourceName: String?
    /// Whether `pipe` lookups may run commands on the controller.
    public var allowPipeLookup: Bool
    /// The settings the `config` lookup reports (the executor passes the run's ansible.cfg);
    /// nil reads the controller's configuration.
    public var config: AnsibleConfig?
    /// The subdirectory `first_found` looks in under each search path: `files`, or, in a
    /// `with_first_found` loop of a task whose action names vars or templates (include_vars,
    /// template), `vars` or `templates`, as ansible-core's task executor sets it.
    public var firstFoundSubdirectory = "files"
    /// Where warnings go (a lookup's, such as fileglob's missing directory); nil drops them.
    public var warn: (@Sendable (String) -> Void)?

    public init(searchPaths: [String] = [], ansibleManaged: String = "Ansible managed", environment: [String: String]? = nil,
                sourceName: String? = nil, allowPipeLookup: Bool = true,
                config: AnsibleConfig? = nil) {
        self.searchPaths = searchPaths
        self.ansibleManaged = ansibleManaged
        self.environment = environment
        self.sourceName = sourceName
        self.allowPipeLookup = allowPipeLookup
        self.config = config
    }
}
