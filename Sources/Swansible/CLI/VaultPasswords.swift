import Foundation
import SwansibleCrypto

/// Where the vault passwords of a run come from, as ansible's command lines take them:
/// `--vault-id [label@]source` (source: a file, an executable script, or `prompt`),
/// `--vault-password-file FILE` and `--ask-vault-pass` (both with the label `vault_identity`),
/// plus `vault_identity_list` / `vault_password_file` from ansible.cfg or the environment.
public struct VaultPasswords: Sendable {
    public var vaultIDs: [String] = []
    public var passwordFiles: [String] = []
    public var askVaultPass = false

    public init(vaultIDs: [String] = [], passwordFiles: [String] = [], askVaultPass: Bool = false) {
        self.vaultIDs = vaultIDs
        self.passwordFiles = passwordFiles
        self.askVaultPass = askVaultPass
    }

    /// One `label@source`, split: a bare source has the label "default".
    public static func split(_ vaultID: String) -> (label: String, source: String) {
        let (label, source) = splitKeepingNoLabel(vaultID)
        return (label ?? VaultSecret.defaultLabel, source)
    }

    /// Like `split`, but nil for a bare source: a `*-client` script is then not told a vault id.
    static func splitKeepingNoLabel(_ vaultID: String) -> (label: String?, source: String) {
        guard let at = vaultID.firstIndex(of: "@") else { return (nil, vaultID) }
        return (String(vaultID[..<at]), String(vaultID[vaultID.index(after: at)...]))
    }

    /// The `label@source` list in ansible's order: ansible.cfg's identity list (unless
    /// `includeIdentityList` is false, as for rekey's new password), then `--vault-id`, then the
    /// password files with ansible.cfg's appended (ansible reads it even beside
    /// `--vault-password-file`), then the `--ask-vault-pass` prompt — also added when nothing else
    /// names a password and `autoPrompt` is set (ansible-vault does, ansible-playbook does not).
    public func identities(config: AnsibleConfig, includeIdentityList: Bool = true, autoPrompt: Bool = false) -> [String] {
        var ids = (includeIdentityList ? config.vaultIdentityList : []) + vaultIDs
        let files = passwordFiles + (config.vaultPasswordFile.map { [$0] } ?? [])
        ids += files.map { config.vaultIdentity + "@" + $0 }
        if askVaultPass || (ids.isEmpty && autoPrompt) { ids.append(config.vaultIdentity + "@prompt_ask_vault_pass") }
        return ids
    }

    /// Every identity's password, read once, in `identities` order. A password file or script that
    /// fails is a warning (`warn`) as long as another identity gives a password; otherwise its
    /// error is thrown. A failed prompt is always an error. `creating` asks for a new password
    /// twice (ansible-vault's encrypt, create and rekey).
    package func secrets(config: AnsibleConfig, currentDirectory: String, creating: Bool = false,
                         includeIdentityList: Bool = true, autoPrompt: Bool = false,
                         prompt: (String) throws -> String = VaultPasswords.readHidden,
                         warn: (String) -> Void = VaultPasswords.warnOnStandardError) throws -> [VaultSecret] {
        var secrets: [VaultSecret] = []
        var lastError: Error?
        for identity in identities(config: config, includeIdentityList: includeIdentityList, autoPrompt: autoPrompt) {
            let (name, source) = Self.splitKeepingNoLabel(identity)
            let label = name ?? config.vaultIdentity
            if source == "prompt" || source == "prompt_ask_vault_pass" {
                do {
                    let password = try Self.ask(label: label, legacy: source == "prompt_ask_vault_pass", creating: creating, prompt: prompt)
                    secrets.append(VaultSecret(label: label, password: password))
                } catch {
                    warn("Error in vault password prompt (\(name ?? "None")): \(error)")
                    throw error
                }
                continue
            }
            do {
                secrets.append(VaultSecret(label: label, password: try Self.read(source, label: name, currentDirectory: currentDirectory)))
            } catch {
                warn("Error getting vault password file (\(name ?? "None")): \(error)")
                lastError = error
            }
        }
        if secrets.isEmpty, let lastError { throw lastError }
        return secrets
    }

    /// The keyring for a run: every identity's password, read once (prompts on the terminal).
    package func keyring(config: AnsibleConfig, currentDirectory: String, prompt: (String) throws -> String = VaultPasswords.readHidden) throws -> VaultKeyring {
        VaultKeyring(try secrets(config: config, currentDirectory: currentDirectory, prompt: prompt), onlyMatchingLabel: config.vaultIDMatch)
    }

    /// A prompted password: ansible's questions (`--ask-vault-pass` keeps the pre-vault-id wording),
    /// asked twice and compared when `creating`; surrounding whitespace removed.
    static func ask(label: String, legacy: Bool, creating: Bool, prompt: (String) throws -> String) throws -> [UInt8] {
        let questions: [String]
        switch (legacy, creating) {
        case (true, true): questions = ["New Vault password: ", "Confirm New Vault password: "]
        case (true, false): questions = ["Vault password: "]
        case (false, true): questions = ["New vault password (\(label)): ", "Confirm new vault password (\(label)): "]
        case (false, false): questions = ["Vault password (\(label)): "]
        }
        var answers: [String] = []
        for question in questions {
            let answer: String
            do { answer = try prompt(question) } catch is EndOfInput {
                throw VaultPasswordError("EOFError (ctrl-d) on prompt for (\(label))")
            }
            guard !answer.isEmpty else { throw VaultPasswordError("Invalid vault password was provided") }
            answers.append(answer.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard answers.allSatisfy({ $0 == answers[0] }) else { throw VaultPasswordError("Passwords do not match") }
        return Array(answers[0].utf8)
    }

    /// A password file's content without surrounding whitespace, or an executable's standard
    /// output without surrounding line breaks (a `*-client` script is told the label with
    /// `--vault-id` when the identity has one).
    static func read(_ source: String, label: String?, currentDirectory: String) throws -> [UInt8] {
        let expanded = (source as NSString).expandingTildeInPath
        let path = ((expanded.hasPrefix("/") ? expanded : currentDirectory + "/" + expanded) as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VaultPasswordError("The vault password file \(path) was not found")
        }
        guard !isDirectory.boolValue else {
            throw VaultPasswordError("The vault password file provided '\(path)' can not be a directory")
        }
        let password: String
        if FileManager.default.isExecutableFile(atPath: path) {
            password = try runScript(path, label: label).trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
            guard !password.isEmpty else { throw VaultPasswordError("Invalid vault password was provided from script (\(path))") }
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw VaultPasswordError("Could not read vault password file '\(path)'.")
            }
            password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !password.isEmpty else { throw VaultPasswordError("Invalid vault password was provided from file (\(path))") }
        }
        return Array(password.utf8)
    }

    /// Whether ansible treats the script as a client that takes `--vault-id`: its name without
    /// the extension ends in `-client`.
    static func isClientScript(_ path: String) -> Bool {
        ((path as NSString).deletingPathExtension).hasSuffix("-client")
    }

    private static func runScript(_ path: String, label: String?) throws -> String {
        let client = isClientScript(path)
        let output = Pipe(), errors = Pipe()
        let process: Process
        do {
            process = try ChildProcessIO.start {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: path)
                if client, let label { process.arguments = ["--vault-id", label] }
                process.standardOutput = output
                // Only a client script's errors are captured (for the message), as ansible does.
                if client { process.standardError = errors }
                return process
            }
        } catch {
            throw VaultPasswordError("Problem running vault password \(client ? "client " : "")script \(path) (\(error)). If this is not a script, remove the executable bit from the file.")
        }
        let stdout = ChildProcessIO.readAll(output.fileHandleForReading)
        let stderr = client ? String(decoding: ChildProcessIO.readAll(errors.fileHandleForReading), as: UTF8.self) : "None"
        process.waitUntilExit()
        let status = process.terminationStatus
        if client && status == 2 {
            throw VaultPasswordError("Vault password client script \(path) did not find a secret for vault-id=\(label ?? "None"): \(stderr)")
        } else if client && status != 0 {
            throw VaultPasswordError("Vault password client script \(path) returned non-zero (\(status)) when getting secret for vault-id=\(label ?? "None"): \(stderr)")
        } else if status != 0 {
            throw VaultPasswordError("Vault password script \(path) returned non-zero (\(status)): \(stderr)")
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    /// Standard input ended before an answer.
    struct EndOfInput: Error {}

    /// Reads a line from the terminal with echo off (from standard input when it is not a terminal).
    @Sendable public static func readHidden(_ question: String) throws -> String {
        try readLine(question, echo: false)
    }

    /// Asks `question` on standard error and reads one line from standard input (echo off if
    /// `echo` is false and standard input is a terminal). Throws `EndOfInput` at end of input.
    static func readLine(_ question: String, echo: Bool) throws -> String {
        FileHandle.standardError.write(Data(question.utf8))
        let terminal = !echo && isatty(STDIN_FILENO) == 1
        var saved = termios()
        if terminal {
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if terminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        // One byte at a time: a buffered read would swallow input meant for later readers.
        var line: [UInt8] = []
        while true {
            guard let byte = readStandardInputByte() else {
                if line.isEmpty { throw EndOfInput() }
                break
            }
            if byte == 0x0a { break }
            line.append(byte)
        }
        return String(decoding: line, as: UTF8.self)
    }

    @Sendable package static func warnOnStandardError(_ message: String) {
        FileHandle.standardError.write(Data("[WARNING]: \(message)\n".utf8))
    }
}

/// One byte of standard input, unbuffered; nil at its end.
private func readStandardInputByte() -> UInt8? {
    var byte: UInt8 = 0
    return read(STDIN_FILENO, &byte, 1) == 1 ? byte : nil
}

/// A vault password that could not be obtained.
public struct VaultPasswordError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
