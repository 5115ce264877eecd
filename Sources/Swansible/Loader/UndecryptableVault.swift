/// An inline `!vault` value the run has no password for. ansible-core loads it and fails only
/// when a template uses it; Swansible keeps the same behaviour by putting, in its place, a
/// template that raises ansible's error (the ciphertext is dropped, so nothing secret remains).
enum UndecryptableVault {
    /// The template global the marker calls.
    static let functionName = "__swansible_undecryptable_vault"

    static func marker(reason: String, at place: SourcePlace) -> Value {
        .string("{{ \(functionName)(\(Value.string(reason).pythonRepr), \(Value.string(place.description).pythonRepr)) }}")
    }

    /// ansible-core's message when the marker is rendered.
    static func message(reason: String, origin: String) -> String {
        "Attempt to use undecryptable variable: \(reason).\nOrigin: \(origin)"
    }
}
