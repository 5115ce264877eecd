import Foundation

/// The authentication attempts for a target, in order, decided before touching the network so
/// that the choice is testable: explicit key files first (so that an agent holding many keys
/// does not exhaust the server's MaxAuthTries before the right key), then the agent, then
/// OpenSSH's default key files, then a password.
struct SSHAuthPlan: Equatable {
    enum Attempt: Equatable {
        case keyFile(path: String, kind: SSHKeyKind?)
        case agent(socket: String)
        case password
    }

    var attempts: [Attempt]
    /// Things worth telling the user, before "Permission denied", if every attempt fails
    /// ("no such identity: ...").
    var notes: [String]
    /// Our own advice, after "Permission denied" (nothing to authenticate with at all).
    var advice: [String]

    init(target: SSHTarget, environment: [String: String] = ProcessInfo.processInfo.environment,
         home: String = NSHomeDirectory(),
         fileExists: (String) -> Bool = { FileManager.default.isReadableFile(atPath: $0) },
         keyKind: (String) -> SSHKeyKind? = SSHKeyFile.kind(ofFileAt:)) {
        var attempts: [Attempt] = []
        var notes: [String] = []
        var advice: [String] = []
        var seen = Set<String>()
        for raw in target.identityFiles {
            let path = Self.expandTilde(raw, home: home)
            guard seen.insert(path).inserted else { continue }
            if fileExists(path) {
                attempts.append(.keyFile(path: path, kind: keyKind(path)))
            } else {
                notes.append("no such identity: \(path): No such file or directory")
            }
        }
        if target.useAgent, let socket = target.agentSocket ?? environment["SSH_AUTH_SOCK"], !socket.isEmpty {
            attempts.append(.agent(socket: socket))
        }
        if target.useDefaultIdentities {
            for path in SSHTarget.defaultIdentityFiles(home: home) where !seen.contains(path) && fileExists(path) {
                seen.insert(path)
                attempts.append(.keyFile(path: path, kind: keyKind(path)))
            }
        }
        if target.password != nil { attempts.append(.password) }
        if attempts.isEmpty {
            var why = "no key file, no ssh-agent" + (target.useAgent ? " (SSH_AUTH_SOCK is not set)" : "")
            why += target.password == nil ? " and no password to authenticate with" : ""
            advice.append(why)
        }
        self.attempts = attempts
        self.notes = notes
        self.advice = advice
    }

    static func expandTilde(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// The advice for an RSA key that could only offer ssh-rsa (SHA-1): a passphrase-protected
    /// key in OpenSSH's format, whose bcrypt KDF only libssh2 reads, and libssh2 1.10 signs RSA
    /// with SHA-1 alone.
    static func rsaAdvice(_ path: String) -> String {
        "\(path) is a passphrase-protected RSA key in OpenSSH's format: Swansible signs it only with ssh-rsa (SHA-1), "
            + "which OpenSSH 8.8 and later refuse; load it into ssh-agent, convert it to PEM "
            + "(ssh-keygen -p -m PEM -f \(path)) or use an ed25519 key"
    }
}
