/// The `AES256` vault cipher: PBKDF2-HMAC-SHA256 (10,000 rounds, 32-byte salt) derives an AES
/// key, an HMAC key and the initial counter; the PKCS#7-padded plaintext is encrypted with
/// AES-256-CTR and authenticated with HMAC-SHA256 over the ciphertext. The vault text is the
/// three hex strings (salt, HMAC, ciphertext) joined by newlines.
package enum VaultAES256 {
    package static let name = "AES256"
    static let rounds = 10_000
    static let saltLength = 32

    private struct Keys {
        var cipherKey: [UInt8], hmacKey: [UInt8], counter: [UInt8]

        init(password: [UInt8], salt: [UInt8]) {
            let derived = Crypto.pbkdf2SHA256(password: password, salt: salt, rounds: VaultAES256.rounds, length: 80)
            cipherKey = Array(derived[0..<32])
            hmacKey = Array(derived[32..<64])
            counter = Array(derived[64..<80])
        }
    }

    /// `salt` is random unless given (tests pin it to compare bytes with ansible-vault).
    package static func encrypt(_ plaintext: [UInt8], password: [UInt8], salt: [UInt8]? = nil) -> [UInt8] {
        let salt = salt ?? Crypto.randomBytes(saltLength)
        let keys = Keys(password: password, salt: salt)
        let padding = 16 - plaintext.count % 16
        let padded = plaintext + [UInt8](repeating: UInt8(padding), count: padding)
        let ciphertext = Crypto.aes256CTR(padded, key: keys.cipherKey, iv: keys.counter)
        let hmac = Crypto.hmacSHA256(key: keys.hmacKey, data: ciphertext)
        return Array([Hex.encode(salt), Hex.encode(hmac), Hex.encode(ciphertext)].joined(separator: "\n").utf8)
    }

    /// The plaintext, or nil when `password` is not the one it was encrypted with (the HMAC
    /// does not match). Malformed vault text throws.
    package static func decrypt(_ vaultText: [UInt8], password: [UInt8]) throws -> [UInt8]? {
        let fields = vaultText.split(separator: 0x0a, omittingEmptySubsequences: false)
        guard fields.count == 3, let salt = Hex.decode(String(decoding: fields[0], as: UTF8.self)),
              let hmac = Hex.decode(String(decoding: fields[1], as: UTF8.self)),
              let ciphertext = Hex.decode(String(decoding: fields[2], as: UTF8.self))
        else { throw VaultError("Vault format unhexlify error: the vault text is not three hex fields (salt, HMAC, ciphertext)") }
        let keys = Keys(password: password, salt: salt)
        guard Crypto.constantTimeEqual(Crypto.hmacSHA256(key: keys.hmacKey, data: ciphertext), hmac) else { return nil }
        let padded = Crypto.aes256CTR(ciphertext, key: keys.cipherKey, iv: keys.counter)
        guard let last = padded.last, (1...16).contains(last), Int(last) <= padded.count,
              padded.suffix(Int(last)).allSatisfy({ $0 == last })
        else { throw VaultError("Vault decryption error: invalid padding") }
        return Array(padded.dropLast(Int(last)))
    }
}
