import SwansibleTestSupport

/// Derives inputs from seeds: a few random edits (delete, insert a target token, duplicate or
/// splice a slice, change a digit into a big number), drawn from a seeded generator so a run
/// can be repeated.
struct InputMutator {
    var random: SplitMix64
    let seeds: [[UInt8]]
    let tokens: [[UInt8]]

    init(seed: UInt64, seeds: [String], tokens: [String]) {
        random = SplitMix64(seed: seed)
        self.seeds = seeds.map { Array($0.utf8) }
        self.tokens = tokens.map { Array($0.utf8) }
    }

    /// The next input: a seed with 1 to 8 edits, at most 64 KiB.
    mutating func next() -> String {
        var bytes = seeds.randomElement(using: &random) ?? []
        for _ in 0..<Int.random(in: 1...8, using: &random) { edit(&bytes) }
        if bytes.count > 65_536 { bytes.removeLast(bytes.count - 65_536) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func edit(_ bytes: inout [UInt8]) {
        let at = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0 where at < bytes.count:
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &random)))
        case 1, 2:
            bytes.insert(contentsOf: tokens.randomElement(using: &random) ?? [], at: at)
        case 3 where at < bytes.count:
            let slice = bytes[at..<min(bytes.count, at + Int.random(in: 1...64, using: &random))]
            bytes.insert(contentsOf: slice, at: Int.random(in: 0...bytes.count, using: &random))
        case 4:
            let other = seeds.randomElement(using: &random) ?? []
            let from = Int.random(in: 0...other.count, using: &random)
            bytes.insert(contentsOf: other[from..<min(other.count, from + Int.random(in: 1...128, using: &random))], at: at)
        case 5:
            let numbers = ["0", "-1", "9999999999", "10**9", "2**62", "4294967296", "1e308", "99999999999999999999",
                           "9223372036854775807", "-9223372036854775808", "1114112", "-0.0", "nan", "inf"]
            bytes.insert(contentsOf: Array((numbers.randomElement(using: &random) ?? "0").utf8), at: at)
        default:
            if at < bytes.count { bytes[at] = UInt8.random(in: 0x20...0x7e, using: &random) }
        }
    }
}
