/// ssh_config(5)'s TIME FORMATS: plain seconds, or numbers with units (`30s`, `2m`, `1h`,
/// `1m30s`; `d` and `w` too), case-insensitive.
enum SSHTimeValue {
    /// The value in seconds; nil when it is not a time.
    static func seconds(_ text: String) -> Int? {
        if let plain = Int(text) { return plain }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
        var total = 0, digits = ""
        for c in text.lowercased() {
            if c.isASCII, c.isNumber { digits.append(c); continue }
            guard let unit = units[c], let n = Int(digits) else { return nil }
            total += n * unit
            digits = ""
        }
        if !digits.isEmpty {
            guard let n = Int(digits) else { return nil }
            total += n
        }
        return text.isEmpty ? nil : total
    }
}
