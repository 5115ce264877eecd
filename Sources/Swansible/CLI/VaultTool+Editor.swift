import Foundation
import SwansibleCrypto

/// edit and create: the plaintext goes to a temporary file in a private directory, `$EDITOR`
/// runs on it, and the result is encrypted back. The plaintext file is always removed.
extension VaultTool {
    func editFiles(_ keyring: VaultKeyring) throws {
        for name in options.arguments {
            let path = realPath(name)
            let text = String(decoding: try readInput(path), as: UTF8.self)
            let (plaintext, label) = try decrypt(Array(text.utf8), keyring, naming: path)
            // Re-encrypt with the password that opened it, under the envelope's own vault id
            // (none for a 1.1 envelope), as ansible-vault does.
            let candidates = keyring.secrets.filter { $0.label == label }
            let password = candidates.first { (try? VaultKeyring([$0]).decrypt(text)) != nil }?.password ?? candidates[0].password
            let envelopeLabel = (try? VaultEnvelope(parsing: text))?.label ?? VaultSecret.defaultLabel
            try edit(path, existing: plaintext, secret: VaultSecret(label: envelopeLabel, password: password))
        }
    }

    func createFile(with secret: VaultSecret) throws {
        guard options.arguments.count == 1 else {
            throw VaultToolError.options("ansible-vault create can take only one filename argument")
        }
        guard io.standardOutputIsTerminal || options.skipTTYCheck else {
            throw VaultToolError.options("not a tty, editor cannot be opened")
        }
        let name = options.arguments[0]
        let directory = Self.directoryName(name)
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: absolutePath(directory)) {
            io.warn("\(directory) does not exist, creating...")
            do {
                try FileManager.default.createDirectory(atPath: absolutePath(directory), withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw VaultToolError("Could not create \(directory): \(error.localizedDescription)")
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolutePath(name), isDirectory: &isDirectory), !isDirectory.boolValue {
            throw VaultToolError("\(name) exists, please use 'edit' instead")
        }
        try edit(absolutePath(name), existing: nil, secret: secret)
    }

    /// Runs the editor on the plaintext and saves the result encrypted with `secret` — unless the
    /// text came back unchanged (`existing` nil: always saved). The saved file keeps the old
    /// file's permission bits (a new one is 0600). The editor's exit status is not looked at,
    /// as ansible-vault does not.
    private func edit(_ path: String, existing: [UInt8]?, secret: VaultSecret) throws {
        let base = Self.baseName(path)
        let suffix = base.dropFirst().lastIndex(of: ".").map { String(base[base.index(after: $0)...]) } ?? ""
        let scratch = try PrivateScratchFile(suffix: suffix, environment: environment)
        defer { scratch.destroy() }
        if let existing { try scratch.write(existing) }
        let command = try Self.editorCommand(environment) + [scratch.path]
        try runEditor(command)
        let edited = try readInput(scratch.path)
        guard existing == nil || edited != existing else { return }
        let envelope = try encrypt(edited, with: secret)
        try Self.replaceAtomically(path, with: envelope, mode: Self.permissions(of: path) ?? 0o600)
    }

    /// `$EDITOR` (default `vi`) split into words like a shell command line.
    static func editorCommand(_ environment: [String: String]) throws -> [String] {
        let variable = environment["EDITOR"] ?? "vi"
        let words: [String]
        do { words = try ShellWords.split(variable) } catch {
            throw VaultToolError("Unable to execute the command \"\(variable)\": \(error)")
        }
        return words.isEmpty ? ["vi"] : words
    }

    private func runEditor(_ command: [String]) throws {
        let failure = { (reason: String) in
            VaultToolError("Unable to execute the command \"\(command.joined(separator: " "))\": \(reason)")
        }
        guard let executable = Self.findExecutable(command[0], environment: environment) else {
            throw failure("[Errno 2] No such file or directory: '\(command[0])'")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory)
        do { try process.run() } catch { throw failure(error.localizedDescription) }
        process.waitUntilExit()
    }

    /// `name` if it has a slash, else the first executable of that name on `$PATH`.
    static func findExecutable(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = String(directory) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A 0600 file in a fresh 0700 directory under `$TMPDIR` (default /tmp) for plaintext;
/// `destroy()` overwrites it, then removes it and its directory.
struct PrivateScratchFile {
    let directory: String
    let path: String

    init(suffix: String, environment: [String: String]) throws {
        let base = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/swansible-vault-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw VaultToolError("Problem creating temporary vault file.")
        }
        directory = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        path = directory + "/plaintext" + (suffix.isEmpty ? "" : "." + suffix)
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else {
            rmdir(directory)
            throw VaultToolError("Problem creating temporary vault file.")
        }
        close(fd)
    }

    func write(_ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw VaultToolError("Unable to write to temporary vault file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw VaultToolError("Unable to write to temporary vault file: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// Best effort: the editor may have replaced the file or left others (swap files) beside it.
    func destroy() {
        var info = stat()
        if stat(path, &info) == 0, info.st_size > 0 {
            _ = try? write([UInt8](repeating: 0, count: Int(info.st_size)))
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
