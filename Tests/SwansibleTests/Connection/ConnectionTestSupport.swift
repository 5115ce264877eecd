import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 that accepts connections (in the kernel backlog) and never
/// speaks: an SSH server that hangs before its banner.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    deinit { close(fd) }
}

/// A loopback port with nothing listening on it (bound then released).
func closedLoopbackPort() throws -> Int {
    let listener = try SilentListener()
    return listener.port
}

/// Runs ssh-keygen into a fresh temporary directory; returns the private key's path.
func makeKey(type: String, bits: String? = nil, passphrase: String = "", pem: Bool = false) throws -> String {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("swansible-keys-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = "\(directory)/id_\(type)"
    var arguments = ["ssh-keygen", "-q", "-t", type, "-N", passphrase, "-f", path]
    if let bits { arguments += ["-b", bits] }
    if pem { arguments += ["-m", "PEM"] }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw POSIXError(.EIO) }
    return path
}
