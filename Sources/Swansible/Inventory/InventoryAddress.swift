import Foundation

/// Host identifiers in inventory sources: `name:port`, `[v6::addr]:port`, and ranges such as
/// `web[01:03]`, `db-[a:c]`, `n[0:10:2]`, with ansible-core's validation of what a host name,
/// an IPv4 and an IPv6 address may look like.
enum InventoryAddress {
    /// The host and optional port of `address`; nil when it is not a recognisable host
    /// identifier (ansible then keeps the text unchanged, without a port).
    static func parse(_ address: String, allowRanges: Bool) -> (host: String, port: Int?)? {
        var host = address
        var port: Int?
        // [anything]:port
        if host.hasPrefix("["), let close = host.lastIndex(of: "]"),
           host[host.index(after: close)...].hasPrefix(":"),
           let p = digitsPort(host[host.index(close, offsetBy: 2)...]) {
            port = p
            host = String(host[host.index(after: host.startIndex)..<close])
        }
        // host:port, where the host part has no ':' outside complete [...] groups
        if let (h, p) = splitHostPort(host) { host = h; port = p }
        guard isIPv4(host) || isIPv6(host) || isHostname(host) else { return nil }
        if !allowRanges && host.contains("[") { return nil }
        return (host, port)
    }

    private static func digitsPort(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }

    private static func splitHostPort(_ s: String) -> (String, Int)? {
        var depth = 0
        var colon: String.Index?
        for i in s.indices {
            switch s[i] {
            case "[":
                if depth > 0 { return nil }
                depth += 1
            case "]":
                if depth == 0 { return nil }
                depth -= 1
            case ":" where depth == 0:
                if colon != nil { return nil }
                colon = i
            default: break
            }
        }
        guard depth == 0, let colon, let port = digitsPort(s[s.index(after: colon)...]) else { return nil }
        return (String(s[..<colon]), port)
    }

    // MARK: - Validation

    /// `[a:z]`-style range (`[0-9]+:[0-9]+` or one letter each side, optional `:step`) at `i`.
    private static func rangeEnd(_ s: [Character], _ i: Int, hex: Bool = false, letters: Bool = true) -> Int? {
        guard i < s.count, s[i] == "[", let close = s[i...].firstIndex(of: "]") else { return nil }
        let parts = String(s[(i + 1)..<close]).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        if parts.count == 3, parts[2].isEmpty || !parts[2].allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        let a = parts[0], b = parts[1]
        func numeric(_ x: Substring) -> Bool { !x.isEmpty && x.allSatisfy { $0.isASCII && (hex ? $0.isHexDigit : $0.isNumber) } }
        func letter(_ x: Substring) -> Bool { x.count == 1 && x.allSatisfy { $0.isASCII && $0.isLetter } }
        guard (numeric(a) && numeric(b)) || (letters && letter(a) && letter(b)) else { return nil }
        return close + 1
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    static func isHostname(_ host: String) -> Bool {
        guard !host.isEmpty else { return false }
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            let chars = Array(label)
            guard !chars.isEmpty else { return false }
            var i = 0
            var last: Character = " "
            while i < chars.count {
                if chars[i] == "[" {
                    guard let end = rangeEnd(chars, i) else { return false }
                    i = end
                    last = "]"
                    continue
                }
                guard isWordCharacter(chars[i]) || (i > 0 && chars[i] == "-") else { return false }
                last = chars[i]
                i += 1
            }
            if last == "_" || last == "-" { return false }
        }
        return true
    }

    static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            let chars = Array(part)
            if chars.first == "[" { return rangeEnd(chars, 0, letters: false) == chars.count }
            guard (1...3).contains(chars.count), chars.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(part) else { return false }
            return chars.count < 3 || n <= 255 || (chars[0] == "0" || chars[0] == "1")
        }
    }

    static func isIPv6(_ host: String) -> Bool {
        guard host.contains(":") else { return false }
        // Ranges stand for hex groups: check the address with each range replaced by "0".
        var plain = ""
        let chars = Array(host)
        var i = 0
        while i < chars.count {
            if chars[i] == "[" {
                guard let end = rangeEnd(chars, i, hex: true, letters: false) else { return false }
                plain += "0"
                i = end
            } else {
                plain.append(chars[i])
                i += 1
            }
        }
        var buffer = in6_addr()
        return inet_pton(AF_INET6, plain, &buffer) == 1
    }

    // MARK: - Ranges

    /// Expands every `[begin:end(:step)]` range, left to right; letters run through a-z then A-Z;
    /// a zero-padded begin pads every number to its width.
    static func expandRanges(_ pattern: String) throws(InventoryError) -> [String] {
        guard let open = pattern.firstIndex(of: "["), let close = pattern[open...].firstIndex(of: "]") else { return [pattern] }
        let head = pattern[..<open], tail = pattern[pattern.index(after: close)...]
        let bounds = pattern[pattern.index(after: open)..<close].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard bounds.count == 2 || bounds.count == 3 else { throw InventoryError(message: "host range must be begin:end or begin:end:step") }
        let begin = bounds[0].isEmpty ? "0" : bounds[0], end = bounds[1]
        guard !end.isEmpty else { throw InventoryError(message: "host range must specify end value") }
        guard let step = bounds.count == 3 ? Int(bounds[2]) : 1, step > 0 else { throw InventoryError(message: "host range step must be a positive integer") }
        var items: [String] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if begin.count == 1, end.count == 1, let b = alphabet.firstIndex(of: Character(begin)), let e = alphabet.firstIndex(of: Character(end)) {
            guard b <= e else { throw InventoryError(message: "host range must have begin <= end") }
            items = stride(from: b, through: e, by: step).map { String(alphabet[$0]) }
        } else {
            guard let b = Int(begin), let e = Int(end) else { throw InventoryError(message: "host range must be numeric or a single letter: [\(bounds.joined(separator: ":"))]") }
            let width = begin.hasPrefix("0") && begin.count > 1 ? begin.count : 0
            if width > 0, width != end.count { throw InventoryError(message: "host range must specify equal-length begin and end formats") }
            if b <= e {
                let (span, overflow) = e.subtractingReportingOverflow(b)
                guard !overflow, span / step < maxExpandedHosts else {
                    throw InventoryError(message: "host range [\(bounds.joined(separator: ":"))] is too large")
                }
                items = stride(from: b, through: e, by: step).map { n in
                    let digits = String(n)
                    return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
                }
            }
        }
        var result: [String] = []
        for item in items {
            result += try expandRanges(head + item + tail)
            // several ranges multiply: the whole pattern is held to what one range may give
            guard result.count <= maxExpandedHosts else {
                throw InventoryError(message: "host pattern '\(pattern)' expands to more than \(maxExpandedHosts) hosts")
            }
        }
        return result
    }

    /// The most hosts one pattern of an inventory file may stand for.
    static let maxExpandedHosts = 100_000
}
