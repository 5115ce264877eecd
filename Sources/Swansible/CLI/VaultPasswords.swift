import Foundation
import SwansibleCrypto

/// Where the vault passwords of a run come from, as ansible's command lines take them:
/// `--vault-id [label@]source` (source: a file, an executable script, or `prompt`),
/// `--vault-password-file FILE` and `--ask-vault-pass` (both with the label "default"), and
/// `vault_identity_list` / `vault_password_file` from ansible.cfg or the environment when the
/// command line names none.
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
        guard let at = vaultID.firstIndex(of: "@") else { return (VaultSecret.defaultLabel, vaultID) }
        return (String(vaultID[..<at]), String(vaultID[vaultID.index(after: at)...]))
    }

    /// The `label@source` list in ansible's order: ansible.cfg's identity list, then `--vault-id`,
    /// then the password files (ansible.cfg's only when the command line gives none), then the prompt.
    public func identities(config: AnsibleConfig) -> [String] {
        var ids = config.vaultIdentityList + vaultIDs
        let files = passwordFiles.isEmpty ? (config.vaultPasswordFile.map { [$0] } ?? []) : passwordFiles
        ids += files.map { config.vaultIdentity + "@" + $0 }
        if askVaultPass { ids.append(config.vaultIdentity + "@prompt") }
        return ids
    }

    /// The keyring for a run: every identity's password, read once (prompts on the terminal).
    package func keyring(config: AnsibleConfig, currentDirectory: String, prompt: (String) throws -> String = VaultPasswords.readHidden) throws -> VaultKeyring {
        var secrets: [VaultSecret] = []
        var prompted = Set<String>()
        for identity in identities(config: config) {
            let (label, source) = Self.split(identity)
            if source == "prompt" || source == "prompt_ask_vault_pass" {
                guard prompted.insert(label).inserted else { continue }
                let question = label == VaultSecret.defaultLabel ? "Vault password: " : "Vault password (\(label)): "
                do {
                    secrets.append(VaultSecret(label: label, password: try prompt(question)))
                } catch {
                    throw VaultPasswordError("EOFError (ctrl-d) on prompt for (\(label))", warning: "Error in vault password prompt (\(label))")
                }
            } else {
                secrets.append(VaultSecret(label: label, password: try Self.read(source, label: label, currentDirectory: currentDirectory)))
            }
        }
        return VaultKeyring(secrets, onlyMatchingLabel: config.vaultIDMatch)
    }

    /// A password file's first line, or an executable's standard output (a `*-client` script is
    /// told the label with `--vault-id`), with surrounding whitespace removed.
    static func read(_ source: String, label: String, currentDirectory: String) throws -> [UInt8] {
        let expanded = (source as NSString).expandingTildeInPath
        let path = expanded.hasPrefix("/") ? expanded : currentDirectory + "/" + expanded
        guard FileManager.default.fileExists(atPath: path) else {
            throw VaultPasswordError("The vault password file \(path) was not found", warning: "Error getting vault password file (\(label))")
        }
        let text: String
        do {
            if FileManager.default.isExecutableFile(atPath: path) {
                text = try runScript(path, label: label)
            } else {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw VaultPasswordError("Could not read vault password file \(path)")
                }
                text = String(decoding: data, as: UTF8.self)
            }
        } catch var error as VaultPasswordError {
            error.warning = "Error in vault password file loading (\(label)): \(error.description)"
            throw error
        }
        let password = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !password.isEmpty else { throw VaultPasswordError("Invalid vault password was provided from file (\(path))") }
        return Array(password.utf8)
    }

    private static func runScript(_ path: String, label: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        if stem.hasSuffix("-client") { process.arguments = ["--vault-id", label] }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw VaultPasswordError("Problem running vault password script \(path) (\(error)). If this is not a script, remove the executable bit from the file.")
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            // ansible-core prints "None" when the script wrote nothing on stderr.
            let detail = stderr.isEmpty ? "None" : String(decoding: stderr, as: UTF8.self)
            throw VaultPasswordError("Vault password script \(path) returned non-zero (\(process.terminationStatus)): \(detail)")
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    /// Reads a line from the terminal with echo off (from standard input when it is not a terminal).
    @Sendable public static func readHidden(_ question: String) throws -> String {
        FileHandle.standardError.write(Data(question.utf8))
        let terminal = isatty(STDIN_FILENO) == 1
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
        guard let line = readLine(strippingNewline: true) else {
            throw VaultPasswordError("end of input at the password prompt")
        }
        return line
    }
}

/// A vault password that could not be obtained.
public struct VaultPasswordError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The warning ansible-core prints before the error.
    public var warning: String

    init(_ description: String, warning: String? = nil) {
        self.description = description
        self.warning = warning.map { "\($0): \(description)" } ?? description
    }
}
