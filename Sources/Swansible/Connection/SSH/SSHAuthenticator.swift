import CLibSSH2
import Foundation

/// Runs an `SSHAuthPlan` on a handshaken session and phrases the failure like OpenSSH:
/// "core@10.0.0.1: Permission denied (publickey)." plus what we learnt on the way. Each
/// exchange with the server may take `connectTimeout` of silence, as in ssh.
struct SSHAuthenticator {
    let owner: SSHSession
    var session: OpaquePointer { owner.handle }
    var target: SSHTarget { owner.target }

    init(session: SSHSession) {
        self.owner = session
    }

    nonisolated(nonsending) func authenticate(plan: SSHAuthPlan) async throws {
        let user = target.user
        let listed = try await pointer { libssh2_userauth_list(session, user, UInt32(user.utf8.count)) }
        if listed == nil && libssh2_userauth_authenticated(session) != 0 { return }  // "none" accepted
        let methods = listed.map { String(cString: $0) } ?? "publickey"
        let offered = Set(methods.split(separator: ",").map(String.init))
        // Like OpenSSH: what went wrong with key files first, then "Permission denied", then
        // advice of ours (RSA keys).
        var notes = plan.notes
        var advice = plan.advice
        for attempt in plan.attempts {
            switch attempt {
            case .keyFile(let path, let kind):
                guard offered.contains("publickey") else { continue }
                var passphrase = target.keyPassphrase
                if passphrase == nil, SSHKeyFile.isEncrypted(atPath: path) {
                    passphrase = await target.passphrasePrompt.passphrase(for: path)
                    if passphrase == nil {
                        notes.append(KeyPassphrasePrompt.noTerminal)
                        continue
                    }
                }
                // RSA: SHA-2 first (OpenSSH 8.8 and later refuse ssh-rsa), then ssh-rsa for old servers.
                let sha2 = kind?.mayBeRSA == true ? try? SSHRSASigner.forKeyFile(path, passphrase: passphrase) : nil
                if let sha2, try await trySHA2(sha2) { return }
                if try await tryKeyFile(path, passphrase: passphrase) { return }
                let (code, message) = LibSSH2.lastError(session)
                if LibSSH2.isTransportFailure(code) { throw SSHFailure.unreachable(message) }
                if kind?.isRSA == true && sha2 == nil && code != LIBSSH2_ERROR_FILE {
                    advice.append(SSHAuthPlan.rsaAdvice(path))
                } else if code == LIBSSH2_ERROR_FILE {
                    notes.append("\(path): \(message)")
                }
            case .agent(let socket):
                guard offered.contains("publickey") else { continue }
                if try await tryAgent(socket: socket, advice: &advice) { return }
            case .password:
                guard offered.contains("password"), let password = target.password else { continue }
                let rc = try await call {
                    libssh2_userauth_password_ex(session, user, UInt32(user.utf8.count), password, UInt32(password.utf8.count), nil)
                }
                if rc == 0 { return }
            }
        }
        let denied = "\(user)@\(target.address): Permission denied (\(methods))."
        throw SSHFailure.unreachable((notes + [denied] + advice).joined(separator: "\n"))
    }

    nonisolated(nonsending) private func tryKeyFile(_ path: String, passphrase: String?) async throws -> Bool {
        try await call {
            libssh2_userauth_publickey_fromfile_ex(session, target.user, UInt32(target.user.utf8.count),
                                                   nil, path, passphrase)
        } == 0
    }

    nonisolated(nonsending) private func trySHA2(_ signer: SSHRSASigner) async throws -> Bool {
        let rc = try await signer.authenticate(session, user: target.user, call: { try await call($0) })
        if rc != 0, LibSSH2.isTransportFailure(LibSSH2.lastError(session).code) {
            throw SSHFailure.unreachable(LibSSH2.lastError(session).message)
        }
        return rc == 0
    }

    /// A userauth call repeated while it answers EAGAIN.
    nonisolated(nonsending) private func call(_ body: () -> Int32) async throws -> Int32 {
        try await owner.retrying(body, again: { $0 == LIBSSH2_ERROR_EAGAIN }, limit: owner.silence(target.connectTimeout))
    }

    /// A call answering a C string (NULL with EAGAIN while it waits), repeated until done.
    nonisolated(nonsending) private func pointer(_ body: () -> UnsafeMutablePointer<CChar>?) async throws -> UnsafeMutablePointer<CChar>? {
        try await owner.retrying(body, again: { $0 == nil && libssh2_session_last_errno(session) == LIBSSH2_ERROR_EAGAIN },
                                 limit: owner.silence(target.connectTimeout))
    }

    /// Tries every identity the agent offers; RSA ones are noted when refused.
    nonisolated(nonsending) private func tryAgent(socket: String, advice: inout [String]) async throws -> Bool {
        guard let agent = libssh2_agent_init(session) else { return false }
        defer { libssh2_agent_free(agent) }
        libssh2_agent_set_identity_path(agent, socket)
        guard libssh2_agent_connect(agent) == 0 else {
            advice.append("could not connect to ssh-agent at \(socket)")
            return false
        }
        defer { libssh2_agent_disconnect(agent) }
        guard libssh2_agent_list_identities(agent) == 0 else { return false }
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        while true {
            var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
            let rc = libssh2_agent_get_identity(agent, &identity, previous)
            guard rc == 0, let identity else { return false }
            previous = identity
            let sha2 = SSHRSASigner.forAgentIdentity(blob(of: identity), socket: socket)
            if let sha2, try await trySHA2(sha2) { return true }
            if try await call({ libssh2_agent_userauth(agent, target.user, identity) }) == 0 { return true }
            let (code, _) = LibSSH2.lastError(session)
            if LibSSH2.isTransportFailure(code) { throw SSHFailure.unreachable(LibSSH2.lastError(session).message) }
        }
    }

    private func blob(of identity: UnsafeMutablePointer<libssh2_agent_publickey>) -> [UInt8] {
        guard let blob = identity.pointee.blob else { return [] }
        return Array(UnsafeBufferPointer(start: blob, count: Int(identity.pointee.blob_len)))
    }
}
