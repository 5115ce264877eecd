/// One file's before/after text for `--diff`, or a diff the module prepared as text itself
/// (apt's `prepared`: the package manager's summary), which is printed as it is.
public struct FileDiff: Sendable, Equatable {
    public var path: String
    public var before: String?
    public var after: String?
    /// Text shown instead of a computed diff, like ansible's `diff['prepared']`.
    public var prepared: String?
    /// The after side's name when it is not `path` (cron's `/dev/null` for a removed cron file).
    public var afterPath: String?

    public init(path: String, before: String?, after: String?, prepared: String? = nil, afterPath: String? = nil) {
        self.path = path
        self.before = before
        self.after = after
        self.prepared = prepared
        self.afterPath = afterPath
    }

    /// A diff that is only the module's own text.
    public static func prepared(_ text: String) -> FileDiff {
        FileDiff(path: "", before: nil, after: nil, prepared: text)
    }
}
