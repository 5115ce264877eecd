/// A container whose elements are computed when first used (Ansible's lazily templated
/// variables): `d.ok` works even when `d.broken` cannot be computed.
///
/// The engine treats it like its plain value, with three exceptions: filters that declare
/// `acceptsLazy` (`length`, `first`, `last`) see it as it is; a test whose plain value fails on
/// an undefined element sees `rawValue` instead (so `x is mapping` does not fail on a broken
/// element); and `{% set %}` stores its plain value, so that methods can change it.
package protocol LazyValue: JinjaObject {
    /// The value before its elements are computed.
    var rawValue: Value { get }
}

/// A list some of whose elements are undefined, as `map` makes when its filter or attribute
/// gives undefined for some items (Jinja's map is a generator of whatever it gets): `select`
/// and `reject` can still test them (`map('extract', ...) | select('defined')`); using the
/// list as a value raises the first undefined.
package final class ListWithUndefined: JinjaObject {
    let elements: [JinjaValue]

    package init(_ elements: [JinjaValue]) { self.elements = elements }

    package var typeName: String { "list" }
    package var isTruthy: Bool { !elements.isEmpty }

    package func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? {
        guard let i = key.intValue else { return nil }
        let index = i < 0 ? elements.count + i : i
        return elements.indices.contains(index) ? elements[index] : nil
    }

    package func iterate(renderer: Renderer) throws -> [JinjaValue] { elements }
    package func plainValue() throws -> Value { .list(try elements.map { try $0.plain() }) }
    package func text() throws -> String { try plainValue().pythonString }

    /// The elements as they are: a plain list when none is undefined.
    package static func wrapping(_ elements: [JinjaValue]) throws -> JinjaValue {
        if elements.contains(where: { if case .undefined = $0 { return true } else { return false } }) {
            return .object(ListWithUndefined(elements))
        }
        return .list(try elements.map { try $0.plain() })
    }
}
