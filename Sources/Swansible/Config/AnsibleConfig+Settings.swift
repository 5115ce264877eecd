import Foundation
import SwansibleYAML

/// The fields of `AnsibleConfig` from the settings of `ConfigSetting.table`, read with their
/// origins; the settings Swansible checks beyond their type (duplicate_dict_key, hash_behaviour,
/// the ssh arguments' `-F`) are checked here.
extension AnsibleConfig {
    /// ansible-core's REJECT_EXTS: file endings an inventory directory always skips.
    static let rejectedExtensions = [".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst"]

    mutating func apply(_ r: ConfigSettingReader) throws {
        let s = try r.read(ConfigSetting.table)
        settings = s
        inventory = s.strings(.hostList) ?? inventory
        remoteUser = s.string(.remoteUser)
        remotePort = s.int(.remotePort)
        rolesPath = s.strings(.rolesPath) ?? rolesPath
        collectionsPath = s.strings(.collectionsPath) ?? collectionsPath
        modulePath = s.strings(.modulePath) ?? []
        actionPluginPath = s.strings(.actionPluginPath) ?? []
        moduleUtilsPath = s.strings(.moduleUtilsPath) ?? []
        interpreterPython = s.string(.interpreterPython) ?? "auto"
        deprecationWarnings = s.bool(.deprecationWarnings) ?? true
        hostKeyChecking = s.bool(.sshHostKeyChecking) ?? true
        forks = s.int(.forks) ?? 5
        ansibleManaged = s.changed(.managedString)?.value.stringValue
        retryFilesEnabled = s.bool(.retryFilesEnabled) ?? false
        showCustomStats = s.bool(.showCustomStats) ?? false
        errorOnMissingHandler = s.bool(.errorOnMissingHandler) ?? true
        localhostWarning = s.bool(.localhostWarning) ?? true
        retryFilesSavePath = s.string(.retryFilesSavePath)
        privateKeyFile = s.string(.privateKeyFile)
        timeout = s.int(.timeout) ?? 10
        become = s.bool(.become) ?? false
        becomeUser = s.string(.becomeUser) ?? "root"
        becomeMethod = s.string(.becomeMethod) ?? "sudo"
        becomeAskPass = s.bool(.becomeAskPass) ?? false
        becomePasswordFile = s.string(.becomePasswordFile)
        becomePassword = s.string(.becomePassword).flatMap { $0.isEmpty ? nil : $0 }
        callbacksEnabled = s.strings(.callbacksEnabled) ?? []
        stdoutCallback = s.string(.stdoutCallback) ?? "default"
        forceColor = s.bool(.forceColor) ?? false
        noColor = s.bool(.noColor) ?? false
        for ((key, colour), setting) in zip(ConfigSetting.colourDefaults, ConfigSetting.colours) {
            if let name = s.string(setting), name != colour { colourNames[key] = name }
        }
        gathering = s.string(.gathering) ?? "implicit"
        if let setting = s.changed(.duplicateDictKey), let text = setting.text {
            guard let policy = YAMLDuplicateKeys(rawValue: ConfigSettingReader.unquote(text).lowercased()) else {
                throw r.error(setting.origin, "duplicate_dict_key must be one of warn, error, ignore; got \(String(reflecting: text))")
            }
            duplicateDictKey = policy
        }
        try refuseUnsupported(s, r)
        readVaultSettings(s)
        if let extensions = s.changed(.inventoryIgnoreExtensions).flatMap({ s.strings($0.setting) }) {
            inventoryIgnoreExtensions = Self.rejectedExtensions + extensions
        }
        if let patterns = s.changed(.inventoryIgnorePatterns).flatMap({ s.strings($0.setting) }) {
            inventoryIgnorePatterns = patterns
        }

        sshArgs = s.string(.sshArgs)
        sshCommonArgs = s.string(.sshCommonArgs)
        sshExtraArgs = s.string(.sshExtraArgs)
        sshConfigFile = try findSSHConfigFile(r)
    }

    /// Settings ansible-core has that would change what a run does, but that Swansible does not
    /// implement yet: refused (or warned about) rather than silently ignored.
    private mutating func refuseUnsupported(_ s: ConfigSettingValues, _ r: ConfigSettingReader) throws {
        if let setting = s.changed(.hashBehaviour), let text = setting.text,
           ConfigSettingReader.unquote(text).lowercased() != "replace" {
            throw r.error(setting.origin, "hash_behaviour = \(ConfigSettingReader.unquote(text)) is not supported by Swansible; only replace (ansible's default) is")
        }
    }

    /// Where vault passwords come from when the command line does not say.
    private mutating func readVaultSettings(_ s: ConfigSettingValues) {
        vaultPasswordFile = s.string(.vaultPasswordFile)
        vaultIdentityList = s.strings(.vaultIdentityList) ?? []
        vaultIdentity = s.string(.vaultIdentity) ?? "default"
        // ansible-core declares no type for it (a string); Swansible reads it as a lenient boolean.
        vaultIDMatch = s.changed(.vaultIDMatch)?.text.map(ConfigSettingReader.isTrue) ?? false
        vaultEncryptIdentity = s.string(.vaultEncryptIdentity)
        vaultEncryptSalt = s.string(.vaultEncryptSalt)
    }

    /// The `-F FILE` (or `-FFILE`) of the ssh arguments; a relative FILE is looked for in the
    /// current directory, then beside the cfg file.
    private func findSSHConfigFile(_ r: ConfigSettingReader) throws -> String? {
        for args in [sshArgs, sshCommonArgs, sshExtraArgs].compactMap({ $0 }) {
            let words: [String]
            do { words = try ShellWords.split(args) } catch {
                throw ConfigError(file: path, line: nil, message: "cannot split the ssh arguments \(String(reflecting: args)): \(error)")
            }
            var file: String?
            for (i, word) in words.enumerated() {
                if word == "-F", i + 1 < words.count { file = words[i + 1]; break }
                if word.hasPrefix("-F"), word.count > 2 { file = String(word.dropFirst(2)); break }
            }
            guard let file else { continue }
            let expanded = ConfigPath.expandUser(file, environment: r.environment)
            if expanded.hasPrefix("/") { return ConfigPath.normalize(expanded) }
            let inCurrent = ConfigPath.resolve(expanded, base: r.currentDirectory, environment: r.environment)
            if FileManager.default.fileExists(atPath: inCurrent) { return inCurrent }
            if let path {
                let besideConfig = ConfigPath.resolve(expanded, base: ConfigPath.directory(of: path), environment: r.environment)
                if FileManager.default.fileExists(atPath: besideConfig) { return besideConfig }
            }
            return inCurrent
        }
        return nil
    }
}

extension ConfigSettingValues {
    /// The value of `setting` in this configuration.
    public subscript(setting: ConfigSetting) -> ConfigSettingValue? { self[setting.id] }

    /// The value of `setting` when the environment or the file sets it, nil when it is the default.
    func changed(_ setting: ConfigSetting) -> ConfigSettingValue? {
        self[setting.id].flatMap { $0.isChanged ? $0 : nil }
    }

    func string(_ setting: ConfigSetting) -> String? { self[setting.id]?.value.stringValue }
    func strings(_ setting: ConfigSetting) -> [String]? { self[setting.id]?.value.listValue?.compactMap(\.stringValue) }
    func int(_ setting: ConfigSetting) -> Int? {
        if case .int(let i)? = self[setting.id]?.value { return i }
        return nil
    }
    func bool(_ setting: ConfigSetting) -> Bool? {
        if case .bool(let b)? = self[setting.id]?.value { return b }
        return nil
    }
}
