extension AnsibleConfig {
    /// The settings of an ansible.cfg given as text (no environment, no file search): for the
    /// parser fuzzer (`swansible-fuzz config`).
    package static func parsing(_ text: String, path: String, currentDirectory: String = "/") throws -> AnsibleConfig {
        var config = AnsibleConfig()
        config.path = path
        config.file = try INIConfigFile(path: path, text: text)
        try config.apply(ConfigSettingReader(file: config.file, environment: [:], currentDirectory: currentDirectory))
        return config
    }
}
