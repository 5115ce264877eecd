import SwansibleYAML
/// The registry tells the playbook loader which names are modules and how their tasks read.
extension ModuleRegistry: ActionCatalog {
    public func traits(ofModule name: String) -> ActionTraits? {
        Self.module(named: name).map(Self.loadingTraits)
    }

    static func loadingTraits(of module: any Module.Type) -> ActionTraits {
        ActionTraits(freeFormIsCommandLine: module.freeFormIsCommandLine)
    }
}

extension PlaybookLoader {
    /// A loader for callers that decide which names are modules themselves (tests with a fixed
    /// set): a name is a module when `isKnownModule` says so, and has the traits of the
    /// registered module of that name, or the defaults.
    public init(rolesPath: [String] = [], isKnownModule: @escaping @Sendable (String) -> Bool,
                duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: @escaping @Sendable (String) -> Void = { _ in },
                readYAML: YAMLReader? = nil)
    {
        self.init(rolesPath: rolesPath, actions: ChosenModules(isKnownModule: isKnownModule),
                  duplicateKeys: duplicateKeys, onWarning: onWarning, readYAML: readYAML)
    }
}

/// The modules a caller accepts, with the registry's traits.
private struct ChosenModules: ActionCatalog {
    let isKnownModule: @Sendable (String) -> Bool

    func traits(ofModule name: String) -> ActionTraits? {
        guard isKnownModule(name) else { return nil }
        return ModuleRegistry.module(named: name).map(ModuleRegistry.loadingTraits) ?? ActionTraits()
    }
}
