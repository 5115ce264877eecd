import CLibSSH2
import Foundation

/// Commands run in a long-lived shell instead of a channel each: the shell (for instance
/// `sudo -H -S -n -u root /bin/sh`, or `/bin/sh` without become) is started once per session,
/// and every command is written to its standard input as one line, framed by markers that
/// carry its exit status (`ShellFrame`). COMMAND must be one complete shell command line
/// (`/bin/sh -c 'SCRIPT'`, quoted by the caller), so that a script runs in its own shell and
/// cannot change the long-lived one (its directory, variables, options).
extension SSHSession {
    /// Runs `command` in the shell started by `shellCommand`, starting it first if needed.
    /// Nil when that shell cannot be started (sudo wants a password, for instance): the caller
    /// then runs the command on its own channel, which reports why.
    nonisolated(nonsending) func execInShell(_ shellCommand: String, command: String) async throws -> CommandResult? {
        heardFromServer()
        guard let channel = try await shell(shellCommand) else { return nil }
        switch try await exchange(on: channel, running: command) {
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

    /// The running shell for `command`, started and checked with an empty command when new.
    nonisolated(nonsending) private func shell(_ command: String) async throws -> OpaquePointer? {
        if let channel = shells[command] { return channel }
        guard let channel = try await openChannel() else { throw failure("could not open a channel") }
        let started = try await retrying({
            libssh2_channel_process_startup(channel, "exec", 4, command, UInt32(command.utf8.count))
        }, again: { $0 == LIBSSH2_ERROR_EAGAIN })
        shells[command] = channel
        guard started == 0, case .answered = try await exchange(on: channel, running: ":") else {
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

    /// Writes the framed `command`, then reads both streams until each has its closing marker.
    nonisolated(nonsending) private func exchange(on channel: OpaquePointer, running command: String) async throws -> ShellAnswer {
        var frame = ShellFrame(token: "SWANSIBLE-" + UUID().uuidString.replacingOccurrences(of: "-", with: ""))
        let request = frame.request(running: command)
        var output = ChannelOutput()
        var written = 0
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
            if let result = frame.result(stdout: output.stdout, stderr: output.stderr) {
                return .answered(result)
            }
            if libssh2_channel_eof(channel) != 0 {
                _ = try output.drain(channel, session: self)
                return .shellEnded(output)
            }
            if !progressed { try await waitForSocket() }
        }
    }
}
