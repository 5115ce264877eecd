import Foundation
import Testing
@testable import Swansible

/// A fresh directory under the system temp directory, removed by `cleanup()`.
struct ConfigTestDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "swansible-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: ConfigPath.directory(of: full), withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct ConfigTests {
    @Test func readsDefaultsAndResolvesPathsAgainstTheCfgDirectory() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write("project/ansible.cfg", """
            [defaults]
            inventory = hosts.ini, ./more ; inline comment
            remote_user = core
            roles_path = roles:~/shared/roles
            host_key_checking = False
            forks = 20
            ansible_managed = "Managed by {uid}"
            retry_files_enabled = yes
            private_key_file = keys/id_ed25519
            timeout = 30
            gathering: explicit
            # a comment
            custom_key = anything

            [privilege_escalation]
            become = True
            become_user = admin

            [ssh_connection]
            ssh_args = -o ControlMaster=auto -F ssh.cfg
            """)
        let cfg = try AnsibleConfig.load(environment: ["HOME": "/home/u"], currentDirectory: dir.path + "/project")
        let project = dir.path + "/project"
        #expect(cfg.path == project + "/ansible.cfg")
        #expect(cfg.inventory == [project + "/hosts.ini", project + "/more"])
        #expect(cfg.remoteUser == "core")
        #expect(cfg.rolesPath == [project + "/roles", "/home/u/shared/roles"])
        #expect(cfg.hostKeyChecking == false)
        #expect(cfg.forks == 20)
        #expect(cfg.ansibleManaged == "Managed by {uid}")
        #expect(cfg.retryFilesEnabled)
        #expect(cfg.privateKeyFile == project + "/keys/id_ed25519")
        #expect(cfg.timeout == 30)
        #expect(cfg.gathering == "explicit")
        #expect(cfg.become && cfg.becomeUser == "admin" && cfg.becomeMethod == "sudo")
        #expect(cfg.sshArgs == "-o ControlMaster=auto -F ssh.cfg")
        #expect(cfg.sshConfigFile == project + "/ssh.cfg")
        #expect(cfg.value(section: "defaults", key: "CUSTOM_KEY") == "anything")
        #expect(cfg.value(section: "nope", key: "x") == nil)
    }

    @Test func environmentOverridesTheFile() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write("ansible.cfg", "[defaults]\nforks = 20\nremote_user = core\n")
        let env = ["HOME": "/home/u", "ANSIBLE_FORKS": "3", "ANSIBLE_HOST_KEY_CHECKING": "no",
                   "ANSIBLE_INVENTORY": "inv/a,/abs/b", "ANSIBLE_ROLES_PATH": "r1:/r2", "ANSIBLE_BECOME": "yes"]
        let cfg = try AnsibleConfig.load(environment: env, currentDirectory: dir.path)
        #expect(cfg.forks == 3)
        #expect(cfg.remoteUser == "core")
        #expect(!cfg.hostKeyChecking)
        #expect(cfg.inventory == [dir.path + "/inv/a", "/abs/b"])
        #expect(cfg.rolesPath == [dir.path + "/r1", "/r2"])
        #expect(cfg.become)
    }

    @Test func ansibleConfigVariableWinsAndMayNameADirectory() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write("ansible.cfg", "[defaults]\nforks = 1\n")
        try dir.write("elsewhere/ansible.cfg", "[defaults]\nforks = 2\n")
        let byDir = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": dir.path + "/elsewhere"], currentDirectory: dir.path)
        #expect(byDir.forks == 2)
        #expect(byDir.path == dir.path + "/elsewhere/ansible.cfg")
        let local = try AnsibleConfig.load(environment: [:], currentDirectory: dir.path)
        #expect(local.forks == 1)
    }

    @Test func homeConfigIsUsedWhenNoLocalOne() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write("home/.ansible.cfg", "[defaults]\ntimeout = 42\n")
        try FileManager.default.createDirectory(atPath: dir.path + "/work", withIntermediateDirectories: true)
        let cfg = try AnsibleConfig.load(environment: ["HOME": dir.path + "/home"], currentDirectory: dir.path + "/work")
        #expect(cfg.timeout == 42)
        #expect(cfg.path == dir.path + "/home/.ansible.cfg")
    }

    @Test func defaultsWithoutAnyFile() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let cfg = try AnsibleConfig.load(environment: ["HOME": dir.path], currentDirectory: dir.path)
        if FileManager.default.fileExists(atPath: "/etc/ansible/ansible.cfg") { return }
        #expect(cfg.path == nil)
        #expect(cfg.inventory == ["/etc/ansible/hosts"])
        #expect(cfg.rolesPath == [dir.path + "/.ansible/roles", "/usr/share/ansible/roles", "/etc/ansible/roles"])
        #expect(cfg.hostKeyChecking && cfg.forks == 5 && cfg.timeout == 10 && !cfg.become)
        #expect(cfg.gathering == "implicit" && cfg.sshConfigFile == nil && cfg.ansibleManaged == nil)
    }

    @Test func worldWritableDirectoryIsSkippedWithAWarning() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write("ansible.cfg", "[defaults]\nforks = 9\n")
        chmod(dir.path, 0o777)
        let cfg = try AnsibleConfig.load(environment: ["HOME": dir.path + "/nohome"], currentDirectory: dir.path)
        #expect(cfg.forks != 9)
        #expect(cfg.warnings.first?.contains("world writable directory") == true)
    }

    @Test func sshConfigFileFallsBackToTheCfgDirectory() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write("cfgdir/ansible.cfg", "[ssh_connection]\nssh_args = -C '-Fvagrant ssh.conf'\n")
        try dir.write("cfgdir/vagrant ssh.conf", "Host x\n")
        try FileManager.default.createDirectory(atPath: dir.path + "/cwd", withIntermediateDirectories: true)
        let cfg = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": dir.path + "/cfgdir/ansible.cfg"], currentDirectory: dir.path + "/cwd")
        #expect(cfg.sshConfigFile == dir.path + "/cfgdir/vagrant ssh.conf")
    }

    @Test func badValuesNameFileAndLine() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write("ansible.cfg", "[defaults]\n\nforks = many\n")
        let error = try #require(throws: ConfigError.self) { try AnsibleConfig.load(environment: [:], currentDirectory: dir.path) }
        #expect(error.place == SourcePlace(file: dir.path + "/ansible.cfg", line: 3))
        #expect(error.description.hasPrefix(dir.path + "/ansible.cfg:3: "))
        let envError = try #require(throws: ConfigError.self) {
            try AnsibleConfig.load(environment: ["ANSIBLE_TIMEOUT": "soon", "ANSIBLE_CONFIG": "/nonexistent"], currentDirectory: "/nonexistent")
        }
        #expect(envError.description.contains("ANSIBLE_TIMEOUT"))
    }

    @Test func iniSyntaxErrorsNameTheLine() throws {
        #expect(throws: ConfigError.self) { try INIConfigFile(path: "a.cfg", text: "forks = 1\n") }
        let dup = try #require(throws: ConfigError.self) { try INIConfigFile(path: "a.cfg", text: "[d]\nx=1\nX = 2\n") }
        #expect(dup.place?.line == 3)
        let bad = try #require(throws: ConfigError.self) { try INIConfigFile(path: "a.cfg", text: "[d]\njust words\n") }
        #expect(bad.place?.line == 2)
    }

    @Test func iniContinuationLinesAndComments() throws {
        let ini = try INIConfigFile(path: "a.cfg", text: "[d]\nlong = one\n  two\n; comment\nq = 'quoted' ; trailing\nsemi = a;b\n")
        #expect(ini.entry(section: "d", key: "long")?.value == "one\ntwo")
        #expect(ini.entry(section: "d", key: "q")?.value == "'quoted'")
        #expect(ini.entry(section: "d", key: "semi")?.value == "a;b")
    }

    @Test func shellWordsSplitLikeShlex() throws {
        #expect(try ShellWords.split(#"-C -o "A B" 'c d' e\ f -F"x y""#) == ["-C", "-o", "A B", "c d", "e f", "-Fx y"])
        #expect(throws: ShellWords.UnclosedQuote.self) { try ShellWords.split("'open") }
    }

    @Test func pathsNormaliseLikePython() {
        #expect(ConfigPath.normalize("/a/./b/../c//d/") == "/a/c/d")
        #expect(ConfigPath.normalize("a/../../b") == "../b")
        #expect(ConfigPath.expandVariables("$HOME/x/${U}/$NOPE", environment: ["HOME": "/h", "U": "u"]) == "/h/x/u/$NOPE")
    }
}
