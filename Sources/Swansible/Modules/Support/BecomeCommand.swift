import Foundation

/// One command run with become, as ansible's sudo plugin builds it: `sudo FLAGS -u USER
/// /bin/sh -c BODY`, and with a password `-n` dropped from the flags, a prompt with a key
/// unique to this command (`-p`), and a first line in BODY that prints a success marker. The
/// password itself goes over standard input (`exchange`), never into the command line.
struct BecomeCommand: Sendable {
    let settings: BecomeSettings
    let key: String

    init(_ settings: BecomeSettings, key: String = BecomeCommand.newKey()) {
        self.settings = settings
        self.key = key
    }

    static func newKey() -> String {
        (UUID().uuidString + UUID().uuidString).lowercased().filter(\.isLetter).prefix(32).description
    }

    /// Ansible's wording for sudo asking although no password was given.
    static let missingPasswordMessages = ["Sorry, a password is required to run sudo", "sudo: a password is required"]
    static let incorrectPasswordMessage = "Sorry, try again."

    var successMarker: String { "BECOME-SUCCESS-" + key }
    var prompt: String { "[sudo via swansible, key=\(key)] password:" }
    var exchange: BecomePasswordExchange? {
        settings.password.map { BecomePasswordExchange(prompt: prompt, successMarker: successMarker, password: $0) }
    }

    /// The command that starts a long-lived shell with these settings (`sudo -H -S -n -u root
    /// /bin/sh`), in which scripts can run one after another; nil with a password, whose
    /// prompt is answered per command, or when `SWANSIBLE_LONG_LIVED_SHELL=0` asks for one sudo
    /// per command.
    var longLivedShell: String? {
        guard settings.password == nil, settings.longLivedShell else { return nil }
        var parts = [settings.executable ?? settings.method]
        if !settings.flags.isEmpty { parts.append(settings.flags) }
        parts.append("-u " + ShellQuote.quote(settings.user))
        parts.append("/bin/sh")
        return parts.joined(separator: " ")
    }

    /// The command line around `body` (a POSIX sh script).
    func commandLine(running body: String) -> String {
        var parts = [settings.executable ?? settings.method]
        var flags = settings.flags
        var script = body
        if settings.password != nil {
            flags = Self.interactiveFlags(flags)
            script = "echo \(successMarker)\n" + body
        }
        if !flags.isEmpty { parts.append(flags) }
        if settings.password != nil { parts.append("-p " + ShellQuote.quote(prompt)) }
        parts.append("-u " + ShellQuote.quote(settings.user))
        parts.append("/bin/sh -c " + ShellQuote.quote(script))
        return parts.joined(separator: " ")
    }

    /// `flags` without sudo's non-interactive switch (`-n`, `--non-interactive`, or the `n` of
    /// a cluster such as `-Hn`), so that sudo may ask for the password.
    static func interactiveFlags(_ flags: String) -> String {
        let words = flags.split(whereSeparator: \.isWhitespace).map(String.init)
        return words.compactMap { word -> String? in
            if word == "-n" || word == "--non-interactive" { return nil }
            guard word.hasPrefix("-"), !word.hasPrefix("--") else { return word }
            let letters = word.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard let n = letters.lastIndex(of: "n") else { return word }
            var trimmed = word
            trimmed.remove(at: n)
            return trimmed
        }
        .joined(separator: " ")
    }

    /// The command's own result: the marker and the prompts taken out; a failure in ansible's
    /// words when sudo wanted a password it did not get or did not accept.
    func outcome(of raw: CommandResult) throws -> CommandResult {
        var result = raw
        let method = settings.method
        guard settings.password != nil else {
            let stderr = raw.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            if raw.exitCode != 0, Self.missingPasswordMessages.contains(where: { stderr.hasPrefix($0) }) {
                throw BecomeFailure.missingPassword(method: method)
            }
            return raw
        }
        let prompts = BecomePromptWatcher.occurrences(of: prompt, in: raw.stderr)
            + BecomePromptWatcher.occurrences(of: prompt, in: raw.stdout)
        if let marker = raw.stdout.range(of: successMarker + "\n") {
            result.stdout = String(raw.stdout[marker.upperBound...])
        } else if prompts >= 2 || (prompts == 1 && raw.stderr.contains(Self.incorrectPasswordMessage)) {
            throw BecomeFailure.incorrectPassword(method: method)
        } else if Self.missingPasswordMessages.contains(where: raw.stderr.contains) {
            throw BecomeFailure.missingPassword(method: method)
        }
        result.stderr = Self.removingPrompts(prompt, from: raw.stderr)
        return result
    }

    /// `text` without the prompt (and the line break sudo may print after the answer).
    static func removingPrompts(_ prompt: String, from text: String) -> String {
        text.replacingOccurrences(of: prompt + "\n", with: "").replacingOccurrences(of: prompt, with: "")
    }
}
