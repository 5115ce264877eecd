/// Which names a variable can have, as ansible-core 2.19 checks them where a task names
/// variables itself (set_fact's keys): an ASCII identifier that is not a name Jinja keeps for
/// itself (`true`, `none`, `not`...).
enum VariableName {
    /// Names Jinja gives a meaning of their own: no variable can be looked up by them.
    static let jinjaKeywords: Set<String> = ["true", "false", "none", "True", "False", "None", "not"]

    /// What ansible-core adds under the refusal.
    static let help = "Variable names must be strings starting with a letter or underscore character, and contain only letters, numbers and underscores."

    static func isValid(_ name: String) -> Bool {
        guard !jinjaKeywords.contains(name), let first = name.unicodeScalars.first, isLetter(first) || first == "_" else {
            return false
        }
        return name.unicodeScalars.allSatisfy { isLetter($0) || $0 == "_" || ("0"..."9").contains($0) }
    }

    /// Why `name` (a templated key: any value) cannot be a variable's name, or nil when it can:
    /// scalars are shown by their text, other types by their type alone.
    static func refusal(_ name: Value) -> String? {
        if let text = name.stringValue, isValid(text) { return nil }
        switch name {
        case .string(let s), .unsafe(let s): return "Invalid variable name '\(s)'."
        case .list, .dict: return "Invalid variable name of type '\(name.pythonTypeName)'."
        default: return "Invalid variable name '\(name.pythonString)' of type '\(name.pythonTypeName)'."
        }
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
}
