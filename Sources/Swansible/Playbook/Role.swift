import Foundation
import SwansibleYAML

/// A role found on disk: its directory and the data files every application shares.
/// Tasks and handlers are loaded per application (`PlayRole`), since each application's
/// keywords and `tasks_from` differ.
public final class Role: Sendable {
    /// The name shown in task names (`etcd` for `configure/etcd`); for a role of a collection,
    /// its qualified name (`ns.coll.role`), as ansible-core shows it.
    public let name: String
    /// The collection (`ns.coll`) the role belongs to, nil for a role from a roles path.
    public let collection: String?
    /// The collections its tasks look for short module and role names in, like ansible-core:
    /// its own collection first, then those `meta/main.yml` `collections:` names.
    public let collections: [String]
    /// The absolute role directory.
    public let path: String
    /// `meta/main.yml` `allow_duplicates`.
    public let allowDuplicates: Bool
    /// Raw `meta/main.yml` `dependencies` entries.
    public let dependencies: [YAMLNode]
    /// `argument_specs` of `meta/argument_specs.yml` (else of `meta/main.yml`): entry point
    /// (`main`, a `tasks_from` name) → its spec.
    public let argumentSpecs: ValueDict

    public init(name: String, path: String, allowDuplicates: Bool = false, dependencies: [YAMLNode] = [],
                argumentSpecs: ValueDict = [:], collection: String? = nil, collections: [String] = []) {
        self.name = name
        self.collection = collection
        self.collections = collections
        self.path = path
        self.allowDuplicates = allowDuplicates
        self.dependencies = dependencies
        self.argumentSpecs = argumentSpecs
    }

    /// `role_name`: the name without its collection (`role` for `ns.coll.role`).
    public var shortName: String {
        guard let collection else { return name }
        return String(name.dropFirst(collection.count + 1))
    }

    public var templatesDir: String { path + "/templates" }
    public var filesDir: String { path + "/files" }
    public var tasksDir: String { path + "/tasks" }
}

/// One use of a role: a `roles:` entry, a meta dependency, or `import_role`/`include_role`.
public struct RoleInvocation: Sendable {
    public var role: Role
    /// Role parameters: the entry's keys that are not keywords (highest-but-one precedence).
    public var params: ValueDict
    /// The entry's `vars:`.
    public var vars: ValueDict
    /// The entry's keywords (`tags`, `when`, `become`, `delegate_to`, `run_once`...).
    public var keywords: KeywordValues
    /// `defaults/main.yml` (or `defaults_from`) of this application, raw.
    public var defaults: ValueDict
    /// `vars/main.yml` (or `vars_from`) of this application, raw.
    public var roleVars: ValueDict
    /// Variables of `defaults` and `roleVars` under reserved names, where they are written.
    public var reservedDefaults: [ReservedVariable] = []
    public var reservedVars: [ReservedVariable] = []
    /// `tasks_from`, `vars_from`, `defaults_from`, `handlers_from` when given.
    public var from: [String: String]
    public var location: SourceLocation
    /// Role vars (`vars/` and the entry's `vars:`) of the roles this application hangs from,
    /// outermost first: like ansible-core, a dependency sees those of the roles that depend on
    /// it, and a role included or imported by another role those of its includer. Below the
    /// application's own role vars; no part of its identity.
    public var inheritedVars: ValueDict = [:]
    /// Role parameters of the same roles, and for a role included or imported by another role,
    /// `ansible_parent_role_names` / `ansible_parent_role_paths` (the includer first). Below the
    /// application's own parameters; no part of its identity.
    public var inheritedParams: ValueDict = [:]
    /// `role_uuid`: tells this application from any other, like ansible-core's role object id.
    public let uuid = UUID().uuidString.lowercased()
    /// Named by `import_role` or `include_role` (not by `roles:` or a dependency): like
    /// ansible-core, part of the identity, and such an application runs every time by default.
    public private(set) var fromInclude = false
    /// Runs again where an equal application has run: the role's `allow_duplicates` (meta), or
    /// for `import_role`/`include_role` their own `allow_duplicates` (true by default).
    public var allowsDuplicates = false

    /// Marks the application as named by `import_role` or `include_role`.
    mutating func markFromInclude() {
        guard !fromInclude else { return }
        fromInclude = true
        identity += "\u{1}include"
    }

    public init(role: Role, params: ValueDict = [:], vars: ValueDict = [:], keywords: KeywordValues = .init(),
                defaults: ValueDict = [:], roleVars: ValueDict = [:], from: [String: String] = [:],
                location: SourceLocation)
    {
        self.role = role
        self.params = params
        self.vars = vars
        self.keywords = keywords
        self.defaults = defaults
        self.roleVars = roleVars
        self.from = from
        self.location = location
        self.identity = Self.identity(role: role, params: params, vars: vars, entry: keywords, from: from)
    }

    /// Two applications with the same identity run once per play (unless `allow_duplicates`):
    /// same role directory, parameters, vars, and the entry's own conditions, tags and
    /// `*_from` files (what it inherits does not count, like ansible-core).
    public var identity: String

    static func identity(role: Role, params: ValueDict, vars: ValueDict, entry: KeywordValues,
                         from: [String: String]) -> String
    {
        [role.path, role.name, Value.dict(params).pythonRepr, Value.dict(vars).pythonRepr,
         Value.list(entry.when).pythonRepr, entry.tags.joined(separator: ","),
         from.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")]
            .joined(separator: "\u{1}")
    }
}

extension RoleInvocation {
    /// Takes what `parent` passes down: it depends on this application (`isInclude` false) or
    /// includes or imports it from one of its tasks.
    mutating func inherit(from parent: RoleInvocation, isInclude: Bool) {
        inheritedVars = parent.inheritedVars.merging(parent.roleVars) { $1 }.merging(parent.vars) { $1 }
        inheritedParams = parent.inheritedParams.merging(parent.params) { $1 }
        if isInclude { inheritedParams.merge(parent.parentRoleVariables) { $1 } }
    }

    /// `ansible_parent_role_names` / `ansible_parent_role_paths` of a role this application
    /// includes or imports: itself first, then those that included it.
    var parentRoleVariables: ValueDict {
        let names = inheritedParams["ansible_parent_role_names"]?.listValue ?? []
        let paths = inheritedParams["ansible_parent_role_paths"]?.listValue ?? []
        return ["ansible_parent_role_names": .list([.string(role.name)] + names),
                "ansible_parent_role_paths": .list([.string(role.path)] + paths)]
    }
}

/// A role as applied in a play: the invocation and the tasks and handlers loaded for it.
public struct PlayRole: Sendable {
    public var invocation: RoleInvocation
    public var tasks: [TaskItem]
    public var handlers: [TaskItem]
    /// An earlier application in the same play has the same identity and the role does not
    /// allow duplicates: ansible-core lists its tasks but does not run them again.
    public var isDuplicate: Bool
    /// Applied because another role depends on it (`meta/main.yml`), not named by the play.
    public var isDependency = false

    public init(invocation: RoleInvocation, tasks: [TaskItem], handlers: [TaskItem] = [], isDuplicate: Bool = false) {
        self.invocation = invocation
        self.tasks = tasks
        self.handlers = handlers
        self.isDuplicate = isDuplicate
    }
}

/// A role among the play's role names: one the play names (`roles:`, `import_role`,
/// `include_role`) or one applied as a dependency of such a role.
public struct PlayRoleName: Sendable, Equatable {
    public var name: String
    public var isDependency: Bool

    public init(_ role: PlayRole) {
        name = role.invocation.role.name
        isDependency = role.isDependency
    }
}
