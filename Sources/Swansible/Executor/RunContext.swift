import Foundation

/// Everything a run shares between plays, tasks and hosts. Immutable apart from the
/// lock-guarded host state and the connection pool.
struct RunContext: Sendable {
    let config: AnsibleConfig
    let inventory: Inventory
    /// Directory of the first inventory source (`inventory_dir`).
    let inventoryDirectory: String?
    let options: RunOptions
    let extraVars: ValueDict
    let callback: any OutputCallback
    let loader: PlaybookLoader
    let hosts: HostStateStore
    let connections: ConnectionPool
    let tagSelection: TagSelection
    let forks: Int
    let sshClientConfig: SSHClientConfig?
    let localTempDirectory: String
}
