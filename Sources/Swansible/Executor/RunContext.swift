import Foundation

/// Everything a run shares between plays, tasks and hosts. Immutable apart from the
/// lock-guarded host state and the connection pool.
struct RunContext: Sendable {
    let config: AnsibleConfig
    /// The inventory as add_host and group_by change it.
    let inventoryStore: InventoryStore
    let settings: RunSettings
    let callback: any OutputCallback
    let loader: PlaybookLoader
    let hosts: HostStateStore
    let connections: ConnectionPool
    let sshClientConfig: SSHClientConfig?
    let localTempDirectory: String
    /// `set_stats`'s statistics.
    let customStats = CustomStats()
    /// `ansible.module_utils` for the content's Python modules, built once per run.
    let moduleUtilsArchive = ModuleUtilsArchive()
    /// The run's `async` jobs.
    let asyncJobs = AsyncJobs()
    /// `--step`'s question before each task.
    let step: StepPrompt

    /// The inventory now.
    var inventory: Inventory { inventoryStore.current }

    /// What the plays' variables are made from.
    var variables: RunVariables {
        var variables = RunVariables(
            config: config, inventoryStore: inventoryStore, inventoryDirectory: settings.inventoryDirectory,
            extraVars: settings.extraVars, learned: hosts, magic: [
                "ansible_check_mode": .bool(settings.checkMode),
                "ansible_diff_mode": .bool(settings.diffMode),
                "ansible_forks": .int(settings.forks),
                "ansible_verbosity": .int(settings.verbosity),
                "ansible_run_tags": .list(settings.tagSelection.only.sorted().map(Value.string)),
                "ansible_skip_tags": .list(settings.tagSelection.skip.sorted().map(Value.string)),
                "ansible_inventory_sources": .list(settings.inventorySources.map(Value.string)),
            ])
        if let connection = settings.connection.connection { variables.defaultConnection = connection }
        variables.warn = { [callback] in callback.warning($0) }
        return variables
    }

    /// Templating before any host is chosen (play names, `hosts:`, `serial`): the play's vars
    /// and the extra vars only.
    func playTemplar(_ play: Play) -> AnsibleTemplar {
        AnsibleTemplar(variables: VariableLayers(layers: [play.vars, settings.extraVars], hostLookup: { _ in nil }))
    }
}
