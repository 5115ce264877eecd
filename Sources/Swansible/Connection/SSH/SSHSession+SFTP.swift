import CLibSSH2
import Foundation

extension SSHSession {
    /// Writes `data` to `path` over SFTP, creating or truncating it, then sets exactly `mode`
    /// (the remote umask only applies at creation, and an existing file keeps its old mode).
    nonisolated(nonsending) func put(_ data: Data, to path: String, mode: Int) async throws {
        let sftp = try await sftp()
        heardFromServer()
        let flags = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC)
        guard let file = try await retryingHandle({
            libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), flags, mode, LIBSSH2_SFTP_OPENFILE)
        }, limit: silence(answerTimeout)) else {
            throw fileFailure(sftp, path, "could not open for writing")
        }
        do {
            try await write(data, to: file, sftp: sftp, path: path)
            var attributes = LIBSSH2_SFTP_ATTRIBUTES()
            attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
            attributes.permissions = UInt(mode)
            if try await sftpCall({ libssh2_sftp_fstat_ex(file, &attributes, 1) }) != 0 {
                throw fileFailure(sftp, path, "could not set mode \(String(mode, radix: 8))")
            }
        } catch {
            _ = try? await sftpCall { libssh2_sftp_close_handle(file) }
            throw error
        }
        if try await sftpCall({ libssh2_sftp_close_handle(file) }) != 0 { throw fileFailure(sftp, path, "close failed") }
    }

    nonisolated(nonsending) private func write(_ data: Data, to file: OpaquePointer, sftp: OpaquePointer,
                                               path: String) async throws {
        var offset = 0
        while offset < data.count {
            // A task `timeout:` or an interrupted run stops a long upload between writes.
            if Task.isCancelled { throw CancellationError() }
            let n = data.withUnsafeBytes { raw in
                libssh2_sftp_write(file, raw.baseAddress!.assumingMemoryBound(to: CChar.self) + offset,
                                   min(raw.count - offset, Self.writeChunk))
            }
            if n == LibSSH2.eagain {
                // The same bytes are offered again once the socket drains, as libssh2 asks.
                try await waitForSocket(limit: silence(answerTimeout))
                continue
            }
            if n < 0 { throw fileFailure(sftp, path, "write failed") }
            offset += n
        }
    }

    /// Bytes handed to one `libssh2_sftp_write` call.
    static let writeChunk = 1 << 20

    /// Reads the whole file at `path` over SFTP.
    nonisolated(nonsending) func get(_ path: String) async throws -> Data {
        let sftp = try await sftp()
        heardFromServer()
        guard let file = try await retryingHandle({
            libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), UInt(LIBSSH2_FXF_READ), 0, LIBSSH2_SFTP_OPENFILE)
        }, limit: silence(answerTimeout)) else {
            throw fileFailure(sftp, path, "could not open for reading")
        }
        var data = Data()
        do {
            while true {
                let n = try await sftpCall {
                    buffer.withUnsafeMutableBufferPointer { libssh2_sftp_read(file, $0.baseAddress, $0.count) }
                }
                if n == 0 { break }
                if n < 0 { throw fileFailure(sftp, path, "read failed") }
                buffer.withUnsafeBytes { data.append(contentsOf: $0[0..<n]) }
            }
        } catch {
            _ = try? await sftpCall { libssh2_sftp_close_handle(file) }
            throw error
        }
        _ = try? await sftpCall { libssh2_sftp_close_handle(file) }
        return data
    }

    /// An SFTP call repeated while it answers EAGAIN, with the server owing an answer.
    nonisolated(nonsending) private func sftpCall<T: BinaryInteger>(_ call: () -> T) async throws -> T {
        try await retrying(call, again: { $0 == T(LIBSSH2_ERROR_EAGAIN) }, limit: silence(answerTimeout))
    }

    /// An SFTP status ("No such file", "Permission denied") as a file error; a transport
    /// failure as unreachable.
    private func fileFailure(_ sftp: OpaquePointer, _ path: String, _ what: String) -> SSHFailure {
        let (code, message) = LibSSH2.lastError(handle)
        if code == LIBSSH2_ERROR_SFTP_PROTOCOL {
            let status = libssh2_sftp_last_error(sftp)
            return .file(RemoteFileError(host: target.host, path: path,
                                         message: "\(what): \(Self.sftpStatusText(status))"))
        }
        if code == LIBSSH2_ERROR_TIMEOUT || code == LIBSSH2_ERROR_SOCKET_TIMEOUT {
            markBroken()
            return notResponding
        }
        if LibSSH2.isTransportFailure(code) { markBroken() }
        return .unreachable("SFTP \(what) \(path): \(message)")
    }

    static func sftpStatusText(_ status: UInt) -> String {
        switch status {
        case UInt(LIBSSH2_FX_NO_SUCH_FILE), UInt(LIBSSH2_FX_NO_SUCH_PATH): "No such file or directory"
        case UInt(LIBSSH2_FX_PERMISSION_DENIED): "Permission denied"
        case UInt(LIBSSH2_FX_FILE_ALREADY_EXISTS): "File exists"
        case UInt(LIBSSH2_FX_WRITE_PROTECT): "Read-only file system"
        case UInt(LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM): "No space left on device"
        case UInt(LIBSSH2_FX_QUOTA_EXCEEDED): "Disk quota exceeded"
        case UInt(LIBSSH2_FX_EOF): "Unexpected end of file"
        case UInt(LIBSSH2_FX_OP_UNSUPPORTED): "Operation not supported"
        default: "Failure (SFTP status \(status))"
        }
    }
}
