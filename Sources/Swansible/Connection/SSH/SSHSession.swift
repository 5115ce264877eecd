import CLibSSH2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One authenticated libssh2 session: a socket, the session handle and (lazily) its SFTP
/// subsystem. Not thread-safe, like libssh2 itself: it lives inside `SSHConnection`'s actor,
/// whose executor is a dedicated thread, so its blocking calls never occupy Swift's
/// cooperative pool.
///
/// The session stays in blocking mode (bounded by `ioTimeout`) for setup and SFTP, and
/// switches to non-blocking mode + poll() while a command runs, so that stdout, stderr and
/// stdin move together and a full window on one stream cannot deadlock the other.
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

    /// Seconds a blocking libssh2 call may wait for the network during SFTP transfers.
    static let ioTimeout: Double = 120

    /// The bound on one blocking call: `ioTimeout`, or sooner when keepalives would already
    /// have declared a silent server dead.
    var blockingTimeout: Double {
        min(Self.ioTimeout, target.keepalive.deadAfter ?? Self.ioTimeout)
    }

    private init(target: SSHTarget, socket: SSHSocket, handle: OpaquePointer) {
        self.target = target
        self.socket = socket
        self.handle = handle
    }

    /// TCP connect, handshake, host key check and authentication, within `connectTimeout`.
    static func open(_ target: SSHTarget) throws -> SSHSession {
        try LibSSH2.ensureInitialised()
        let socket = try SSHSocket.connect(address: target.address, port: target.port,
                                           timeout: target.connectTimeout)
        guard let handle = libssh2_session_init_ex(nil, nil, nil, nil) else {
            socket.close()
            throw SSHFailure.setup("libssh2_session_init failed")
        }
        let session = SSHSession(target: target, socket: socket, handle: handle)
        session.receiveClock.install(on: handle)
        do {
            try session.establish()
        } catch {
            session.free(politely: false)
            throw error
        }
        return session
    }

    private func establish() throws {
        libssh2_session_set_blocking(handle, 1)
        libssh2_session_set_timeout(handle, Int(target.connectTimeout * 1000))
        // OpenSSH's order of host key algorithms, so that the key we check is the one an
        // OpenSSH client recorded in known_hosts (libssh2 alone would pick ECDSA first).
        _ = libssh2_session_method_pref(handle, LIBSSH2_METHOD_HOSTKEY, Self.hostKeyPreference)
        if libssh2_session_handshake(handle, socket.fd) != 0 {
            let (code, message) = LibSSH2.lastError(handle)
            let why = code == LIBSSH2_ERROR_TIMEOUT
                ? "Connection timed out during banner exchange"
                : "kex_exchange_identification: \(message)"
            throw SSHFailure.unreachable("ssh: connect to host \(target.address) port \(target.port): \(why)")
        }
        if target.hostKeyChecking {
            try SSHKnownHosts(session: handle, target: target).verify()
        }
        try SSHAuthenticator(session: handle, target: target).authenticate(plan: SSHAuthPlan(target: target))
        libssh2_session_set_timeout(handle, Int(blockingTimeout * 1000))
        if target.keepalive.interval > 0 {
            libssh2_keepalive_config(handle, 1, UInt32(target.keepalive.interval))
        }
        heardFromServer()
    }

    /// Ends the session; `politely` sends SSH_MSG_DISCONNECT first (skipped when broken).
    func free(politely: Bool) {
        libssh2_session_set_blocking(handle, 1)
        libssh2_session_set_timeout(handle, 2000)
        if let sftp = sftpHandle, politely, !isBroken { libssh2_sftp_shutdown(sftp) }
        sftpHandle = nil
        if politely && !isBroken {
            _ = libssh2_session_disconnect_ex(handle, SSH_DISCONNECT_BY_APPLICATION, "bye", "")
        }
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

    /// Waits until the socket is ready in the direction libssh2 is blocked on (at most
    /// `milliseconds`); reports a dead peer, or one silent beyond the keepalive limit, as a
    /// broken session. A cancelled task (a task `timeout:`, an interrupted run) stops waiting:
    /// the session is then abandoned, since libssh2 cannot resume a half-done call later.
    func waitForSocket(milliseconds: Int32 = 1000) throws {
        if Task.isCancelled {
            isBroken = true
            throw CancellationError()
        }
        let directions = libssh2_session_block_directions(handle)
        var pfd = pollfd(fd: socket.fd, events: 0, revents: 0)
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { pfd.events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { pfd.events |= Int16(POLLOUT) }
        if pfd.events == 0 { pfd.events = Int16(POLLIN) }
        let n = poll(&pfd, 1, milliseconds)
        if n < 0 && errno != EINTR {
            isBroken = true
            throw SSHFailure.unreachable("poll failed: \(String(cString: strerror(errno)))")
        }
        if n > 0 && pfd.revents & Int16(POLLERR | POLLNVAL) != 0 {
            isBroken = true
            throw SSHFailure.unreachable("connection to \(target.address) port \(target.port) lost")
        }
        if let deadAfter = target.keepalive.deadAfter, ContinuousClock.now - receiveClock.lastReceived > .seconds(deadAfter) {
            isBroken = true
            throw notResponding
        }
        if n == 0 || pfd.revents & Int16(POLLIN) == 0 {
            // Quiet for a while (a long command): a keepalive keeps NAT state and finds a dead
            // peer (libssh2 sends one only when the configured interval has passed).
            var next: Int32 = 0
            if libssh2_keepalive_send(handle, &next) != 0 && libssh2_session_last_errno(handle) != LIBSSH2_ERROR_EAGAIN {
                throw failure("keepalive failed")
            }
        }
    }

    /// Repeats a non-blocking libssh2 call while it answers EAGAIN.
    func retrying<T>(_ call: () -> T, again: (T) -> Bool) throws -> T {
        while true {
            let result = call()
            if !again(result) { return result }
            try waitForSocket()
        }
    }

    // MARK: - SFTP

    /// The session's SFTP subsystem, started on first use and kept.
    func sftp() throws -> OpaquePointer {
        if let sftpHandle { return sftpHandle }
        guard let started = libssh2_sftp_init(handle) else { throw failure("could not start SFTP") }
        sftpHandle = started
        return started
    }
}
