/// A value that cannot be read or used as asked — malformed JSON, an invalid regular expression,
/// a bad group reference — worded like the Python error the same input gives.
///
/// It carries no location: the stage that was reading the value (a template, a module's
/// arguments) knows where it was and reports it in its own error.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
