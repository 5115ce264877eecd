/// Evaluated call arguments, and the binder that maps them onto a declared parameter list.
struct Arguments {
    var positional: [JinjaValue] = []
    var keyword: [(name: String, value: JinjaValue)] = []

    init(_ positional: [JinjaValue] = [], keyword: [(name: String, value: JinjaValue)] = []) {
        self.positional = positional
        self.keyword = keyword
    }

    var isEmpty: Bool { positional.isEmpty && keyword.isEmpty }

    func keywordValue(_ name: String) -> JinjaValue? { keyword.last(where: { $0.name == name })?.value }

    /// Binds to `parameters` (names with optional defaults); extra positional or unknown keyword
    /// arguments are errors unless the signature collects them.
    func bind(_ signature: Signature, callee: String) throws -> BoundArguments {
        var bound: [String: JinjaValue] = [:]
        var rest: [JinjaValue] = []
        for (i, v) in positional.enumerated() {
            if i < signature.parameters.count { bound[signature.parameters[i].name] = v }
            else if signature.collectsPositional { rest.append(v) }
            else {
                throw TemplateError.arguments("\(callee)() takes at most \(signature.parameters.count) argument\(signature.parameters.count == 1 ? "" : "s") (\(positional.count) given)")
            }
        }
        var extra: [(name: String, value: JinjaValue)] = []
        for (name, v) in keyword {
            if signature.parameters.contains(where: { $0.name == name }) {
                if bound[name] != nil, positional.count > (signature.parameters.firstIndex { $0.name == name } ?? 0) {
                    throw TemplateError.arguments("\(callee)() got multiple values for argument '\(name)'")
                }
                bound[name] = v
            } else if signature.collectsKeywords {
                extra.append((name, v))
            } else {
                throw TemplateError.arguments("\(callee)() got an unexpected keyword argument '\(name)'")
            }
        }
        for p in signature.parameters where bound[p.name] == nil {
            if let d = p.defaultValue { bound[p.name] = .value(d) }
            else if p.required { throw TemplateError.arguments("\(callee)() missing required argument '\(p.name)'") }
        }
        return BoundArguments(values: bound, rest: rest, extraKeywords: extra)
    }
}

/// A declared parameter list: `Signature("attribute", "default=''")`-like, built in code.
struct Signature: Sendable {
    struct Parameter: Sendable {
        var name: String
        var defaultValue: Value?
        var required: Bool
    }
    var parameters: [Parameter]
    var collectsPositional = false
    var collectsKeywords = false

    /// Each entry is a name, `name?` (optional, no default) or `(name, default)`.
    init(_ required: [String] = [], optional: [(String, Value?)] = [], rest: Bool = false, keywords: Bool = false) {
        parameters = required.map { Parameter(name: $0, defaultValue: nil, required: true) }
            + optional.map { Parameter(name: $0.0, defaultValue: $0.1, required: false) }
        collectsPositional = rest
        collectsKeywords = keywords
    }
}

struct BoundArguments {
    var values: [String: JinjaValue]
    var rest: [JinjaValue]
    var extraKeywords: [(name: String, value: JinjaValue)]

    subscript(_ name: String) -> JinjaValue? { values[name] }

    /// A keyword-only argument collected by a signature with `keywords: true`.
    func keywordOnly(_ name: String) -> JinjaValue? { extraKeywords.last { $0.name == name }?.value }
    func keywordFlag(_ name: String) throws -> Bool { try keywordOnly(name)?.truthy() ?? false }

    func plain(_ name: String) throws -> Value? { try values[name]?.plain() }
    func string(_ name: String) throws -> String? {
        guard let v = try plain(name), !v.isNull else { return nil }
        return v.pythonString
    }
    func bool(_ name: String) throws -> Bool { try values[name]?.truthy() ?? false }
    func int(_ name: String) throws -> Int? {
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
