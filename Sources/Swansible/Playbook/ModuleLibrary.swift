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
/// the roles that depend on it). Shared by every copy of the loader.
public final class ModuleLibrary: Sendable {
    private struct Directories {
        var modules: [String]
        var actionPlugins: [String]
        var moduleUtils: [String]
    }

    private let directories: Mutex<Directories>
    /// The controller's Python whose ansible-core provides `ansible.module_utils` to Python
    /// modules; nil to look for one on the PATH.
    public let ansiblePython: String?
    /// `interpreter_python` from the configuration: the hosts' Python unless
    /// `ansible_python_interpreter` says otherwise; `auto` and its variants look for one.
    public let interpreterPython: String

    public init(modulePath: [String] = [], actionPluginPath: [String] = [], moduleUtilsPath: [String] = [],
                ansiblePython: String? = nil, interpreterPython: String = "auto") {
        self.ansiblePython = ansiblePython
        self.interpreterPython = interpreterPython
        directories = Mutex(Directories(modules: modulePath, actionPlugins: actionPluginPath, moduleUtils: moduleUtilsPath))
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

    func traits(ofModule name: String) -> ActionTraits? {
        builtin.traits(ofModule: name) ?? (library.find(name) != nil ? ActionTraits() : nil)
    }

    /// The content's action for `name`, when Swansible has no module of that name.
    func contentAction(_ name: String) -> ContentAction? {
        guard !TaskAction.builtinActions.contains(TaskAction.shortName(name)), builtin.traits(ofModule: name) == nil else { return nil }
        return library.find(name)
    }
}
