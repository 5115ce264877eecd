import Foundation
import Testing
@testable import Swansible

/// Where the become password of a run comes from: `-K`, `--become-password-file`, ansible.cfg.
@Suite struct BecomePasswordSourceTests {
    typealias Scratch = VaultPasswordsTests.Scratch

    @Test func aFileLosesSurroundingWhitespace() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try dir.write("pw", "  s3cret pw \n")
        let source = BecomePasswordSource(file: "pw")
        #expect(try source.password(config: AnsibleConfig(), currentDirectory: dir.path) == "s3cret pw")
    }

    @Test func anExecutablePrintsThePassword() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try dir.write("pw.sh", "#!/bin/sh\necho ' from script'\n", mode: 0o700)
        #expect(try BecomePasswordSource(file: dir.path + "/pw.sh").password(config: AnsibleConfig(), currentDirectory: "/") == " from script")
    }

    @Test func failuresUseAnsiblesWords() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try dir.write("empty", "\n\n")
        try dir.write("bad.sh", "#!/bin/sh\necho oops >&2\nexit 3\n", mode: 0o700)
        func message(_ file: String) -> String? {
            do {
                _ = try BecomePasswordSource(file: file).password(config: AnsibleConfig(), currentDirectory: dir.path)
                return nil
            } catch { return "\(error)" }
        }
        #expect(message("missing") == "The password file \(dir.path)/missing was not found")
        #expect(message("empty") == "Empty password was provided from file (\(dir.path)/empty)")
        #expect(message("bad.sh") == "The password script \(dir.path)/bad.sh returned an error (rc=3): oops\n")
    }

    @Test func theAskedPasswordUsesAnsiblesPromptAndEndOfInputMeansNone() throws {
        var asked: [String] = []
        let answer = try BecomePasswordSource(ask: true).password(config: AnsibleConfig(), currentDirectory: "/") {
            asked.append($0)
            return "typed"
        }
        #expect(answer == "typed")
        #expect(asked == ["BECOME password: "])
        let none = try BecomePasswordSource(ask: true).password(config: AnsibleConfig(), currentDirectory: "/") { _ in
            throw VaultPasswords.EndOfInput()
        }
        #expect(none == nil)
    }

    /// `-k`: `SSH password: `; with `-K` too, the become question offers the SSH password.
    @Test func theConnectionPasswordIsAskedFirstAndIsTheBecomeDefault() throws {
        var asked: [String] = []
        let ssh = try ConnectionPasswordSource(ask: true).password(currentDirectory: "/") { asked.append($0); return "ssh pw" }
        let become = try BecomePasswordSource(ask: true).password(config: AnsibleConfig(), currentDirectory: "/", connectionPassword: ssh) {
            asked.append($0); return ""
        }
        #expect(asked == ["SSH password: ", "BECOME password[defaults to SSH password]: "])
        #expect(ssh == "ssh pw" && become == "ssh pw")
        #expect(try ConnectionPasswordSource().password(currentDirectory: "/") { _ in "never" } == nil)
        let dir = try Scratch()
        defer { dir.cleanup() }
        try dir.write("conn", "from file\n")
        #expect(try ConnectionPasswordSource(file: "conn").password(currentDirectory: dir.path) == "from file")
    }

    @Test func ansibleCfgAsksWhenTheCommandLineDoesNotSay() throws {
        var config = AnsibleConfig()
        config.becomeAskPass = true
        let answer = try BecomePasswordSource().password(config: config, currentDirectory: "/") { _ in "cfg" }
        #expect(answer == "cfg")
        #expect(try BecomePasswordSource().password(config: AnsibleConfig(), currentDirectory: "/") { _ in "never" } == nil)
    }

    @Test func sudosOwnSettingIsBelowTheCommandLine() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let config = try AnsibleConfig.load(environment: ["ANSIBLE_BECOME_PASS": "from env", "HOME": dir.path], currentDirectory: dir.path)
        #expect(config.becomePassword == "from env")
        var options = RunOptions()
        #expect(try options.settings(config: config, currentDirectory: dir.path).become.password == "from env")
        options.becomePassword = "from -K"
        #expect(try options.settings(config: config, currentDirectory: dir.path).become.password == "from -K")
    }
}
