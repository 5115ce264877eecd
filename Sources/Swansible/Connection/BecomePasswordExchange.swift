import Foundation

/// What the controller says to a become command before it runs: the password, once, when
/// sudo prints `prompt`; the command's own input only after `successMarker` shows that it runs.
/// Without a prompt (a NOPASSWD rule, cached credentials) the marker comes first and nothing
/// is written, so no one waits for a prompt that never comes.
public struct BecomePasswordExchange: Sendable, Equatable, CustomStringConvertible {
    public let prompt: String
    public let successMarker: String
    let password: String

    public init(prompt: String, successMarker: String, password: String) {
        self.prompt = prompt
        self.successMarker = successMarker
        self.password = password
    }

    public var description: String { "BecomePasswordExchange(prompt: \(prompt), successMarker: \(successMarker))" }
}

/// The exchange's progress over one command's output, decided from everything read so far
/// (both streams: sudo -S prompts on stderr, other programs may prompt on stdout).
struct BecomePromptWatcher {
    enum Step: Equatable {
        /// Nothing decided yet: keep the command's input back.
        case wait
        /// Write these bytes (the password and a newline) to the command's input.
        case answer([UInt8])
        /// The command runs: its input may follow.
        case proceed
        /// The prompt came back after the answer (a wrong password): close the input.
        case giveUp
    }

    let exchange: BecomePasswordExchange
    private(set) var answered = false
    private(set) var isSettled = false

    init(_ exchange: BecomePasswordExchange) { self.exchange = exchange }

    mutating func step(stdout: [UInt8], stderr: [UInt8]) -> Step {
        if isSettled { return .proceed }
        let out = String(decoding: stdout, as: UTF8.self)
        if out.contains(exchange.successMarker) {
            isSettled = true
            return .proceed
        }
        let prompts = Self.occurrences(of: exchange.prompt, in: String(decoding: stderr, as: UTF8.self))
            + Self.occurrences(of: exchange.prompt, in: out)
        if prompts >= 2 {
            isSettled = true
            return .giveUp
        }
        if prompts == 1 && !answered {
            answered = true
            return .answer(Array((exchange.password + "\n").utf8))
        }
        return .wait
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        return text.components(separatedBy: needle).count - 1
    }
}
