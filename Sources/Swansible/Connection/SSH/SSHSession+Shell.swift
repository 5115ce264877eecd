import CLibSSH2
import Foundation

/// Commands run in a long-lived shell instead of a channel each: the shell (for instance
/// `sudo -H -S -n -u root /bin/sh`) is started once per session, and every command is written
/// to its standard input as one line, `COMMAND </dev/null`, followed by markers on both streams
/// that carry its exit status:
///
///     \nTOKEN STATUS\n   on stdout        \nTOKEN\n   on stderr
///
/// TOKEN is new for each command, so no output can fake it. COMMAND must be one complete shell
/// command line (`/bin/sh -c 'SCRIPT'`, quoted by the caller), so that a script runs in its
/// own shell and cannot change the long-lived one (its directory, variables, options).
extension SSHSession {
    /// Runs `command` in the shell started by `shellCommand`, starting it first if needed.
    /// Nil when that shell cannot be started (sudo wants a password, for instance): the caller
    /// then runs the command on its own channel, which reports why.
    nonisolated(nonsending) func execInShell(_ shellCommand: String, command: String) async throws -> CommandResult? {
        heardFromServer()
        guard let channel = try await shell(shellCommand) else { return nil }
        let token = Self.newToken()
        let line = "\(command) </dev/null; "
            + "printf '\\n%s %d\\n' \(token) $?; printf '\\n%s\\n' \(token) >&2\n"
        switch try await exchange(on: channel, sending: Array(line.utf8), token: token) {
        case .answered(let result):
            return result
        case .shellEnded(let output):
            // The command ended the shell itself (`exit` cannot, but a kill of its parent can):
            // its output so far, the shell's status, and a fresh shell next time.
            await forgetShell(shellCommand)
            return CommandResult(exitCode: exitCode(channel),
                                 stdout: String(decoding: output.stdout, as: UTF8.self),
                                 stderr: String(decoding: output.stderr, as: UTF8.self))
        }
    }

    /// The running shell for `command`, started and checked with an empty exchange when new.
    nonisolated(nonsending) private func shell(_ command: String) async throws -> OpaquePointer? {
        if let channel = shells[command] { return channel }
        guard let channel = try await openChannel() else { throw failure("could not open a channel") }
        let started = try await retrying({
            libssh2_channel_process_startup(channel, "exec", 4, command, UInt32(command.utf8.count))
        }, again: { $0 == LIBSSH2_ERROR_EAGAIN })
        shells[command] = channel
        let token = Self.newToken()
        let hello = "printf '\\n%s 0\\n' \(token); printf '\\n%s\\n' \(token) >&2\n"
        guard started == 0, case .answered = try await exchange(on: channel, sending: Array(hello.utf8), token: token) else {
            await forgetShell(command)
            return nil
        }
        return channel
    }

    nonisolated(nonsending) private func forgetShell(_ command: String) async {
        guard let channel = shells.removeValue(forKey: command) else { return }
        await freeChannel(channel)
    }

    private enum ShellAnswer {
        case answered(CommandResult)
        case shellEnded(ChannelOutput)
    }

    /// Writes `request`, then reads both streams until each ends with its marker.
    nonisolated(nonsending) private func exchange(on channel: OpaquePointer, sending request: [UInt8],
                                                  token: String) async throws -> ShellAnswer {
        var output = ChannelOutput()
        var written = 0
        let stderrMarker = Array("\n\(token)\n".utf8)
        while true {
            var progressed = try output.drain(channel, session: self)
            if written < request.count {
                let n = request[written...].withUnsafeBufferPointer { chunk in
                    chunk.withMemoryRebound(to: CChar.self) { libssh2_channel_write_ex(channel, 0, $0.baseAddress, $0.count) }
                }
                if n > 0 { written += n; progressed = true }
                else if n != LibSSH2.eagain && n != Int(LIBSSH2_ERROR_CHANNEL_WINDOW_FULL) {
                    return .shellEnded(output)
                }
            }
            if output.stderr.ends(with: stderrMarker), let status = Self.status(in: &output.stdout, token: token) {
                output.stderr.removeLast(stderrMarker.count)
                return .answered(CommandResult(exitCode: status,
                                               stdout: String(decoding: output.stdout, as: UTF8.self),
                                               stderr: String(decoding: output.stderr, as: UTF8.self)))
            }
            if libssh2_channel_eof(channel) != 0 {
                _ = try output.drain(channel, session: self)
                return .shellEnded(output)
            }
            if !progressed { try await waitForSocket() }
        }
    }

    /// The status from stdout's closing `\nTOKEN STATUS\n`, which is then removed; nil while
    /// stdout does not end with it yet.
    private static func status(in stdout: inout [UInt8], token: String) -> Int32? {
        guard stdout.last == UInt8(ascii: "\n") else { return nil }
        let digits = stdout.dropLast().reversed().prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !digits.isEmpty else { return nil }
        let prefix = Array("\n\(token) ".utf8)
        let head = stdout.count - 1 - digits.count
        guard head >= prefix.count, Array(stdout[(head - prefix.count)..<head]) == prefix,
              let status = Int32(String(decoding: digits.reversed(), as: UTF8.self)) else { return nil }
        stdout.removeLast(stdout.count - (head - prefix.count))
        return status
    }

    private static func newToken() -> String {
        "SWANSIBLE-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
