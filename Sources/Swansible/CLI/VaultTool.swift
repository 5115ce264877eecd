import Foundation
import SwansibleCrypto

/// `swansible vault`: ansible-vault's subcommands over files, standard input and strings.
///
/// The executable parses the command line into `VaultTool.Options` and calls `run()`; an error is
/// a `VaultToolError` carrying ansible-vault's message and exit code (5 for option errors, 1 for
/// the others). Everything the tool reads from or writes to the terminal goes through `VaultIO`,
/// so tests can drive it without one.
public struct VaultTool: Sendable {
    public enum Action: String, Sendable, CaseIterable {
        case create, edit, encrypt, decrypt, view, rekey
        case encryptString = "encrypt_string"
    }

    public struct Options: Sendable {
        public var passwords = VaultPasswords()
        public var encryptVaultID: String?
        /// `--output`: a file, or `-` for standard output (encrypt, decrypt, encrypt_string).
        public var output: String?
        public var newVaultID: String?
        public var newVaultPasswordFile: String?
        public var skipTTYCheck = false
        /// encrypt_string: `--prompt`, `--show-input`, `--name`s and `--stdin-name`.
        public var promptForString = false
        public var showInput = false
        public var names: [String] = []
        public var stdinName: String?
        /// File names, or the strings of encrypt_string.
        public var arguments: [String] = []
        /// `-v`s: one names the configuration file on standard output, as ansible-vault does.
        public var verbosity = 0
        public init() {}
    }

    public var action: Action
    public var options: Options
    public var config: AnsibleConfig
    public var currentDirectory: String
    public var environment: [String: String]
    public var io: VaultIO

    public init(action: Action, options: Options, config: AnsibleConfig, currentDirectory: String,
                environment: [String: String], io: VaultIO = .standard) {
        self.action = action
        self.options = options
        self.config = config
        self.currentDirectory = currentDirectory
        self.environment = environment
        self.io = io
    }

    /// Runs the action; throws `VaultToolError`.
    public func run() throws {
        try checkOptions()
        if options.verbosity > 0 {
            io.display(config.path.map { "Using \($0) as config file" } ?? "No config file found; using defaults", onStandardError: false)
        }
        config.warnings.forEach(io.warn)
        do {
            switch action {
            case .decrypt, .view, .edit:
                let secrets = try readSecrets(creating: false)
                let keyring = VaultKeyring(secrets, onlyMatchingLabel: config.vaultIDMatch)
                switch action {
                case .decrypt: try decryptFiles(keyring)
                case .view: try viewFiles(keyring)
                default: try editFiles(keyring)
                }
            case .encrypt, .create, .encryptString:
                let secret = try encryptSecret()
                switch action {
                case .encrypt: try encryptFiles(with: secret)
                case .create: try createFile(with: secret)
                default: try encryptStrings(with: secret)
                }
            case .rekey:
                let keyring = VaultKeyring(try readSecrets(creating: false), onlyMatchingLabel: config.vaultIDMatch)
                try rekeyFiles(keyring, to: try newSecret())
            }
        } catch let error as VaultToolError {
            throw error
        } catch let error as VaultPasswordError {
            throw VaultToolError(error.description)
        } catch let error as VaultError {
            throw VaultToolError(Self.ansibleMessage(error))
        }
    }

    /// ansible-vault's checks before any password is read.
    private func checkOptions() throws {
        for id in options.passwords.vaultIDs where id.contains(";") {
            throw VaultToolError.options("'\(id)' is not a valid vault id. The character ';' is not allowed in vault ids")
        }
        if options.output != nil, options.arguments.count > 1 {
            throw VaultToolError.options("At most one input file may be used with the --output option")
        }
        if action == .encryptString, options.promptForString, readsStringFromStandardInput {
            throw VaultToolError.options("The --prompt option is not supported if also reading input from stdin")
        }
    }

    private func readSecrets(creating: Bool) throws -> [VaultSecret] {
        let secrets = try options.passwords.secrets(
            config: config, currentDirectory: currentDirectory, creating: creating, autoPrompt: true,
            prompt: io.prompt, warn: io.warn)
        guard !secrets.isEmpty else { throw VaultToolError.options("A vault password is required to use Ansible's Vault") }
        return secrets
    }

    /// The one secret encrypt, create and encrypt_string use: `--encrypt-vault-id` (or
    /// `vault_encrypt_identity`) picks it among several; with one, it is that one.
    private func encryptSecret() throws -> VaultSecret {
        let wanted = options.encryptVaultID ?? config.vaultEncryptIdentity
        let secrets = try options.passwords.secrets(
            config: config, currentDirectory: currentDirectory, creating: true, autoPrompt: true,
            prompt: io.prompt, warn: io.warn)
        if secrets.count > 1 && wanted == nil {
            throw VaultToolError.options("The vault-ids \(secrets.map(\.label).joined(separator: ",")) are available to encrypt. "
                                         + "Specify the vault-id to encrypt with --encrypt-vault-id")
        }
        guard !secrets.isEmpty else { throw VaultToolError.options("A vault password is required to use Ansible's Vault") }
        return try Self.match(secrets, wanted)
    }

    /// rekey's new secret: `--new-vault-id` or `--new-vault-password-file` (else a prompt), chosen
    /// like `encryptSecret`.
    private func newSecret() throws -> VaultSecret {
        let wanted = options.encryptVaultID ?? config.vaultEncryptIdentity
        var ids = wanted != nil ? config.vaultIdentityList : []
        if let newVaultID = options.newVaultID { ids.append(newVaultID) }
        let passwords = VaultPasswords(vaultIDs: ids, passwordFiles: options.newVaultPasswordFile.map { [$0] } ?? [],
                                       askVaultPass: options.passwords.askVaultPass)
        let secrets = try passwords.secrets(
            config: config, currentDirectory: currentDirectory, creating: true, includeIdentityList: false,
            autoPrompt: true, prompt: io.prompt, warn: io.warn)
        guard !secrets.isEmpty else { throw VaultToolError.options("A new vault password is required to use Ansible's Vault rekey") }
        return try Self.match(secrets, wanted)
    }

    private static func match(_ secrets: [VaultSecret], _ wanted: String?) throws -> VaultSecret {
        guard let wanted else { return secrets[0] }
        guard let secret = secrets.first(where: { $0.label == wanted }) else {
            let known = secrets.map { "'\($0.label)'" }.joined(separator: ", ")
            throw VaultToolError("Did not find a match for --encrypt-vault-id=\(wanted) in the known vault-ids [\(known)]")
        }
        return secret
    }

    /// The fixed salt of `vault_encrypt_salt`, if set (its UTF-8 bytes, as ansible uses it).
    var salt: [UInt8]? { config.vaultEncryptSalt.flatMap { $0.isEmpty ? nil : Array($0.utf8) } }

    /// `plaintext` as a vault envelope; vaulted input is refused, as ansible-vault does.
    func encrypt(_ plaintext: [UInt8], with secret: VaultSecret) throws -> [UInt8] {
        let marker = Array(VaultEnvelope.marker.utf8)
        if plaintext.starts(with: marker) && plaintext.allSatisfy({ $0 < 0x80 }) {
            throw VaultToolError("input is already encrypted")
        }
        return Array(VaultKeyring.encrypt(plaintext, with: secret, salt: salt).utf8)
    }

    /// ansible-core's wording of the vault errors, which ends in a full stop.
    static func ansibleMessage(_ error: VaultError) -> String {
        switch error {
        case .noMatchingSecret: return "Decryption failed (no vault secrets were found that could decrypt)."
        case .notVaulted: return "Input is not vault encrypted data."
        case .noSecrets: return "Attempting to decrypt but no vault secrets found."
        default: return error.message
        }
    }

    var readsStringFromStandardInput: Bool {
        options.arguments.contains("-") || options.stdinName != nil || (options.arguments.isEmpty && !options.promptForString)
    }
}

/// An ansible-vault error: the message printed after `[ERROR]: ` and the exit code.
public struct VaultToolError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// 1, or 5 for ansible's option errors.
    public var exitCode: Int32
    public var description: String { message }

    public init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    static func options(_ message: String) -> VaultToolError { VaultToolError(message, exitCode: 5) }
}

/// The terminal as the vault tool sees it.
public struct VaultIO: Sendable {
    public var readStandardInput: @Sendable () -> [UInt8]
    public var writeStandardOutput: @Sendable ([UInt8]) -> Void
    public var writeStandardError: @Sendable (String) -> Void
    public var standardInputIsTerminal: Bool
    public var standardOutputIsTerminal: Bool
    /// Asks a question and reads the answer (echo off when the answer is hidden); throws at end of input.
    public var ask: @Sendable (_ question: String, _ hidden: Bool) throws -> String

    public init(readStandardInput: @escaping @Sendable () -> [UInt8], writeStandardOutput: @escaping @Sendable ([UInt8]) -> Void,
                writeStandardError: @escaping @Sendable (String) -> Void, standardInputIsTerminal: Bool,
                standardOutputIsTerminal: Bool, ask: @escaping @Sendable (String, Bool) throws -> String) {
        self.readStandardInput = readStandardInput
        self.writeStandardOutput = writeStandardOutput
        self.writeStandardError = writeStandardError
        self.standardInputIsTerminal = standardInputIsTerminal
        self.standardOutputIsTerminal = standardOutputIsTerminal
        self.ask = ask
    }

    public static var standard: VaultIO {
        VaultIO(
            readStandardInput: { Array(FileHandle.standardInput.readDataToEndOfFile()) },
            writeStandardOutput: { FileHandle.standardOutput.write(Data($0)) },
            writeStandardError: { FileHandle.standardError.write(Data($0.utf8)) },
            standardInputIsTerminal: isatty(STDIN_FILENO) == 1,
            standardOutputIsTerminal: isatty(STDOUT_FILENO) == 1,
            ask: { question, hidden in try VaultPasswords.readLine(question, echo: !hidden) })
    }

    func prompt(_ question: String) throws -> String { try ask(question, true) }
    func warn(_ message: String) { writeStandardError("[WARNING]: \(message)\n") }
    /// ansible's `display.display`: the text, with a line break added when it has none.
    func display(_ text: String, onStandardError: Bool) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        if onStandardError { writeStandardError(line) } else { writeStandardOutput(Array(line.utf8)) }
    }
}
