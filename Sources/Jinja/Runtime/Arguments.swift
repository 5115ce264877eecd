/// Evaluated call arguments, and the binder that maps them onto a declared parameter list.
package struct Arguments {
    package var positional: [JinjaValue] = []
    package var keyword: [(name: String, value: JinjaValue)] = []

    package init(_ positional: [JinjaValue] = [], keyword: [(name: String, value: JinjaValue)] = []) {
        self.positional = positional
        self.keyword = keyword
    }

    package var isEmpty: Bool { positional.isEmpty && keyword.isEmpty }

    package func keywordValue(_ name: String) -> JinjaValue? { keyword.last(where: { $0.name == name })?.value }

    /// Binds to `parameters` (names with optional defaults); extra positional or unknown keyword
    /// arguments are errors unless the signature collects them.
    package func bind(_ signature: Signature, callee: String) throws -> BoundArguments {
        // Slots in parameter order rather than a dictionary: binding runs for every filter call.
        let parameters = signature.parameters
        if parameters.isEmpty, positional.isEmpty, keyword.isEmpty {
            return BoundArguments(parameters: [], slots: [], rest: [], extraKeywords: [])
        }
        var slots = [JinjaValue?](repeating: nil, count: parameters.count)
        var rest: [JinjaValue] = []
        for i in positional.indices {
            let v = positional[i]
            if i < parameters.count { slots[i] = v }
            else if signature.collectsPositional { rest.append(v) }
            else {
                throw TemplateError.arguments("\(callee)() takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s") (\(positional.count) given)")
            }
        }
        var extra: [(name: String, value: JinjaValue)] = []
        for (name, v) in keyword {
            if let index = parameters.firstIndex(where: { $0.name == name }) {
                if slots[index] != nil, positional.count > index {
                    throw TemplateError.arguments("\(callee)() got multiple values for argument '\(name)'")
                }
                slots[index] = v
            } else if signature.collectsKeywords {
                extra.append((name, v))
            } else {
                throw TemplateError.arguments("\(callee)() got an unexpected keyword argument '\(name)'")
            }
        }
        var missing: [String] = []
        for i in parameters.indices where slots[i] == nil {
            if let d = parameters[i].defaultValue { slots[i] = .value(d) }
            else if parameters[i].required { missing.append("'\(parameters[i].name)'") }
        }
        if !missing.isEmpty {
            // Python's wording: 'a' / 'a' and 'b' / 'a', 'b', and 'c'
            let names = missing.count < 3 ? missing.joined(separator: " and ")
                : missing.dropLast().joined(separator: ", ") + ", and " + missing.last!
            let plural = missing.count == 1 ? "argument" : "arguments"
            throw TemplateError.arguments("\(callee)() missing \(missing.count) required positional \(plural): \(names)")
        }
        return BoundArguments(parameters: parameters, slots: slots, rest: rest, extraKeywords: extra)
    }
}

/// A declared parameter list: `Signature("attribute", "default=''")`-like, built in code.
package struct Signature: Sendable {
    package struct Parameter: Sendable {
        package var name: String
        package var defaultValue: Value?
        package var required: Bool
    }
    package var parameters: [Parameter]
    package var collectsPositional = false
    package var collectsKeywords = false

    /// Each entry is a name, `name?` (optional, no default) or `(name, default)`.
    package init(_ required: [String] = [], optional: [(String, Value?)] = [], rest: Bool = false, keywords: Bool = false) {
        parameters = required.map { Parameter(name: $0, defaultValue: nil, required: true) }
            + optional.map { Parameter(name: $0.0, defaultValue: $0.1, required: false) }
        collectsPositional = rest
        collectsKeywords = keywords
    }
}

package struct BoundArguments {
    /// The signature's parameters and, in the same order, the value bound to each (nil: none).
    package var parameters: [Signature.Parameter]
    package var slots: [JinjaValue?]
    package var rest: [JinjaValue]
    package var extraKeywords: [(name: String, value: JinjaValue)]

    package subscript(_ name: String) -> JinjaValue? {
        guard let i = parameters.firstIndex(where: { $0.name == name }) else { return nil }
        return slots[i]
    }

    /// A keyword-only argument collected by a signature with `keywords: true`.
    package func keywordOnly(_ name: String) -> JinjaValue? { extraKeywords.last { $0.name == name }?.value }
    package func keywordFlag(_ name: String) throws -> Bool { try keywordOnly(name)?.truthy() ?? false }

    package func plain(_ name: String) throws -> Value? { try self[name]?.plain() }
    package func string(_ name: String) throws -> String? {
        guard let v = try plain(name), !v.isNull else { return nil }
        return v.pythonString
    }
    package func bool(_ name: String) throws -> Bool { try self[name]?.truthy() ?? false }
    package func int(_ name: String) throws -> Int? {
        guard let v = try plain(name) else { return nil }
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .float(let f):
            guard let i = Coerce.truncated(f) else { throw TemplateError.type("cannot convert float \(Value.pythonFloatRepr(f)) to integer") }
            return i
        case .null: return nil
        default: throw TemplateError.type("'\(v.pythonTypeName)' object cannot be interpreted as an integer")
        }
    }
}
