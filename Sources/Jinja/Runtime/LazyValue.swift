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
