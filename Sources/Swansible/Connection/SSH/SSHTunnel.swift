import CLibSSH2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// ProxyJump: the target's session runs over one end of a socket pair, as over a TCP socket;
/// the other end is pumped to and from a direct-tcpip channel of a session to the jump host.
/// The pump owns the jump session alone, on a thread of its own (one per tunnelled host),
/// and ends when the target's session closes its end or the channel closes.
enum SSHTunnel {
    static func open(to target: SSHTarget, through jump: SSHJumpHost) async throws -> SSHSocket {
        var jumpTarget = target
        jumpTarget.host = jump.address
        jumpTarget.address = jump.address
        jumpTarget.port = jump.port
        // Like ssh: the jump host's user is the one written with it, else the local user.
        jumpTarget.user = jump.user ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        jumpTarget.jumpHost = jump.previous  // reached through the hops before it, if any
        jumpTarget.password = nil
        let session = try await SSHSession.open(jumpTarget)
        let handle = session.handle
        let channel = try await session.retryingHandle({
            libssh2_channel_direct_tcpip_ex(handle, target.address, Int32(target.port), "127.0.0.1", 22)
        }, limit: session.silence(target.connectTimeout))
        guard let channel else {
            let (_, message) = LibSSH2.lastError(handle)
            session.free()
            throw SSHFailure.unreachable(
                "ssh: connect to host \(target.address) port \(target.port) through \(jump.address): channel open failed: \(message)")
        }
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            session.free()
            throw SSHFailure.setup("socketpair: \(String(cString: strerror(errno)))")
        }
        for fd in ends { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK) }
        let pump = Pump(session: session, channel: channel, local: ends[1], keepalive: target.keepalive.interval)
        let name = "ssh jump \(jump.address)"
        let thread = Thread {
            SocketReactor.nameCurrentThread(String(name.prefix(15)))  // the kernel keeps 15 bytes
            pump.run()
        }
        thread.stackSize = 1 << 18
        thread.start()
        return SSHSocket(fd: ends[0])
    }

    /// Moves bytes both ways until either side ends. Handed over whole to its thread: nothing
    /// else touches the jump session afterwards (hence the unchecked Sendable).
    private final class Pump: @unchecked Sendable {
        let session: SSHSession
        let channel: OpaquePointer
        let local: Int32
        let keepalive: Int
        private var toLocal: [UInt8] = [], toChannel: [UInt8] = []
        private var buffer = [UInt8](repeating: 0, count: 32 * 1024)

        init(session: SSHSession, channel: OpaquePointer, local: Int32, keepalive: Int) {
            self.session = session
            self.channel = channel
            self.local = local
            self.keepalive = keepalive
        }

        func run() {
            let handle = session.handle
            while pass() {}
            libssh2_session_set_blocking(handle, 1)
            libssh2_session_set_timeout(handle, 2000)
            _ = libssh2_channel_close(channel)
            _ = libssh2_channel_free(channel)
            _ = libssh2_session_disconnect_ex(handle, SSH_DISCONNECT_BY_APPLICATION, "bye", "")
            session.free()
            Glibc.close(local)
        }

        /// One round: move what can be moved, else wait for either side; false when done.
        private func pass() -> Bool {
            var progress = false
            if toLocal.isEmpty {
                let n = buffer.withUnsafeMutableBytes { libssh2_channel_read_ex(channel, 0, $0.baseAddress, $0.count) }
                if n > 0 {
                    toLocal = Array(buffer[0..<n])
                    progress = true
                } else if n == Int(LIBSSH2_ERROR_EAGAIN) || (n == 0 && libssh2_channel_eof(channel) == 0) {
                    // nothing to read yet
                } else {
                    return false  // the far end closed the connection, or the channel broke
                }
            }
            if !toLocal.isEmpty {
                let written = toLocal.withUnsafeBytes { Glibc.write(local, $0.baseAddress, $0.count) }
                if written > 0 {
                    toLocal.removeFirst(written)
                    progress = true
                } else if written < 0 && errno != EAGAIN && errno != EINTR {
                    return false
                }
            }
            if toChannel.isEmpty {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(local, $0.baseAddress, $0.count) }
                if n > 0 {
                    toChannel = Array(buffer[0..<n])
                    progress = true
                } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                    return false
                }
            }
            if !toChannel.isEmpty {
                let written = toChannel.withUnsafeBytes { libssh2_channel_write_ex(channel, 0, $0.baseAddress, $0.count) }
                if written > 0 {
                    toChannel.removeFirst(written)
                    progress = true
                } else if written < 0 && written != Int(LIBSSH2_ERROR_EAGAIN) {
                    return false
                }
            }
            if progress { return true }
            return wait()
        }

        /// poll(2) on the jump host's socket (in the direction libssh2 waits for) and on our end.
        private func wait() -> Bool {
            let handle = session.handle
            var remote = Int16(POLLIN)
            if libssh2_session_block_directions(handle) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { remote |= Int16(POLLOUT) }
            var localEvents: Int16 = 0
            if toChannel.isEmpty { localEvents |= Int16(POLLIN) }
            if !toLocal.isEmpty { localEvents |= Int16(POLLOUT) }
            var fds = [pollfd(fd: session.socket.fd, events: remote, revents: 0), pollfd(fd: local, events: localEvents, revents: 0)]
            let timeout = Int32(keepalive > 0 ? min(keepalive, 5) * 1000 : 5000)
            let ready = poll(&fds, 2, timeout)
            if ready < 0 { return errno == EINTR }
            if fds[0].revents & Int16(POLLERR | POLLNVAL) != 0 || fds[1].revents & Int16(POLLERR | POLLNVAL) != 0 { return false }
            if ready == 0 && keepalive > 0 {
                var next: Int32 = 0
                _ = libssh2_keepalive_send(handle, &next)
            }
            return true
        }
    }
}
