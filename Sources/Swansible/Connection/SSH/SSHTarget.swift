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
    /// Asks for an encrypted key file's passphrase when `keyPassphrase` is not given.
    public var passphrasePrompt: KeyPassphrasePrompt = .terminal
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
    /// The host this one is reached through (ProxyJump), if any.
    public var jumpHost: SSHJumpHost?
    /// ssh's ProxyCommand: the session runs over this command's standard input and output
    /// (`%h`, `%p`, `%r`, `%n` and `%%` expanded), when there is no jump host.
    public var proxyCommand: String?

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

/// A ProxyJump hop, `[user@]host[:port]`: the session to the target runs inside a
/// direct-tcpip channel of a session to this host, which is itself reached through the
/// `earlier` hops (ssh's `-J a,b`: a first, then b).
public struct SSHJumpHost: Sendable, Equatable {
    public var user: String?
    public var address: String
    public var port: Int
    /// The hops before this one, in the order they are crossed.
    public var earlier: [SSHJumpHost] = []

    public init(user: String? = nil, address: String, port: Int = 22, earlier: [SSHJumpHost] = []) {
        self.user = user
        self.address = address
        self.port = port
        self.earlier = earlier
    }

    /// The hop before this one, with the hops before it.
    var previous: SSHJumpHost? {
        guard var last = earlier.last else { return nil }
        last.earlier = Array(earlier.dropLast())
        return last
    }

    /// Parses ssh's `[user@]host[:port]` (an IPv6 address in brackets), or a comma-separated
    /// list of them: the last hop, with the others as `earlier`. nil for `none`.
    public init?(parsing text: String) throws {
        let spec = text.trimmingCharacters(in: .whitespaces)
        if spec.isEmpty || spec.lowercased() == "none" { return nil }
        let hops = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !hops.contains(where: \.isEmpty) else {
            throw ConnectionError(host: "", message: "ProxyJump \(spec): an empty jump host in the list")
        }
        guard hops.count == 1 else {
            var last = try SSHJumpHost(hop: hops[hops.count - 1])
            last.earlier = try hops.dropLast().map(SSHJumpHost.init(hop:))
            self = last
            return
        }
        try self.init(hop: spec)
    }

    /// One `[user@]host[:port]` hop.
    init(hop spec: String) throws {
        var rest = Substring(spec.hasPrefix("ssh://") ? String(spec.dropFirst(6)) : spec)
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        port = 22
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            address = String(rest[rest.index(after: rest.startIndex)..<close])
            let tail = rest[rest.index(after: close)...]
            if tail.hasPrefix(":") { port = Int(tail.dropFirst()) ?? 22 }
        } else if let colon = rest.lastIndex(of: ":"), rest.firstIndex(of: ":") == colon {
            address = String(rest[..<colon])
            port = Int(rest[rest.index(after: colon)...]) ?? 22
        } else {
            address = String(rest)
        }
    }
}
