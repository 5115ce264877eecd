import Foundation
import SwansibleCrypto
import Testing
@testable import Swansible

/// `swansible vault edit` and `create` with `$EDITOR` set to small shell scripts.
@Suite struct VaultToolEditTests {
    struct Setup {
        let scratch: VaultPasswordsTests.Scratch
        let tmp: String
        init() throws {
            scratch = try VaultPasswordsTests.Scratch()
            tmp = scratch.path + "/tmp"
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
            try scratch.write("pw", "secret\n")
        }
        func tool(_ action: VaultTool.Action, _ files: [String], editor: String) -> VaultTool {
            var options = VaultTool.Options()
            options.passwords = VaultPasswords(passwordFiles: ["pw"])
            options.arguments = files
            options.skipTTYCheck = true
            let io = VaultIO(readStandardInput: { [] }, writeStandardOutput: { _ in }, writeStandardError: { _ in },
                             standardInputIsTerminal: false, standardOutputIsTerminal: false,
                             ask: { _, _ in throw VaultPasswords.EndOfInput() })
            return VaultTool(action: action, options: options, config: AnsibleConfig(), currentDirectory: scratch.path,
                             environment: ["EDITOR": editor, "TMPDIR": tmp, "PATH": "/usr/bin:/bin"], io: io)
        }
        func contents(_ name: String) throws -> String {
            try String(contentsOfFile: scratch.path + "/" + name, encoding: .utf8)
        }
        func mode(_ name: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: scratch.path + "/" + name)[.posixPermissions] as? Int) ?? -1
        }
        func leftovers() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: tmp) }
    }

    let keyring = VaultKeyring([VaultSecret(label: "lab", password: "secret")])

    @Test func editAppendsKeepsTheVaultIDAndTheModeAndLeavesNoPlaintext() throws {
        let s = try Setup()
        defer { s.scratch.cleanup() }
        try s.scratch.write("append.sh", "#!/bin/sh\necho \"$1\" >> \"$2\"\n", mode: 0o700)
        let original = VaultKeyring.encrypt(Array("old text\n".utf8), with: VaultSecret(label: "lab", password: "secret"))
        try s.scratch.write("vars.yml", original, mode: 0o640)

        try s.tool(.edit, ["vars.yml"], editor: s.scratch.path + "/append.sh 'a new line'").run()

        let edited = try s.contents("vars.yml")
        #expect(edited.hasPrefix("$ANSIBLE_VAULT;1.2;AES256;lab\n"))
        #expect(String(decoding: try keyring.decrypt(edited).plaintext, as: UTF8.self) == "old text\na new line\n")
        #expect(try s.mode("vars.yml") == 0o640)
        #expect(try s.leftovers().isEmpty, "plaintext left behind in \(s.tmp)")
        // Nothing else beside the file either (the atomic write's temporary file is gone).
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.scratch.path).sorted() == ["append.sh", "pw", "tmp", "vars.yml"])
    }

    @Test func anUnchangedEditLeavesTheFileAlone() throws {
        let s = try Setup()
        defer { s.scratch.cleanup() }
        let original = VaultKeyring.encrypt(Array("same\n".utf8), with: VaultSecret(password: "secret"))
        try s.scratch.write("vars.yml", original, mode: 0o644)
        try s.tool(.edit, ["vars.yml"], editor: "true").run()
        #expect(try s.contents("vars.yml") == original)
        #expect(try s.mode("vars.yml") == 0o644)
        #expect(try s.leftovers().isEmpty)
    }

    @Test func theTemporaryFileGoesAwayWhenTheEditorFailsOrIsMissing() throws {
        let s = try Setup()
        defer { s.scratch.cleanup() }
        let original = VaultKeyring.encrypt(Array("text\n".utf8), with: VaultSecret(password: "secret"))
        try s.scratch.write("vars.yml", original)
        // The editor's status is ignored, as ansible-vault ignores it: unchanged text, no write.
        try s.tool(.edit, ["vars.yml"], editor: "false").run()
        #expect(try s.leftovers().isEmpty)
        do {
            try s.tool(.edit, ["vars.yml"], editor: "/no/such/editor").run()
            Issue.record("a missing editor did not fail")
        } catch let error as VaultToolError {
            #expect(error.message.hasPrefix("Unable to execute the command \"/no/such/editor "))
            #expect(error.exitCode == 1)
        }
        #expect(try s.leftovers().isEmpty)
        #expect(try s.contents("vars.yml") == original)
    }

    @Test func theEditorSeesAPrivateFile() throws {
        let s = try Setup()
        defer { s.scratch.cleanup() }
        try s.scratch.write("spy.sh", "#!/bin/sh\nstat -c '%a' \"$1\" \"$(dirname \"$1\")\" > \"$(dirname \"$0\")/seen\"\n", mode: 0o700)
        try s.scratch.write("vars.yml", VaultKeyring.encrypt(Array("x\n".utf8), with: VaultSecret(password: "secret")))
        try s.tool(.edit, ["vars.yml"], editor: s.scratch.path + "/spy.sh").run()
        #expect(try s.contents("seen") == "600\n700\n")
    }

    @Test func createEncryptsWhatTheEditorWroteAndRefusesAnExistingFile() throws {
        let s = try Setup()
        defer { s.scratch.cleanup() }
        try s.scratch.write("write.sh", "#!/bin/sh\nprintf 'created\\n' > \"$1\"\n", mode: 0o700)
        try s.tool(.create, ["new.yml"], editor: s.scratch.path + "/write.sh").run()
        #expect(String(decoding: try keyring.decrypt(try s.contents("new.yml")).plaintext, as: UTF8.self) == "created\n")
        #expect(try s.mode("new.yml") == 0o600)
        #expect(try s.leftovers().isEmpty)
        #expect(throws: VaultToolError.self) { try s.tool(.create, ["new.yml"], editor: "true").run() }
    }
}
