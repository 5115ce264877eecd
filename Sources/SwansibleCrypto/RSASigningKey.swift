import CLibCrypto
import Foundation

/// An RSA private key held by libcrypto, for signing with SHA-2 (RFC 8332's `rsa-sha2-256` and
/// `rsa-sha2-512`), which libssh2 1.10 cannot do by itself.
package final class RSASigningKey {
    private let key: OpaquePointer

    package enum Digest { case sha256, sha512 }

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// A PEM private key (PKCS#1 `RSA PRIVATE KEY`, PKCS#8, encrypted or not). Nil when the
    /// text holds no RSA key; throws when it does but cannot be read (a wrong passphrase).
    package init?(pem: String, passphrase: String?) throws {
        guard pem.contains("-----BEGIN") else { return nil }
        let bytes = Array(pem.utf8)
        let loaded: OpaquePointer? = bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            // With no callback, libcrypto takes `u` as the passphrase itself; an empty one
            // makes an encrypted key fail instead of prompting on the terminal.
            return (passphrase ?? "").withCString { PEM_read_bio_PrivateKey(bio, nil, nil, UnsafeMutableRawPointer(mutating: $0)) }
        }
        guard let loaded else {
            ERR_clear_error()
            throw Failure(description: pem.contains("ENCRYPTED") ? "bad passphrase or unreadable key" : "unreadable PEM key")
        }
        guard EVP_PKEY_get_base_id(loaded) == EVP_PKEY_RSA else {
            EVP_PKEY_free(loaded)
            return nil
        }
        key = loaded
    }

    /// A key from its numbers (big-endian magnitudes), as an OpenSSH private key file stores them.
    package init(modulus: [UInt8], publicExponent: [UInt8], privateExponent: [UInt8]) throws {
        guard let builder = OSSL_PARAM_BLD_new() else { throw Failure(description: "libcrypto could not allocate") }
        defer { OSSL_PARAM_BLD_free(builder) }
        let numbers = [modulus, publicExponent, privateExponent].map { (bytes: [UInt8]) in BN_bin2bn(bytes, Int32(bytes.count), nil) }
        defer { numbers.forEach { BN_clear_free($0) } }
        var made: OpaquePointer?
        guard numbers.allSatisfy({ $0 != nil }),
              swansible_push_rsa_numbers(builder, numbers[0], numbers[1], numbers[2]) == 1,
              let params = OSSL_PARAM_BLD_to_param(builder)
        else { throw Failure(description: "libcrypto refused the RSA key's numbers") }
        defer { OSSL_PARAM_free(params) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { throw Failure(description: "libcrypto has no RSA") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &made, SWANSIBLE_EVP_PKEY_KEYPAIR, params) == 1,
              let made
        else {
            ERR_clear_error()
            throw Failure(description: "libcrypto refused the RSA key's numbers")
        }
        key = made
    }

    deinit { EVP_PKEY_free(key) }

    /// The modulus and public exponent, big-endian without leading zeros.
    package var publicNumbers: (modulus: [UInt8], exponent: [UInt8]) {
        (number(OSSL_PKEY_PARAM_RSA_N), number(OSSL_PKEY_PARAM_RSA_E))
    }

    private func number(_ name: String) -> [UInt8] {
        var value: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &value) == 1, let value else { return [] }
        defer { BN_free(value) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(value) + 7) / 8))
        BN_bn2bin(value, &bytes)
        return bytes
    }

    /// An RSASSA-PKCS1-v1_5 signature of `data` with the digest.
    package func sign(_ data: UnsafeRawBufferPointer, digest: Digest) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw Failure(description: "libcrypto could not allocate") }
        defer { EVP_MD_CTX_free(context) }
        var length = 0
        let md = digest == .sha256 ? EVP_sha256() : EVP_sha512()
        guard EVP_DigestSignInit(context, nil, md, nil, key) == 1,
              EVP_DigestSign(context, nil, &length, data.baseAddress, data.count) == 1
        else {
            ERR_clear_error()
            throw Failure(description: "libcrypto could not sign")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, data.baseAddress, data.count) == 1 else {
            ERR_clear_error()
            throw Failure(description: "libcrypto could not sign")
        }
        return Array(signature.prefix(length))
    }
}
