/// How large a value a template may build.
///
/// Python has no such limit: `'x' * 10**10` or a string doubled in a loop runs until the
/// allocation fails (MemoryError, which ansible-core reports as "Error rendering template.") or
/// the machine swaps. The engine refuses first, before allocating where it can, with a
/// `TemplateError.limit` the renderer places at the expression: far above anything a real
/// configuration file needs, far below what would hurt the controller.
package enum TemplateLimits {
    /// Bytes (UTF-8) of one string or of a template's output.
    package static let maxTextBytes = 64 << 20
    /// Items of one list built by a template.
    package static let maxListCount = 10_000_000

    /// Throws unless a string of `bytes` UTF-8 bytes may be built.
    package static func checkText(bytes: Int) throws {
        if bytes > maxTextBytes { throw TemplateError.tooLarge(text: bytes) }
    }

    /// Throws unless a list of `count` items may be built.
    package static func checkList(count: Int) throws {
        if count > maxListCount { throw TemplateError.tooLarge(list: count) }
    }

    /// `count` × `each`, saturating instead of overflowing (sizes of repetitions).
    package static func product(_ count: Int, _ each: Int) -> Int {
        let (r, overflow) = max(count, 0).multipliedReportingOverflow(by: max(each, 0))
        return overflow ? Int.max : r
    }

    /// `value` itself, after checking the size of a string or list a filter or method built.
    package static func checked(_ value: JinjaValue) throws -> JinjaValue {
        if case .value(let v) = value {
            switch v {
            case .string(let s), .unsafe(let s): try checkText(bytes: s.utf8.count)
            case .list(let l): try checkList(count: l.count)
            default: break
            }
        }
        return value
    }
}

extension TemplateLimits {
    /// Throws when `value`, printed or walked in full, would have more than `maxListCount` items:
    /// a value that shares parts (nested YAML aliases, a "billion laughs") is small in memory
    /// but would be expanded by text conversion, JSON, YAML or `flatten`. O(min(size, limit)).
    package static func checkExpanded(_ value: Value) throws {
        switch value {
        case .list, .dict:
            if value.expandedCount(exceeds: maxListCount) { throw TemplateError.tooLarge(expanded: maxListCount) }
        default: break
        }
    }
}

extension Renderer {
    /// `TemplateLimits.checkExpanded`, remembering the containers that passed (at most 256 at a
    /// time): filters in a loop over one big variable walk it once per render, not once per call.
    func checkExpanded(_ value: Value) throws {
        // a small value is walked at once: cheaper than remembering it
        guard value.expandedCount(exceeds: 64), let storage = SharedStorage(container: value) else { return }
        if checkedContainers[storage] != nil { return }
        try TemplateLimits.checkExpanded(value)
        remember(value, storage)
    }

    /// Records a container known to pass `checkExpanded` without walking it (a filter's result
    /// made of the elements of an input that passed).
    func rememberChecked(_ value: Value) {
        guard value.expandedCount(exceeds: 64), let storage = SharedStorage(container: value) else { return }
        remember(value, storage)
    }

    private func remember(_ value: Value, _ storage: SharedStorage) {
        if checkedContainers.count >= 256 { checkedContainers.removeAll(keepingCapacity: true) }
        checkedContainers[storage] = value
    }
}

extension TemplateLimits {
    /// Throws when `s.replace(old, new)` could exceed the text limit: checked before replacing,
    /// since each match may grow the text (`('x' * 10**6) | replace('x', 'y' * 1000)`).
    package static func checkReplacement(in s: String, old: String, new: String) throws {
        let length = s.utf8.count, growth = new.utf8.count - old.utf8.count
        guard growth > 0 else { return }
        // at most one match per byte of `old` (or per character plus one when `old` is empty)
        let matches = old.isEmpty ? length + 1 : length / old.utf8.count
        try checkText(bytes: length + product(matches, growth))
    }

    /// Throws when every line of a text of `lines` lines prefixed by `prefixBytes` would exceed
    /// the text limit (`indent`).
    package static func checkPrefixing(bytes: Int, lines: Int, prefixBytes: Int) throws {
        try checkText(bytes: bytes + product(lines, prefixBytes))
    }
}
