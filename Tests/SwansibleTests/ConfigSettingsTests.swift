import Foundation
import SwansibleYAML
import Testing
@testable import Swansible

/// Settings that change what a run does are either honoured or refused, never read and dropped.
@Suite struct ConfigSettingsTests {
    func load(_ cfg: String, environment: [String: String] = [:]) throws -> (AnsibleConfig, ConfigTestDirectory) {
        let dir = try ConfigTestDirectory()
        try dir.write("ansible.cfg", cfg)
        return (try AnsibleConfig.load(environment: environment, currentDirectory: dir.path), dir)
    }

    @Test func hashBehaviourMergeIsRefusedAtItsLine() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("ansible.cfg", "[defaults]\nforks = 3\nhash_behaviour = merge\n")
        let error = try #require(throws: ConfigError.self) { try AnsibleConfig.load(environment: [:], currentDirectory: dir.path) }
        #expect(error.place == SourcePlace(file: path, line: 3))
        #expect(error.message.contains("hash_behaviour = merge is not supported"))
        let (config, other) = try load("[defaults]\nhash_behaviour = replace\n")
        defer { other.cleanup() }
        #expect(config.forks == 5)
    }

    @Test func duplicateDictKeyIsReadAndValidated() throws {
        let (config, dir) = try load("[defaults]\nduplicate_dict_key = error\n")
        defer { dir.cleanup() }
        #expect(config.duplicateDictKey == .error)
        let (fromEnvironment, other) = try load("", environment: ["ANSIBLE_DUPLICATE_YAML_DICT_KEY": "ignore"])
        defer { other.cleanup() }
        #expect(fromEnvironment.duplicateDictKey == .ignore)
        let bad = try ConfigTestDirectory()
        defer { bad.cleanup() }
        try bad.write("ansible.cfg", "[defaults]\nduplicate_dict_key = sometimes\n")
        #expect(throws: ConfigError.self) { try AnsibleConfig.load(environment: [:], currentDirectory: bad.path) }
    }

    @Test func duplicateKeysInAPlaybookFailWhenConfiguredToError() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let playbook = try dir.write("site.yml", "- hosts: all\n  vars:\n    a: 1\n    a: 2\n  tasks: []\n")
        let strict = PlaybookLoader(isKnownModule: { _ in true }, duplicateKeys: .error)
        #expect(throws: (any Error).self) { try strict.load(path: playbook) }
        let warnings = WarningLog()
        let lenient = PlaybookLoader(isKnownModule: { _ in true }, duplicateKeys: .ignore, onWarning: { warnings.append($0) })
        _ = try lenient.load(path: playbook)
        #expect(warnings.messages.isEmpty)
    }

    @Test func vaultSettingsAreRead() throws {
        let (config, dir) = try load("""
            [defaults]
            vault_password_file = ~/.vault_pass
            vault_identity_list = dev@dev.pw, prod@prompt
            vault_id_match = true
            vault_encrypt_identity = dev
            """)
        defer { dir.cleanup() }
        #expect(config.vaultPasswordFile?.hasSuffix("/.vault_pass") == true)
        #expect(config.vaultIdentityList == ["dev@dev.pw", "prod@prompt"])
        #expect(config.vaultIDMatch)
        #expect(config.vaultEncryptIdentity == "dev")
        #expect(config.warnings.isEmpty)
        let passwords = VaultPasswords(vaultIDs: ["ops@ops.pw"], askVaultPass: true)
        #expect(passwords.identities(config: config) == ["dev@dev.pw", "prod@prompt", "ops@ops.pw", "default@\(config.vaultPasswordFile!)", "default@prompt_ask_vault_pass"])
    }

    @Test func commandLineResolvesOverTheConfiguration() throws {
        let (config, dir) = try load("[defaults]\nforks = 7\n[privilege_escalation]\nbecome = true\nbecome_user = admin\nbecome_method = sudo\n")
        defer { dir.cleanup() }
        var options = RunOptions()
        options.limit = ["a", "b"]
        options.tags = ["x,y"]
        options.extraVars = ["k=v"]
        options.becomeUser = "ops"
        let settings = try options.settings(config: config, currentDirectory: dir.path)
        #expect(settings.limit == "b")
        #expect(settings.forks == 7)
        #expect(settings.tagSelection.only == ["x", "y"])
        #expect(settings.extraVars == ["k": "v"])
        #expect(settings.become == BecomeSettings(enabled: true, user: "ops", method: "sudo"))
        options.forks = 2
        options.becomeMethod = "su"
        let overridden = try options.settings(config: config, currentDirectory: dir.path)
        #expect(overridden.forks == 2)
        #expect(overridden.become.unsupportedMethodMessage?.contains("'su' is not supported by Swansible") == true)
    }

    @Test func unknownBecomeMethodsGetAnsiblesWordingAndOnlyWhenBecoming() {
        var become = BecomeSettings(enabled: true, method: "nosuch")
        #expect(become.unsupportedMethodMessage == "Invalid become method specified, could not find matching plugin: 'nosuch'. Use `ansible-doc -t become -l` to list available plugins.")
        become.enabled = false
        #expect(become.unsupportedMethodMessage == nil)
    }

    @Test func remotePortIsTheDefaultPortBelowHostVariables() throws {
        let (config, dir) = try load("[defaults]\nremote_port = 2222\n")
        defer { dir.cleanup() }
        func port(_ variables: [String: String]) throws -> Int? {
            let settings = try ConnectionSettings(
                host: "h", variable: { variables[$0] }, overrides: ConnectionOverrides(), config: config,
                sshClientConfig: nil, playRemoteUser: nil)
            guard case .ssh(let target) = settings.kind else { return nil }
            return target.port
        }
        #expect(try port([:]) == 2222)
        #expect(try port(["ansible_port": "2200"]) == 2200)
    }
}
