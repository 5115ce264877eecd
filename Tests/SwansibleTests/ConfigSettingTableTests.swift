import Foundation
import SwansibleYAML
import Testing
@testable import Swansible

/// `ConfigSetting.table` is the one place settings are declared: every field of `AnsibleConfig`
/// is read through it, and every value keeps where it came from.
@Suite struct ConfigSettingTableTests {
    /// Each setting of the table with a value to give it and what that value does to the fields.
    struct Probe: Sendable {
        var setting: ConfigSetting
        var text: String
        /// The fields this setting reads into (names of `AnsibleConfig`'s stored properties).
        var fields: [String]
        var check: @Sendable (AnsibleConfig) -> Bool
    }

    static let probes: [Probe] = [
        Probe(setting: .ansibleHome, text: "/ah", fields: []) { $0.rolesPath.first == "/ah/roles" },
        Probe(setting: .hostList, text: "/a, /b", fields: ["inventory"]) { $0.inventory == ["/a", "/b"] },
        Probe(setting: .remoteUser, text: "core", fields: ["remoteUser"]) { $0.remoteUser == "core" },
        Probe(setting: .remotePort, text: "2222", fields: ["remotePort"]) { $0.remotePort == 2222 },
        Probe(setting: .rolesPath, text: "/r1:/r2", fields: ["rolesPath"]) { $0.rolesPath == ["/r1", "/r2"] },
        Probe(setting: .collectionsPath, text: "/c1:/c2/ansible_collections", fields: ["collectionsPath"]) {
            $0.collectionsPath == ["/c1", "/c2/ansible_collections"]
        },
        Probe(setting: .modulePath, text: "/m1:/m2", fields: ["modulePath"]) { $0.modulePath == ["/m1", "/m2"] },
        Probe(setting: .actionPluginPath, text: "/a1", fields: ["actionPluginPath"]) { $0.actionPluginPath == ["/a1"] },
        Probe(setting: .moduleUtilsPath, text: "/u1", fields: ["moduleUtilsPath"]) { $0.moduleUtilsPath == ["/u1"] },
        Probe(setting: .interpreterPython, text: "/usr/bin/python3", fields: ["interpreterPython"]) { $0.interpreterPython == "/usr/bin/python3" },
        Probe(setting: .deprecationWarnings, text: "no", fields: ["deprecationWarnings"]) { !$0.deprecationWarnings },
        Probe(setting: .hostKeyChecking, text: "no", fields: []) { !$0.hostKeyChecking },
        Probe(setting: .forks, text: "17", fields: ["forks"]) { $0.forks == 17 },
        Probe(setting: .managedString, text: "Hands off", fields: ["ansibleManaged"]) { $0.ansibleManaged == "Hands off" },
        Probe(setting: .retryFilesEnabled, text: "yes", fields: ["retryFilesEnabled"]) { $0.retryFilesEnabled },
        Probe(setting: .showCustomStats, text: "yes", fields: ["showCustomStats"]) { $0.showCustomStats },
        Probe(setting: .errorOnMissingHandler, text: "no", fields: ["errorOnMissingHandler"]) { !$0.errorOnMissingHandler },
        Probe(setting: .localhostWarning, text: "no", fields: ["localhostWarning"]) { !$0.localhostWarning },
        Probe(setting: .retryFilesSavePath, text: "/retries", fields: ["retryFilesSavePath"]) { $0.retryFilesSavePath == "/retries" },
        Probe(setting: .privateKeyFile, text: "/k", fields: ["privateKeyFile"]) { $0.privateKeyFile == "/k" },
        Probe(setting: .timeout, text: "33", fields: ["timeout"]) { $0.timeout == 33 },
        Probe(setting: .become, text: "true", fields: ["become"]) { $0.become },
        Probe(setting: .becomeUser, text: "admin", fields: ["becomeUser"]) { $0.becomeUser == "admin" },
        Probe(setting: .becomeMethod, text: "su", fields: ["becomeMethod"]) { $0.becomeMethod == "su" },
        Probe(setting: .becomeAskPass, text: "1", fields: ["becomeAskPass"]) { $0.becomeAskPass },
        Probe(setting: .becomePasswordFile, text: "/bpw", fields: ["becomePasswordFile"]) { $0.becomePasswordFile == "/bpw" },
        Probe(setting: .stdoutCallback, text: "minimal", fields: ["stdoutCallback"]) { $0.stdoutCallback == "minimal" },
        Probe(setting: .callbacksEnabled, text: "timer, ansible.posix.profile_tasks", fields: ["callbacksEnabled"]) {
            $0.callbacksEnabled == ["timer", "ansible.posix.profile_tasks"] && $0.profileCallbackEnabled
        },
        Probe(setting: .gathering, text: "smart", fields: ["gathering"]) { $0.gathering == "smart" },
        Probe(setting: .duplicateDictKey, text: "error", fields: ["duplicateDictKey"]) { $0.duplicateDictKey == .error },
        Probe(setting: .hashBehaviour, text: "replace", fields: []) { $0.settings[.hashBehaviour]?.isChanged == true },
        Probe(setting: .vaultPasswordFile, text: "/vpw", fields: ["vaultPasswordFile"]) { $0.vaultPasswordFile == "/vpw" },
        Probe(setting: .vaultIdentityList, text: "a@x, b@y", fields: ["vaultIdentityList"]) { $0.vaultIdentityList == ["a@x", "b@y"] },
        Probe(setting: .vaultIdentity, text: "team", fields: ["vaultIdentity"]) { $0.vaultIdentity == "team" },
        Probe(setting: .vaultIDMatch, text: "yes", fields: ["vaultIDMatch"]) { $0.vaultIDMatch },
        Probe(setting: .vaultEncryptIdentity, text: "dev", fields: ["vaultEncryptIdentity"]) { $0.vaultEncryptIdentity == "dev" },
        Probe(setting: .vaultEncryptSalt, text: "salt", fields: ["vaultEncryptSalt"]) { $0.vaultEncryptSalt == "salt" },
        Probe(setting: .inventoryIgnoreExtensions, text: ".x", fields: ["inventoryIgnoreExtensions"]) {
            $0.inventoryIgnoreExtensions == AnsibleConfig.rejectedExtensions + [".x"]
        },
        Probe(setting: .inventoryIgnorePatterns, text: "^a, b$", fields: ["inventoryIgnorePatterns"]) { $0.inventoryIgnorePatterns == ["^a", "b$"] },
        Probe(setting: .becomePassword, text: "secret", fields: ["becomePassword"]) { $0.becomePassword == "secret" },
        Probe(setting: .sshHostKeyChecking, text: "off", fields: ["hostKeyChecking"]) { !$0.hostKeyChecking },
        Probe(setting: .sshArgs, text: "-F /ssh_config", fields: ["sshArgs", "sshConfigFile"]) {
            $0.sshArgs == "-F /ssh_config" && $0.sshConfigFile == "/ssh_config"
        },
        Probe(setting: .sshCommonArgs, text: "-o A=1", fields: ["sshCommonArgs"]) { $0.sshCommonArgs == "-o A=1" },
        Probe(setting: .sshExtraArgs, text: "-o B=2", fields: ["sshExtraArgs"]) { $0.sshExtraArgs == "-o B=2" },
        Probe(setting: .forceColor, text: "yes", fields: ["forceColor"]) { $0.forceColor },
        Probe(setting: .noColor, text: "1", fields: ["noColor"]) { $0.noColor },
    ] + zip(ConfigSetting.colourDefaults, ConfigSetting.colours).map { entry, setting in
        Probe(setting: setting, text: "color99", fields: ["colourNames"]) { $0.colourNames == [entry.key: "color99"] }
    }

    /// Fields whose defaults are derived from ANSIBLE_HOME (the loaded value is under HOME).
    static let homeDerived: Set<String> = ["rolesPath", "collectionsPath", "modulePath", "actionPluginPath", "moduleUtilsPath"]

    /// Stored properties of `AnsibleConfig` that are not settings.
    static let notSettings: Set<String> = ["path", "warnings", "file", "settings"]

    @Test func settingIDsAreUniqueAndEverySettingIsProbed() {
        let ids = ConfigSetting.table.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(Self.probes.map(\.setting.id)) == Set(ids))
    }

    @Test func everyFieldIsReadThroughTheTable() {
        let fields = Set(Mirror(reflecting: AnsibleConfig()).children.compactMap(\.label))
        let probed = Set(Self.probes.flatMap(\.fields))
        #expect(fields.subtracting(Self.notSettings) == probed, "fields no setting reads: \(fields.subtracting(Self.notSettings).subtracting(probed))")
    }

    /// Each setting, given through its last environment variable (or its first ini entry when it
    /// has none), changes its fields and records that origin.
    @Test(arguments: probes.map(\.setting.id))
    func eachSettingReachesItsFieldsWithItsOrigin(_ id: String) throws {
        let probe = try #require(Self.probes.first { $0.setting.id == id })
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        var environment = ["HOME": dir.path]
        let expectedOrigin: ConfigOrigin
        if let name = probe.setting.env.last {
            environment[name] = probe.text
            expectedOrigin = .environment(name)
        } else {
            let entry = try #require(probe.setting.ini.first)
            let path = try dir.write("ansible.cfg", "[\(entry.section)]\n\(entry.key) = \(probe.text)\n")
            expectedOrigin = .file(path: path, line: 2)
        }
        let config = try AnsibleConfig.load(environment: environment, currentDirectory: dir.path)
        #expect(probe.check(config), "\(id) = \(probe.text) did not reach \(probe.fields)")
        #expect(config.settings[probe.setting]?.origin == expectedOrigin)
    }

    @Test func defaultsOfTheTableAreTheFieldsDefaults() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let loaded = try AnsibleConfig.load(environment: ["HOME": dir.path], currentDirectory: dir.path)
        if FileManager.default.fileExists(atPath: "/etc/ansible/ansible.cfg") { return }
        #expect(loaded.settings.values.allSatisfy { $0.origin == .defaultValue && $0.text == nil })
        #expect(loaded.settings.count == ConfigSetting.table.count)
        let initial = AnsibleConfig()
        for child in Mirror(reflecting: loaded).children {
            guard let label = child.label, !Self.notSettings.contains(label), !Self.homeDerived.contains(label) else { continue }
            let theirs = Mirror(reflecting: initial).children.first { $0.label == label }.map { String(describing: $0.value) }
            #expect(String(describing: child.value) == theirs, "\(label): loaded \(child.value), initial \(theirs ?? "-")")
        }
        #expect(loaded.rolesPath == [dir.path + "/.ansible/roles", "/usr/share/ansible/roles", "/etc/ansible/roles"])
        #expect(loaded.collectionsPath == [dir.path + "/.ansible/collections", "/usr/share/ansible/collections"])
        #expect(loaded.modulePath == [dir.path + "/.ansible/plugins/modules", "/usr/share/ansible/plugins/modules"])
        #expect(loaded.actionPluginPath == [dir.path + "/.ansible/plugins/action", "/usr/share/ansible/plugins/action"])
        #expect(loaded.moduleUtilsPath == [dir.path + "/.ansible/plugins/module_utils", "/usr/share/ansible/plugins/module_utils"])
        #expect(loaded.settings[.managedString]?.value == "Ansible managed" && loaded.ansibleManaged == nil)
    }

    @Test func originsNameTheFileLineTheVariableOrTheDefault() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("ansible.cfg", """
            [defaults]
            forks = 9
            inventory_ignore_extensions = .a
            [inventory]
            ignore_extensions = .b
            [sudo_become_plugin]
            password = from-file
            """)
        let config = try AnsibleConfig.load(
            environment: ["HOME": dir.path, "ANSIBLE_TIMEOUT": "4", "ANSIBLE_BECOME_PASS": "first", "ANSIBLE_SUDO_PASS": "last"],
            currentDirectory: dir.path)
        let s = config.settings
        #expect(s[.forks]?.origin == .file(path: path, line: 2))
        #expect(s[.forks]?.text == "9" && s[.forks]?.value == 9)
        #expect(s[.timeout]?.origin == .environment("ANSIBLE_TIMEOUT"))
        #expect(s[.become]?.origin == .defaultValue && s[.become]?.isChanged == false)
        // A later ini entry wins over an earlier one, the last variable set over the others.
        #expect(s[.inventoryIgnoreExtensions]?.origin == .file(path: path, line: 5))
        #expect(config.inventoryIgnoreExtensions.last == ".b")
        #expect(s[.becomePassword]?.origin == .environment("ANSIBLE_SUDO_PASS") && config.becomePassword == "last")
        #expect(s[.forks]?.origin.dumpText == path)
        #expect(s[.timeout]?.origin.dumpText == "env: ANSIBLE_TIMEOUT")
        #expect(s[.become]?.origin.dumpText == "default")
    }

    @Test func badValuesStillNameWhereTheyCameFrom() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("ansible.cfg", "[defaults]\nforks = many\n")
        let error = try #require(throws: ConfigError.self) { try AnsibleConfig.load(environment: [:], currentDirectory: dir.path) }
        #expect(error.place == SourcePlace(file: path, line: 2))
        #expect(error.message == "invalid value for forks: 'many' is not an integer")
        let fromEnvironment = try #require(throws: ConfigError.self) {
            try AnsibleConfig.load(environment: ["ANSIBLE_DUPLICATE_YAML_DICT_KEY": "sometimes"], currentDirectory: dir.path + "/none")
        }
        #expect(fromEnvironment.message.hasSuffix("(from the environment variable ANSIBLE_DUPLICATE_YAML_DICT_KEY)"))
    }
}
