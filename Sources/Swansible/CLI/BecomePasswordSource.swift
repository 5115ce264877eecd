import Foundation

/// Where the become password of a run comes from on the command line, as ansible-playbook
/// takes it: `-K/--ask-become-pass` (asked once, `BECOME password: `, echo off) or
/// `--become-password-file FILE` (a file, or an executable whose output is the password),
/// with ansible.cfg's `become_ask_pass` / `become_password_file` when neither is given.
public struct BecomePasswordSource: Sendable, Equatable {
    public var ask = false
    public var file: String?

    public init(ask: Bool = false, file: String? = nil) {
        self.ask = ask
        self.file = file
    }

    /// The password, or nil when none is given (an empty answer or the end of input count as
    /// none, like ansible's prompt). Throws `BecomePasswordError` with ansible's messages.
    /// After `-k`, the question offers the SSH password (`connectionPassword`) for an empty answer.
    public func password(config: AnsibleConfig, currentDirectory: String, connectionPassword: String? = nil,
                         prompt: (String) throws -> String = VaultPasswords.readHidden) throws -> String? {
        if ask || (file == nil && config.becomeAskPass) {
            let question = connectionPassword == nil ? "BECOME password: " : "BECOME password[defaults to SSH password]: "
            let answer: String
            do { answer = try prompt(question) } catch is VaultPasswords.EndOfInput { return connectionPassword }
            return answer.isEmpty ? connectionPassword : answer
        }
        guard let file = file ?? config.becomePasswordFile else { return nil }
        return try Self.read(file, currentDirectory: currentDirectory)
    }

    /// A password file's content (surrounding whitespace removed), or an executable's output
    /// (surrounding line breaks removed); `-` reads standard input.
    static func read(_ source: String, currentDirectory: String) throws -> String {
        let data: Data
        let path: String
        if source == "-" {
            path = source
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            let expanded = (source as NSString).expandingTildeInPath
            path = ((expanded.hasPrefix("/") ? expanded : currentDirectory + "/" + expanded) as NSString).standardizingPath
            guard FileManager.default.fileExists(atPath: path) else {
                throw BecomePasswordError("The password file \(path) was not found")
            }
            if FileManager.default.isExecutableFile(atPath: path) {
                data = try runScript(path)
            } else {
                guard let contents = FileManager.default.contents(atPath: path) else {
                    throw BecomePasswordError("Could not read password file '\(path)'.")
                }
                data = Data(String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            }
        }
        let password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        guard !password.isEmpty else { throw BecomePasswordError("Empty password was provided from file (\(path))") }
        return password
    }

    private static func runScript(_ path: String) throws -> Data {
        let output = Pipe(), errors = Pipe()
        let process: Process
        do {
            process = try ChildProcessIO.start {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: path)
                process.standardOutput = output
                process.standardError = errors
                return process
            }
        } catch {
            throw BecomePasswordError("Problem occurred when trying to run the password script \(path) (\(error)). If this is not a script, remove the executable bit from the file.")
        }
        let stdout = ChildProcessIO.readAll(output.fileHandleForReading)
        let stderr = String(decoding: ChildProcessIO.readAll(errors.fileHandleForReading), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BecomePasswordError("The password script \(path) returned an error (rc=\(process.terminationStatus)): \(stderr)")
        }
        return stdout
    }
}

/// A become password that could not be obtained (ansible's message; exit code 1).
public struct BecomePasswordError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
