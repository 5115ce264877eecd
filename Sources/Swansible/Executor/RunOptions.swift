/// What the ansible-playbook command line asks of a run.
public struct RunOptions: Sendable {
    public var inventorySources: [String] = []
    public var limit: [String] = []
    public var tags: [String] = []
    public var skipTags: [String] = []
    public var checkMode = false
    public var diffMode = false
    /// `-e` values in order: `key=value ...`, YAML/JSON text, or `@file`.
    public var extraVars: [String] = []
    public var forks: Int?
    public var verbosity = 0
    public var startAtTask: String?
    public var remoteUser: String?
    public var privateKeyFile: String?
    public var become = false
    public var becomeUser: String?
    public var becomeMethod: String?
    public var connection: String?
    public var timeout: Int?
    public var forceHandlers = false
    public var flushCache = false

    public init() {}
}

/// ansible-playbook's exit codes.
public enum ExitCode {
    public static let ok: Int32 = 0
    public static let error: Int32 = 1
    public static let hostFailed: Int32 = 2
    public static let badArguments: Int32 = 2
    public static let hostUnreachable: Int32 = 4
    public static let parserError: Int32 = 4
    public static let badOptions: Int32 = 5
    public static let interrupted: Int32 = 99
    public static let unexpected: Int32 = 250
}
