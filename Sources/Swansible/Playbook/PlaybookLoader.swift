import Foundation
import SwansibleYAML

/// Builds the playbook model from YAML files: plays, roles (with their dependencies), blocks,
/// tasks and static imports, all raw and located. Dynamic includes stay tasks; the executor
/// expands them with `loadIncludedTasks(of:path:)` and `loadIncludedRole(of:)`.
public struct PlaybookLoader: Sendable {
    /// Reads a YAML file into a node (nil for an empty file).
    public typealias YAMLReader = @Sendable (_ path: String) throws -> YAMLNode?

    /// Extra role directories (`roles_path`), searched after `roles/` beside the playbook.
    public var rolesPath: [String]
    /// Which names are modules, and their traits that matter for reading a task.
    public var actions: any ActionCatalog
    public var onWarning: @Sendable (String) -> Void
    public var readYAML: YAMLReader
    /// Templates a name that must be known at load time (`import_tasks: "{{ f }}.yml"`, a role
    /// name, an `import_playbook` path) with the play's vars; the CLI adds extra vars. Without
    /// it such names are taken literally.
    public var templateStatic: (@Sendable (_ text: String, _ vars: ValueDict) throws -> String)?
    /// The modules and action plugins the content brings (`library/`, `action_plugins/`): the
    /// loader adds each playbook's and role's directories as it reads them.
    public var library = ModuleLibrary()

    /// `readYAML` defaults to `YAMLLoader.loadFile`, its warnings (duplicate keys, as
    /// `duplicateKeys` says) going to `onWarning`.
    public init(rolesPath: [String] = [], actions: any ActionCatalog,
                duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: @escaping @Sendable (String) -> Void = { _ in },
                readYAML: YAMLReader? = nil)
    {
        self.rolesPath = rolesPath
        self.actions = actions
        self.onWarning = onWarning
        self.readYAML = readYAML ?? { path in try DataLoader.loadYAML(path, duplicateKeys: duplicateKeys, onWarning: onWarning) }
    }

    /// Loads a playbook file, expanding `import_playbook` (and the legacy play-level `include`).
    /// Errors are `PlaybookError` (with a source snippet) or, for YAML syntax, `YAMLError`.
    public func load(path: String) throws -> Playbook {
        let file = PathResolution.absolute(path)
        // Like ansible-core, `collections/` beside a playbook named on the command line.
        library.addPlaybookCollections(of: PathResolution.directory(of: file))
        return try withSnippets {
            Playbook(path: path, plays: try loadPlays(file: file, imported: ImportedPlaybook(), chain: []))
        }
    }

    /// A playbook that is no file (an ad-hoc command's): `node` read as if from `path`, whose
    /// directory is the playbook directory.
    public func load(node: YAMLNode, path: String) throws -> Playbook {
        try withSnippets {
            Playbook(path: path, plays: try loadPlays(node, file: path, imported: ImportedPlaybook(), chain: []))
        }
    }

    /// Loads a task file as a task list, as inside `role` when given (for `include_tasks`
    /// from the executor when no include task is at hand).
    public func loadTaskFile(path: String, role: RoleInvocation? = nil, isHandler: Bool = false) throws -> [TaskItem] {
        let file = PathResolution.absolute(path)
        var scope = LoadScope(keywords: role?.keywords.inheritable ?? .init(), vars: [:], role: role, file: file,
                              playbookDir: PathResolution.directory(of: file), chain: [], isHandler: isHandler,
                              session: PlaySession())
        scope.collections = role?.role.collections ?? []
        return try withSnippets { try loadTaskFile(file, scope: scope, at: nil) }
    }

    /// Expands a dynamic include (`include_tasks`, legacy `include`) of `path` (already
    /// templated by the executor, relative paths resolved like ansible-core). Like
    /// ansible-core, the included tasks inherit what the include's own parents pass down plus
    /// its `apply:` keywords, not the include's own keywords (its `when`, `tags`,
    /// `ignore_errors` concern the include alone); a legacy `include:` passes all of them on,
    /// as Ansible 2.2 did. The include's vars and `k=v` params become vars of every included task.
    public func loadIncludedTasks(of include: PlaybookTask, path: String, playbookDir: String) throws -> [TaskItem] {
        try loadIncludedFile(of: include, path: path, playbookDir: playbookDir).tasks
    }

    /// `loadIncludedTasks`, also giving the handlers of roles the file brings in with
    /// `import_role` (they join the play's handlers).
    public func loadIncludedFile(of include: PlaybookTask, path: String, playbookDir: String) throws
        -> (tasks: [TaskItem], handlers: [TaskItem])
    {
        let scope = includeScope(of: include, playbookDir: playbookDir)
        guard let file = resolveTaskFile(path, scope: scope) else {
            throw PlaybookError.fileNotFound(path, at: include.location)
        }
        let tasks = try withSnippets { try loadTaskFile(file, scope: scope.entering(file: file), at: include.location) }
        return (tasks, scope.session.importedHandlers)
    }

    /// Expands `include_role` at run time: the role's tasks (with its dependencies first) and
    /// its handlers. `args` are the include's arguments, templated by the executor.
    /// Like ansible-core, what already ran on a host is left out when the tasks run
    /// (`RoleRunRecord.ranBefore`), not here: every host loads the same tasks.
    public func loadIncludedRole(of include: PlaybookTask, args: ValueDict, playbookDir: String) throws -> [PlayRole] {
        let scope = includeScope(of: include, playbookDir: playbookDir)
        return try withSnippets { try applyRoleInclude(args: args, task: include, scope: scope) }
    }

    func includeScope(of include: PlaybookTask, playbookDir: String) -> LoadScope {
        var keywords = include.shortAction == "include" ? include.keywords.inheritable : include.inherited
        var vars = include.vars
        for (k, v) in include.args where k != "_raw_params" && k != "file" && k != "apply" { vars[k] = v }
        // `apply:`'s vars belong to the block the included tasks hang from, below their own.
        if case .dict(let apply)? = include.args["apply"], case .dict(let applied)? = apply["vars"] {
            vars.merge(applied) { $1 }
        }
        keywords = Self.appliedKeywords(include.args).inheriting(from: keywords)
        var scope = LoadScope(keywords: keywords, vars: vars, role: include.role, file: include.file,
                              // (No chain: a file may include itself at run time, as in ansible-core;
                              // the executor bounds how deep includes nest.)
                              playbookDir: playbookDir, chain: [], isHandler: include.isHandler,
                              session: PlaySession())
        scope.collections = include.collections
        return scope
    }

    /// The keywords an include's `apply:` gives every task it brings in (empty without one).
    static func appliedKeywords(_ args: ValueDict) -> KeywordValues {
        guard case .dict(var apply)? = args["apply"] else { return KeywordValues() }
        // Tags as a keyword reads them: a comma-separated string is a list.
        if let tags = apply["tags"], tags.listValue == nil {
            apply["tags"] = tags == .null ? .list([]) : .list(tags.pythonString.split(separator: ",").map { .string(String($0).pythonStripped) }
                .filter { $0 != .string("") })
        }
        return KeywordValues(apply.filter { k, _ in PlaybookKeyword.table(for: .block)[k] != nil })
    }

    /// Reads a file that must hold YAML, with a located error when it cannot.
    func readNode(_ file: String, at location: SourceLocation?) throws -> YAMLNode? {
        guard PathResolution.isFile(file) else { throw PlaybookError.fileNotFound(file, at: location) }
        do {
            return try readYAML(file)
        } catch let error as PlaybookError {
            throw error
        } catch let error as YAMLError {
            throw error
        } catch {
            throw PlaybookError(.unreadable, "\(error)", at: location ?? SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// Gives a `PlaybookError` thrown by `body` the lines of source it points at.
    func withSnippets<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as PlaybookError {
            if error.snippet == nil, let at = error.location,
               let text = try? String(contentsOfFile: at.file, encoding: .utf8)
            {
                error.snippet = SourceSnippet(text: text, line: at.line, column: at.column)
            }
            throw error
        }
    }

    /// A name needed at load time could not be templated: the reason alone (`'x' is undefined`)
    /// and the whole description (with the template's line and caret).
    public struct StaticNameError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String

        public init(reason: String, description: String) {
            self.reason = reason
            self.description = description
        }
    }

    /// ansible-core's advice under a static import whose name cannot be templated.
    static let staticImportHint = """
        When using static imports, ensure that any variables used in their names are defined in vars/vars_files
        or extra-vars passed in from the command line. Static imports cannot use variables from facts or inventory
        sources like group or host vars.
        """

    /// Where a name needed at load time is written; ansible-core words a failure to template
    /// it differently for each.
    enum StaticNameUse {
        case importPath, roleName, playbookImport
    }

    /// A name needed at load time, templated when it holds a template and a templater is set.
    /// Like ansible-core, the magic `playbook_dir` (the directory of the playbook being read)
    /// is known then too (`role: "{{ playbook_dir }}"`).
    /// `valueAt` is where the template itself is written (for `import_tasks`, whose error
    /// names the task and then, as its cause, the template).
    func staticName(_ text: String, vars: ValueDict, playbookDir: String, use: StaticNameUse = .importPath,
                    at location: SourceLocation, valueAt: SourceLocation? = nil) throws -> String {
        guard text.contains("{{"), let templateStatic else { return text }
        var known = vars
        known["playbook_dir"] = .string(playbookDir)
        do {
            return try templateStatic(text, known)
        } catch {
            let reason = (error as? StaticNameError)?.reason ?? "\(error)"
            switch use {
            case .roleName:
                throw PlaybookError(.invalidValue, reason, at: location)
            case .playbookImport:
                throw PlaybookError(.badArguments, "Error processing keyword 'import_playbook': \(reason)", at: location)
            case .importPath:
                let what = "Error when evaluating variable in import path \(Value.string(text).pythonRepr)"
                var failure = PlaybookError(.badArguments, "\(what): \(reason)\n\n\(what).", at: location)
                failure.trailer = Self.staticImportHint + "\n\n<<< caused by >>>\n\n" + reason
                if let valueAt {
                    failure.trailer? += "\nOrigin: \(valueAt)"
                    if let source = try? String(contentsOfFile: valueAt.file, encoding: .utf8),
                       let snippet = SourceSnippet(text: source, line: valueAt.line, column: valueAt.column) {
                        failure.trailer? += "\n\n" + snippet.description
                    }
                }
                throw failure
            }
        }
    }
}
