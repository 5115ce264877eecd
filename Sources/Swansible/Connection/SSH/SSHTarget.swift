import Foundation

/// Everything needed to open an SSH session to one inventory host: the resolved
/// `ansible_host`/`ansible_port`/`ansible_user`/key settings (from inventory, ansible.cfg and
/// ssh_config, merged by the caller).
public struct SSHTarget: Sendable, Equatable {
    /// The inventory name, used in messages.
    public var host: String
    /// Where to connect (`ansible_host`): a name or an address.
    public var address: String
    /// `ansible_port`, 22 by default.
    public var port: Int
    /// `ansible_user` / `remote_user`.
    public var user: String
    /// Private key files, tried in order (`ansible_ssh_private_key_file`, ssh_config
    /// `IdentityFile`, ...). A listed file that does not exist is reported in the auth error.
    public var identityFiles: [String]
    /// Also try ~/.ssh/id_ed25519, id_ecdsa, id_rsa when they exist (OpenSSH's defaults), after
    /// `identityFiles` and the agent. Callers turn this off for ssh_config `IdentitiesOnly yes`.
    public var useDefaultIdentities: Bool
    /// Passphrase for encrypted key files (the same one for all of them).
    public var keyPassphrase: String?
    /// Password authentication (`ansible_password`), tried last.
    public var password: String?
    /// Use ssh-agent identities.
    public var useAgent: Bool
    /// The agent's socket (ssh_config `IdentityAgent`); `SSH_AUTH_SOCK` when nil.
    public var agentSocket: String?
    /// ansible's `host_key_checking`: verify the server's key against `knownHostsFile`.
    public var hostKeyChecking: Bool
    /// known_hosts to check against; ~/.ssh/known_hosts when nil.
    public var knownHostsFile: String?
    /// Seconds allowed for TCP connect, SSH handshake and authentication (ansible's `timeout`, 10).
    public var connectTimeout: Double
    /// ServerAliveInterval / ServerAliveCountMax: how a silent server is found dead.
    public var keepalive: SSHKeepalive

    public init(host: String, address: String? = nil, port: Int = 22, user: String,
                identityFiles: [String] = [], useDefaultIdentities: Bool = true,
                keyPassphrase: String? = nil, password: String? = nil, useAgent: Bool = true, agentSocket: String? = nil,
                hostKeyChecking: Bool = true, knownHostsFile: String? = nil,
                connectTimeout: Double = 10, keepalive: SSHKeepalive = SSHKeepalive()) {
        self.host = host
        self.address = address ?? host
        self.port = port
        self.user = user
        self.identityFiles = identityFiles
        self.useDefaultIdentities = useDefaultIdentities
        self.keyPassphrase = keyPassphrase
        self.password = password
        self.useAgent = useAgent
        self.agentSocket = agentSocket
        self.hostKeyChecking = hostKeyChecking
        self.knownHostsFile = knownHostsFile
        self.connectTimeout = connectTimeout
        self.keepalive = keepalive
    }

    /// How OpenSSH names this endpoint in known_hosts and messages: `host` or `[host]:port`.
    var knownHostsName: String { port == 22 ? address : "[\(address)]:\(port)" }

    /// OpenSSH's default identity files, in its order, below `home`.
    public static func defaultIdentityFiles(home: String = NSHomeDirectory()) -> [String] {
        ["id_ed25519", "id_ecdsa", "id_rsa"].map { "\(home)/.ssh/\($0)" }
    }
}
