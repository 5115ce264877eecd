/// The integers `start, start + step, ...` before `stop`, counted the way Python's `range` and
/// slices count them, without overflowing near `Int`'s limits (`range(-2**63 + 1, 2**63 - 1)`
/// is just too large, never a crash).
package struct SteppedRange {
    package let start: Int
    package let step: Int
    /// How many values there are; `Int.max` stands for "more than fits".
    package let count: Int

    /// `step` must not be zero.
    package init(start: Int, stop: Int, step: Int) {
        self.start = start
        self.step = step
        let span: UInt
        if step > 0 {
            span = stop > start ? UInt(bitPattern: stop &- start) : 0
        } else {
            span = start > stop ? UInt(bitPattern: start &- stop) : 0
        }
        count = span == 0 ? 0 : Int(clamping: (span - 1) / step.magnitude + 1)
    }

    /// The values; every one lies between start and stop, so wrapping arithmetic is exact.
    package var values: [Int] { (0..<count).map(value(at:)) }

    /// The value at `index` (0 ..< count).
    package func value(at index: Int) -> Int { start &+ index &* step }
}
