import Foundation

/// Ansible's argument type conversions (`check_type_bool`, `check_type_int`, ...): what a
/// module receives after `yes`, `"8080"` or `"a,b"` went through its spec.
enum ArgumentCoercion {
    struct Failure: Error { var text: String }

    /// Spellings ansible accepts as booleans (compared lowercased).
    static let trueWords: Set<String> = ["y", "yes", "on", "1", "true", "t"]
    static let falseWords: Set<String> = ["n", "no", "off", "0", "false", "f"]
    static let validBooleans = "'y', 'yes', 'on', '1', 'true', 't', 1, 1.0, 'n', 'no', 'off', '0', 'false', 'f', 0, 0.0"

    static func coerce(_ value: Value, to kind: ArgumentSpec.Kind) -> Result<Value, Failure> {
        switch kind {
        case .raw: return .success(value)
        case .mode: return mode(value)
        case .string, .path: return string(value)
        case .bool: return bool(value).map(Value.bool)
        case .int: return int(value)
        case .float: return float(value)
        case .list: return list(value)
        case .dict: return dict(value)
        }
    }

    static func string(_ value: Value) -> Result<Value, Failure> {
        switch value {
        case .string, .unsafe: return .success(value)
        default: return .success(.string(value.pythonString))
        }
    }

    static func bool(_ value: Value) -> Result<Bool, Failure> {
        switch value {
        case .bool(let b): return .success(b)
        case .int(let i) where i == 0 || i == 1: return .success(i == 1)
        case .float(let f) where f == 0 || f == 1: return .success(f == 1)
        case .string(let s), .unsafe(let s):
            let lower = s.lowercased()
            if trueWords.contains(lower) { return .success(true) }
            if falseWords.contains(lower) { return .success(false) }
        default: break
        }
        return .failure(Failure(text: "The value \(value.pythonRepr) is not a valid boolean. Valid booleans include: \(validBooleans)"))
    }

    static func int(_ value: Value) -> Result<Value, Failure> {
        switch value {
        case .int, .bool: return .success(value)
        case .float(let f) where f.rounded() == f && abs(f) < 9e18: return .success(.int(Int(f)))
        case .string(let s), .unsafe(let s):
            if let i = Int(s.trimmingCharacters(in: .whitespaces)) { return .success(.int(i)) }
        default: break
        }
        return .failure(Failure(text: "\(Value.pythonStringRepr(value.pythonRepr)) cannot be converted to an int"))
    }

    static func float(_ value: Value) -> Result<Value, Failure> {
        switch value {
        case .float: return .success(value)
        case .int(let i): return .success(.float(Double(i)))
        case .string(let s), .unsafe(let s):
            if let f = Double(s.trimmingCharacters(in: .whitespaces)) { return .success(.float(f)) }
        default: break
        }
        return .failure(Failure(text: "\(Value.pythonStringRepr(value.pythonRepr)) cannot be converted to a float"))
    }

    /// A list from a list, a comma-separated string, or a lone scalar.
    static func list(_ value: Value) -> Result<Value, Failure> {
        switch value {
        case .list: return .success(value)
        case .string(let s), .unsafe(let s): return .success(.list(s.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) }))
        case .int, .float, .bool: return .success(.list([.string(value.pythonString)]))
        default: return .failure(Failure(text: "<class '\(value.pythonTypeName)'> cannot be converted to a list"))
        }
    }

    /// A dict from a dict, a JSON object string, or `k=v` pairs separated by commas or spaces.
    static func dict(_ value: Value) -> Result<Value, Failure> {
        switch value {
        case .dict: return .success(value)
        case .string(let s), .unsafe(let s):
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{") {
                if let parsed = try? Value(jsonText: trimmed), case .dict = parsed { return .success(parsed) }
                return .failure(Failure(text: "unable to evaluate string as dictionary"))
            }
            var d = ValueDict()
            for field in trimmed.split(whereSeparator: { $0 == "," || $0 == " " }) {
                let parts = field.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else {
                    return .failure(Failure(text: "dictionary requested, could not parse JSON or key=value"))
                }
                d[String(parts[0])] = .string(String(parts[1]))
            }
            return .success(.dict(d))
        default:
            return .failure(Failure(text: "<class '\(value.pythonTypeName)'> cannot be converted to a dict"))
        }
    }

    /// Modes stay as given: an int is the numeric mode, a string is octal or symbolic.
    static func mode(_ value: Value) -> Result<Value, Failure> {
        switch value {
        case .int, .string, .unsafe: return .success(value)
        default: return .success(.string(value.pythonString))
        }
    }

    /// The first value outside `choices` (for a list, the first such element), or nil.
    static func outsideChoices(_ value: Value, _ choices: [Value]) -> Value? {
        func allowed(_ v: Value) -> Bool {
            choices.contains(v) || choices.contains { $0.pythonString == v.pythonString }
        }
        if case .list(let items) = value, !choices.contains(where: { $0.listValue != nil }) {
            return items.contains { !allowed($0) } ? .some(value) : .none
        }
        return allowed(value) ? .none : .some(value)
    }
}
