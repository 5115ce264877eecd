import Foundation

/// How to reach a host, resolved like ansible: host variables (`ansible_host`, `ansible_port`,
/// `ansible_user`, `ansible_ssh_private_key_file`, `ansible_connection`, ...) over the command
/// line, over ansible.cfg, over the OpenSSH client config named by `ssh_args = -F FILE`.
struct ConnectionSettings: Sendable {
    enum Kind: Sendable, Equatable {
        case local, ssh(SSHTarget)
        /// `docker exec` into a container (name) as a user (nil: the container's).
        case docker(container: String, user: String?)
    }

    let kind: Kind
    let host: String

    /// - Parameters:
    ///   - host: the inventory name to connect to.
    ///   - variable: that host's variable of the given name, templated (nil when unset or null).
    ///   - overrides: what the command line says (`-c`, `-u`, `--private-key`, `-T`).
    ///   - playRemoteUser: the task's or play's `remote_user` keyword.
    init(host: String, variable: (String) throws -> String?, overrides: ConnectionOverrides, config: AnsibleConfig,
         sshClientConfig: SSHClientConfig?, playRemoteUser: String?) throws {
        func string(_ names: String...) throws -> String? {
            for name in names {
                if let value = try variable(name) { return value }
            }
            return nil
        }
        self.host = host
        var connection = try string("ansible_connection") ?? overrides.connection ?? "ssh"
        for prefix in ["ansible.builtin.", "ansible.legacy."] where connection.hasPrefix(prefix) {
            connection.removeFirst(prefix.count)
        }
        if connection == "local" {
            kind = .local
            return
        }
        if DockerConnection.names.contains(connection) {
            kind = .docker(container: try string("ansible_host", "ansible_docker_host") ?? host,
                           user: try string("ansible_user", "ansible_docker_user") ?? overrides.remoteUser ?? playRemoteUser)
            return
        }

        let ssh = sshClientConfig?.settings(for: host)
        let arguments = SSHArguments(
            [config.sshArgs, try string("ansible_ssh_common_args") ?? overrides.sshCommonArgs ?? config.sshCommonArgs,
             try string("ansible_ssh_extra_args") ?? overrides.sshExtraArgs ?? config.sshExtraArgs]
                .compactMap { $0 })
        let address = try string("ansible_host", "ansible_ssh_host") ?? ssh?.hostName ?? host
        let port = try string("ansible_port", "ansible_ssh_port").flatMap { Int($0) } ?? arguments.port ?? config.remotePort
            ?? ssh?.port ?? 22
        let user = try string("ansible_user", "ansible_ssh_user") ?? overrides.remoteUser ?? playRemoteUser
            ?? config.remoteUser ?? arguments.user ?? ssh?.user ?? ProcessInfo.processInfo.environment["USER"] ?? "root"
        var keys: [String] = arguments.identityFiles
        if let key = try string("ansible_ssh_private_key_file", "ansible_private_key_file") { keys.append(key) }
        if let key = overrides.privateKeyFile { keys.append(key) }
        if let key = config.privateKeyFile { keys.append(key) }
        keys += ssh?.identityFiles ?? []
        let checking: Bool
        if let value = try string("ansible_host_key_checking", "ansible_ssh_host_key_checking") {
            checking = ["1", "yes", "true", "on", "y", "t"].contains(value.lowercased())
        } else if config.hostKeyChecking == false {
            checking = false
        } else {
            checking = arguments.strictHostKeyChecking ?? ssh?.strictHostKeyChecking ?? true
        }
        let target = SSHTarget(
            host: host, address: address, port: port, user: user,
            identityFiles: keys.map { ($0 as NSString).expandingTildeInPath },
            useDefaultIdentities: ssh?.identitiesOnly != true,
            // ansible-core 2.19 reads these for `private_key` contents only; they serve the key files here.
            keyPassphrase: try string("ansible_private_key_passphrase", "ansible_ssh_private_key_passphrase")
                ?? ProcessInfo.processInfo.environment["ANSIBLE_PRIVATE_KEY_PASSPHRASE"],
            password: try string("ansible_password", "ansible_ssh_pass") ?? overrides.password,
            hostKeyChecking: checking,
            knownHostsFile: (arguments.knownHostsFile ?? ssh?.userKnownHostsFile).map { ($0 as NSString).expandingTildeInPath },
            connectTimeout: Double(overrides.timeout ?? config.timeout),
            keepalive: SSHKeepalive(arguments: arguments, hostSettings: ssh))
        var reached = target
        // Like ssh, a jump host given on the command line wins over ssh_config's.
        if let jump = arguments.proxyJump ?? ssh?.proxyJump {
            do { reached.jumpHost = try SSHJumpHost(parsing: jump) } catch var failure as ConnectionError {
                failure.host = host
                throw failure
            }
        }
        // ProxyCommand, when no jump host is set ("none" is none, as in ssh).
        if reached.jumpHost == nil, let command = arguments.proxyCommand ?? ssh?.proxyCommand, command.lowercased() != "none" {
            reached.proxyCommand = command
        }
        kind = .ssh(reached)
    }

    /// Opens the connection (the pool keys it by inventory name: two names pointing at the same
    /// endpoint and user share nothing, like ansible's per-host connections).
    func open() async throws -> any Connection {
        switch kind {
        case .local: return LocalConnection()
        case .ssh(let target): return try await SSHConnection.connect(target)
        case .docker(let container, let user): return DockerConnection(host: host, container: container, user: user)
        }
    }
}

/// What the command line says about connecting (`-c`, `-u`, `--private-key`, `-T`): above
/// ansible.cfg, below the host's own variables.
public struct ConnectionOverrides: Sendable, Equatable {
    public var connection: String?
    public var remoteUser: String?
    public var privateKeyFile: String?
    /// Seconds to wait for the SSH connection.
    public var timeout: Int?
    /// `-k` / `--connection-password-file`: the password when the host has no `ansible_password`.
    public var password: String?
    /// `--ssh-common-args` / `--ssh-extra-args`: when the host has no `ansible_ssh_*_args`.
    public var sshCommonArgs: String?
    public var sshExtraArgs: String?

    public init(connection: String? = nil, remoteUser: String? = nil, privateKeyFile: String? = nil, timeout: Int? = nil) {
        self.connection = connection
        self.remoteUser = remoteUser
        self.privateKeyFile = privateKeyFile
        self.timeout = timeout
    }
}
