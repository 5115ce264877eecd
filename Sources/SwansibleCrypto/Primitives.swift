import CLibCrypto
import Foundation

/// The few primitives Ansible Vault needs, from libcrypto: PBKDF2, HMAC, AES-256-CTR, random
/// bytes and a constant-time comparison. Nothing here is a cipher of our own.
package enum Crypto {
    /// PBKDF2-HMAC-SHA256 of `password`.
    package static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], rounds: Int, length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let ok = password.withUnsafeBufferPointer { p in
            PKCS5_PBKDF2_HMAC(
                p.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, Int32(p.count),
                salt, Int32(salt.count), Int32(rounds), EVP_sha256(), Int32(length), &out)
        }
        precondition(ok == 1, "libcrypto refused PBKDF2")
        return out
    }

    package static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        hmac(EVP_sha256(), key: key, data: data)
    }

    /// HMAC-SHA1, as OpenSSH hashes the host names of a known_hosts file.
    package static func hmacSHA1(key: [UInt8], data: [UInt8]) -> [UInt8] {
        hmac(EVP_sha1(), key: key, data: data)
    }

    private static func hmac(_ digest: OpaquePointer?, key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = HMAC(digest, key, Int32(key.count), data, data.count, &out, &length)
        precondition(result != nil, "libcrypto refused HMAC")
        return Array(out.prefix(Int(length)))
    }

    /// AES-256 in counter mode, `iv` being the whole initial 128-bit counter block (as Python's
    /// `cryptography` takes it). Encryption and decryption are the same operation.
    package static func aes256CTR(_ data: [UInt8], key: [UInt8], iv: [UInt8]) -> [UInt8] {
        precondition(key.count == 32 && iv.count == 16)
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("libcrypto could not allocate a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: data.count + 16)
        var written: Int32 = 0, tail: Int32 = 0
        guard EVP_EncryptInit_ex(context, EVP_aes_256_ctr(), nil, key, iv) == 1,
              EVP_EncryptUpdate(context, &out, &written, data, Int32(data.count)) == 1,
              out.withUnsafeMutableBufferPointer({ EVP_EncryptFinal_ex(context, $0.baseAddress! + Int(written), &tail) }) == 1
        else { fatalError("libcrypto refused AES-256-CTR") }
        return Array(out.prefix(Int(written + tail)))
    }

    package static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        precondition(RAND_bytes(&out, Int32(count)) == 1, "libcrypto has no randomness")
        return out
    }

    /// Whether `a == b`, in a time that does not depend on where they differ.
    package static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return CRYPTO_memcmp(a, b, a.count) == 0
    }

    /// "OpenSSL 3.0.19 …", for `--version`.
    package static var libraryVersion: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}
