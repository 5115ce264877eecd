import Foundation
import Testing
@testable import SwansibleCrypto

/// The vault format against envelopes ansible-vault 2.19 wrote. `ANSIBLE_VAULT_ENCRYPT_SALT`
/// pins the salt, so encryption is compared byte for byte; the live differential tests with
/// ansible-vault are in ConformanceTests (VaultConformanceTests).
@Suite struct VaultTests {
    static let secret = VaultSecret(password: "secret1")
    static let salt = Array("fixedsalt".utf8)

    /// `ANSIBLE_VAULT_ENCRYPT_SALT=fixedsalt ansible-vault encrypt_string --vault-password-file pw hunter2`
    static let inlineDefault = """
        $ANSIBLE_VAULT;1.1;AES256
        3636363937383635363437333631366337340a646532636363363566376138313366376235636530
        61656363393437303236626331623866666230323335613338613830306637666133616137663638
        3133640a3764313631323631323337616432623164646265613733353430326331656637

        """

    /// The same with `--vault-id dev@pw`: a 1.2 envelope.
    static let inlineLabelled = """
        $ANSIBLE_VAULT;1.2;AES256;dev
        3636363937383635363437333631366337340a646532636363363566376138313366376235636530
        61656363393437303236626331623866666230323335613338613830306637666133616137663638
        3133640a3764313631323631323337616432623164646265613733353430326331656637

        """

    /// `ansible-vault encrypt --vault-id prod@pw` of a two-line file, salt pinned.
    static let fileLabelled = """
        $ANSIBLE_VAULT;1.2;AES256;prod
        3636363937383635363437333631366337340a393065363236393865373565646265313533346163
        33613633316566383831373030313432373635303862623238373230313733313262613832393062
        6530340a373930613132373036363637386564646465633463623566323634623733633435666534
        35306663333163313464633438663036323837666634363331643735

        """

    /// `ansible-vault encrypt --vault-password-file pw` of the same file, with a random salt.
    static let fileRandomSalt = """
        $ANSIBLE_VAULT;1.1;AES256
        66333134663661346161356333643461653736366537373766336364353333366630326165383436
        6632386665363163376430613037386137323432373831320a663962623231366261386436613665
        39396635343561333666653431643961343063623465343335376636393737323533336439356263
        6337666530663662300a653036646535383237333730356132323437363566646435666562666439
        61623565646361626264663136643039376239343533663734313432386130666361

        """

    static let fileText = "line one\nsecond: \"x\"\n"

    @Test func encryptsByteForByteAsAnsibleVault() {
        #expect(VaultKeyring.encrypt(Array("hunter2".utf8), with: Self.secret, salt: Self.salt) == Self.inlineDefault)
        let dev = VaultSecret(label: "dev", password: "secret1")
        #expect(VaultKeyring.encrypt(Array("hunter2".utf8), with: dev, salt: Self.salt) == Self.inlineLabelled)
        let prod = VaultSecret(label: "prod", password: "secret1")
        #expect(VaultKeyring.encrypt(Array(Self.fileText.utf8), with: prod, salt: Self.salt) == Self.fileLabelled)
    }

    @Test func decryptsWhatAnsibleVaultWrote() throws {
        let keyring = VaultKeyring([Self.secret])
        #expect(try keyring.decrypt(Self.inlineDefault).plaintext == Array("hunter2".utf8))
        #expect(try keyring.decrypt(Self.fileRandomSalt).plaintext == Array(Self.fileText.utf8))
        // A labelled envelope opens with a secret of another label unless vault_id_match is set.
        #expect(try keyring.decrypt(Self.fileLabelled).label == "default")
        #expect(throws: VaultError.noMatchingSecret) {
            try VaultKeyring([Self.secret], onlyMatchingLabel: true).decrypt(Self.fileLabelled)
        }
    }

    @Test func triesTheEnvelopesLabelFirst() throws {
        let keyring = VaultKeyring([VaultSecret(label: "other", password: "nope"), VaultSecret(label: "dev", password: "secret1")])
        #expect(try keyring.decrypt(Self.inlineLabelled).label == "dev")
        #expect(try keyring.decrypt(Self.inlineDefault).label == "dev")
    }

    @Test func refusesWrongPasswordsAndNoPasswords() {
        #expect(throws: VaultError.noMatchingSecret) { try VaultKeyring([VaultSecret(password: "wrong")]).decrypt(Self.inlineDefault) }
        #expect(throws: VaultError.noSecrets) { try VaultKeyring().decrypt(Self.inlineDefault) }
        #expect(throws: VaultError.notVaulted) { try VaultKeyring([Self.secret]).decrypt("plain: text\n") }
    }

    @Test func detectsTamperingAndMalformedEnvelopes() {
        var tampered = Array(Self.inlineDefault)
        let last = tampered.lastIndex { $0.isHexDigit }!
        tampered[last] = tampered[last] == "1" ? "2" : "1"
        #expect(throws: (any Error).self) { try VaultKeyring([Self.secret]).decrypt(String(tampered)) }
        #expect(throws: (any Error).self) { try VaultKeyring([Self.secret]).decrypt("$ANSIBLE_VAULT;1.1;AES256\nzz\n") }
        #expect(throws: (any Error).self) { try VaultKeyring([Self.secret]).decrypt("$ANSIBLE_VAULT;1.1\n00\n") }
    }

    @Test func roundTripsEveryLengthAroundTheBlockSize() throws {
        let keyring = VaultKeyring([Self.secret])
        for length in [0, 1, 15, 16, 17, 31, 32, 33, 1000] {
            let plaintext = Crypto.randomBytes(length)
            let text = VaultKeyring.encrypt(plaintext, with: Self.secret)
            #expect(try keyring.decrypt(text).plaintext == plaintext)
            let lines: [Substring] = text.split(separator: "\n")
            #expect(lines.dropFirst().allSatisfy { $0.count <= VaultEnvelope.lineWidth })
        }
    }

    @Test func recognisesVaultedText() {
        #expect(VaultEnvelope.isVaulted("  $ANSIBLE_VAULT;1.1;AES256\n00"))
        #expect(!VaultEnvelope.isVaulted("ANSIBLE_VAULT"))
        #expect(VaultEnvelope.isVaulted(Array("$ANSIBLE_VAULT;1.2;AES256;x\n".utf8)))
    }

    @Test func digestsComeFromLibcrypto() {
        #expect(Digest.hash("md5", Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Digest.hash("SHA1", Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Digest.hash("sha256", []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.hash("sha512", [])?.hasPrefix("cf83e1357eefb8bdf1542850d66d8007") == true)
        #expect(Digest.hash("whirlpool", []) == nil)
    }
}
