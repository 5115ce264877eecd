import Foundation
import Testing
@testable import Swansible

/// Key types are read from real ssh-keygen output, without decrypting.
@Suite struct ConnectionKeyFileTests {
    @Test(arguments: [
        ("ed25519", nil, false, SSHKeyKind.ed25519),
        ("ecdsa", "256", false, SSHKeyKind.ecdsa),
        ("rsa", "2048", false, SSHKeyKind.rsa),
        ("rsa", "2048", true, SSHKeyKind.rsa),
        ("ecdsa", "384", true, SSHKeyKind.ecdsa),
    ] as [(String, String?, Bool, SSHKeyKind)])
    func keyKindIsReadFromTheFile(type: String, bits: String?, pem: Bool, expected: SSHKeyKind) throws {
        let path = try makeKey(type: type, bits: bits, pem: pem)
        #expect(SSHKeyFile.kind(ofFileAt: path) == expected)
    }

    @Test func encryptedKeyKindIsReadWithoutThePassphrase() throws {
        let path = try makeKey(type: "ed25519", passphrase: "secret words")
        #expect(SSHKeyFile.kind(ofFileAt: path) == .ed25519)
    }

    @Test func garbageIsUnknownAndMissingIsNil() {
        #expect(SSHKeyFile.kind(of: "hello") == .unknown("unrecognised key format"))
        #expect(SSHKeyFile.kind(of: "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")
            == .unknown("bad OpenSSH key"))
        #expect(SSHKeyFile.kind(ofFileAt: "/nonexistent/key") == nil)
    }
}
