/// One file's before/after text for `--diff`.
public struct FileDiff: Sendable, Equatable {
    public var path: String
    public var before: String?
    public var after: String?

    public init(path: String, before: String?, after: String?) {
        self.path = path
        self.before = before
        self.after = after
    }
}
