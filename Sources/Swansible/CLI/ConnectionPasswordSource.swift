import Foundation

/// Where the connection (SSH) password of a run comes from on the command line, as
/// ansible-playbook takes it: `-k/--ask-pass` (asked once, `SSH password: `, echo off) or
/// `--connection-password-file FILE` (a file, or an executable whose output is the password).
/// A host's own `ansible_password` wins over it.
public struct ConnectionPasswordSource: Sendable, Equatable {
    public var ask = false
    public var file: String?

    public init(ask: Bool = false, file: String? = nil) {
        self.ask = ask
        self.file = file
    }

    /// The password, or nil when none is given (an empty answer or the end of input count as none).
    public func password(currentDirectory: String,
                         prompt: (String) throws -> String = VaultPasswords.readHidden) throws -> String? {
        if ask {
            let answer: String
            do { answer = try prompt("SSH password: ") } catch is VaultPasswords.EndOfInput { return nil }
            return answer.isEmpty ? nil : answer
        }
        guard let file else { return nil }
        return try BecomePasswordSource.read(file, currentDirectory: currentDirectory)
    }
}
