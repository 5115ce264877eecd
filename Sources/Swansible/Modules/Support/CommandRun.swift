import Foundation

/// The shared body of `command` and `shell`: creates/removes, chdir, stdin, timing and the
/// result fields ansible reports (cmd, rc, stdout, stderr, *_lines, start, end, delta, msg).
struct CommandRun {
    /// What runs: an argv (command) or a shell line (shell).
    enum Payload {
        case argv([String])
        case shellLine(String, executable: String?)
    }

    var payload: Payload
    /// `cmd` as ansible reports it: a list for command, the line for shell.
    var reportedCommand: Value
    var chdir: String?
    var creates: String?
    var removes: String?
    var stdin: String?
    var stdinAddNewline: Bool
    var stripEmptyEnds: Bool
    /// command's `expand_argument_vars`: `$VARS` and `~` in the argv's words (see `ArgumentExpansion`).
    var expandsArgumentVars = false

    /// The arguments command and shell share (`_uses_shell` and the free form aside).
    static let sharedArguments: [ArgumentSpec] = [
        ArgumentSpec("chdir", .path, description: "Directory to change into before running the command."),
        ArgumentSpec("cmd", description: "The command line, as an argument instead of free-form text."),
        ArgumentSpec("creates", .path, description: "A path on the host: when it exists, the command is not run."),
        ArgumentSpec("removes", .path,
                     description: "A path on the host: when it does not exist, the command is not run."),
        ArgumentSpec("stdin", description: "Text given to the command on its standard input."),
        ArgumentSpec("stdin_add_newline", .bool, default: true,
                     description: "End the standard input text with a newline."),
        ArgumentSpec("strip_empty_ends", .bool, default: true,
                     description: "Remove trailing empty lines from stdout and stderr in the result."),
        // Removed in ansible-core 2.14, still written by older content: accepted and ignored.
        ArgumentSpec("warn", .bool, actionOnly: true,
                     description: "Removed in ansible-core 2.14; still accepted (and ignored) for older playbooks."),
    ]

    /// Marker on stderr when the executable of an argv cannot be found.
    static let notFoundMarker = "swansible: executable not found"

    /// Marker line on stderr naming why the command did not run (chdir, creates, removes, passed).
    static let guardMarker = "__swansible_guard__="

    /// The prelude: cd (to the physical directory, as ansible-core's module chdirs its own
    /// process: `$PWD` has its symlinks resolved), then the creates/removes guard (globs like ansible). When the command
    /// must not run it writes the marker on stderr and exits 0, so a guarded command still
    /// takes one round trip. `probeOnly` (check mode) stops after the guard.
    func guardScript(probeOnly: Bool) -> String {
        let m = Self.guardMarker
        var s = ""
        if let chdir { s += "cd -P \(ShellQuote.quote(chdir)) || { echo '\(m)chdir' >&2; exit 0; }\n" }
        if let creates {
            s += "IFS=; p=\(ShellQuote.quote(creates)); set -- $p; unset IFS\n"
            s += "if [ -e \"$1\" ] || [ -L \"$1\" ]; then echo '\(m)creates' >&2; exit 0; fi\n"
        }
        if let removes {
            s += "IFS=; p=\(ShellQuote.quote(removes)); set -- $p; unset IFS\n"
            s += "if ! { [ -e \"$1\" ] || [ -L \"$1\" ]; }; then echo '\(m)removes' >&2; exit 0; fi\n"
        }
        if creates != nil || removes != nil { s += "set --\n" }
        if probeOnly { s += "echo '\(m)passed' >&2; exit 0\n" }
        return s
    }

    /// The command itself, run after the guard passed.
    func commandLine() -> String {
        switch payload {
        case .argv(let argv) where expandsArgumentVars && argv.contains(where: ArgumentExpansion.mayChange):
            return ArgumentExpansion.positionalWords(argv)
                + "command -v \"$1\" >/dev/null 2>&1 || { echo '\(Self.notFoundMarker)' >&2; printf '%s\\0' \"$@\" >&2; exit 127; }\n"
                + "exec \"$@\""
        case .argv(let argv):
            let first = ShellQuote.quote(argv.first ?? "")
            return "command -v \(first) >/dev/null 2>&1 || { echo '\(Self.notFoundMarker)' >&2; exit 127; }\nexec \(ShellQuote.join(argv))"
        case .shellLine(let line, let executable):
            return "exec \(ShellQuote.quote(executable ?? "/bin/sh")) -c \(ShellQuote.quote(line))"
        }
    }

    func run(in context: ModuleContext) async throws -> ModuleResult {
        let guarded = chdir != nil || creates != nil || removes != nil
        if context.checkMode && !guarded {
            return ModuleResult(skipped: true, message: "Command would have run if not in check mode")
        }
        var input: Data? = nil
        if let stdin, !context.checkMode { input = Data((stdinAddNewline ? stdin + "\n" : stdin).utf8) }
        let script = guardScript(probeOnly: context.checkMode) + (context.checkMode ? "" : commandLine())
        let start = Date()
        let result = try await context.runScript(script, stdin: input)
        let end = Date()
        if let outcome = guardOutcome(result.stderr) {
            switch outcome {
            case "chdir":
                return .failure("Unable to change directory before execution: [Errno 2] No such file or directory: '\(chdir ?? "")'")
            case "creates":
                return skippedByGuard("Did not run command since '\(creates ?? "")' exists", stdout: "skipped, since \(creates ?? "") exists")
            case "removes":
                return skippedByGuard("Did not run command since '\(removes ?? "")' does not exist", stdout: "skipped, since \(removes ?? "") does not exist")
            default:
                var fields = base(rc: 0)
                fields["stdout"] = ""; fields["stdout_lines"] = []
                return ModuleResult(changed: true, message: "Command would have run if not in check mode", fields: fields)
            }
        }
        if result.exitCode == 127, let marker = result.stderr.range(of: Self.notFoundMarker + "\n") {
            return notFound(expandedWords: result.stderr[marker.upperBound...].split(separator: "\0").map(String.init))
        }
        let stdout = stripEmptyEnds ? Self.stripTrailingNewlines(result.stdout) : result.stdout
        let stderr = stripEmptyEnds ? Self.stripTrailingNewlines(result.stderr) : result.stderr
        var fields: ValueDict = ["cmd": reportedCommand]
        fields["delta"] = .string(Self.delta(end.timeIntervalSince(start)))
        fields["end"] = .string(Self.timestamp(end))
        fields["rc"] = .int(Int(result.exitCode))
        fields["start"] = .string(Self.timestamp(start))
        fields["stderr"] = .string(stderr)
        fields["stderr_lines"] = .list(Self.lines(stderr).map(Value.string))
        fields["stdout"] = .string(stdout)
        fields["stdout_lines"] = .list(Self.lines(stdout).map(Value.string))
        let failed = result.exitCode != 0
        return ModuleResult(changed: true, failed: failed, message: failed ? "non-zero return code" : "", fields: fields)
    }

    /// Like ansible-core when the program is missing: the words (as expanded) as one shell
    /// line, no times, and Python's error in the error line.
    private func notFound(expandedWords: [String]) -> ModuleResult {
        guard case .argv(let argv) = payload else { return .failure("Error executing command.") }
        let words = expandedWords.isEmpty ? argv : expandedWords
        let program = words.first ?? ""
        var fields: ValueDict = ["cmd": .string(ShellQuote.join(words)), "rc": 2, "stderr": "", "stderr_lines": [],
                                 "stdout": "", "stdout_lines": []]
        fields[NoLog.summaryMessageKey] = .string(
            "Error executing command: [Errno 2] No such file or directory: b\(Value.pythonStringRepr(program))")
        return ModuleResult(failed: true, message: "Error executing command.", fields: fields)
    }

    private func guardOutcome(_ stderr: String) -> String? {
        guard let range = stderr.range(of: Self.guardMarker) else { return nil }
        return String(stderr[range.upperBound...].prefix { $0 != "\n" })
    }

    private func base(rc: Int?) -> ValueDict {
        ["cmd": reportedCommand, "delta": .null, "end": .null, "rc": rc.map(Value.int) ?? .null, "start": .null,
         "stderr": "", "stderr_lines": []]
    }

    private func skippedByGuard(_ message: String, stdout: String) -> ModuleResult {
        var fields = base(rc: 0)
        fields["stdout"] = .string(stdout)
        fields["stdout_lines"] = [.string(stdout)]
        return ModuleResult(changed: false, message: message, fields: fields)
    }

    /// Python's `str.splitlines()` for the usual line ends.
    static func lines(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var lastWasCR = false
        for c in text.unicodeScalars {
            if c == "\n" {
                if !lastWasCR { out.append(current) }
                current = ""; lastWasCR = false
            } else if c == "\r" {
                out.append(current); current = ""; lastWasCR = true
            } else {
                current.unicodeScalars.append(c); lastWasCR = false
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func stripTrailingNewlines(_ text: String) -> String {
        var s = Substring(text)
        while let last = s.last, last == "\n" || last == "\r" || last == "\r\n" { s = s.dropLast() }
        return String(s)
    }

    /// `2026-11-25 09:16:09.157076` in local time, like Python's `str(datetime.now())`.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var t = time_t(seconds.rounded(.down))
        var parts = tm()
        localtime_r(&t, &parts)
        let micro = Int((seconds - seconds.rounded(.down)) * 1_000_000)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%06d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micro)
    }

    /// `0:00:00.002624`, like Python's `str(timedelta)`.
    static func delta(_ interval: TimeInterval) -> String {
        let micros = Int((max(0, interval) * 1_000_000).rounded())
        let totalSeconds = micros / 1_000_000
        return String(format: "%d:%02d:%02d.%06d", totalSeconds / 3600, (totalSeconds / 60) % 60, totalSeconds % 60, micros % 1_000_000)
    }
}

extension CommandRun {
    /// A run of `payload` with the guards and stdin options of `args`.
    init(payload: Payload, reportedCommand: Value, options args: ModuleArguments) {
        self.init(
            payload: payload, reportedCommand: reportedCommand, chdir: args.string("chdir"),
            creates: args.string("creates"), removes: args.string("removes"), stdin: args.string("stdin"),
            stdinAddNewline: args.bool("stdin_add_newline"), stripEmptyEnds: args.bool("strip_empty_ends"))
    }
}
