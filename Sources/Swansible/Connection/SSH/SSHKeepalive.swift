/// OpenSSH's `ServerAliveInterval` / `ServerAliveCountMax` as the SSH session applies them:
/// after `interval` seconds without a byte from the server a keepalive request goes out, and a
/// server that has sent nothing for `countMax + 1` intervals is declared dead, the way ssh
/// ends with "Timeout, server HOST not responding."
///
/// When nothing configures them, Swansible uses 15 s and 3 (a silent host is given up after
/// about a minute); OpenSSH's own default (no keepalive) would let a black-holed host hang a
/// run forever. `ServerAliveInterval 0` turns the keepalive off, as in ssh.
public struct SSHKeepalive: Sendable, Equatable {
    /// Seconds of silence before a keepalive request; 0 turns keepalives off.
    public var interval: Int
    /// Unanswered keepalives tolerated before the server counts as gone.
    public var countMax: Int

    public init(interval: Int = SSHKeepalive.defaultInterval, countMax: Int = SSHKeepalive.defaultCountMax) {
        self.interval = max(0, interval)
        self.countMax = max(0, countMax)
    }

    public static let defaultInterval = 15
    public static let defaultCountMax = 3

    /// Seconds of silence after which the server is dead; nil when keepalives are off.
    public var deadAfter: Double? {
        interval > 0 ? Double(interval * (countMax + 1)) : nil
    }

    /// The first value given wins, like ssh: command-line options (`ssh_args`,
    /// `ansible_ssh_common_args`, `ansible_ssh_extra_args`) before the ssh_config file.
    init(arguments: SSHArguments, hostSettings: SSHHostSettings?) {
        self.init(interval: arguments.serverAliveInterval ?? hostSettings?.serverAliveInterval ?? Self.defaultInterval,
                  countMax: arguments.serverAliveCountMax ?? hostSettings?.serverAliveCountMax ?? Self.defaultCountMax)
    }
}
