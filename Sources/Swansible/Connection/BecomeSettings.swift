import Foundation

/// Privilege escalation for a task, like ansible's `become` keywords and `ansible_become_*`
/// variables (sudo only for now).
public struct BecomeSettings: Sendable, Equatable, CustomStringConvertible {
    public var enabled: Bool
    public var user: String
    public var method: String
    public var flags: String
    /// The program run instead of the method's name (`become_exe`), when set.
    public var executable: String?
    /// The become password (`ansible_become_password`, `-K`, `--become-password-file`): fed
    /// to sudo over the command's standard input after its prompt, never on a command line.
    public var password: String?
    /// Whether scripts may run in a long-lived shell per host and user (one channel, and one
    /// sudo with become, per run instead of per command). On unless the environment has
    /// `SWANSIBLE_LONG_LIVED_SHELL=0` (or the older `SWANSIBLE_BECOME_SHELL=0`).
    public var longLivedShell = BecomeSettings.longLivedShellByDefault

    static let longLivedShellByDefault = ["SWANSIBLE_LONG_LIVED_SHELL", "SWANSIBLE_BECOME_SHELL"]
        .allSatisfy { ProcessInfo.processInfo.environment[$0] != "0" }

    /// The command that starts the long-lived shell of a login user without become.
    public static let plainShell = "/bin/sh"

    public init(enabled: Bool = false, user: String = "root", method: String = "sudo", flags: String = "-H -S -n",
                executable: String? = nil, password: String? = nil) {
        self.enabled = enabled
        self.user = user
        self.method = method
        self.flags = flags
        self.executable = executable
        self.password = password
    }

    /// These settings for a connection whose login user is `loginUser`: like ansible-core
    /// (without `become_allow_same_user`), becoming the user one already is runs no sudo.
    public func skippingSameUser(_ loginUser: String) -> BecomeSettings {
        var settings = self
        if enabled, user == loginUser { settings.enabled = false }
        return settings
    }

    /// Never shows the password (these settings travel in contexts that may be printed).
    public var description: String {
        "BecomeSettings(enabled: \(enabled), user: \(user), method: \(method), flags: \(flags), password: \(password == nil ? "none" : "********"))"
    }

    /// The variables that hold the become password, first found wins (ansible's sudo plugin
    /// reads these three; `ansible_sudo_password` is not one of them).
    public static let passwordVariables = ["ansible_become_password", "ansible_become_pass", "ansible_sudo_pass"]

    /// The become methods Swansible can run on a host (the command is built as sudo's).
    public static let supportedMethods: Set<String> = ["sudo"]

    /// Why `method` cannot be used, when become is on; nil when it can. An unknown name gets
    /// ansible-core's wording; a method ansible has but Swansible does not says so.
    public var unsupportedMethodMessage: String? {
        guard enabled, !Self.supportedMethods.contains(method) else { return nil }
        let ansibleMethods: Set<String> = ["su", "doas", "dzdo", "enable", "ksu", "machinectl", "pbrun", "pfexec", "pmrun", "runas", "sesu"]
        if ansibleMethods.contains(method) {
            return "become_method '\(method)' is not supported by Swansible; supported: \(Self.supportedMethods.sorted().joined(separator: ", "))"
        }
        return "Invalid become method specified, could not find matching plugin: '\(method)'. Use `ansible-doc -t become -l` to list available plugins."
    }
}
