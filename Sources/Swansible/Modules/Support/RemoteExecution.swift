import Foundation

/// Running shell on the host for a module: the task's environment exported, become applied,
/// everything quoted. Every remote action of a module goes through here.
extension ModuleContext {
    /// The command line the connection runs for `script`: `sudo -H -S -n -u USER /bin/sh -c '…'`
    /// with become (ansible's sudo form, see `BecomeCommand`), else `/bin/sh -c '…'`; the task
    /// environment is exported inside, so it survives sudo's environment reset.
    public func remoteCommand(for script: String) -> String {
        become.enabled ? BecomeCommand(become).commandLine(running: shellBody(script)) : "/bin/sh -c " + ShellQuote.quote(shellBody(script))
    }

    private func shellBody(_ script: String) -> String {
        var body = ""
        for (name, value) in environment where RemoteExecution.isValidName(name) {
            body += "export \(name)=\(ShellQuote.quote(value.pythonString))\n"
        }
        return body + script
    }

    /// Runs a POSIX sh script on the host (one round trip). With a become password, sudo's
    /// prompt is answered over standard input before `stdin` is sent; a missing or wrong
    /// password throws `BecomeFailure`. Without a password (and without `stdin`), the script
    /// runs in the host's long-lived shell for its user when the connection keeps one: no
    /// channel to open and close, and one sudo per host and run instead of one per command.
    public func runScript(_ script: String, stdin: Data? = nil) async throws -> CommandResult {
        guard become.enabled else {
            let command = remoteCommand(for: script)
            if stdin == nil, become.longLivedShell,
               let result = try await connection.execInShell(BecomeSettings.plainShell, command: command) {
                return result
            }
            return try await connection.exec(command, stdin: stdin)
        }
        let command = BecomeCommand(become)
        if stdin == nil, let shell = command.longLivedShell,
           let raw = try await connection.execInShell(shell, command: "/bin/sh -c " + ShellQuote.quote(shellBody(script))) {
            return try command.outcome(of: raw)
        }
        let raw = try await connection.exec(
            command.commandLine(running: shellBody(script)), stdin: stdin, answering: command.exchange)
        return try command.outcome(of: raw)
    }

    /// Runs a script whose stdout is a `ScriptReport`.
    public func runReport(_ script: String, stdin: Data? = nil) async throws -> (CommandResult, ScriptReport) {
        let result = try await runScript(script, stdin: stdin)
        return (result, ScriptReport(result.stdout))
    }

    /// Puts `data` in a fresh temporary file on the host, as the login user, and returns its path.
    /// The file is private (0600) unless become switches to a user other than root, who could
    /// not read it then (ansible makes its temp files readable in that case too).
    /// An upload cut short (timeout, interruption, lost connection) is removed at once when the
    /// host still answers, else by the next session's sweep (`RemoteTemporaryFiles`).
    public func uploadTemporary(_ data: Data) async throws -> String {
        let path = RemoteTemporaryFiles.newPath()
        let readableByOthers = become.enabled && become.user != "root"
        do {
            try await connection.put(data, to: path, mode: readableByOthers ? 0o644 : 0o600)
        } catch {
            await discardTemporary(path)
            throw error
        }
        return path
    }
}

enum RemoteExecution {
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// The small machine-readable answer of a module script: `key=value` lines (the first `=`
/// splits; later lines with the same key win; other lines are ignored). A `messageMarker` line
/// ends them: everything after it is `msg`, verbatim, so that a message quoting a command's
/// output keeps its lines and trailing newline as ansible's does (see `sw_fail_begin`).
public struct ScriptReport: Sendable, Equatable {
    public var values: [String: String]

    public static let messageMarker = "__swansible_msg__"

    public init(_ stdout: String) {
        var values: [String: String] = [:]
        var head = Substring(stdout), message: Substring?
        if stdout.hasPrefix(Self.messageMarker + "\n") {
            head = ""
            message = stdout.dropFirst(Self.messageMarker.count + 1)
        } else if let marker = stdout.range(of: "\n" + Self.messageMarker + "\n") {
            head = stdout[..<marker.lowerBound]
            message = stdout[marker.upperBound...]
        }
        for line in head.components(separatedBy: "\n") where !line.isEmpty {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        if let message { values["msg"] = String(message) }
        self.values = values
    }

    public subscript(key: String) -> String? { values[key] }
    public func flag(_ key: String) -> Bool { values[key] == "1" }
    public func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }
}
