extension ReservedVariable {
    /// ansible-core's warning: the name, then the origin block (its position and snippet, or
    /// the description and the name).
    public var warning: String {
        var text = "Found variable using reserved name '\(name)'.\n"
        switch origin {
        case .source(let location): text += OriginBlock.render(location)
        case .described(let what): text += "Origin: \(what)\n\n\(name)\n\n"
        }
        return String(text.dropLast())
    }
}
