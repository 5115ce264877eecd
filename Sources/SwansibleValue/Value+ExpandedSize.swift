/// The size of a value as text or a walk sees it.
extension Value {
    /// Whether this value has more than `limit` items (each scalar, list and dict counts one),
    /// counting a part shared through YAML aliases each time it is reached, as printing it as
    /// JSON or Python text would. Stops at the limit, so it costs O(min(size, limit)).
    public func expandedCount(exceeds limit: Int) -> Bool {
        var budget = limit
        return !fits(within: &budget)
    }

    private func fits(within budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch self {
        case .list(let l):
            for item in l where !item.fits(within: &budget) { return false }
        case .dict(let d):
            for item in d.values where !item.fits(within: &budget) { return false }
        default: break
        }
        return true
    }
}
