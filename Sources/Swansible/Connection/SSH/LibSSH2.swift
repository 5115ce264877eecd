import CLibSSH2
import Foundation

/// Process-wide libssh2 setup and small helpers shared by the SSH files.
enum LibSSH2 {
    /// `libssh2_init` must run once per process, before any session exists.
    private static let initialised: Bool = libssh2_init(0) == 0

    static func ensureInitialised() throws {
        guard initialised else { throw SSHFailure.setup("libssh2_init failed") }
    }

    /// The session's last error text, e.g. "Unable to send userauth-publickey request".
    static func lastError(_ session: OpaquePointer) -> (code: Int32, message: String) {
        var text: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &text, &length, 0)
        let message = text.map { String(cString: $0) } ?? "libssh2 error \(code)"
        return (code, message)
    }

    static let eagain = Int(LIBSSH2_ERROR_EAGAIN)

    /// Error codes after which the transport is gone and the session must be rebuilt.
    static func isTransportFailure(_ code: Int32) -> Bool {
        [LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT,
         LIBSSH2_ERROR_SOCKET_TIMEOUT, LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_SOCKET_NONE,
         LIBSSH2_ERROR_KEX_FAILURE, LIBSSH2_ERROR_DECRYPT, LIBSSH2_ERROR_BANNER_RECV].contains(code)
    }
}

/// What went wrong inside the SSH layer, before it is phrased for the user.
enum SSHFailure: Error {
    /// The host cannot be reached, or the session broke: becomes ansible's UNREACHABLE.
    case unreachable(String)
    /// libssh2 itself could not start.
    case setup(String)
    /// A remote file operation failed (the session is still usable).
    case file(RemoteFileError)
}

/// A file transfer failed on a live session: the path does not exist, permission denied, ...
public struct RemoteFileError: Error, Sendable, CustomStringConvertible {
    public var host: String
    public var path: String
    public var message: String

    public init(host: String, path: String, message: String) {
        self.host = host
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
