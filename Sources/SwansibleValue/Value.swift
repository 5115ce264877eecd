@_exported import OrderedCollections

/// An ordered mapping with string keys: what YAML mappings, Jinja dicts and module results become.
public typealias ValueDict = OrderedDictionary<String, Value>

/// The one value model shared by YAML, variables, templates and module results.
///
/// Mapping keys are strings: a YAML key such as `yes` or `80` is kept as Python's `str()` of
/// the resolved key (`"True"`, `"80"`), and lookups with a non-string key fall back to that form.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([Value])
    case dict(ValueDict)
    /// A string tagged `!unsafe`: like ansible-core, it is never templated.
    case unsafe(String)
}

extension Value {
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// The text of a string (plain or unsafe); nil for every other case.
    public var stringValue: String? {
        switch self {
        case .string(let s), .unsafe(let s): return s
        default: return nil
        }
    }

    public var listValue: [Value]? { if case .list(let l) = self { return l }; return nil }
    public var dictValue: ValueDict? { if case .dict(let d) = self { return d }; return nil }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// Python truthiness: empty strings, lists, dicts, zero and None are false.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let f): return f != 0
        case .string(let s), .unsafe(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .dict(let d): return !d.isEmpty
        }
    }

    /// Member lookup on a mapping, with Python's `str()` of a non-string key as fallback.
    public subscript(key: String) -> Value? {
        guard case .dict(let d) = self else { return nil }
        return d[key]
    }

    /// Python's `type(x).__name__`, used in messages and `type_debug`.
    public var pythonTypeName: String {
        switch self {
        case .null: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string, .unsafe: return "str"
        case .list: return "list"
        case .dict: return "dict"
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .dict(ValueDict(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
