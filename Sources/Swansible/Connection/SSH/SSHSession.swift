import CLibSSH2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One authenticated libssh2 session: a socket, the session handle and (lazily) its SFTP
/// subsystem. Not thread-safe, like libssh2 itself: it lives inside `SSHConnection`'s actor,
/// and its async methods run on the caller's executor (`nonisolated(nonsending)`).
///
/// The session is in non-blocking mode from the first byte: when libssh2 answers EAGAIN, the
/// call awaits its socket on `SocketReactor`, so no thread waits for a host. While a command
/// runs, stdout, stderr and stdin move together and a full window on one stream cannot
/// deadlock the other.
final class SSHSession {
    let target: SSHTarget
    let socket: SSHSocket
    let handle: OpaquePointer
    private var sftpHandle: OpaquePointer?
    /// Reused read buffer for channel and SFTP reads.
    var buffer = [CChar](repeating: 0, count: 64 * 1024)
    /// Long-lived shells by the command that started them (`SSHSession+Shell`); they end
    /// with the session.
    var shells: [String: OpaquePointer] = [:]
    /// Set once the transport failed; the owner then opens a new session.
    private(set) var isBroken = false
    /// When the server last sent anything: keepalives measure silence from here.
    private let receiveClock = SSHReceiveClock()

    static let hostKeyPreference =
        "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,ssh-rsa"

    /// Seconds the server may stay silent while it owes an answer (SFTP, session setup).
    static let ioTimeout: Double = 120

    /// The bound on the server's silence while it owes an answer: `ioTimeout`, or sooner when
    /// keepalives would already have declared a silent server dead.
    var answerTimeout: Double {
        min(Self.ioTimeout, target.keepalive.deadAfter ?? Self.ioTimeout)
    }

    private init(target: SSHTarget, socket: SSHSocket, handle: OpaquePointer) {
        self.target = target
        self.socket = socket
        self.handle = handle
    }

    /// TCP connect, handshake, host key check and authentication, within `connectTimeout`.
    nonisolated(nonsending) static func open(_ target: SSHTarget) async throws -> SSHSession {
        try LibSSH2.ensureInitialised()
        let socket = if let jump = target.jumpHost {
            try await SSHTunnel.open(to: target, through: jump)
        } else if let command = target.proxyCommand {
            try SSHProxyCommand.open(command, for: target)
        } else {
            try await SSHSocket.connect(address: target.address, port: target.port, timeout: target.connectTimeout)
        }
        guard let handle = libssh2_session_init_ex(nil, nil, nil, nil) else {
            socket.close()
            throw SSHFailure.setup("libssh2_session_init failed")
        }
        let session = SSHSession(target: target, socket: socket, handle: handle)
        session.receiveClock.install(on: handle)
        do {
            try await session.establish()
        } catch {
            session.free()
            throw error
        }
        return session
    }

    nonisolated(nonsending) private func establish() async throws {
        libssh2_session_set_blocking(handle, 0)
        // OpenSSH's order of host key algorithms, so that the key we check is the one an
        // OpenSSH client recorded in known_hosts (libssh2 alone would pick ECDSA first).
        _ = libssh2_session_method_pref(handle, LIBSSH2_METHOD_HOSTKEY, Self.hostKeyPreference)
        let bannerTimeout = SSHFailure.unreachable(
            "ssh: connect to host \(target.address) port \(target.port): Connection timed out during banner exchange")
        let handshake = try await retrying({ libssh2_session_handshake(handle, socket.fd) },
                                           again: { $0 == LIBSSH2_ERROR_EAGAIN },
                                           limit: WaitLimit(seconds: target.connectTimeout, failure: bannerTimeout))
        if handshake != 0 {
            let (_, message) = LibSSH2.lastError(handle)
            throw SSHFailure.unreachable("ssh: connect to host \(target.address) port \(target.port): kex_exchange_identification: \(message)")
        }
        if target.hostKeyChecking {
            try SSHKnownHosts(session: handle, target: target).verify()
        }
        try await SSHAuthenticator(session: self).authenticate(plan: SSHAuthPlan(target: target))
        if target.keepalive.interval > 0 {
            libssh2_keepalive_config(handle, 1, UInt32(target.keepalive.interval))
        }
        heardFromServer()
    }

    /// Ends the session after saying goodbye (SFTP shutdown, SSH_MSG_DISCONNECT) when it is
    /// not broken, waiting at most two seconds for the server to take it.
    nonisolated(nonsending) func close() async {
        if !isBroken {
            heardFromServer()
            let limit = silence(2)
            if let sftp = sftpHandle {
                _ = try? await retrying({ libssh2_sftp_shutdown(sftp) }, again: { $0 == LIBSSH2_ERROR_EAGAIN }, limit: limit)
                sftpHandle = nil
            }
            _ = try? await retrying({ libssh2_session_disconnect_ex(handle, SSH_DISCONNECT_BY_APPLICATION, "bye", "") },
                                    again: { $0 == LIBSSH2_ERROR_EAGAIN }, limit: limit)
        }
        free()
    }

    /// Releases the session without a word to the server. libssh2 may still write (closing
    /// channels) into the socket's buffer; a short blocking bound keeps that from waiting.
    func free() {
        sftpHandle = nil
        libssh2_session_set_blocking(handle, 1)
        libssh2_session_set_timeout(handle, 200)
        libssh2_session_free(handle)
        socket.close()
    }

    // MARK: - Errors

    /// Turns the session's last error into a failure, marking the session broken when the
    /// transport is gone.
    func failure(_ what: String) -> SSHFailure {
        let (code, message) = LibSSH2.lastError(handle)
        if code == LIBSSH2_ERROR_TIMEOUT || code == LIBSSH2_ERROR_SOCKET_TIMEOUT {
            isBroken = true
            return notResponding
        }
        if LibSSH2.isTransportFailure(code) {
            isBroken = true
            return .unreachable("\(what): \(message) (connection to \(target.address) port \(target.port) lost)")
        }
        return .unreachable("\(what): \(message)")
    }

    func markBroken() { isBroken = true }

    /// A new exchange starts: the keepalive's silence is counted from now.
    func heardFromServer() { receiveClock.lastReceived = .now }

    /// OpenSSH's words when its keepalives go unanswered.
    var notResponding: SSHFailure {
        .unreachable("Timeout, server \(target.address) not responding.")
    }

    // MARK: - Waiting in non-blocking mode

    /// How long the server may stay silent while it owes an answer, and what to say then;
    /// the session is broken past it.
    struct WaitLimit {
        var seconds: Double
        var failure: SSHFailure
    }

    /// A silence bound reported as OpenSSH reports a server that stopped answering.
    func silence(_ seconds: Double) -> WaitLimit {
        WaitLimit(seconds: seconds, failure: notResponding)
    }

    /// Waits until the socket is ready in the direction libssh2 is blocked on (at most a
    /// second); reports a dead peer, or one silent beyond `limit` (the keepalive limit when
    /// none is given), as a broken session. A cancelled task (a task `timeout:`, an
    /// interrupted run) stops waiting: the session is then abandoned, since libssh2 cannot
    /// resume a half-done call later.
    nonisolated(nonsending) func waitForSocket(limit: WaitLimit? = nil) async throws {
        if Task.isCancelled {
            isBroken = true
            throw CancellationError()
        }
        let directions = libssh2_session_block_directions(handle)
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        if events == 0 { events = Int16(POLLIN) }
        let limit = limit ?? target.keepalive.deadAfter.map(silence)
        var timeout = Duration.seconds(1)
        if let limit {
            timeout = min(timeout, max(.milliseconds(1), .seconds(limit.seconds) - (ContinuousClock.now - receiveClock.lastReceived)))
        }
        let revents: Int16
        do {
            revents = try await SocketReactor.shared.wait(for: socket.fd, events: events, timeout: timeout)
        } catch {
            isBroken = true
            throw error
        }
        if revents & Int16(POLLERR | POLLNVAL) != 0 {
            isBroken = true
            throw SSHFailure.unreachable("connection to \(target.address) port \(target.port) lost")
        }
        if let limit, revents == 0, ContinuousClock.now - receiveClock.lastReceived >= .seconds(limit.seconds) {
            isBroken = true
            throw limit.failure
        }
        if revents & Int16(POLLIN) == 0 && directions & LIBSSH2_SESSION_BLOCK_OUTBOUND == 0 {
            // Quiet for a while (a long command): a keepalive keeps NAT state and finds a dead
            // peer (libssh2 sends one only when the configured interval has passed). Never
            // while a packet is half sent: libssh2 refuses to start another one then.
            var next: Int32 = 0
            if libssh2_keepalive_send(handle, &next) != 0 && libssh2_session_last_errno(handle) != LIBSSH2_ERROR_EAGAIN {
                throw failure("keepalive failed")
            }
        }
    }

    /// Repeats a non-blocking libssh2 call while it answers EAGAIN.
    nonisolated(nonsending) func retrying<T>(_ call: () -> T, again: (T) -> Bool,
                                             limit: WaitLimit? = nil) async throws -> T {
        while true {
            let result = call()
            if !again(result) { return result }
            try await waitForSocket(limit: limit)
        }
    }

    /// Repeats a libssh2 call that returns a handle while it returns NULL with EAGAIN.
    nonisolated(nonsending) func retryingHandle(_ call: () -> OpaquePointer?, limit: WaitLimit? = nil) async throws -> OpaquePointer? {
        while true {
            if let result = call() { return result }
            guard libssh2_session_last_errno(handle) == LIBSSH2_ERROR_EAGAIN else { return nil }
            try await waitForSocket(limit: limit)
        }
    }

    // MARK: - SFTP

    /// The session's SFTP subsystem, started on first use and kept.
    nonisolated(nonsending) func sftp() async throws -> OpaquePointer {
        if let sftpHandle { return sftpHandle }
        guard let started = try await retryingHandle({ libssh2_sftp_init(handle) }, limit: silence(answerTimeout)) else {
            throw failure("could not start SFTP")
        }
        sftpHandle = started
        return started
    }
}
