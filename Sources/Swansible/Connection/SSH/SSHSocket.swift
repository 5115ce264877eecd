import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A connected TCP socket to an SSH server, with OpenSSH's wording for failures
/// ("ssh: connect to host H port P: Connection refused"), as ansible-core shows them.
struct SSHSocket {
    let fd: Int32

    /// Resolves `address` and connects to the first address that answers within `timeout`
    /// seconds. The socket is left non-blocking, as the session uses it.
    static func connect(address: String, port: Int, timeout: Double) async throws -> SSHSocket {
        let addresses = try await SocketAddress.resolve(address, port: port)
        var lastErrno: Int32 = ECONNREFUSED
        for candidate in addresses {
            let fd = socket(candidate.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 { lastErrno = errno; continue }
            let result: Int32
            do {
                result = try await connectWithTimeout(fd, candidate, timeout)
            } catch {
                Glibc.close(fd)
                throw error
            }
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

    /// Non-blocking connect, waited for on `SocketReactor`; returns 0 or an errno.
    private static func connectWithTimeout(_ fd: Int32, _ address: SocketAddress, _ timeout: Double) async throws -> Int32 {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
        let started = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if started == 0 { return 0 }
        guard errno == EINPROGRESS else { return errno }
        let revents = try await SocketReactor.shared.wait(for: fd, events: Int16(POLLOUT), timeout: .seconds(timeout))
        if revents == 0 { return ETIMEDOUT }
        var soError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
        return soError
    }

    func close() { Glibc.close(fd) }
}

/// One resolved address of a host, copied out of getaddrinfo's list.
struct SocketAddress: Sendable {
    var family: Int32
    var bytes: [UInt8]

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        bytes.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }

    /// The addresses of `host`: an IP address at once; a name through getaddrinfo on a thread
    /// of its own, since the resolver blocks and must not hold one of the engine's threads.
    static func resolve(_ host: String, port: Int) async throws -> [SocketAddress] {
        if let numeric = try? lookUp(host, port: port, flags: AI_NUMERICHOST) { return numeric }
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try lookUp(host, port: port, flags: 0) }) }
            thread.stackSize = 1 << 18
            thread.start()
        }
    }

    private static func lookUp(_ host: String, port: Int, flags: Int32) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = flags
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            let why = String(cString: gai_strerror(rc))
            throw SSHFailure.unreachable("ssh: Could not resolve hostname \(host): \(why)")
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            guard let address = info.pointee.ai_addr else { continue }
            let bytes = UnsafeRawBufferPointer(start: address, count: Int(info.pointee.ai_addrlen))
            addresses.append(SocketAddress(family: info.pointee.ai_family, bytes: Array(bytes)))
        }
        return addresses
    }
}
