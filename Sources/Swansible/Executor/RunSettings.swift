import Foundation

/// What a run is asked to do, resolved from the command line and ansible.cfg before it starts
/// (`RunOptions.settings` builds it for swansible-playbook).
public struct RunSettings: Sendable {
    /// `-e` variables, parsed.
    public var extraVars: ValueDict = [:]
    /// Those of them under reserved names, and where each was given.
    public var reservedExtraVars: [ReservedVariable] = []
    public var tagSelection = TagSelection(tags: [], skipTags: [])
    /// `--limit`: a host pattern narrowing every play.
    public var limit: String?
    public var checkMode = false
    public var diffMode = false
    public var forks = 5
    public var verbosity = 0
    public var startAtTask: String?
    public var forceHandlers = false
    /// `--step`: ask before each task.
    public var step = false
    /// `vars_prompt` asks on the terminal (else, like ansible-core without one, takes defaults).
    public var interactive = false
    /// Directory of the first inventory source (`inventory_dir`).
    public var inventoryDirectory: String?
    /// `ansible_inventory_sources`: `-i` (else ansible.cfg's) sources, paths made absolute.
    public var inventorySources: [String] = []
    /// `-c`, `-u`, `--private-key`, `-T`.
    public var connection = ConnectionOverrides()
    /// Become unless a task, block, play or host variable says otherwise (`-b`, `--become-user`,
    /// `--become-method` over ansible.cfg).
    public var become = BecomeSettings()

    public init() {}
}
