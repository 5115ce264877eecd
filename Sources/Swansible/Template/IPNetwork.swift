/// An IPv4 or IPv6 address with an optional prefix, for the `ipaddr` filter family.
struct IPNetwork: Equatable {
    /// The address as a 128-bit number split in two (IPv4 uses the low 32 bits).
    var high: UInt64
    var low: UInt64
    var isV6: Bool
    var prefix: Int
    var hadPrefix: Bool

    var bits: Int { isV6 ? 128 : 32 }

    static func parse(_ text: String) -> IPNetwork? {
        var addressPart = Substring(text.trimmingCharacters(in: .whitespaces))
        var prefix: Int?
        if let slash = addressPart.firstIndex(of: "/") {
            let p = addressPart[addressPart.index(after: slash)...]
            addressPart = addressPart[..<slash]
            if let n = Int(p) { prefix = n } else if let mask = parseV4(String(p)) {
                let ones = mask.nonzeroBitCount
                guard mask == (ones == 0 ? 0 : UInt32.max << (32 - ones)) else { return nil }
                prefix = ones
            } else { return nil }
        }
        if let v4 = parseV4(String(addressPart)) {
            guard (prefix ?? 32) <= 32, (prefix ?? 0) >= 0 else { return nil }
            return IPNetwork(high: 0, low: UInt64(v4), isV6: false, prefix: prefix ?? 32, hadPrefix: prefix != nil)
        }
        if let (h, l) = parseV6(String(addressPart)) {
            guard (prefix ?? 128) <= 128, (prefix ?? 0) >= 0 else { return nil }
            return IPNetwork(high: h, low: l, isV6: true, prefix: prefix ?? 128, hadPrefix: prefix != nil)
        }
        return nil
    }

    static func parseV4(_ s: String) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isNumber), let n = UInt32(p), n <= 255 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    static func parseV6(_ s: String) -> (UInt64, UInt64)? {
        guard s.contains(":") else { return nil }
        var text = s
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            // a trailing dotted IPv4 part (::ffff:10.0.0.1) stands for the last two groups
            guard let v4 = parseV4(String(text[text.index(after: lastColon)...])) else { return nil }
            text = String(text[...lastColon]) + String(v4 >> 16, radix: 16) + ":" + String(v4 & 0xffff, radix: 16)
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for g in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let n = UInt16(g, radix: 16) else { return nil }
                out.append(n)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all: [UInt16]
        if halves.count == 2 {
            guard let rest = groups(halves[1]) else { return nil }
            let missing = 8 - head.count - rest.count
            guard missing >= 1 else { return nil }
            all = head + Array(repeating: 0, count: missing) + rest
        } else {
            all = head
        }
        guard all.count == 8 else { return nil }
        let h = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let l = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (h, l)
    }

    // MARK: - Arithmetic on the 128-bit value

    private func mask(_ prefix: Int) -> (UInt64, UInt64) {
        if isV6 {
            let hi: UInt64 = prefix >= 64 ? .max : (prefix == 0 ? 0 : .max << (64 - prefix))
            let lo: UInt64 = prefix <= 64 ? 0 : (prefix >= 128 ? .max : .max << (128 - prefix))
            return (hi, lo)
        }
        return (0, prefix == 0 ? 0 : UInt64(UInt32.max << (32 - prefix)))
    }

    var network: IPNetwork {
        let (mh, ml) = mask(prefix)
        return IPNetwork(high: high & mh, low: low & ml, isV6: isV6, prefix: prefix, hadPrefix: hadPrefix)
    }

    var broadcast: IPNetwork {
        let (mh, ml) = mask(prefix)
        let hostLow = isV6 ? ~ml : (~ml & 0xffff_ffff)
        return IPNetwork(high: high | ~mh, low: (low & ml) | hostLow, isV6: isV6, prefix: prefix, hadPrefix: hadPrefix)
    }

    var netmask: IPNetwork {
        let (mh, ml) = mask(prefix)
        return IPNetwork(high: mh, low: ml, isV6: isV6, prefix: bits, hadPrefix: false)
    }

    /// 2^(bits - prefix), saturated.
    var size: Int {
        let hostBits = bits - prefix
        return hostBits >= 62 ? Int.max : 1 << hostBits
    }

    func adding(_ n: Int) -> IPNetwork {
        var r = self
        if n >= 0 {
            let (l, o) = low.addingReportingOverflow(UInt64(n))
            r.low = l
            if o { r.high &+= 1 }
        } else {
            let (l, o) = low.subtractingReportingOverflow(UInt64(n.magnitude))
            r.low = l
            if o { r.high &-= 1 }
        }
        if !isV6 { r.low &= 0xffff_ffff }
        return r
    }

    var addressText: String {
        if !isV6 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\(v >> 16 & 255).\(v >> 8 & 255).\(v & 255)"
        }
        let groups: [UInt16] = (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64($0))) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64($0))) }
        // the longest run (2+) of zero groups becomes "::"
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8, groups[j] == 0 { j += 1 }
                if j - i > bestLength, j - i >= 2 { bestStart = i; bestLength = j - i }
                i = j
            } else { i += 1 }
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestStart < 0 { return hex.joined(separator: ":") }
        let left = hex[0..<bestStart].joined(separator: ":"), right = hex[(bestStart + bestLength)...].joined(separator: ":")
        return left + "::" + right
    }

    var cidrText: String { addressText + "/\(prefix)" }

    var isPrivate: Bool {
        if isV6 { return high >> 57 == 0x7e }   // fc00::/7
        let v = UInt32(truncatingIfNeeded: low)
        return v >> 24 == 10 || v >> 20 == 0xac1 || v >> 16 == 0xc0a8 || v >> 24 == 127 || v >> 16 == 0xa9fe
    }
}
