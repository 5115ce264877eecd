import CLibSSH2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// When the server last sent a byte, as libssh2 reads it: the session's receive callback
/// stamps every successful read. Watching poll() alone misses keepalive replies that libssh2
/// reads while it waits for channel data, and would call a live server silent.
///
/// Used only inside the session's connection actor, like the session itself.
final class SSHReceiveClock {
    var lastReceived = ContinuousClock.now

    /// Routes the session's socket reads through `receive`, stamping this clock; the session
    /// must not outlive the clock (`SSHSession` holds both).
    func install(on session: OpaquePointer) {
        libssh2_session_abstract(session)?.pointee = Unmanaged.passUnretained(self).toOpaque()
        let receive: @convention(c) (Int32, UnsafeMutableRawPointer?, Int, Int32,
                                     UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int = { fd, buffer, length, flags, abstract in
            let n = recv(fd, buffer, length, flags)
            // libssh2 expects -errno on failure, as its own receive function returns.
            guard n >= 0 else { return -Int(errno) }
            if n > 0, let raw = abstract?.pointee {
                Unmanaged<SSHReceiveClock>.fromOpaque(raw).takeUnretainedValue().lastReceived = .now
            }
            return n
        }
        _ = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_RECV, unsafeBitCast(receive, to: UnsafeMutableRawPointer.self))
    }
}
