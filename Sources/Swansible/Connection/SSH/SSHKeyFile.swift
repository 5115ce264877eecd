import Foundation

/// What kind of private key a file holds, read without decrypting it: enough to explain why an
/// authentication failed (RSA keys cannot sign with SHA-2 in libssh2 1.10).
enum SSHKeyKind: Equatable {
    case ed25519, ecdsa, rsa, dsa
    case unknown(String)

    var isRSA: Bool { self == .rsa }

    /// RSA, or a format that does not say (PKCS#8: `BEGIN PRIVATE KEY`, `BEGIN ENCRYPTED PRIVATE KEY`).
    var mayBeRSA: Bool {
        if case .unknown = self { return true }
        return self == .rsa
    }
}

enum SSHKeyFile {
    /// Reads the key type from a PEM (`BEGIN RSA PRIVATE KEY`, ...) or OpenSSH
    /// (`BEGIN OPENSSH PRIVATE KEY`, "openssh-key-v1") private key; nil when unreadable.
    static func kind(ofFileAt path: String) -> SSHKeyKind? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return kind(of: String(decoding: data, as: UTF8.self))
    }

    /// Whether the key file needs a passphrase: an encrypted PEM or PKCS#8 key, or an OpenSSH
    /// key whose cipher is not "none". False when the file cannot be read (the attempt says why).
    static func isEncrypted(atPath path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY") { return true }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return false }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let blob = Data(base64Encoded: body, options: .ignoreUnknownCharacters) else { return false }
        let magic = Array("openssh-key-v1\0".utf8)
        let bytes = [UInt8](blob)
        guard bytes.starts(with: magic) else { return false }
        var reader = SSHWireReader(bytes: bytes, offset: magic.count)
        guard let cipher = reader.readString() else { return false }
        return cipher != Array("none".utf8)
    }

    static func kind(of text: String) -> SSHKeyKind {
        if text.contains("BEGIN RSA PRIVATE KEY") { return .rsa }
        if text.contains("BEGIN EC PRIVATE KEY") { return .ecdsa }
        if text.contains("BEGIN DSA PRIVATE KEY") { return .dsa }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return .unknown("unrecognised key format") }
        let body = text.split(separator: "\n")
            .filter { !$0.hasPrefix("-----") }
            .joined()
        guard let blob = Data(base64Encoded: body, options: .ignoreUnknownCharacters) else {
            return .unknown("bad base64 in OpenSSH key")
        }
        return keyType(inOpenSSHBlob: [UInt8](blob)).map(kind(named:)) ?? .unknown("bad OpenSSH key")
    }

    static func kind(named name: String) -> SSHKeyKind {
        switch name {
        case "ssh-ed25519": .ed25519
        case "ssh-rsa": .rsa
        case "ssh-dss": .dsa
        case let n where n.hasPrefix("ecdsa-sha2-"): .ecdsa
        default: .unknown(name)
        }
    }

    /// openssh-key-v1 layout: magic "openssh-key-v1\0", string cipher, string kdf, string kdf
    /// options, uint32 key count, string public key (which starts with string key type).
    /// The public part is never encrypted, so this works for passphrase-protected keys too.
    private static func keyType(inOpenSSHBlob bytes: [UInt8]) -> String? {
        let magic = Array("openssh-key-v1".utf8) + [0]
        guard bytes.starts(with: magic) else { return nil }
        var reader = SSHWireReader(bytes: bytes, offset: magic.count)
        guard reader.skipString(), reader.skipString(), reader.skipString(),
              reader.readUInt32() != nil,
              let publicKey = reader.readString() else { return nil }
        var inner = SSHWireReader(bytes: publicKey, offset: 0)
        return inner.readString().map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Reads SSH wire-format fields (big-endian uint32, length-prefixed strings).
struct SSHWireReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func readUInt32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    mutating func readString() -> [UInt8]? {
        guard let length = readUInt32(), offset + Int(length) <= bytes.count else { return nil }
        defer { offset += Int(length) }
        return Array(bytes[offset..<offset + Int(length)])
    }

    mutating func skipString() -> Bool { readString() != nil }
}

extension SSHKeyFile {
    /// The numbers of an unencrypted OpenSSH-format RSA key; nil for any other key, and for an
    /// encrypted one. Private section: uint32 check twice, string "ssh-rsa", mpint n, e, d, iqmp,
    /// p, q, string comment, padding.
    static func openSSHRSANumbers(_ text: String) -> (modulus: [UInt8], exponent: [UInt8], privateExponent: [UInt8])? {
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body, options: .ignoreUnknownCharacters) else { return nil }
        let magic = Array("openssh-key-v1".utf8) + [0]
        let bytes = [UInt8](data)
        guard bytes.starts(with: magic) else { return nil }
        var reader = SSHWireReader(bytes: bytes, offset: magic.count)
        guard reader.readString() == Array("none".utf8), reader.skipString(), reader.skipString(),
              reader.readUInt32() == 1, reader.skipString(), let secret = reader.readString() else { return nil }
        var inner = SSHWireReader(bytes: secret, offset: 0)
        guard let check = inner.readUInt32(), inner.readUInt32() == check,
              inner.readString() == Array("ssh-rsa".utf8),
              let modulus = inner.readString(), let exponent = inner.readString(),
              let privateExponent = inner.readString() else { return nil }
        return (modulus, exponent, privateExponent)
    }
}
