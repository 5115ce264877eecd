/// An inventory source that cannot be read, or a host pattern that cannot be used, with the
/// source file and line when the problem is in one.
public struct InventoryError: LocatedError {
    public var message: String
    public var place: SourcePlace?

    public init(message: String, file: String? = nil, line: Int? = nil) {
        self.message = message
        self.place = file.map { SourcePlace(file: $0, line: line) }
    }

    public var description: String { placedMessage }
}
