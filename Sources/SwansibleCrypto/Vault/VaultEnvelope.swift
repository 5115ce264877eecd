/// The text form of vaulted data: a header line `$ANSIBLE_VAULT;1.1;AES256` (or
/// `$ANSIBLE_VAULT;1.2;AES256;label`), then the hexlified vault text in lines of 80 characters.
package struct VaultEnvelope: Sendable, Equatable {
    package static let marker = "$ANSIBLE_VAULT"
    package static let lineWidth = 80

    package var version: String
    package var cipher: String
    /// The vault id of a 1.2 envelope.
    package var label: String?
    /// The vault text: the three hex lines (salt, HMAC, ciphertext), already un-hexlified once.
    package var vaultText: [UInt8]

    package init(version: String, cipher: String, label: String?, vaultText: [UInt8]) {
        self.version = version
        self.cipher = cipher
        self.label = label
        self.vaultText = vaultText
    }

    /// Whether `text` is vaulted data: it starts with the marker (leading whitespace allowed, as in
    /// an inline `!vault |` value).
    package static func isVaulted(_ text: some StringProtocol) -> Bool {
        text.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).hasPrefix(marker)
    }

    package static func isVaulted(_ bytes: [UInt8]) -> Bool {
        let start = bytes.firstIndex { !(($0 == 0x20) || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d) } ?? bytes.endIndex
        return bytes[start...].starts(with: Array(marker.utf8))
    }

    package init(parsing text: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        guard let header = lines.first, header.hasPrefix(Self.marker) else { throw VaultError.notVaulted }
        let parts = header.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingASCIIWhitespace() }
        guard parts.count >= 3 else { throw VaultError("Vault envelope format error: invalid header '\(header)'") }
        version = parts[1]
        cipher = parts[2]
        label = version == "1.2" && parts.count > 3 ? parts[3] : nil
        guard let bytes = Hex.decode(lines.dropFirst().joined()) else {
            throw VaultError("Vault format unhexlify error: Non-hexadecimal digit found")
        }
        vaultText = bytes
    }

    /// The envelope as ansible-vault writes it, ending in a newline. A label other than
    /// "default" makes it a 1.2 envelope.
    package var text: String {
        var header = [Self.marker, version, cipher]
        if version == "1.2", let label { header.append(label) }
        let hex = Array(Hex.encode(vaultText))
        var out = header.joined(separator: ";") + "\n"
        for start in stride(from: 0, to: hex.count, by: Self.lineWidth) {
            out += String(hex[start..<min(start + Self.lineWidth, hex.count)]) + "\n"
        }
        return out
    }
}

/// Python's `hexlify` / `unhexlify`.
package enum Hex {
    package static func encode(_ bytes: some Sequence<UInt8>) -> String { Digest.hex(bytes) }

    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
