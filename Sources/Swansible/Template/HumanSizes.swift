import Foundation
import Jinja

/// The `human_readable` and `human_to_bytes` filters: sizes as text ("10.00 KB") and back,
/// with ansible-core's rules and messages (binary multiples, `B`/`b` for bytes/bits, a
/// whole-word unit accepted in lower case, Python's rounding half to even).
enum HumanSizes {
    /// The multiple prefixes, largest first, each with its byte and bit unit names.
    static let prefixes: [(letter: String, power: Int, bytes: (word: String, symbol: String), bits: (word: String, symbol: String))] = [
        ("Y", 8, ("yottabyte", "YB"), ("yottabit", "Yb")), ("Z", 7, ("zetabyte", "ZB"), ("zetabit", "Zb")),
        ("E", 6, ("exabyte", "EB"), ("exabit", "Eb")), ("P", 5, ("petabyte", "PB"), ("petabit", "Pb")),
        ("T", 4, ("terabyte", "TB"), ("terabit", "Tb")), ("G", 3, ("gigabyte", "GB"), ("gigabit", "Gb")),
        ("M", 2, ("megabyte", "MB"), ("megabit", "Mb")), ("K", 1, ("kilobyte", "KB"), ("kilobit", "Kb")),
        ("B", 0, ("byte", "B"), ("bit", "b")),
    ]

    static func readable(_ value: Value, isbits: Bool, unit: String?) throws -> String {
        let size: Double
        switch value {
        case .int(let i): size = Double(i)
        case .float(let f): size = f
        case .bool(let b): size = b ? 1 : 0
        default:
            // Python compares (or, with a unit, divides) the value with an int and fails.
            let operation = unit == nil ? "'>=' not supported between instances of '\(value.pythonTypeName)' and 'int'"
                : "unsupported operand type(s) for /: '\(value.pythonTypeName)' and 'int'"
            throw TemplateError.failed("human_readable() failed on bad input: \(operation)")
        }
        let chosen = prefixes.first { prefix in
            if let unit { return unit.uppercased() == prefix.letter }
            return size >= Foundation.pow(1024, Double(prefix.power))
        } ?? prefixes[prefixes.count - 1]
        let base = isbits ? "bits" : "Bytes"
        let suffix = chosen.power == 0 ? base : chosen.letter + base.prefix(1)
        return String(format: "%.2f %@", size / Foundation.pow(1024, Double(chosen.power)), suffix)
    }

    static func bytes(_ text: String, defaultUnit: String?, isbits: Bool) throws -> Int {
        func refuse(_ reason: String) -> TemplateError {
            TemplateError.failed("human_to_bytes() can't interpret the input: \(reason)")
        }
        guard let match = text.wholeMatch(of: /([0-9]*\.?[0-9]+)(?:\s*([A-Za-z]+))?\s*/), let number = Double(match.1) else {
            throw refuse("human_to_bytes() can't interpret following string: \(text)")
        }
        guard let unit = match.2.map(String.init) ?? defaultUnit, let first = unit.first else {
            return try integer(number, text)
        }
        guard let prefix = prefixes.first(where: { $0.letter == first.uppercased() }) else {
            throw refuse("human_to_bytes() failed to convert \(text) (unit = \(unit)). The suffix must be one of "
                + prefixes.map(\.letter).joined(separator: ", "))
        }
        if unit.count > 1 {
            let names = isbits ? prefix.bits : prefix.bytes
            let expected = prefix.letter == "B" ? "\(isbits ? "b" : "B") or \(isbits ? "bit" : "byte")"
                : "\(prefix.letter)\(isbits ? "b" : "B") or \(prefix.letter)"
            guard unit.lowercased() == names.word || unit == names.symbol else {
                throw refuse("human_to_bytes() failed to convert \(text). Value is not a valid string (expect \(expected))")
            }
        }
        return try integer(number * Foundation.pow(1024, Double(prefix.power)), text)
    }

    /// Python's `int(round(x))`: halves go to the even neighbour.
    private static func integer(_ x: Double, _ text: String) throws -> Int {
        guard let rounded = Coerce.truncated(x.rounded(.toNearestOrEven)) else {
            throw TemplateError.limit("human_to_bytes() result too large: \(text)")
        }
        return rounded
    }
}
