import Foundation

/// How to reach a host, resolved like ansible: host variables (`ansible_host`, `ansible_port`,
/// `ansible_user`, `ansible_ssh_private_key_file`, `ansible_connection`, ...) over the command
/// line, over ansible.cfg, over the OpenSSH client config named by `ssh_args = -F FILE`.
struct ConnectionSettings: Sendable {
    enum Kind: Sendable, Equatable { case local, ssh(SSHTarget) }

    let kind: Kind

    /// `host` is the inventory name to connect to; `templar` sees that host's variables.
    init(host: String, templar: AnsibleTemplar, variables: VariableLayers, run: RunContext, playRemoteUser: String?) throws {
        func string(_ names: String...) throws -> String? {
            for name in names {
                guard let raw = variables.rawValue(name) else { continue }
                let value = try templar.template(raw)
                if !value.isNull { return value.pythonString }
            }
            return nil
        }
        let connection = try string("ansible_connection") ?? run.options.connection ?? "ssh"
        if connection == "local" {
            kind = .local
            return
        }
        let ssh = run.sshClientConfig?.settings(for: host)
        let arguments = SSHArguments(
            [run.config.sshArgs, try string("ansible_ssh_common_args"), try string("ansible_ssh_extra_args")]
                .compactMap { $0 })
        let address = try string("ansible_host", "ansible_ssh_host") ?? ssh?.hostName ?? host
        let port = try string("ansible_port", "ansible_ssh_port").flatMap { Int($0) } ?? arguments.port ?? ssh?.port ?? 22
        let user = try string("ansible_user", "ansible_ssh_user") ?? run.options.remoteUser ?? playRemoteUser
            ?? run.config.remoteUser ?? arguments.user ?? ssh?.user ?? ProcessInfo.processInfo.environment["USER"] ?? "root"
        var keys: [String] = arguments.identityFiles
        if let key = try string("ansible_ssh_private_key_file", "ansible_private_key_file") { keys.append(key) }
        if let key = run.options.privateKeyFile { keys.append(key) }
        if let key = run.config.privateKeyFile { keys.append(key) }
        keys += ssh?.identityFiles ?? []
        let checking: Bool
        if let value = try string("ansible_host_key_checking", "ansible_ssh_host_key_checking") {
            checking = ["1", "yes", "true", "on", "y", "t"].contains(value.lowercased())
        } else if run.config.hostKeyChecking == false {
            checking = false
        } else {
            checking = arguments.strictHostKeyChecking ?? ssh?.strictHostKeyChecking ?? true
        }
        let target = SSHTarget(
            host: host, address: address, port: port, user: user,
            identityFiles: keys.map { ($0 as NSString).expandingTildeInPath },
            useDefaultIdentities: ssh?.identitiesOnly != true,
            password: try string("ansible_password", "ansible_ssh_pass"),
            hostKeyChecking: checking,
            knownHostsFile: (arguments.knownHostsFile ?? ssh?.userKnownHostsFile).map { ($0 as NSString).expandingTildeInPath },
            connectTimeout: Double(run.options.timeout ?? run.config.timeout))
        kind = .ssh(target)
    }

    /// The pool key: two inventory names pointing at the same endpoint and user share nothing,
    /// like ansible's per-host connections.
    func open() async throws -> any Connection {
        switch kind {
        case .local: return LocalConnection()
        case .ssh(let target): return try await SSHConnection.connect(target)
        }
    }
}
