import Foundation
import Swansible

/// Where a scenario's run keeps what outlives one command (molecule's ephemeral directory):
/// `~/.cache/swansible/test/<role>-<hash>/<scenario>/` with the instances' state, the SSH key,
/// the inventory, the generated ansible.cfg and playbooks. The `id` names containers and
/// networks, so two scenarios (or two roles of the same name) never clash.
public struct ScenarioWorkspace: Sendable {
    public var directory: String
    public var id: String
    /// The role's directory, which labels its containers (`swansible test list`, tests).
    public var roleDirectory: String

    public init(role: RoleUnderTest, scenario: String, environment: [String: String]) {
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        roleDirectory = role.directory
        let roleHash = Self.shortHash(role.directory)
        directory = "\(cache)/swansible/test/\(role.name)-\(roleHash)/\(scenario)"
        id = Self.shortHash(role.directory + "\u{0}" + scenario)
    }

    var statePath: String { directory + "/state.json" }
    var keyPath: String { directory + "/id_ed25519" }
    var inventoryPath: String { directory + "/inventory/ansible_inventory.yml" }
    var configPath: String { directory + "/ansible.cfg" }
    var networkName: String { "swansible-test-\(id)" }
    /// The label every container and network of this scenario carries.
    var label: String { "swansible.test=\(id)" }

    func containerName(_ platform: String) -> String { "swansible-test-\(id)-\(platform)" }

    func loadState() -> ScenarioState {
        guard let data = FileManager.default.contents(atPath: statePath),
              let state = try? JSONDecoder().decode(ScenarioState.self, from: data) else { return ScenarioState() }
        return state
    }

    func save(_ state: ScenarioState) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(state), to: statePath)
    }

    /// FNV-1a, 32 bits, as 8 hex digits: stable names, not security.
    static func shortHash(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

/// What `create` made and what the later steps did, kept between commands.
public struct ScenarioState: Codable, Sendable, Equatable {
    public var instances: [InstanceRecord] = []
    public var networks: [String] = []
    public var created = false
    public var prepared = false
    public var converged = false
}

/// One running instance.
public struct InstanceRecord: Codable, Sendable, Equatable {
    public var name: String
    public var container: String
    public var sshPort: Int
    public var address: String
    /// `docker` when the instance has no sshd; nil: SSH as root.
    public var connection: String?

    public init(name: String, container: String, sshPort: Int, address: String, connection: String? = nil) {
        self.name = name
        self.container = container
        self.sshPort = sshPort
        self.address = address
        self.connection = connection
    }
}

/// Writes a file through a temporary file and a rename: never half-written.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw ScenarioError("cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ScenarioError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
