import Foundation
import Testing
@testable import Swansible

/// RSA keys read for SHA-2 signing: an OpenSSH-format key and the same key as PEM give the same
/// public blob and the same (deterministic, PKCS#1 v1.5) signature.
@Suite struct SSHRSASignerTests {
    /// The key ssh-keygen wrote, and a PEM copy of it (ssh-keygen -p -m PEM rewrites in place).
    private func keyAndPEMCopy() throws -> (openSSH: String, pem: String) {
        let key = try makeKey(type: "rsa", bits: "2048")
        let copy = key + "-pem"
        try FileManager.default.copyItem(atPath: key, toPath: copy)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh-keygen", "-q", "-p", "-N", "", "-P", "", "-m", "PEM", "-f", copy]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return (key, copy)
    }

    @Test func bothFormatsGiveTheKeysBlobAndTheSameSignature() throws {
        let (key, pem) = try keyAndPEMCopy()
        let fromOpenSSH = try #require(try SSHRSASigner.forKeyFile(key, passphrase: nil))
        let fromPEM = try #require(try SSHRSASigner.forKeyFile(pem, passphrase: nil))
        #expect(fromOpenSSH.publicBlob == fromPEM.publicBlob)
        // The .pub file's blob with the algorithm's name in place of "ssh-rsa".
        let publicLine = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ")
        let keyBlob = try #require(Data(base64Encoded: String(publicLine[1])))
        var reader = SSHWireReader(bytes: [UInt8](keyBlob), offset: 0)
        let type = reader.readString(), exponent = reader.readString(), modulus = reader.readString()
        #expect(type == Array("ssh-rsa".utf8))
        let expected = SSHRSASigner.blob("rsa-sha2-512", exponent: try #require(exponent), modulus: try #require(modulus))
        #expect(fromOpenSSH.publicBlob == expected)
        #expect(SSHRSASigner.forAgentIdentity([UInt8](keyBlob), socket: "/nowhere")?.publicBlob == expected)

        let data = Array("session id and request".utf8)
        let signatures = try [fromOpenSSH, fromPEM].map { signer in try data.withUnsafeBytes { try signer.sign($0) } }
        #expect(signatures[0] == signatures[1])
        #expect(signatures[0].count == 256)
    }

    @Test func otherKeysAndLockedOpenSSHKeysHaveNoSigner() throws {
        #expect(try SSHRSASigner.forKeyFile(try makeKey(type: "ed25519"), passphrase: nil) == nil)
        #expect(try SSHRSASigner.forKeyFile(try makeKey(type: "ecdsa", bits: "256", pem: true), passphrase: nil) == nil)
        #expect(try SSHRSASigner.forKeyFile(try makeKey(type: "rsa", bits: "2048", passphrase: "pw"), passphrase: "pw") == nil)
        #expect(try SSHRSASigner.forKeyFile("/nonexistent/key", passphrase: nil) == nil)
    }

    @Test func aPEMKeyNeedsItsPassphrase() throws {
        let key = try makeKey(type: "rsa", bits: "2048", passphrase: "right", pem: true)
        #expect(try SSHRSASigner.forKeyFile(key, passphrase: "right") != nil)
        #expect(throws: (any Error).self) { try SSHRSASigner.forKeyFile(key, passphrase: "wrong") }
        #expect(throws: (any Error).self) { try SSHRSASigner.forKeyFile(key, passphrase: nil) }
    }

    @Test func mpintsHaveNoLeadingZerosAndASignByteWhenNeeded() {
        var writer = SSHWireWriter()
        writer.mpint([0, 0, 0x7f])
        writer.mpint([0x80, 1])
        writer.mpint([])
        #expect(writer.bytes == [0, 0, 0, 1, 0x7f, 0, 0, 0, 3, 0, 0x80, 1, 0, 0, 0, 0])
    }
}
