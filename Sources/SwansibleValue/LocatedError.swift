/// Where an error is, as precisely as it is known: a file (or template name), then the 1-based
/// line and column. A setting from an environment variable or an inline expression has no file.
public struct SourcePlace: Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?

    public init(file: String?, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public init(_ location: SourceLocation) {
        self.init(file: location.file, line: location.line, column: location.column)
    }

    /// `file:line:column`, with as many parts as are known.
    public var description: String {
        [file, line.map(String.init), line == nil ? nil : column.map(String.init)].compactMap { $0 }.joined(separator: ":")
    }

    /// The exact location, when file, line and column are all known.
    public var location: SourceLocation? {
        guard let file, let line, let column else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// An error about a place in a source: an ansible.cfg line, an inventory file, a YAML mark, a
/// template's line and column, a playbook task. Every stage's error has this shape, so the
/// output stage can print any of them, and tests can ask any of them where it points.
public protocol LocatedError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, in the stage's words, without the place.
    var message: String { get }
    /// Where it is; nil when the error is not about a source.
    var place: SourcePlace? { get }
}

extension LocatedError {
    /// `file:line: message` (as much of the place as is known), or the message alone.
    public var placedMessage: String {
        guard let place, place.file != nil else { return message }
        return "\(place): \(message)"
    }
}
