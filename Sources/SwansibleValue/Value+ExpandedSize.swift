/// The size of a value as text or a walk sees it.
extension Value {
    /// Whether this value has more than `limit` items (each scalar, list and dict counts one),
    /// counting a part shared through YAML aliases each time it is reached, as printing it as
    /// JSON or Python text would. Stops at the limit, so it costs O(min(size, limit)).
    public func expandedCount(exceeds limit: Int) -> Bool {
        var budget = limit - 1
        return budget < 0 || !itemsFit(within: &budget)
    }

    /// Counts a container's items at once, then walks only the items that are containers:
    /// filters check every value they walk, so this runs over whole variables. The items are
    /// read in place (no copy of each element, which costs a retain and a release).
    private func itemsFit(within budget: inout Int) -> Bool {
        switch self {
        case .list(let l):
            budget -= l.count
            if budget < 0 { return false }
            return l.withUnsafeBufferPointer { Value.containersFit($0, within: &budget) }
        case .dict(let d):
            budget -= d.count
            if budget < 0 { return false }
            return d.values.withUnsafeBufferPointer { Value.containersFit($0, within: &budget) }
        default:
            return true
        }
    }

    private static func containersFit(_ items: UnsafeBufferPointer<Value>, within budget: inout Int) -> Bool {
        for i in items.indices {
            switch items[i] {
            case .list, .dict: if !items[i].itemsFit(within: &budget) { return false }
            default: continue
            }
        }
        return true
    }
}
