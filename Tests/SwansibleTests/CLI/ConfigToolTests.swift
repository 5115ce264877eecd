import Foundation
import SwansibleYAML
import Testing
@testable import Swansible

/// `swansible config`'s own behaviour beyond ansible-config's (ConfigToolConformanceTests has
/// the shared part): what it refuses and the plugin sections of `-t all`.
@Suite struct ConfigToolTests {
    func run(_ tool: ConfigTool) -> (out: String, err: String, status: Int32) {
        var out = "", err = ""
        let status = tool.run(write: { out += $0 }, warn: { err += "[WARNING]: \($0)\n" }, error: { err += "[ERROR]: \($0)\n" })
        return (out, err, status)
    }

    func tool(_ action: ConfigTool.Action, in dir: ConfigTestDirectory, environment: [String: String] = [:]) -> ConfigTool {
        var tool = ConfigTool(action: action)
        tool.environment = environment.merging(["HOME": dir.path + "/home"]) { a, _ in a }
        tool.currentDirectory = dir.path
        return tool
    }

    @Test func pluginTypesAndUnknownFormatsAreRefusedClearly() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        var dump = tool(.dump, in: dir)
        dump.type = "connection"
        var result = run(dump)
        #expect(result.status == 2 && result.out.isEmpty)
        #expect(result.err.contains("-t connection alone is not supported"))
        dump.type = "bogus"
        #expect(run(dump).err.contains("invalid choice: 'bogus' (choose from 'all', 'base')"))
        dump.type = "base"
        dump.format = "ini"
        result = run(dump)
        #expect(result.status == 2 && result.err.contains("invalid choice: 'ini' (choose from 'json', 'yaml', 'display')"))
        var list = tool(.list, in: dir)
        list.format = "display"
        #expect(run(list).status == 2)
    }

    @Test func dumpAllAddsThePluginSettingsSwansibleReads() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("ansible.cfg", "[ssh_connection]\nssh_args = -o A=1\nhost_key_checking = no\n")
        var dump = tool(.dump, in: dir, environment: ["ANSIBLE_BECOME_PASS": "pw"])
        dump.type = "all"
        dump.onlyChanged = true
        let result = run(dump)
        #expect(result.status == 0)
        #expect(result.out == """
            CONFIG_FILE() = \(path)

            GALAXY_SERVERS:


            BECOME:
            ======

            sudo:
            ____
            become_pass(env: ANSIBLE_BECOME_PASS) = pw

            CONNECTION:
            ==========

            ssh:
            ___
            host_key_checking(\(path)) = False
            ssh_args(\(path)) = -o A=1

            """)
        dump.type = nil
        #expect(!run(dump).out.contains("ssh_args"))
        dump.format = "json"
        dump.type = "all"
        let json = try Value(jsonText: run(dump).out)
        #expect(json.listValue?.last?.dictValue?["CONNECTION_PLUGINS"]?.listValue?.first?.dictValue?["ssh"]?.listValue?.count == 2)
    }

    @Test func listDescribesEverySetting() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        var list = tool(.list, in: dir)
        let yaml = try YAMLLoader.loadValue(run(list).out, file: "list")
        let names = Set(ConfigSetting.table.filter { $0.scope == .base }.map(\.name))
        #expect(Set(yaml.dictValue?.keys ?? []) == names)
        let forks = yaml.dictValue?["DEFAULT_FORKS"]?.dictValue
        #expect(forks?["default"] == 5 && forks?["type"] == "integer")
        #expect(forks?["env"] == [["name": "ANSIBLE_FORKS"]] && forks?["ini"] == [["key": "forks", "section": "defaults"]])
        #expect(yaml.dictValue?["DEFAULT_ROLES_PATH"]?.dictValue?["default"]?.stringValue?.contains("ANSIBLE_HOME") == true)
        list.format = "json"
        list.type = "all"
        let json = try Value(jsonText: run(list).out)
        #expect(json.dictValue?["PLUGINS"]?.dictValue?["BECOME"]?.dictValue?["sudo"]?.dictValue?["become_pass"] != nil)
    }

    @Test func viewWithoutAFileFailsLikeAnsibleConfig() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let result = run(tool(.view, in: dir))
        if FileManager.default.fileExists(atPath: "/etc/ansible/ansible.cfg") { return }
        #expect(result.status == 1 && result.err == "[ERROR]: Invalid or no config file was supplied\n")
        try dir.write("ansible.cfg", "[defaults]\nforks = 3")
        #expect(run(tool(.view, in: dir)).out == "[defaults]\nforks = 3\n")
    }

    @Test func aBadValueIsAnErrorWithStatusFive() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let result = run(tool(.dump, in: dir, environment: ["ANSIBLE_FORKS": "many"]))
        #expect(result.status == 5 && result.err.contains("ANSIBLE_FORKS"))
    }
}
