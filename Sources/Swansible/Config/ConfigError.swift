/// A configuration file (ansible.cfg, ssh_config) or setting that cannot be used, with where it
/// came from (no file: an environment variable, which the message names).
public struct ConfigError: LocatedError {
    public var message: String
    public var place: SourcePlace?

    public init(file: String?, line: Int?, message: String) {
        self.message = message
        self.place = SourcePlace(file: file, line: line)
    }

    public var description: String { placedMessage }
}
