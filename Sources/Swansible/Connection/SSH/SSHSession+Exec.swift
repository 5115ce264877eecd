import CLibSSH2
import Foundation

extension SSHSession {
    /// Runs `command` on a new channel (the remote login shell's `-c`), feeding `stdin` and
    /// collecting stdout and stderr separately until the remote closes the channel. With an
    /// `exchange`, `stdin` (and its end) waits until the become prompt has been answered and
    /// the command runs.
    nonisolated(nonsending) func exec(_ command: String, stdin: Data?,
                                      answering exchange: BecomePasswordExchange? = nil) async throws -> CommandResult {
        heardFromServer()
        guard let channel = try await openChannel() else { throw failure("could not open a channel") }
        let outcome: Result<CommandResult, any Error>
        do {
            outcome = .success(try await run(command, on: channel, stdin: stdin, answering: exchange))
        } catch {
            outcome = .failure(error)
        }
        await freeChannel(channel)
        return try outcome.get()
    }

    /// Frees a channel; a cancelled task leaves it to the session, which is then broken anyway.
    nonisolated(nonsending) func freeChannel(_ channel: OpaquePointer) async {
        _ = try? await retrying({ libssh2_channel_free(channel) }, again: { $0 == LIBSSH2_ERROR_EAGAIN })
    }

    nonisolated(nonsending) private func run(_ command: String, on channel: OpaquePointer, stdin: Data?,
                                             answering exchange: BecomePasswordExchange?) async throws -> CommandResult {
        let started = try await retrying({
            libssh2_channel_process_startup(channel, "exec", 4, command, UInt32(command.utf8.count))
        }, again: { $0 == LIBSSH2_ERROR_EAGAIN })
        guard started == 0 else { throw failure("could not start the command") }

        var output = ChannelOutput()
        var pending = stdin.map { [UInt8]($0) } ?? []
        var written = 0
        var eofSent = false
        if stdin == nil && exchange == nil { try await sendEOF(channel); eofSent = true }
        var watcher = exchange.map(BecomePromptWatcher.init)

        while true {
            var progressed = try output.drain(channel, session: self)
            if watcher?.isSettled == false, let step = watcher?.step(stdout: output.stdout, stderr: output.stderr) {
                switch step {
                case .answer(let bytes): try await writeAll(bytes, to: channel); progressed = true
                case .giveUp: pending = []; written = 0
                case .wait, .proceed: break
                }
            }
            if !eofSent, watcher?.isSettled != false {
                if written < pending.count {
                    let n = pending[written...].withUnsafeBufferPointer { chunk in
                        chunk.withMemoryRebound(to: CChar.self) {
                            libssh2_channel_write_ex(channel, 0, $0.baseAddress, min($0.count, 256 * 1024))
                        }
                    }
                    if n > 0 { written += n; progressed = true }
                    else if n == LibSSH2.eagain || n == Int(LIBSSH2_ERROR_CHANNEL_WINDOW_FULL) { }
                    else if n == Int(LIBSSH2_ERROR_CHANNEL_CLOSED) || n == Int(LIBSSH2_ERROR_CHANNEL_EOF_SENT) {
                        written = pending.count  // the command stopped reading; keep its output
                    } else { throw failure("could not send stdin") }
                }
                if written >= pending.count {
                    pending = []
                    try await sendEOF(channel)
                    eofSent = true
                    progressed = true
                }
            }
            if libssh2_channel_eof(channel) != 0 {
                _ = try output.drain(channel, session: self)
                break
            }
            if !progressed { try await waitForSocket() }
        }

        _ = try await retrying({ libssh2_channel_close(channel) }, again: { $0 == LIBSSH2_ERROR_EAGAIN })
        _ = try await retrying({ libssh2_channel_wait_closed(channel) }, again: { $0 == LIBSSH2_ERROR_EAGAIN })
        return CommandResult(exitCode: exitCode(channel),
                             stdout: String(decoding: output.stdout, as: UTF8.self),
                             stderr: String(decoding: output.stderr, as: UTF8.self))
    }

    nonisolated(nonsending) func openChannel() async throws -> OpaquePointer? {
        try await retryingHandle({ libssh2_channel_open_ex(handle, "session", 7, 2 * 1024 * 1024, 32768, nil, 0) })
    }

    /// Writes a few bytes (a become password) completely, waiting while the window is full.
    nonisolated(nonsending) private func writeAll(_ bytes: [UInt8], to channel: OpaquePointer) async throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { chunk in
                chunk.withMemoryRebound(to: CChar.self) { libssh2_channel_write_ex(channel, 0, $0.baseAddress, $0.count) }
            }
            if n > 0 { sent += n }
            else if n == LibSSH2.eagain || n == Int(LIBSSH2_ERROR_CHANNEL_WINDOW_FULL) { try await waitForSocket() }
            else { throw failure("could not send the become password") }
        }
    }

    nonisolated(nonsending) private func sendEOF(_ channel: OpaquePointer) async throws {
        _ = try await retrying({ libssh2_channel_send_eof(channel) }, again: { $0 == LIBSSH2_ERROR_EAGAIN })
    }

    /// The remote exit status; a command killed by a signal gets 128 + its number, like a shell.
    func exitCode(_ channel: OpaquePointer) -> Int32 {
        var name: UnsafeMutablePointer<CChar>?
        var nameLength = 0
        if libssh2_channel_get_exit_signal(channel, &name, &nameLength, nil, nil, nil, nil) == 0, let name {
            defer { Foundation.free(name) }
            let signal = String(cString: name)
            return 128 + (Self.signalNumbers[signal] ?? 0)
        }
        return libssh2_channel_get_exit_status(channel)
    }

    private static let signalNumbers: [String: Int32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "ABRT": 6, "FPE": 8, "KILL": 9, "USR1": 10,
        "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15,
    ]
}

/// stdout and stderr read so far from one channel.
struct ChannelOutput {
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []

    /// Reads everything available now from both streams; true when anything arrived.
    mutating func drain(_ channel: OpaquePointer, session: SSHSession) throws -> Bool {
        var any = false
        for stream in [Int32(0), SSH_EXTENDED_DATA_STDERR] {
            while true {
                let n = session.buffer.withUnsafeMutableBufferPointer {
                    libssh2_channel_read_ex(channel, stream, $0.baseAddress, $0.count)
                }
                if n > 0 {
                    session.buffer.withUnsafeBufferPointer { raw in
                        raw.withMemoryRebound(to: UInt8.self) { bytes in
                            if stream == 0 { stdout.append(contentsOf: bytes[0..<n]) }
                            else { stderr.append(contentsOf: bytes[0..<n]) }
                        }
                    }
                    any = true
                    continue
                }
                if n == 0 || n == LibSSH2.eagain { break }
                throw session.failure("reading the command's output failed")
            }
        }
        return any
    }
}
