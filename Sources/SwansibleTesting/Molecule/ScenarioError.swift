import Swansible

/// A scenario that cannot be used: the file and place, when there is one, and why.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        guard let location else { return message }
        return "\(location.file):\(location.line):\(location.column): \(message)"
    }
}
