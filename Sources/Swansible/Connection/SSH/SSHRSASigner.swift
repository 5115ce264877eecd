import CLibSSH2
import Foundation
import SwansibleCrypto

/// Public-key authentication with an RSA key signing `rsa-sha2-512` (RFC 8332), which OpenSSH 8.8
/// and later require and libssh2 1.10 cannot do: libssh2 only sends the request, and we sign.
///
/// libssh2 names the algorithm after the first string of the public key blob we hand it, so the
/// blob says `rsa-sha2-512` where a key blob would say `ssh-rsa`; OpenSSH reads both names as
/// the same RSA key and checks a SHA-512 signature, which our callback makes with libcrypto.
struct SSHRSASigner {
    static let algorithm = "rsa-sha2-512"

    /// What signs: a private key read on the controller, or an ssh-agent holding it.
    enum Source {
        case key(RSASigningKey)
        case agent(socket: String, keyBlob: [UInt8])
    }

    let source: Source
    let publicBlob: [UInt8]

    /// The signer for an RSA key file: PEM (PKCS#1 or PKCS#8, with its passphrase) or an
    /// unencrypted OpenSSH key. Nil for other keys and for passphrase-protected OpenSSH keys
    /// (their bcrypt KDF is libssh2's alone); throws for a PEM key that cannot be read.
    static func forKeyFile(_ path: String, passphrase: String?) throws -> SSHRSASigner? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let key: RSASigningKey?
        if text.contains("BEGIN OPENSSH PRIVATE KEY") {
            key = try SSHKeyFile.openSSHRSANumbers(text).map {
                try RSASigningKey(modulus: $0.modulus, publicExponent: $0.exponent, privateExponent: $0.privateExponent)
            }
        } else {
            key = try RSASigningKey(pem: text, passphrase: passphrase)
        }
        guard let key else { return nil }
        let numbers = key.publicNumbers
        return SSHRSASigner(source: .key(key), publicBlob: blob(algorithm, exponent: numbers.exponent, modulus: numbers.modulus))
    }

    /// The signer for an agent's `ssh-rsa` identity; nil for other key types.
    static func forAgentIdentity(_ keyBlob: [UInt8], socket: String) -> SSHRSASigner? {
        var reader = SSHWireReader(bytes: keyBlob, offset: 0)
        guard let type = reader.readString(), type == Array("ssh-rsa".utf8),
              let exponent = reader.readString(), let modulus = reader.readString() else { return nil }
        return SSHRSASigner(source: .agent(socket: socket, keyBlob: keyBlob),
                            publicBlob: blob(algorithm, exponent: exponent, modulus: modulus))
    }

    /// string algorithm, mpint e, mpint n.
    static func blob(_ algorithm: String, exponent: [UInt8], modulus: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.string(Array(algorithm.utf8))
        writer.mpint(exponent)
        writer.mpint(modulus)
        return writer.bytes
    }

    /// The raw signature of `data` (libssh2 wraps it as string algorithm, string signature).
    func sign(_ data: UnsafeRawBufferPointer) throws -> [UInt8] {
        switch source {
        case .key(let key):
            return try key.sign(data, digest: .sha512)
        case .agent(let socket, let keyBlob):
            return try SSHAgentClient(socket: socket).signRSASHA512(keyBlob: keyBlob, data: Array(data))
        }
    }

    /// Asks the server to accept the key, signing when libssh2 calls back; libssh2's answer code.
    /// `call` repeats the libssh2 call while it answers EAGAIN; the signer stays alive throughout.
    nonisolated(nonsending) func authenticate(
        _ session: OpaquePointer, user: String, call: nonisolated(nonsending) (() -> Int32) async throws -> Int32
    ) async throws -> Int32 {
        let context = Unmanaged.passRetained(SignContext(signer: self))
        let abstract = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 1)
        abstract.initialize(to: context.toOpaque())
        defer {
            abstract.deallocate()
            context.release()
        }
        let blob = publicBlob
        return try await call {
            blob.withUnsafeBufferPointer {
                libssh2_userauth_publickey(session, user, $0.baseAddress, $0.count, signWithContext, abstract)
            }
        }
    }
}

/// Handed to the C callback through libssh2's `abstract` pointer.
private final class SignContext {
    let signer: SSHRSASigner
    init(signer: SSHRSASigner) { self.signer = signer }
}

/// libssh2's sign callback: the signature in memory that libssh2 frees (its default allocator
/// is malloc), or -1.
private func signWithContext(
    _ session: OpaquePointer?, _ signature: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ signatureLength: UnsafeMutablePointer<Int>?, _ data: UnsafePointer<UInt8>?, _ dataLength: Int,
    _ abstract: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Int32 {
    guard let signature, let signatureLength, let data, let context = abstract?.pointee else { return -1 }
    let signer = Unmanaged<SignContext>.fromOpaque(context).takeUnretainedValue().signer
    guard let bytes = try? signer.sign(UnsafeRawBufferPointer(start: data, count: dataLength)),
          let out = malloc(max(bytes.count, 1))?.assumingMemoryBound(to: UInt8.self) else { return -1 }
    out.update(from: bytes, count: bytes.count)
    signature.pointee = out
    signatureLength.pointee = bytes.count
    return 0
}

/// Writes SSH wire-format fields.
struct SSHWireWriter {
    var bytes: [UInt8] = []

    mutating func uint32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    mutating func string(_ value: [UInt8]) {
        uint32(UInt32(value.count))
        bytes += value
    }

    /// A non-negative integer from its big-endian magnitude: no leading zeros, and one zero
    /// byte in front when the top bit is set (so it does not read as negative).
    mutating func mpint(_ magnitude: [UInt8]) {
        let trimmed = Array(magnitude.drop { $0 == 0 })
        string(trimmed.first.map { $0 & 0x80 != 0 } == true ? [0] + trimmed : trimmed)
    }
}
