import Foundation
import Synchronization

/// A task action that the content brings along rather than Swansible: a module file from a
/// `library/` directory, or a Python action plugin from `action_plugins/`.
public enum ContentAction: Sendable, Equatable {
    case module(path: String)
    case actionPlugin(path: String)
}

/// Where the content's own modules and action plugins are, as ansible-core finds them: the
/// configured module path (`library =`, `ANSIBLE_LIBRARY`, `-M`), then `library/` beside each
/// playbook and in each role once it is loaded, for the rest of the run (a role's modules serve
/// the roles that depend on it). Also where installed collections are (`collections/` beside
/// the playbook, then `collections_path`): their roles, modules and action plugins. Shared by
/// every copy of the loader.
public final class ModuleLibrary: Sendable {
    private struct Directories {
        var modules: [String]
        var actionPlugins: [String]
        var moduleUtils: [String]
        /// `ansible_collections` directories, in search order: those beside the playbooks,
        /// then the configured collections path.
        var collectionRoots: [String]
        var playbookRoots = 0
    }

    private let directories: Mutex<Directories>
    /// The controller's Python whose ansible-core provides `ansible.module_utils` to Python
    /// modules; nil to look for one on the PATH.
    public let ansiblePython: String?
    /// `interpreter_python` from the configuration: the hosts' Python unless
    /// `ansible_python_interpreter` says otherwise; `auto` and its variants look for one.
    public let interpreterPython: String

    /// `collectionsPath` is the configured `collections_path`: each entry holds an
    /// `ansible_collections` directory, or is one.
    public init(modulePath: [String] = [], actionPluginPath: [String] = [], moduleUtilsPath: [String] = [],
                collectionsPath: [String] = [], ansiblePython: String? = nil, interpreterPython: String = "auto") {
        self.ansiblePython = ansiblePython
        self.interpreterPython = interpreterPython
        directories = Mutex(Directories(modules: modulePath, actionPlugins: actionPluginPath, moduleUtils: moduleUtilsPath,
                                        collectionRoots: collectionsPath.map(Self.collectionRoot)))
    }

    /// Like ansible-core, a collections path entry may name the `ansible_collections`
    /// directory itself or the directory that holds it.
    static func collectionRoot(_ entry: String) -> String {
        var path = entry
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path.split(separator: "/").last == "ansible_collections" ? path : PathResolution.join(path, "ansible_collections")
    }

    /// Adds `collections/` beside a playbook, searched before the configured collections path.
    public func addPlaybookCollections(of directory: String) {
        let root = Self.collectionRoot(PathResolution.join(directory, "collections"))
        directories.withLock { dirs in
            guard !dirs.collectionRoots.prefix(dirs.playbookRoots).contains(root) else { return }
            dirs.collectionRoots.insert(root, at: dirs.playbookRoots)
            dirs.playbookRoots += 1
        }
    }

    /// The directory of an installed collection (`ns.coll`), the first found on the search path.
    /// ansible-core needs neither galaxy.yml nor MANIFEST.json to find one.
    public func collectionDirectory(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy(Self.isIdentifier) else { return nil }
        let roots = directories.withLock { $0.collectionRoots }
        return roots.lazy.map { PathResolution.join($0, "\(parts[0])/\(parts[1])") }.first(where: PathResolution.isDirectory)
    }

    /// For a collection that is not installed, the Python package ansible-core fails to import
    /// when it looks for a plugin there: `ansible_collections.<ns>` when no collection of the
    /// namespace is installed (`ansible` always is), else `ansible_collections.<ns>.<name>`.
    /// Nil when it is installed or is no collection name.
    public func missingCollectionPackage(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy(Self.isIdentifier), collectionDirectory(name) == nil else { return nil }
        let roots = directories.withLock { $0.collectionRoots }
        let namespaceFound = parts[0] == "ansible" || roots.contains { PathResolution.isDirectory(PathResolution.join($0, String(parts[0]))) }
        return namespaceFound ? "ansible_collections.\(name)" : "ansible_collections.\(parts[0])"
    }

    /// A Python identifier: what a collection's namespace and name must be.
    static func isIdentifier(_ part: Substring) -> Bool {
        guard let first = part.first, first == "_" || first.isLetter else { return false }
        return part.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    /// `ns.coll.rest` split into the collection (`ns.coll`) and the rest, when it has that shape.
    public static func splitQualifiedName(_ name: String) -> (collection: String, rest: String)? {
        let parts = name.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, isIdentifier(parts[0]), isIdentifier(parts[1]), !parts[2].isEmpty else { return nil }
        return ("\(parts[0]).\(parts[1])", String(parts[2]))
    }

    /// The module or action plugin `ns.coll.name` of an installed collection (`plugins/action/`,
    /// `plugins/modules/`; a dotted rest names a subdirectory).
    public func findInCollection(_ action: String) -> ContentAction? {
        guard let (collection, rest) = Self.splitQualifiedName(action), !["ansible.builtin", "ansible.legacy"].contains(collection),
              let dir = collectionDirectory(collection) else { return nil }
        var components = rest.split(separator: ".").map(String.init)
        guard let name = components.popLast() else { return nil }
        let sub = components.map { "/" + $0 }.joined()
        if let plugin = Self.file(named: name, in: dir + "/plugins/action" + sub, extensions: ["py"]) {
            return .actionPlugin(path: plugin)
        }
        return Self.file(named: name, in: dir + "/plugins/modules" + sub, extensions: nil).map { .module(path: $0) }
    }

    /// Adds the `library/`, `action_plugins/` and `module_utils/` of a playbook's or role's
    /// directory (those that exist).
    public func addContent(of directory: String) {
        let library = PathResolution.join(directory, "library")
        let actions = PathResolution.join(directory, "action_plugins")
        let utils = PathResolution.join(directory, "module_utils")
        directories.withLock { dirs in
            if PathResolution.isDirectory(library), !dirs.modules.contains(library) { dirs.modules.append(library) }
            if PathResolution.isDirectory(actions), !dirs.actionPlugins.contains(actions) { dirs.actionPlugins.append(actions) }
            if PathResolution.isDirectory(utils), !dirs.moduleUtils.contains(utils) { dirs.moduleUtils.append(utils) }
        }
    }

    /// The directories whose Python files Python modules import as `ansible.module_utils.<name>`.
    public var moduleUtilsDirectories: [String] { directories.withLock { $0.moduleUtils } }

    /// What a task's action names, when the content has it: an action plugin wins over a module
    /// of the same name, as in ansible-core (where such a plugin usually wraps the module).
    /// `ansible.builtin.` names never come from the content; `ansible.legacy.` names do.
    public func find(_ action: String) -> ContentAction? {
        if let found = findInCollection(action) { return found }
        guard !action.hasPrefix("ansible.builtin.") else { return nil }
        let name = action.hasPrefix("ansible.legacy.") ? String(action.dropFirst("ansible.legacy.".count)) : action
        guard !name.isEmpty, !name.contains("/"), !name.contains(".") else { return nil }
        let dirs = directories.withLock { $0 }
        if let plugin = dirs.actionPlugins.lazy.compactMap({ Self.file(named: name, in: $0, extensions: ["py"]) }).first {
            return .actionPlugin(path: plugin)
        }
        return dirs.modules.lazy.compactMap { Self.file(named: name, in: $0, extensions: nil) }.first.map { .module(path: $0) }
    }

    /// File endings that are never modules (ansible-core's rejected extensions, docs beside a
    /// module, compiled Python, PowerShell for Windows hosts).
    static let ignoredExtensions: Set<String> = ["pyc", "pyo", "swp", "bak", "rpm", "md", "txt", "rst", "yml", "yaml", "ps1", "psm1", "cs"]

    /// `dir/name` or `dir/name.<ext>` (with `extensions`, only those endings).
    static func file(named name: String, in dir: String, extensions: Set<String>?) -> String? {
        let exact = PathResolution.join(dir, name)
        if extensions == nil, isRegularFile(exact) { return exact }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
        let candidates = entries.sorted().filter { entry in
            guard entry.hasPrefix(name + "."), !entry.hasSuffix("~") else { return false }
            let ext = String(entry.dropFirst(name.count + 1))
            guard !ext.contains(".") else { return false }
            return extensions.map { $0.contains(ext) } ?? !ignoredExtensions.contains(ext)
        }
        let preferred = candidates.first { $0 == name + ".py" } ?? candidates.first
        return preferred.map { PathResolution.join(dir, $0) }.flatMap { isRegularFile($0) ? $0 : nil }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}

/// The catalog a task is read with: Swansible's modules first, then the content's own (a
/// module of the content reads as a module with default traits).
struct ContentActions: ActionCatalog {
    let builtin: any ActionCatalog
    let library: ModuleLibrary
    /// The collections a short name is looked for in first (the `collections` keyword in
    /// effect, or a collection role's own collection and those its meta names).
    var collections: [String] = []
    /// Whether short names may come from `library/` and the module path: not inside a role of
    /// a collection, which like ansible-core falls back to `ansible.builtin` alone.
    var allowsLegacy = true
    /// Where to tell that a collection in the way of a name is not installed (ansible-core's
    /// `Error loading plugin` warning); the callback shows each warning once.
    var warn: (@Sendable (String) -> Void)?

    func traits(ofModule name: String) -> ActionTraits? {
        let name = resolved(name)
        if let traits = builtin.traits(ofModule: name) { return traits }
        // Like ansible-core, a qualified name of a collection that is not installed warns before
        // it fails to resolve (one Swansible has needs no collection: no warning).
        if let (collection, _) = ModuleLibrary.splitQualifiedName(name), !["ansible.builtin", "ansible.legacy"].contains(collection),
           let package = library.missingCollectionPackage(collection) {
            warn?("Error loading plugin '\(name)': No module named '\(package)'")
        }
        if !allowsLegacy, !name.contains(".") { return nil }
        return library.find(name) != nil ? ActionTraits() : nil
    }

    /// The content's action for `name`, when Swansible has no module of that name.
    func contentAction(_ name: String) -> ContentAction? {
        let name = resolved(name)
        guard !TaskAction.builtinActions.contains(TaskAction.shortName(name)), builtin.traits(ofModule: name) == nil else { return nil }
        if !allowsLegacy, !name.contains(".") { return nil }
        return library.find(name)
    }

    /// `name` as the first collection of `collections` that has a module or action plugin of
    /// that name (`ns.coll.name`), like ansible-core; a qualified name or one no collection
    /// has stays as it is.
    func resolved(_ name: String) -> String {
        guard !name.contains("."), !TaskAction.builtinActions.contains(name) else { return name }
        for collection in collections where !["ansible.builtin", "ansible.legacy"].contains(collection) {
            let reference = collection + "." + name
            // ansible-core warns for every short name it looks for in a collection that is absent
            // or that is no collection name (`ansible`, `""`); `a.b.c` is collection a.b.
            guard let (owner, _) = ModuleLibrary.splitQualifiedName(reference) else {
                warn?("Error loading plugin '\(name)': \(reference) is not a valid collection reference")
                continue
            }
            if library.findInCollection(reference) != nil { return reference }
            if let package = library.missingCollectionPackage(owner) {
                warn?("Error loading plugin '\(name)': No module named '\(package)'")
            }
        }
        return name
    }
}
