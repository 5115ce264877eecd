/// An inventory source that cannot be read, or a host pattern that cannot be used.
public struct InventoryError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The source file, and the 1-based line when the problem is on one.
    public var file: String?
    public var line: Int?

    public init(message: String, file: String? = nil, line: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String {
        switch (file, line) {
        case let (file?, line?): return "\(file):\(line): \(message)"
        case let (file?, nil): return "\(file): \(message)"
        default: return message
        }
    }
}
