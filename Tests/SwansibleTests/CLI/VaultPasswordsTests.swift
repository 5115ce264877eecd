import Foundation
import SwansibleCrypto
import Testing
@testable import Swansible

/// Where vault passwords come from: files, scripts, client scripts, prompts, and their order.
@Suite struct VaultPasswordsTests {
    /// A scratch directory removed by `cleanup()`.
    struct Scratch {
        let path = NSTemporaryDirectory() + "swansible-vaultpw-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        @discardableResult
        func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
            let full = path + "/" + name
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full)
            return full
        }
        func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func aPasswordFileLosesSurroundingWhitespaceOnly() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try dir.write("pw", "  pass word \n\n")
        #expect(try VaultPasswords.read("pw", label: "default", currentDirectory: dir.path) == Array("pass word".utf8))
    }

    @Test func anExecutableFilePrintsThePasswordAndKeepsItsSpaces() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try dir.write("pw.sh", "#!/bin/sh\nprintf ' from script \\n'\n", mode: 0o700)
        // A script's output loses its line breaks only, as ansible's does.
        #expect(try VaultPasswords.read("pw.sh", label: "lab", currentDirectory: dir.path) == Array(" from script ".utf8))
    }

    @Test func aClientScriptIsToldTheVaultID() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try dir.write("pw-client.py", "#!/bin/sh\necho \"$1=$2\"\n", mode: 0o700)
        #expect(String(decoding: try VaultPasswords.read("pw-client.py", label: "prod", currentDirectory: dir.path), as: UTF8.self) == "--vault-id=prod")
        // A plain script is not, and a client script of an identity without a label neither.
        try dir.write("plain.sh", "#!/bin/sh\necho \"args:$#\"\n", mode: 0o700)
        #expect(String(decoding: try VaultPasswords.read("plain.sh", label: "prod", currentDirectory: dir.path), as: UTF8.self) == "args:0")
        try dir.write("none-client", "#!/bin/sh\necho \"args:$#\"\n", mode: 0o700)
        #expect(String(decoding: try VaultPasswords.read("none-client", label: nil, currentDirectory: dir.path), as: UTF8.self) == "args:0")
    }

    @Test func aClientScriptWithoutTheSecretSaysSo() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let path = try dir.write("x-client", "#!/bin/sh\necho nope >&2\nexit 2\n", mode: 0o700)
        #expect(throws: VaultPasswordError.self) { try VaultPasswords.read(path, label: "prod", currentDirectory: "/") }
        do { _ = try VaultPasswords.read(path, label: "prod", currentDirectory: "/") } catch {
            #expect("\(error)" == "Vault password client script \(path) did not find a secret for vault-id=prod: nope\n")
        }
    }

    @Test func missingAndEmptyFilesAreErrors() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        do {
            _ = try VaultPasswords.read("absent", label: nil, currentDirectory: dir.path)
            Issue.record("a missing file gave a password")
        } catch {
            #expect("\(error)" == "The vault password file \(dir.path)/absent was not found")
        }
        let empty = try dir.write("empty", " \n")
        do {
            _ = try VaultPasswords.read("empty", label: nil, currentDirectory: dir.path)
            Issue.record("an empty file gave a password")
        } catch {
            #expect("\(error)" == "Invalid vault password was provided from file (\(empty))")
        }
    }

    @Test func identitiesComeInAnsiblesOrder() {
        var config = AnsibleConfig()
        config.vaultIdentityList = ["cfg@cfg-file"]
        config.vaultPasswordFile = "/etc/vault-pass"
        config.vaultIdentity = "me"
        let passwords = VaultPasswords(vaultIDs: ["a@a-file", "b-file"], passwordFiles: ["cli-file"], askVaultPass: true)
        #expect(passwords.identities(config: config) == [
            "cfg@cfg-file", "a@a-file", "b-file", "me@cli-file", "me@/etc/vault-pass", "me@prompt_ask_vault_pass",
        ])
        #expect(passwords.identities(config: config, includeIdentityList: false).first == "a@a-file")
        // Nothing named: ansible-vault prompts, ansible-playbook does not.
        #expect(VaultPasswords().identities(config: AnsibleConfig(), autoPrompt: true) == ["default@prompt_ask_vault_pass"])
        #expect(VaultPasswords().identities(config: AnsibleConfig()).isEmpty)
    }

    @Test func aFailedFileIsAWarningWhenAnotherGivesAPassword() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try dir.write("good", "secret\n")
        var warnings: [String] = []
        let passwords = VaultPasswords(vaultIDs: ["x@missing", "y@good"])
        let secrets = try passwords.secrets(config: AnsibleConfig(), currentDirectory: dir.path, warn: { warnings.append($0) })
        #expect(secrets == [VaultSecret(label: "y", password: "secret")])
        #expect(warnings == ["Error getting vault password file (x): The vault password file \(dir.path)/missing was not found"])
        #expect(throws: VaultPasswordError.self) {
            try VaultPasswords(vaultIDs: ["x@missing"]).secrets(config: AnsibleConfig(), currentDirectory: dir.path, warn: { _ in })
        }
    }

    @Test func promptsAskAsAnsibleVaultDoes() throws {
        var questions: [String] = []
        let answer: (String) throws -> String = { questions.append($0); return " pw " }
        let passwords = VaultPasswords(vaultIDs: ["lab@prompt"], askVaultPass: true)
        let secrets = try passwords.secrets(config: AnsibleConfig(), currentDirectory: "/", creating: true, prompt: answer)
        #expect(secrets == [VaultSecret(label: "lab", password: "pw"), VaultSecret(label: "default", password: "pw")])
        #expect(questions == ["New vault password (lab): ", "Confirm new vault password (lab): ",
                              "New Vault password: ", "Confirm New Vault password: "])
        questions = []
        _ = try passwords.secrets(config: AnsibleConfig(), currentDirectory: "/", prompt: answer)
        #expect(questions == ["Vault password (lab): ", "Vault password: "])

        var answers = ["one", "two"]
        do {
            _ = try VaultPasswords(askVaultPass: true).secrets(config: AnsibleConfig(), currentDirectory: "/", creating: true,
                                                               prompt: { _ in answers.removeFirst() }, warn: { _ in })
            Issue.record("different passwords were accepted")
        } catch {
            #expect("\(error)" == "Passwords do not match")
        }
    }
}
