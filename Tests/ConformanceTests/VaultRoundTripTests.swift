import Foundation
import Testing
@testable import Swansible

/// Live round trips between ansible-vault and `swansible vault` with random salts: what one
/// encrypts the other decrypts, for 1.1 envelopes and 1.2 ones (vault ids). Needs the oracle,
/// so runs only in record and check mode.
@Suite(.enabled(if: AnswerMode.current.asksOracle, AnswerMode.oracleOnlyReason))
struct VaultRoundTripTests {
    typealias Scratch = VaultConformanceTests.Scratch

    /// Texts with what tends to break: no final line break, blank lines, UTF-8, a block's worth.
    static let texts = ["hello", "a: 1\nb: [2, 3]\n\n", "ünïcödé ✓\n", String(repeating: "0123456789abcdef", count: 4), "x"]
    static let identities: [[String]] = [["--vault-password-file", "pw"], ["--vault-id", "lab@pw"]]

    struct Tools {
        let swansible: String
        let ansibleVault: String
        let dir: Scratch

        init() throws {
            swansible = try SwansibleBinary.path()
            guard let python = Oracle.python else { throw OracleError(message: "no oracle python") }
            ansibleVault = (python as NSString).deletingLastPathComponent + "/ansible-vault"
            dir = try Scratch()
            try dir.write("pw", "secret\n")
            try dir.write("pw2", "other\n")
        }

        func swansibleVault(_ arguments: [String], stdin: String = "") throws -> SwansibleBinary.Run {
            try SwansibleBinary.run(swansible, ["vault"] + arguments, stdin: stdin, directory: dir.path, environment: [:])
        }

        func ansible(_ arguments: [String], stdin: String = "") throws -> SwansibleBinary.Run {
            try SwansibleBinary.run(ansibleVault, arguments, stdin: stdin, directory: dir.path, environment: ["PYTHONWARNINGS": "ignore"])
        }
    }

    @Test func ansibleEncryptsSwansibleDecryptsAndViews() throws {
        let tools = try Tools()
        defer { tools.dir.cleanup() }
        for identity in Self.identities {
            for text in Self.texts {
                let encrypted = try tools.ansible(["encrypt"] + identity, stdin: text)
                #expect(encrypted.status == 0, "ansible-vault encrypt: \(encrypted.stderr)")
                let decrypted = try tools.swansibleVault(["decrypt"] + identity, stdin: encrypted.stdout)
                #expect(decrypted.status == 0 && decrypted.stdout == text, "\(identity) \(text.debugDescription): \(decrypted)")
                try tools.dir.write("f.yml", encrypted.stdout)
                let viewed = try tools.swansibleVault(["view"] + identity + ["f.yml"])
                #expect(viewed.stdout == (text.hasSuffix("\n") ? text : text + "\n"), "view \(identity) \(text.debugDescription)")
            }
        }
    }

    @Test func swansibleEncryptsAnsibleDecrypts() throws {
        let tools = try Tools()
        defer { tools.dir.cleanup() }
        for identity in Self.identities {
            for text in Self.texts {
                let encrypted = try tools.swansibleVault(["encrypt"] + identity, stdin: text)
                #expect(encrypted.status == 0, "swansible vault encrypt: \(encrypted.stderr)")
                #expect(encrypted.stdout.hasPrefix(identity[0] == "--vault-id" ? "$ANSIBLE_VAULT;1.2;AES256;lab\n" : "$ANSIBLE_VAULT;1.1;AES256\n"))
                let decrypted = try tools.ansible(["decrypt"] + identity, stdin: encrypted.stdout)
                #expect(decrypted.status == 0 && decrypted.stdout == text, "\(identity) \(text.debugDescription): \(decrypted)")
            }
        }
    }

    /// An `encrypt_string` block, un-indented, is an envelope ansible-vault opens.
    @Test func swansibleEncryptStringAnsibleDecrypts() throws {
        let tools = try Tools()
        defer { tools.dir.cleanup() }
        let block = try tools.swansibleVault(["encrypt_string", "--vault-id", "lab@pw", "--name", "password", "p@ss: word"])
        #expect(block.stdout.hasPrefix("password: !vault |\n          $ANSIBLE_VAULT;1.2;AES256;lab\n"))
        let envelope = block.stdout.split(separator: "\n").dropFirst().map { $0.drop(while: { $0 == " " }) + "\n" }.joined()
        let decrypted = try tools.ansible(["decrypt", "--vault-password-file", "pw"], stdin: envelope)
        #expect(decrypted.stdout == "p@ss: word", "\(decrypted)")
    }

    @Test func aRekeyedFileIsReadableByAnsible() throws {
        let tools = try Tools()
        defer { tools.dir.cleanup() }
        try tools.dir.write("f.yml", "key: value\n")
        #expect(try tools.ansible(["encrypt", "--vault-password-file", "pw", "f.yml"]).status == 0)
        // ansible-vault leaves the files it encrypts 0600; rekey keeps whatever mode the file has.
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: tools.dir.path + "/f.yml")
        let rekey = try tools.swansibleVault(["rekey", "--vault-password-file", "pw", "--new-vault-id", "new@pw2", "f.yml"])
        #expect(rekey.status == 0 && rekey.stderr == "Rekey successful\n", "\(rekey)")
        let viewed = try tools.ansible(["view", "--vault-id", "new@pw2", "f.yml"])
        #expect(viewed.stdout == "key: value\n", "\(viewed)")
        #expect((try FileManager.default.attributesOfItem(atPath: tools.dir.path + "/f.yml")[.posixPermissions] as? Int) == 0o640)
    }

    /// The wrong password: the same message (paths aside) and exit status from both tools.
    @Test func wrongPasswordsFailAlike() throws {
        let tools = try Tools()
        defer { tools.dir.cleanup() }
        let envelope = try tools.ansible(["encrypt", "--vault-id", "lab@pw"], stdin: "secret text").stdout
        try tools.dir.write("f.yml", envelope)
        for arguments in [["decrypt", "--vault-password-file", "pw2", "f.yml"], ["view", "--vault-id", "lab@pw2", "f.yml"],
                          ["rekey", "--vault-password-file", "pw2", "--new-vault-password-file", "pw", "f.yml"],
                          ["decrypt", "--vault-password-file", "pw2"]] {
            let theirs = try tools.ansible(arguments, stdin: envelope)
            let ours = try tools.swansibleVault(arguments, stdin: envelope)
            #expect(theirs.status == 1 && ours.status == theirs.status, "\(arguments): ansible-vault \(theirs.status), swansible \(ours.status)")
            #expect(ours.stderr == theirs.stderr, "\(arguments)\n  ansible-vault: \(theirs.stderr)\n  swansible:     \(ours.stderr)")
            #expect(try String(contentsOfFile: tools.dir.path + "/f.yml", encoding: .utf8) == envelope)
        }
    }
}
