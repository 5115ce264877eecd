/// An inline `!vault` value the run has no password for. ansible-core loads it and fails only
/// when a template uses it; Swansible keeps the same behaviour by putting, in its place, a
/// template that raises ansible's error (the ciphertext is dropped, so nothing secret remains).
enum UndecryptableVault {
    /// The template global the marker calls.
    static let functionName = "__swansible_undecryptable_vault"

    static func marker(reason: String, at place: SourcePlace) -> Value {
        .string("{{ \(functionName)(\(Value.string(reason).pythonRepr), \(Value.string(place.description).pythonRepr)) }}")
    }

    /// ansible-core's message when the marker is rendered (the origin is not part of it).
    static func message(reason: String) -> String {
        prefix + reason + "."
    }

    /// The `file:line:column` the marker names, back as a place.
    static func place(_ origin: String) -> SourcePlace {
        let parts = origin.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else {
            return SourcePlace(file: origin)
        }
        return SourcePlace(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }

    static let prefix = "Attempt to use undecryptable variable: "

    /// Whether an error message is this one (its text names no template of ours to decorate).
    static func isMessage(_ message: String) -> Bool { message.hasPrefix(prefix) }
}
