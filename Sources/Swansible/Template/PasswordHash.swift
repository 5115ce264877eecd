import SwansibleCrypto
import Jinja

/// `password_hash` for the SHA-crypt schemes (`$5$` sha256, `$6$` sha512), as passlib computes
/// them for ansible-core 2.19: default rounds 535000 / 656000, written as `rounds=N$` unless 5000.
enum PasswordHash {
    static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func randomSalt(_ length: Int = 16) -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] })
    }

    static func hash(_ password: String, scheme: String, salt: String?, rounds: Int?) throws -> String {
        let sha512: Bool
        switch scheme {
        case "sha512", "sha512_crypt": sha512 = true
        case "sha256", "sha256_crypt": sha512 = false
        default: throw TemplateError.failed("password_hash: unsupported hash type '\(scheme)' (sha256 and sha512 are available)")
        }
        let saltText = String((salt ?? randomSalt()).prefix(16))
        let r = min(max(rounds ?? (sha512 ? 656_000 : 535_000), 1000), 999_999_999)
        let digest = shaCrypt(Array(password.utf8), Array(saltText.utf8), rounds: r, sha512: sha512)
        let prefix = sha512 ? "$6$" : "$5$"
        return prefix + (r != 5000 ? "rounds=\(r)$" : "") + saltText + "$" + digest
    }

    static func shaCrypt(_ p: [UInt8], _ s: [UInt8], rounds: Int, sha512: Bool) -> String {
        func h(_ data: [UInt8]) -> [UInt8] { sha512 ? Digest.sha512(data) : Digest.sha256(data) }
        let size = sha512 ? 64 : 32
        let b = h(p + s + p)
        var a = p + s
        var n = p.count
        while n > size { a += b; n -= size }
        a += Array(b[0..<n])
        n = p.count
        while n > 0 { a += (n & 1) != 0 ? b : p; n >>= 1 }
        let aDigest = h(a)
        var pRepeated: [UInt8] = []
        for _ in 0..<p.count { pRepeated += p }
        let dp = h(pRepeated)
        let pBytes = (0..<p.count).map { dp[$0 % size] }
        var sRepeated: [UInt8] = []
        for _ in 0..<(16 + Int(aDigest[0])) { sRepeated += s }
        let ds = h(sRepeated)
        let sBytes = (0..<s.count).map { ds[$0 % size] }
        var c = aDigest
        let hasher = Digest.Hasher(sha512 ? .sha512 : .sha256)
        for i in 0..<rounds {
            hasher.update((i & 1) != 0 ? pBytes : c)
            if i % 3 != 0 { hasher.update(sBytes) }
            if i % 7 != 0 { hasher.update(pBytes) }
            hasher.update((i & 1) != 0 ? c : pBytes)
            c = hasher.finish()
        }
        var out = ""
        func b64(_ b2: UInt8, _ b1: UInt8, _ b0: UInt8, _ count: Int) {
            var w = UInt32(b2) << 16 | UInt32(b1) << 8 | UInt32(b0)
            for _ in 0..<count { out.append(alphabet[Int(w & 0x3f)]); w >>= 6 }
        }
        if sha512 {
            let order: [(Int, Int, Int)] = [(0, 21, 42), (22, 43, 1), (44, 2, 23), (3, 24, 45), (25, 46, 4), (47, 5, 26), (6, 27, 48),
                                            (28, 49, 7), (50, 8, 29), (9, 30, 51), (31, 52, 10), (53, 11, 32), (12, 33, 54), (34, 55, 13),
                                            (56, 14, 35), (15, 36, 57), (37, 58, 16), (59, 17, 38), (18, 39, 60), (40, 61, 19), (62, 20, 41)]
            for (x, y, z) in order { b64(c[x], c[y], c[z], 4) }
            b64(0, 0, c[63], 2)
        } else {
            let order: [(Int, Int, Int)] = [(0, 10, 20), (21, 1, 11), (12, 22, 2), (3, 13, 23), (24, 4, 14), (15, 25, 5), (6, 16, 26),
                                            (27, 7, 17), (18, 28, 8), (9, 19, 29)]
            for (x, y, z) in order { b64(c[x], c[y], c[z], 4) }
            b64(0, c[31], c[30], 3)
        }
        return out
    }
}
