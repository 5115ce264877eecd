import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A connected TCP socket to an SSH server, with OpenSSH's wording for failures
/// ("ssh: connect to host H port P: Connection refused"), as ansible-core shows them.
struct SSHSocket {
    let fd: Int32

    /// Resolves `address` and connects to the first address that answers within `timeout` seconds.
    static func connect(address: String, port: Int, timeout: Double) throws -> SSHSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(address, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            let why = String(cString: gai_strerror(rc))
            throw SSHFailure.unreachable("ssh: Could not resolve hostname \(address): \(why)")
        }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { lastErrno = errno; continue }
            let result = connectWithTimeout(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, timeout)
            if result == 0 {
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return SSHSocket(fd: fd)
            }
            lastErrno = result
            Glibc.close(fd)
        }
        let why = lastErrno == ETIMEDOUT ? "Connection timed out" : String(cString: strerror(lastErrno))
        throw SSHFailure.unreachable("ssh: connect to host \(address) port \(port): \(why)")
    }

    /// Non-blocking connect + poll; returns 0 or an errno. Leaves the socket blocking.
    private static func connectWithTimeout(_ fd: Int32, _ addr: UnsafeMutablePointer<sockaddr>?,
                                           _ length: socklen_t, _ timeout: Double) -> Int32 {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, addr, length) == 0 { return 0 }
        guard errno == EINPROGRESS else { return errno }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            let n = poll(&pfd, 1, remaining)
            if n > 0 { break }
            if n == 0 { return ETIMEDOUT }
            if errno != EINTR { return errno }
        }
        var soError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
        return soError
    }

    func close() { Glibc.close(fd) }
}
