import Foundation
import Swansible
import SwansibleYAML

/// A molecule scenario: `molecule/<name>/molecule.yml` and the playbooks beside it, read with
/// molecule's schema. Unknown keys are warned about (once each); wrong types are refused with
/// the file and line.
public struct MoleculeScenario: Sendable {
    public var name: String
    /// The scenario's directory (`<role>/molecule/<name>`), or nil for the built-in scenario.
    public var directory: String?
    public var driver = "docker"
    public var platforms: [MoleculePlatform]
    public var provisioner = Provisioner()
    public var verifier = "ansible"
    public var dependency = Dependency()
    public var sequences: [String: [SequenceStep]] = [:]
    /// What was noticed while reading (unknown keys, a podman driver run on Docker...).
    public var notices: [String] = []

    public struct Provisioner: Sendable {
        /// Playbooks by step (`converge: converge.yml`), as absolute paths.
        public var playbooks: [String: String] = [:]
        public var env: [String: String] = [:]
        /// ansible.cfg sections for the run (`defaults: {fact_caching: ...}`).
        public var configOptions: [String: [String: String]] = [:]
        /// ansible-playbook options: `vvv: true` → `-vvv`, `diff: true` → `--diff`.
        public var options: [String] = []
        public var groupVars: [String: Value] = [:]
        public var hostVars: [String: Value] = [:]
        /// `inventory.links`: files or directories used as the inventory's group_vars/host_vars/hosts.
        public var links: [String: String] = [:]
    }

    public struct Dependency: Sendable {
        public var name = "galaxy"
        public var enabled = true
        public var requirementsFile: String?
        public var roleFile: String?
        /// `options.ignore-errors`: a dependency that cannot be had is a warning.
        public var ignoreErrors = false
    }

    static let topLevelKeys: Set<String> = [
        "dependency", "driver", "platforms", "provisioner", "verifier", "scenario", "lint", "log", "prerun",
        "role_name_check", "shared_state", "ansible",
    ]

    /// Steps of the `test` sequence (or another, by command).
    public func sequence(_ command: String) -> [SequenceStep] {
        if let custom = sequences[command] { return custom }
        let steps: [TestStep]
        switch command {
        case "check": steps = TestSequence.check
        case "converge": steps = TestSequence.converge
        case "create": steps = TestSequence.create
        case "destroy": steps = TestSequence.destroy
        default: steps = TestSequence.test
        }
        return steps.map { SequenceStep($0) }
    }

    /// Reads `directory/molecule.yml`, substituting `${VAR}` from `environment` first.
    public static func load(directory: String, environment: [String: String]) throws -> MoleculeScenario {
        let path = directory + "/molecule.yml"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError("cannot read \(path)")
        }
        let substituted: String
        do {
            substituted = try ScenarioInterpolation.substitute(text, environment: environment)
        } catch let failure as ScenarioInterpolation.Failure {
            throw ScenarioError(failure.message, at: SourceLocation(file: path, line: failure.line, column: failure.column))
        }
        let node: YAMLNode?
        do {
            node = try YAMLLoader.loadNode(substituted, file: path)
        } catch {
            throw ScenarioError("\(error)")
        }
        let name = (directory as NSString).lastPathComponent
        return try MoleculeScenario(node: node, name: name, directory: directory)
    }

    init(node: YAMLNode?, name: String, directory: String?) throws {
        self.name = name
        self.directory = directory
        platforms = []
        guard let node, node.pairs != nil else {
            throw ScenarioError("molecule.yml must be a mapping", at: node?.start)
        }
        var notices: [String] = []
        func warn(_ message: String, _ at: SourceLocation) { notices.append("\(at): \(message)") }
        for pair in node.pairs ?? [] where !Self.topLevelKeys.contains(pair.key) {
            warn("unknown key '\(pair.key)' (ignored)", pair.keyNode.start)
        }
        if let driverNode = node["driver"] {
            let driverName = try ScenarioField.string(driverNode["name"]) ?? "docker"
            switch driverName {
            case "docker": break
            case "podman": notices.append("the podman driver's scenario runs on Docker")
            case "default", "delegated":
                throw ScenarioError("the \(driverName) driver (instances you create yourself) is not supported; use driver: docker", at: driverNode.start)
            default:
                throw ScenarioError("driver '\(driverName)' is not supported (docker and podman are)", at: driverNode.start)
            }
        }
        guard let platformItems = node["platforms"]?.items, !platformItems.isEmpty else {
            throw ScenarioError("platforms: at least one platform is needed", at: node["platforms"]?.start ?? node.start)
        }
        platforms = try platformItems.map { try MoleculePlatform(node: $0, warn: warn) }
        var seen: Set<String> = []
        for (platform, item) in zip(platforms, platformItems) where !seen.insert(platform.name).inserted {
            throw ScenarioError("platform name '\(platform.name)' is used twice", at: item.start)
        }
        let base = directory ?? FileManager.default.currentDirectoryPath
        provisioner = try Self.provisioner(node["provisioner"], ansible: node["ansible"], base: base, warn: warn)
        if let verifierNode = node["verifier"] {
            verifier = try ScenarioField.string(verifierNode["name"]) ?? "ansible"
            if verifier != "ansible" {
                warn("verifier '\(verifier)' is not supported (it needs Python on the hosts): the verify step is skipped", verifierNode.start)
            }
        }
        if let dependencyNode = node["dependency"] {
            dependency.name = try ScenarioField.string(dependencyNode["name"]) ?? "galaxy"
            dependency.enabled = try ScenarioField.bool(dependencyNode["enabled"]) ?? true
            dependency.requirementsFile = try ScenarioField.string(dependencyNode["options"]?["requirements-file"])
            dependency.roleFile = try ScenarioField.string(dependencyNode["options"]?["role-file"])
            dependency.ignoreErrors = try ScenarioField.bool(dependencyNode["options"]?["ignore-errors"]) ?? false
        }
        if let scenarioNode = node["scenario"] {
            for pair in scenarioNode.pairs ?? [] {
                if pair.key == "name" { self.name = try ScenarioField.string(pair.value) ?? name; continue }
                guard pair.key.hasSuffix("_sequence") else {
                    warn("unknown scenario key '\(pair.key)' (ignored)", pair.keyNode.start)
                    continue
                }
                let command = String(pair.key.dropLast("_sequence".count))
                do {
                    sequences[command] = try TestSequence.parse(try ScenarioField.strings(pair.value), key: pair.key)
                } catch let error as ScenarioError {
                    throw ScenarioError(error.message, at: pair.value.start)
                }
            }
        }
        self.notices = notices
    }

    /// The built-in scenario of a role without `molecule/`: one CoreOS-like instance.
    public static func builtIn() -> MoleculeScenario {
        MoleculeScenario(name: "default", directory: nil, platforms: [MoleculePlatform(name: "instance")])
    }

    private init(name: String, directory: String?, platforms: [MoleculePlatform]) {
        self.name = name
        self.directory = directory
        self.platforms = platforms
    }

    private static func provisioner(_ node: YAMLNode?, ansible: YAMLNode?, base: String,
                                    warn: (String, SourceLocation) -> Void) throws -> Provisioner {
        var result = Provisioner()
        // Molecule 25's `ansible:` section carries the same settings under other names.
        let known: Set<String> = ["name", "playbooks", "env", "config_options", "options", "inventory", "log",
                                  "ansible_args", "connection_options", "lint", "additional_files_or_dirs",
                                  "cfg", "executor"]
        for section in [node, ansible].compactMap({ $0 }) {
            for pair in section.pairs ?? [] where !known.contains(pair.key) {
                warn("unknown provisioner key '\(pair.key)' (ignored)", pair.keyNode.start)
            }
            for pair in section["playbooks"]?.pairs ?? [] {
                guard let file = try ScenarioField.string(pair.value) else { continue }
                result.playbooks[pair.key] = file.hasPrefix("/") ? file : base + "/" + file
            }
            result.env.merge(try ScenarioField.stringDict(section["env"])) { $1 }
            for options in [section["config_options"], section["cfg"]].compactMap({ $0 }) {
                for pair in options.pairs ?? [] {
                    result.configOptions[pair.key, default: [:]].merge(try ScenarioField.stringDict(pair.value)) { $1 }
                }
            }
            for pair in section["options"]?.pairs ?? [] {
                result.options += try playbookOption(pair.key, pair.value)
            }
            result.options += try ScenarioField.strings(section["ansible_args"])
            if let inventory = section["inventory"] {
                if case .dict(let d) = inventory["group_vars"]?.value ?? .null { for (k, v) in d { result.groupVars[k] = v } }
                if case .dict(let d) = inventory["host_vars"]?.value ?? .null { for (k, v) in d { result.hostVars[k] = v } }
                for (key, path) in try ScenarioField.stringDict(inventory["links"]) {
                    result.links[key] = path.hasPrefix("/") ? path : base + "/" + path
                }
            }
        }
        return result
    }

    /// One `provisioner.options` entry as ansible-playbook arguments.
    private static func playbookOption(_ key: String, _ node: YAMLNode) throws -> [String] {
        let flag = key.count == 1 || key.allSatisfy({ $0 == "v" }) ? "-" + key : "--" + key
        switch node.value {
        case .bool(let on): return on ? [flag] : []
        case .null: return [flag]
        case .dict, .list: return [flag, node.value.jsonText()]
        default: return [flag, node.value.pythonString]
        }
    }
}
