/// A value while a template is evaluated: a plain `Value`, an undefined that remembers why,
/// or a runtime object (loop, namespace, macro, bound method, lazy hostvars...).
package enum JinjaValue {
    case value(Value)
    case undefined(Undefined)
    case object(any JinjaObject)

    package static var none: JinjaValue { .value(.null) }
    package static func string(_ s: String) -> JinjaValue { .value(.string(s)) }
    package static func bool(_ b: Bool) -> JinjaValue { .value(.bool(b)) }
    package static func int(_ i: Int) -> JinjaValue { .value(.int(i)) }
    package static func list(_ l: [Value]) -> JinjaValue { .value(.list(l)) }

    package var isUndefined: Bool { if case .undefined = self { return true }; return false }
    package var isNone: Bool { if case .value(.null) = self { return true }; return false }

    /// Whether the value is text (a string, safe or not), also behind a lazy object.
    package var isText: Bool {
        switch self {
        case .value(.string), .value(.unsafe): return true
        case .value, .undefined: return false
        case .object(let o):
            switch try? o.plainValue() {
            case .string?, .unsafe?: return true
            default: return false
            }
        }
    }

    /// The plain value; undefined raises its error, objects give their plain form.
    package func plain() throws -> Value {
        switch self {
        case .value(let v): return v
        case .undefined(let u): throw u.error
        case .object(let o): return try o.plainValue()
        }
    }

    /// Python's `str(x)` (Jinja's output conversion); undefined raises.
    package func text() throws -> String {
        switch self {
        case .value(let v):
            try TemplateLimits.checkExpanded(v)
            return v.pythonString
        case .undefined(let u): throw u.error
        case .object(let o): return try o.text()
        }
    }

    package func truthy() throws -> Bool {
        switch self {
        case .value(let v): return v.isTruthy
        case .undefined(let u): throw u.error
        case .object(let o): return o.isTruthy
        }
    }

    /// Python's type name, for messages.
    package var typeName: String {
        switch self {
        case .value(let v): return v.pythonTypeName
        case .undefined: return "AnsibleUndefined"
        case .object(let o): return o.typeName
        }
    }
}

/// Why a value is undefined; raised (StrictUndefined) as soon as it is used.
package struct Undefined {
    package var message: String
    /// The variable name, when the undefined came from a bare name.
    package var name: String?

    package init(message: String, name: String? = nil) {
        self.message = message
        self.name = name
    }

    package static func name(_ n: String) -> Undefined { Undefined(message: "'\(n)' is undefined", name: n) }

    /// Jinja's wording for a missing attribute or item of `container`.
    package static func member(of container: JinjaValue, _ key: JinjaValue) -> Undefined {
        let owner: String
        if case .value(.null) = container { owner = "'None'" } else { owner = "'\(container.typeName) object'" }
        if case .value(let k) = key, case .string(let s) = k {
            return Undefined(message: "\(owner) has no attribute '\(s)'")
        }
        let keyText = (try? key.plain().pythonRepr) ?? "?"
        return Undefined(message: "\(owner) has no element \(keyText)")
    }

    package var error: TemplateError { .undefined(message) }
}

/// A runtime object with its own attribute, item, call and iteration behaviour.
package protocol JinjaObject: AnyObject {
    var typeName: String { get }
    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue?
    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue?
    /// `item in object`; nil: as `item in` the object's plain value.
    func contains(_ item: Value) throws -> Bool?
    func call(_ args: Arguments, renderer: Renderer) throws -> JinjaValue
    func iterate(renderer: Renderer) throws -> [JinjaValue]
    func plainValue() throws -> Value
    func text() throws -> String
    var isTruthy: Bool { get }
}

extension JinjaObject {
    package func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? { nil }
    package func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? { nil }
    package func contains(_ item: Value) throws -> Bool? { nil }
    package func call(_ args: Arguments, renderer: Renderer) throws -> JinjaValue {
        throw TemplateError.type("'\(typeName)' object is not callable")
    }
    package func iterate(renderer: Renderer) throws -> [JinjaValue] {
        throw TemplateError.type("'\(typeName)' object is not iterable")
    }
    package func plainValue() throws -> Value { .string(try text()) }
    package func text() throws -> String { "<\(typeName) object>" }
    package var isTruthy: Bool { true }
}

/// A callable built from a closure: globals (`range`, `lookup`), bound methods, macros' callers.
package final class NativeFunction: JinjaObject {
    package let name: String
    package let body: (Arguments, Renderer) throws -> JinjaValue
    package init(_ name: String, _ body: @escaping (Arguments, Renderer) throws -> JinjaValue) {
        self.name = name
        self.body = body
    }
    package var typeName: String { "function" }
    package func call(_ args: Arguments, renderer: Renderer) throws -> JinjaValue { try body(args, renderer) }
    package func text() throws -> String { "<function \(name)>" }
}

/// `namespace(...)`: the one mutable object, assignable with `{% set ns.attr = ... %}` across scopes.
package final class Namespace: JinjaObject {
    package var values: ValueDict
    package init(_ values: ValueDict) { self.values = values }
    package var typeName: String { "Namespace" }
    package func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? { values[name].map { .value($0) } }
    package func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? {
        key.stringValue.flatMap { values[$0] }.map { .value($0) }
    }
    package func plainValue() throws -> Value { .dict(values) }
    package func text() throws -> String {
        "<Namespace " + values.map { "\($0.key)=\($0.value.pythonRepr)" }.joined(separator: ", ") + ">"
    }
}
