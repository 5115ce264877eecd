/// A value while a template is evaluated: a plain `Value`, an undefined that remembers why,
/// or a runtime object (loop, namespace, macro, bound method, lazy hostvars...).
enum JinjaValue {
    case value(Value)
    case undefined(Undefined)
    case object(any JinjaObject)

    static var none: JinjaValue { .value(.null) }
    static func string(_ s: String) -> JinjaValue { .value(.string(s)) }
    static func bool(_ b: Bool) -> JinjaValue { .value(.bool(b)) }
    static func int(_ i: Int) -> JinjaValue { .value(.int(i)) }
    static func list(_ l: [Value]) -> JinjaValue { .value(.list(l)) }

    var isUndefined: Bool { if case .undefined = self { return true }; return false }

    /// The plain value; undefined raises its error, objects give their plain form.
    func plain() throws -> Value {
        switch self {
        case .value(let v): return v
        case .undefined(let u): throw u.error
        case .object(let o): return try o.plainValue()
        }
    }

    /// Python's `str(x)` (Jinja's output conversion); undefined raises.
    func text() throws -> String {
        switch self {
        case .value(let v): return v.pythonString
        case .undefined(let u): throw u.error
        case .object(let o): return try o.text()
        }
    }

    func truthy() throws -> Bool {
        switch self {
        case .value(let v): return v.isTruthy
        case .undefined(let u): throw u.error
        case .object(let o): return o.isTruthy
        }
    }

    /// Python's type name, for messages.
    var typeName: String {
        switch self {
        case .value(let v): return v.pythonTypeName
        case .undefined: return "AnsibleUndefined"
        case .object(let o): return o.typeName
        }
    }
}

/// Why a value is undefined; raised (StrictUndefined) as soon as it is used.
struct Undefined {
    var message: String
    /// The variable name, when the undefined came from a bare name.
    var name: String?

    static func name(_ n: String) -> Undefined { Undefined(message: "'\(n)' is undefined", name: n) }

    /// Jinja's wording for a missing attribute or item of `container`.
    static func member(of container: JinjaValue, _ key: JinjaValue) -> Undefined {
        let owner: String
        if case .value(.null) = container { owner = "'None'" } else { owner = "'\(container.typeName) object'" }
        if case .value(let k) = key, case .string(let s) = k {
            return Undefined(message: "\(owner) has no attribute '\(s)'")
        }
        let keyText = (try? key.plain().pythonRepr) ?? "?"
        return Undefined(message: "\(owner) has no element \(keyText)")
    }

    var error: TemplateError { .undefined(message) }
}

/// A runtime object with its own attribute, item, call and iteration behaviour.
protocol JinjaObject: AnyObject {
    var typeName: String { get }
    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue?
    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue?
    func call(_ args: Arguments, renderer: Renderer) throws -> JinjaValue
    func iterate(renderer: Renderer) throws -> [JinjaValue]
    func plainValue() throws -> Value
    func text() throws -> String
    var isTruthy: Bool { get }
}

extension JinjaObject {
    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? { nil }
    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? { nil }
    func call(_ args: Arguments, renderer: Renderer) throws -> JinjaValue {
        throw TemplateError.type("'\(typeName)' object is not callable")
    }
    func iterate(renderer: Renderer) throws -> [JinjaValue] {
        throw TemplateError.type("'\(typeName)' object is not iterable")
    }
    func plainValue() throws -> Value { .string(try text()) }
    func text() throws -> String { "<\(typeName) object>" }
    var isTruthy: Bool { true }
}

/// A callable built from a closure: globals (`range`, `lookup`), bound methods, macros' callers.
final class NativeFunction: JinjaObject {
    let name: String
    let body: (Arguments, Renderer) throws -> JinjaValue
    init(_ name: String, _ body: @escaping (Arguments, Renderer) throws -> JinjaValue) {
        self.name = name
        self.body = body
    }
    var typeName: String { "function" }
    func call(_ args: Arguments, renderer: Renderer) throws -> JinjaValue { try body(args, renderer) }
    func text() throws -> String { "<function \(name)>" }
}

/// `namespace(...)`: the one mutable object, assignable with `{% set ns.attr = ... %}` across scopes.
final class Namespace: JinjaObject {
    var values: ValueDict
    init(_ values: ValueDict) { self.values = values }
    var typeName: String { "Namespace" }
    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? { values[name].map { .value($0) } }
    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? {
        key.stringValue.flatMap { values[$0] }.map { .value($0) }
    }
    func plainValue() throws -> Value { .dict(values) }
    func text() throws -> String {
        "<Namespace " + values.map { "\($0.key)=\($0.value.pythonRepr)" }.joined(separator: ", ") + ">"
    }
}
