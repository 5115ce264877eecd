/// The identity of a container's storage: two arrays (or dict value lists) that share one buffer,
/// because one is a copy of the other not yet written to, have the same identity.
///
/// YAML aliases and reused variables share storage this way; a walk over a whole value that
/// remembers what it did per identity visits each shared part once instead of once per path to it
/// (a "billion laughs" document is a few hundred shared buffers). An identity is only meaningful
/// while the value that holds the buffer is alive and unchanged: keep memo tables for one walk.
public struct SharedStorage: Hashable, Sendable {
    let address: UInt
    /// Items in the container.
    public let count: Int

    /// The identity of `array`'s buffer; nil for an empty array (nothing worth remembering).
    public init?<Element>(_ array: [Element]) {
        guard let base = array.withUnsafeBufferPointer({ $0.baseAddress }) else { return nil }
        address = UInt(bitPattern: base)
        count = array.count
    }

    /// The identity of a list's or dict's storage; nil for an empty container or a scalar.
    public init?(container value: Value) {
        switch value {
        case .list(let list): self.init(list)
        case .dict(let dict): self.init(dict)
        default: return nil
        }
    }

    /// The identity of a dict's value storage; nil for an empty dict.
    public init?(_ dict: ValueDict) {
        guard let base = dict.values.withUnsafeBufferPointer({ $0.baseAddress }) else { return nil }
        address = UInt(bitPattern: base)
        count = dict.count
    }
}
