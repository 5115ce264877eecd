/// A configuration file (ansible.cfg, ssh_config) or setting that cannot be used, with where it came from.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// The file (nil for an environment variable or a missing file's own problem).
    public var file: String?
    /// 1-based line in `file`, when the problem is on a line.
    public var line: Int?
    public var message: String

    public init(file: String?, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        switch (file, line) {
        case let (file?, line?): return "\(file):\(line): \(message)"
        case let (file?, nil): return "\(file): \(message)"
        default: return message
        }
    }
}
