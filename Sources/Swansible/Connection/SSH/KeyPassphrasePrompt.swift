import Foundation

/// Passphrases of encrypted key files, asked as ssh asks them: on the terminal, echo off,
/// "Enter passphrase for key '/path': ", once per file for the whole run (every host shares
/// the answer). Without a terminal nothing is asked and the key is skipped with ssh's words.
public actor KeyPassphrasePrompt {
    public typealias Ask = @Sendable (_ question: String) -> String?

    /// The run's prompt, on the controlling terminal.
    public static let terminal = KeyPassphrasePrompt()

    /// What ssh says when it has no terminal to ask on.
    static let noTerminal = "read_passphrase: can't open /dev/tty: No such device or address"

    private let ask: Ask
    private var answers: [String: String?] = [:]

    public init(ask: @escaping Ask = KeyPassphrasePrompt.askOnTerminal) {
        self.ask = ask
    }

    /// The passphrase for `path`, asked the first time; nil when there is no terminal.
    func passphrase(for path: String) -> String? {
        if let known = answers[path] { return known }
        let answer = ask("Enter passphrase for key '\(path)': ")
        answers[path] = .some(answer)
        return answer
    }

    /// Asks on /dev/tty (not standard input, which may be a pipe), as ssh's read_passphrase
    /// does; nil when the process has no controlling terminal.
    public static func askOnTerminal(_ question: String) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        _ = question.withCString { write(tty, $0, strlen($0)) }
        var saved = termios()
        let isTerminal = tcgetattr(tty, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(tty, TCSAFLUSH, &quiet)
        }
        defer {
            if isTerminal { tcsetattr(tty, TCSAFLUSH, &saved) }
            _ = write(tty, "\n", 1)
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != 0x0a { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }
}

extension KeyPassphrasePrompt: Equatable {
    public static func == (a: KeyPassphrasePrompt, b: KeyPassphrasePrompt) -> Bool { a === b }
}
