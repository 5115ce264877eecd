/// Become could not start the task's command: the task fails before its action runs (ansible's
/// `Missing sudo password`, `Incorrect sudo password`; `changed` stays false).
public struct BecomeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// sudo asked for a password and none was given (`-K`, `ansible_become_password`...).
    public static func missingPassword(method: String) -> BecomeFailure { BecomeFailure("Missing \(method) password") }
    /// sudo asked again after the password was given.
    public static func incorrectPassword(method: String) -> BecomeFailure { BecomeFailure("Incorrect \(method) password") }
    /// The connection cannot answer a prompt.
    public static let unsupportedConnection = BecomeFailure(
        "become with a password is not supported over this connection by Swansible (use ssh)")
}
