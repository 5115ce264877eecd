/// What loading a playbook needs to know about the modules its tasks name. Modules come later
/// in the pipeline, so the loader receives this instead of naming them: the module registry
/// answers it, and tests can answer it with a small table.
public protocol ActionCatalog: Sendable {
    /// The loading traits of the module that answers to `name` (`shell`,
    /// `ansible.builtin.shell`), or nil when no module does.
    func traits(ofModule name: String) -> ActionTraits?
}

/// The traits of a module that change how a task naming it is read.
public struct ActionTraits: Sendable, Equatable {
    /// Its free-form text is a command line (command, shell, raw, script): only
    /// `KeyValueArguments.freeFormKeys` are taken out of it, every other `k=v` stays in
    /// `_raw_params`.
    public var freeFormIsCommandLine: Bool

    public init(freeFormIsCommandLine: Bool = false) {
        self.freeFormIsCommandLine = freeFormIsCommandLine
    }
}
