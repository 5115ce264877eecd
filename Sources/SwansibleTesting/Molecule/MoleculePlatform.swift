import Swansible
import SwansibleYAML

/// One instance of a scenario (`platforms:` in molecule.yml), with the docker driver's keys.
public struct MoleculePlatform: Sendable, Equatable {
    public var name: String
    public var image: String?
    /// Inventory groups the instance belongs to, and groups made children of them.
    public var groups: [String] = []
    public var children: [String] = []
    public var hostname: String?
    public var command: String?
    public var privileged = false
    public var capabilities: [String] = []
    public var cgroupnsMode: String?
    public var volumes: [String] = []
    public var tmpfs: [String] = []
    public var env: [String: String] = [:]
    public var networks: [String] = []
    public var publishedPorts: [String] = []
    public var preBuildImage = false
    public var dockerfile: String?
    public var buildArgs: [String: String] = [:]
    public var securityOpts: [String] = []
    public var user: String?
    /// The platform as written (a Dockerfile.j2 sees it as `item`, as in molecule).
    public var raw: Value = .dict([:])

    /// Keys of the docker driver's platform schema that are accepted and have no effect here.
    static let ignoredKeys: Set<String> = [
        "pull", "registry", "docker_host", "keep_volumes", "restart_policy", "override_command", "exposed_ports",
        "ulimits", "dns_servers", "etc_hosts", "purge_networks", "network_mode", "cert_path", "tls_verify",
        "detach", "stop_signal", "devices", "sysctls", "state", "platform", "buildargs_file", "labels",
    ]
    static let knownKeys: Set<String> = [
        "name", "image", "groups", "children", "hostname", "command", "privileged", "capabilities", "cgroupns_mode",
        "volumes", "tmpfs", "env", "networks", "published_ports", "pre_build_image", "dockerfile", "buildargs",
        "security_opts", "user",
    ]

    init(node: YAMLNode, warn: (String, SourceLocation) -> Void) throws {
        guard let pairs = node.pairs else { throw ScenarioError("a platform must be a mapping", at: node.start) }
        guard let nameNode = node["name"], case .string(let name) = nameNode.value, !name.isEmpty else {
            throw ScenarioError("a platform needs a name", at: node.start)
        }
        self.name = name
        raw = node.value
        for pair in pairs where !Self.knownKeys.contains(pair.key) && !Self.ignoredKeys.contains(pair.key) {
            warn("unknown platform key '\(pair.key)' (ignored)", pair.keyNode.start)
        }
        image = try ScenarioField.string(node["image"])
        groups = try ScenarioField.strings(node["groups"])
        children = try ScenarioField.strings(node["children"])
        hostname = try ScenarioField.string(node["hostname"])
        command = try ScenarioField.string(node["command"])
        privileged = try ScenarioField.bool(node["privileged"]) ?? false
        capabilities = try ScenarioField.strings(node["capabilities"])
        cgroupnsMode = try ScenarioField.string(node["cgroupns_mode"])
        volumes = try ScenarioField.strings(node["volumes"])
        tmpfs = try ScenarioField.strings(node["tmpfs"])
        env = try ScenarioField.stringDict(node["env"])
        networks = try ScenarioField.networkNames(node["networks"])
        publishedPorts = try ScenarioField.strings(node["published_ports"])
        preBuildImage = try ScenarioField.bool(node["pre_build_image"]) ?? false
        dockerfile = try ScenarioField.string(node["dockerfile"])
        buildArgs = try ScenarioField.stringDict(node["buildargs"])
        securityOpts = try ScenarioField.strings(node["security_opts"])
        user = try ScenarioField.string(node["user"])
    }

    public init(name: String, image: String? = nil, groups: [String] = []) {
        self.name = name
        self.image = image
        self.groups = groups
        raw = .dict(["name": .string(name)])
    }
}

/// Typed reads of scenario fields, with the place of a wrong type in the error.
enum ScenarioField {
    static func string(_ node: YAMLNode?) throws -> String? {
        guard let node else { return nil }
        switch node.value {
        case .null: return nil
        case .string(let s): return s
        case .int, .float, .bool: return node.value.pythonString
        default: throw ScenarioError("expected a string, got \(node.value.pythonTypeName)", at: node.start)
        }
    }

    static func bool(_ node: YAMLNode?) throws -> Bool? {
        guard let node else { return nil }
        switch node.value {
        case .null: return nil
        case .bool(let b): return b
        case .string(let s) where ["true", "yes", "on", "1"].contains(s.lowercased()): return true
        case .string(let s) where ["false", "no", "off", "0", ""].contains(s.lowercased()): return false
        default: throw ScenarioError("expected true or false, got \(node.value.pythonString)", at: node.start)
        }
    }

    static func strings(_ node: YAMLNode?) throws -> [String] {
        guard let node else { return [] }
        if case .null = node.value { return [] }
        guard let items = node.items else {
            if let single = try string(node) { return [single] }
            throw ScenarioError("expected a list", at: node.start)
        }
        return try items.compactMap { try string($0) }
    }

    static func stringDict(_ node: YAMLNode?) throws -> [String: String] {
        guard let node else { return [:] }
        if case .null = node.value { return [:] }
        guard let pairs = node.pairs else { throw ScenarioError("expected a mapping", at: node.start) }
        var out: [String: String] = [:]
        for pair in pairs { out[pair.key] = try string(pair.value) ?? "" }
        return out
    }

    /// `networks:` as molecule's docker driver takes it: a list of `{name: ...}` (or of names).
    static func networkNames(_ node: YAMLNode?) throws -> [String] {
        guard let items = node?.items else { return try strings(node) }
        return try items.compactMap { item in
            if item.pairs != nil { return try string(item["name"]) }
            return try string(item)
        }
    }
}
