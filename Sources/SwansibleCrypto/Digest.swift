import CLibCrypto
import Foundation

/// Message digests (`hash`, `md5`, `sha1`, `checksum`, `password_hash`, file checksums) from
/// OpenSSL's libcrypto, the library libssh2 already links: the project carries no digest of its own.
package enum Digest {
    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hex digest of `data` with the algorithm Python's `hashlib` calls `name`, nil when unknown.
    package static func hash(_ name: String, _ data: [UInt8]) -> String? {
        guard let algorithm = Algorithm(rawValue: name.lowercased()) else { return nil }
        return hex(digest(algorithm, data))
    }

    package enum Algorithm: String, CaseIterable, Sendable {
        case md5, sha1, sha224, sha256, sha384, sha512

        var evp: OpaquePointer {
            switch self {
            case .md5: return EVP_md5()
            case .sha1: return EVP_sha1()
            case .sha224: return EVP_sha224()
            case .sha256: return EVP_sha256()
            case .sha384: return EVP_sha384()
            case .sha512: return EVP_sha512()
            }
        }
    }

    package static func digest(_ algorithm: Algorithm, _ data: some ContiguousBytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &out, &length, algorithm.evp, nil)
        }
        precondition(ok == 1, "libcrypto refused a \(algorithm.rawValue) digest")
        return Array(out.prefix(Int(length)))
    }

    package static func md5(_ data: [UInt8]) -> [UInt8] { digest(.md5, data) }
    package static func sha1(_ data: [UInt8]) -> [UInt8] { digest(.sha1, data) }
    package static func sha256(_ data: [UInt8]) -> [UInt8] { digest(.sha256, data) }
    package static func sha512(_ data: [UInt8]) -> [UInt8] { digest(.sha512, data) }

    /// The lowercase hex SHA-1 of `data`: what `sha1sum` prints and ansible's `checksum` is.
    package static func sha1Hex(_ data: Data) -> String { hex(digest(.sha1, data)) }
}

extension Digest {
    /// A digest fed in pieces, reusing one libcrypto context: for loops that hash many small
    /// inputs (the SHA-crypt rounds of `password_hash`).
    package final class Hasher {
        private let context: OpaquePointer
        private let algorithm: Algorithm
        private var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))

        package init(_ algorithm: Algorithm) {
            guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto could not allocate a digest context") }
            self.context = context
            self.algorithm = algorithm
            reset()
        }

        deinit { EVP_MD_CTX_free(context) }

        package func reset() {
            precondition(EVP_DigestInit_ex(context, algorithm.evp, nil) == 1, "libcrypto refused a \(algorithm.rawValue) digest")
        }

        package func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        }

        /// The digest of everything fed since the last reset; the hasher is reset for the next one.
        package func finish() -> [UInt8] {
            var length: UInt32 = 0
            precondition(EVP_DigestFinal_ex(context, &output, &length) == 1)
            reset()
            return Array(output.prefix(Int(length)))
        }
    }
}
