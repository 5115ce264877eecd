import Foundation
import SwansibleCrypto

/// encrypt_string: strings from the prompt, standard input and the command line, each printed as
/// a YAML `!vault |` block (named with `--name` / `--stdin-name`).
extension VaultTool {
    /// Where a string came from, as ansible-vault names it in its comments on standard error.
    enum StringSource: String {
        case prompt = "the interactive prompt"
        case standardInput = "stdin"
        case arguments = "the command line args"
    }

    func encryptStrings(with secret: VaultSecret) throws {
        var items: [(plaintext: [UInt8], source: StringSource, name: String?)] = []
        if options.promptForString {
            let answer = try io.ask("Variable name (enter for no name): ", false)
            let hidden = !options.showInput
            let text = try io.ask(hidden ? "String to encrypt (hidden): " : "String to encrypt:", hidden)
            guard !text.isEmpty else {
                throw VaultToolError.options("The plaintext provided from the prompt was empty, not encrypting")
            }
            items.append((Array(text.utf8), .prompt, answer.isEmpty ? nil : answer))
        }
        if readsStringFromStandardInput {
            if io.standardOutputIsTerminal {
                io.display("Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)",
                           onStandardError: true)
            }
            let input = io.readStandardInput()
            guard !input.isEmpty else { throw VaultToolError.options("stdin was empty, not encrypting") }
            if io.standardOutputIsTerminal && input.last != 0x0a { io.display("\n", onStandardError: false) }
            items.append((input, .standardInput, options.stdinName))
        }
        let strings = options.arguments.filter { $0 != "-" }
        if strings.count > options.names.count, let last = options.names.last {
            // Vague on purpose, as ansible-vault is: the plaintext is never shown.
            io.display("The number of --name options do not match the number of args.", onStandardError: true)
            io.display("The last named variable will be \"\(last)\". The rest will not have names.", onStandardError: true)
        }
        for (index, text) in strings.enumerated() {
            guard !text.isEmpty else {
                throw VaultToolError.options("The plaintext provided from the command line args was empty, not encrypting")
            }
            items.append((Array(text.utf8), .arguments, index < options.names.count ? options.names[index] : nil))
        }

        var blocks: [String] = []
        for (index, item) in items.enumerated() {
            let envelope = try encrypt(item.plaintext, with: secret)
            blocks.append(Self.yamlBlock(String(decoding: envelope, as: UTF8.self), name: item.name))
            if items.count > 1 {
                if let name = item.name {
                    io.writeStandardError("# The encrypted version of variable (\"\(name)\", the string #\(index + 1) from \(item.source.rawValue)).\n")
                } else {
                    io.writeStandardError("# The encrypted version of the string #\(index + 1) from \(item.source.rawValue).)\n")
                }
            }
        }
        try writeOutput(Array((blocks + [""]).joined(separator: "\n").utf8), to: options.output ?? "-")
        if io.standardOutputIsTerminal { io.display("Encryption successful", onStandardError: true) }
    }

    /// `[name: ]!vault |` and the envelope's lines indented by ten spaces, without a final line break.
    static func yamlBlock(_ envelope: String, name: String?) -> String {
        let header = (name.map { "\($0): " } ?? "") + "!vault |"
        let lines = envelope.split(separator: "\n").map { String(repeating: " ", count: 10) + $0 }
        return ([header] + lines).joined(separator: "\n")
    }
}
