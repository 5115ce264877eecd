/// What every play's variables are made from besides the play itself: the inventory,
/// ansible.cfg, extra vars, what the run has learned about each host so far, and the run-wide
/// magic variables. The executor builds it once per run.
struct RunVariables: Sendable {
    let config: AnsibleConfig
    /// The inventory, live: add_host and group_by change it while plays run.
    let inventoryStore: InventoryStore
    var inventory: Inventory { inventoryStore.current }
    /// Directory of the first inventory source (`inventory_dir`).
    let inventoryDirectory: String?
    let extraVars: ValueDict
    /// Facts, set_fact and include_vars results per host, as the run goes.
    let learned: any LearnedHostVariables
    /// `ansible_check_mode`, `ansible_forks`, `ansible_run_tags`...: fixed for the run.
    let magic: ValueDict
    /// The connection type a host gets when nothing else names one (`-c`, else ssh).
    var defaultConnection = "ssh"
    /// Where templating tells its warnings (a lookup's), nil to drop them.
    var warn: (@Sendable (String) -> Void)?
}

/// What the run has learned about a host: the variables tasks set, and whether the host is
/// still in the play (`ansible_play_hosts` lists only those).
protocol LearnedHostVariables: Sendable {
    func learned(_ host: String) -> HostLearnedVariables
    func isActive(_ host: String) -> Bool
}

/// One host's variables set while the run goes, each its own precedence level.
struct HostLearnedVariables: Sendable {
    var facts = ValueDict()
    /// set_fact and registered results (set_fact precedence).
    var hostVariables = ValueDict()
    /// include_vars results.
    var includedVariables = ValueDict()
}

/// A variables file named by `vars_files` that does not exist.
struct VariablesError: Error, CustomStringConvertible {
    var description: String
}
