import Foundation

/// The one ssh-agent request libssh2 1.10 cannot make: a signature with an RSA key using
/// SHA-512 (the `SSH_AGENT_RSA_SHA2_512` flag of the agent protocol). A local socket, answered
/// at once, so the exchange blocks.
struct SSHAgentClient {
    let socket: String

    struct Failure: Error, CustomStringConvertible { let description: String }

    private static let signRequest: UInt8 = 13, signResponse: UInt8 = 14, rsaSHA512Flag: UInt32 = 4

    /// The raw RSA signature (the agent's answer without its algorithm name).
    func signRSASHA512(keyBlob: [UInt8], data: [UInt8]) throws -> [UInt8] {
        var request = SSHWireWriter()
        request.bytes.append(Self.signRequest)
        request.string(keyBlob)
        request.string(data)
        request.uint32(Self.rsaSHA512Flag)
        var framed = SSHWireWriter()
        framed.string(request.bytes)
        let answer = try exchange(framed.bytes)
        guard answer.first == Self.signResponse else { throw Failure(description: "the agent refused to sign") }
        var reader = SSHWireReader(bytes: answer, offset: 1)
        guard let signature = reader.readString() else { throw Failure(description: "bad agent answer") }
        var inner = SSHWireReader(bytes: signature, offset: 0)
        guard inner.readString() == Array(SSHRSASigner.algorithm.utf8), let raw = inner.readString() else {
            throw Failure(description: "the agent signed with another algorithm")
        }
        return raw
    }

    /// Sends one framed message and reads one framed answer (its body).
    private func exchange(_ message: [UInt8]) throws -> [UInt8] {
        let fd = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socket.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { throw Failure(description: "agent socket path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect \(socket): \(String(cString: strerror(errno)))") }
        try writeAll(fd, message)
        let header = try readExactly(fd, 4)
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, length < 256 * 1024 else { throw Failure(description: "bad agent answer length") }
        return try readExactly(fd, length)
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "write to the agent failed") }
            sent += n
        }
    }

    private func readExactly(_ fd: Int32, _ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes[got...].withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "the agent closed the connection") }
            got += n
        }
        return bytes
    }
}
