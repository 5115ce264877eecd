import ArgumentParser
import Foundation
import Swansible

/// `swansible vault ACTION`: ansible-vault's command line; the work is `VaultTool`'s.
struct VaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Encrypt and decrypt Ansible Vault files and strings, like ansible-vault.",
        subcommands: [Create.self, Decrypt.self, Edit.self, View.self, Encrypt.self, EncryptString.self, Rekey.self])

    /// The options every action takes.
    struct Common: ParsableArguments {
        @Option(name: .customLong("vault-id"), help: "the vault identity to use (repeatable)")
        var vaultIDs: [String] = []
        @Option(name: [.customLong("vault-password-file"), .customLong("vault-pass-file")], help: "vault password file")
        var vaultPasswordFiles: [String] = []
        @Flag(name: [.customShort("J"), .customLong("ask-vault-password"), .customLong("ask-vault-pass")], help: "ask for vault password")
        var askVaultPass = false
        @Flag(name: .shortAndLong, help: "more output (-v names the configuration file)")
        var verbose: Int

        func validate() throws {
            if askVaultPass && !vaultPasswordFiles.isEmpty {
                throw ValidationError("argument --vault-password-file/--vault-pass-file: not allowed with argument -J/--ask-vault-password/--ask-vault-pass")
            }
        }

        var options: VaultTool.Options {
            var options = VaultTool.Options()
            options.passwords = VaultPasswords(vaultIDs: vaultIDs, passwordFiles: vaultPasswordFiles, askVaultPass: askVaultPass)
            options.verbosity = verbose
            return options
        }
    }

    static func run(_ action: VaultTool.Action, _ options: VaultTool.Options) throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = FileManager.default.currentDirectoryPath
        do {
            let config = try AnsibleConfig.load(environment: environment, currentDirectory: directory)
            try VaultTool(action: action, options: options, config: config, currentDirectory: directory, environment: environment).run()
        } catch let error as VaultToolError {
            FileHandle.standardError.write(Data("[ERROR]: \(error.message)\n".utf8))
            throw ExitCode(error.exitCode)
        } catch {
            FileHandle.standardError.write(Data("[ERROR]: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create new vault encrypted file")
        @OptionGroup var common: Common
        @Option(name: .customLong("encrypt-vault-id"), help: "the vault id used to encrypt (required if more than one vault-id is provided)")
        var encryptVaultID: String?
        @Flag(name: .customLong("skip-tty-check"), help: "allows editor to be opened when no tty attached")
        var skipTTYCheck = false
        @Argument(help: "Filename") var files: [String] = []

        func run() throws {
            var options = common.options
            options.encryptVaultID = encryptVaultID
            options.skipTTYCheck = skipTTYCheck
            options.arguments = files
            try VaultCommand.run(.create, options)
        }
    }

    struct Decrypt: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decrypt vault encrypted file or string")
        @OptionGroup var common: Common
        @Option(name: .customLong("output"), help: "output file name for encrypt or decrypt; use - for stdout")
        var output: String?
        @Argument(help: "Filename") var files: [String] = []

        func run() throws {
            var options = common.options
            options.output = output
            options.arguments = files
            try VaultCommand.run(.decrypt, options)
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Edit vault encrypted file")
        @OptionGroup var common: Common
        @Option(name: .customLong("encrypt-vault-id"), help: "the vault id used to encrypt (required if more than one vault-id is provided)")
        var encryptVaultID: String?
        @Argument(help: "Filename") var files: [String] = []

        func run() throws {
            var options = common.options
            options.encryptVaultID = encryptVaultID
            options.arguments = files
            try VaultCommand.run(.edit, options)
        }
    }

    struct View: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "View vault encrypted file")
        @OptionGroup var common: Common
        @Argument(help: "Filename") var files: [String] = []

        func run() throws {
            var options = common.options
            options.arguments = files
            try VaultCommand.run(.view, options)
        }
    }

    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Encrypt YAML file")
        @OptionGroup var common: Common
        @Option(name: .customLong("output"), help: "output file name for encrypt or decrypt; use - for stdout")
        var output: String?
        @Option(name: .customLong("encrypt-vault-id"), help: "the vault id used to encrypt (required if more than one vault-id is provided)")
        var encryptVaultID: String?
        @Argument(help: "Filename") var files: [String] = []

        func run() throws {
            var options = common.options
            options.output = output
            options.encryptVaultID = encryptVaultID
            options.arguments = files
            try VaultCommand.run(.encrypt, options)
        }
    }

    struct EncryptString: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "encrypt_string", abstract: "Encrypt a string")
        @OptionGroup var common: Common
        @Option(name: .customLong("output"), help: "output file name for encrypt or decrypt; use - for stdout")
        var output: String?
        @Option(name: .customLong("encrypt-vault-id"), help: "the vault id used to encrypt (required if more than one vault-id is provided)")
        var encryptVaultID: String?
        @Flag(name: .shortAndLong, help: "Prompt for the string to encrypt")
        var prompt = false
        @Flag(name: .customLong("show-input"), help: "Do not hide input when prompted for the string to encrypt")
        var showInput = false
        @Option(name: .shortAndLong, help: "Specify the variable name (repeatable)")
        var name: [String] = []
        @Option(name: .customLong("stdin-name"), help: "Specify the variable name for stdin")
        var stdinName: String?
        @Argument(help: "String to encrypt", transform: { $0 }) var strings: [String] = []

        func run() throws {
            var options = common.options
            options.output = output
            options.encryptVaultID = encryptVaultID
            options.promptForString = prompt
            options.showInput = showInput
            options.names = name
            options.stdinName = stdinName
            options.arguments = strings
            try VaultCommand.run(.encryptString, options)
        }
    }

    struct Rekey: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-key a vault encrypted file")
        @OptionGroup var common: Common
        @Option(name: .customLong("encrypt-vault-id"), help: "the vault id used to encrypt (required if more than one vault-id is provided)")
        var encryptVaultID: String?
        @Option(name: .customLong("new-vault-password-file"), help: "new vault password file for rekey")
        var newVaultPasswordFile: String?
        @Option(name: .customLong("new-vault-id"), help: "the new vault identity to use for rekey")
        var newVaultID: String?
        @Argument(help: "Filename") var files: [String] = []

        func validate() throws {
            if newVaultPasswordFile != nil && newVaultID != nil {
                throw ValidationError("argument --new-vault-id: not allowed with argument --new-vault-password-file")
            }
        }

        func run() throws {
            var options = common.options
            options.encryptVaultID = encryptVaultID
            options.newVaultPasswordFile = newVaultPasswordFile
            options.newVaultID = newVaultID
            options.arguments = files
            try VaultCommand.run(.rekey, options)
        }
    }
}
