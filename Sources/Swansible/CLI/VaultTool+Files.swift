import Foundation
import SwansibleCrypto

/// encrypt, decrypt, view and rekey: whole files (or standard input) in, files or standard output out.
extension VaultTool {
    func encryptFiles(with secret: VaultSecret) throws {
        if options.arguments.isEmpty && io.standardInputIsTerminal {
            io.display("Reading plaintext input from stdin", onStandardError: true)
        }
        for name in options.arguments.isEmpty ? ["-"] : options.arguments {
            let path = realPath(name)
            let envelope = try encrypt(try readInput(path), with: secret)
            try writeOutput(envelope, to: options.output ?? path)
        }
        if io.standardOutputIsTerminal { io.display("Encryption successful", onStandardError: true) }
    }

    func decryptFiles(_ keyring: VaultKeyring) throws {
        if options.arguments.isEmpty && io.standardInputIsTerminal {
            io.display("Reading ciphertext input from stdin", onStandardError: true)
        }
        for name in options.arguments.isEmpty ? ["-"] : options.arguments {
            let path = realPath(name)
            let plaintext = try decrypt(try readInput(path), keyring, naming: path).plaintext
            try writeOutput(plaintext, to: options.output ?? path)
        }
        if io.standardOutputIsTerminal { io.display("Decryption successful", onStandardError: true) }
    }

    /// Prints the plaintext as ansible-vault does when standard output is not a terminal (no pager).
    func viewFiles(_ keyring: VaultKeyring) throws {
        for name in options.arguments {
            let plaintext = try decrypt(try readInput(name), keyring, naming: name).plaintext
            io.display(String(decoding: plaintext, as: UTF8.self), onStandardError: false)
        }
    }

    /// Re-encrypts each file with `secret`, keeping its permission bits.
    func rekeyFiles(_ keyring: VaultKeyring, to secret: VaultSecret) throws {
        for name in options.arguments {
            let path = realPath(name)
            let mode = Self.permissions(of: path)
            let plaintext = try decrypt(try readInput(path), keyring, naming: path).plaintext
            let envelope = Array(VaultKeyring.encrypt(plaintext, with: secret, salt: salt).utf8)
            try writeOutput(envelope, to: path, mode: mode ?? 0o600)
        }
        io.display("Rekey successful", onStandardError: true)
    }

    /// Decrypts, naming the file in the error as ansible-vault does ("... for PATH").
    func decrypt(_ bytes: [UInt8], _ keyring: VaultKeyring, naming name: String) throws -> (plaintext: [UInt8], label: String) {
        do {
            return try keyring.decrypt(String(decoding: bytes, as: UTF8.self))
        } catch let error as VaultError {
            throw VaultToolError("\(Self.ansibleMessage(error)) for \(name)")
        }
    }

    /// `name` relative to the current directory, symbolic links resolved (`-` stays `-`).
    func realPath(_ name: String) -> String {
        guard name != "-" else { return name }
        let absolute = absolutePath(name)
        guard let resolved = realpath(absolute, nil) else { return absolute }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func absolutePath(_ name: String) -> String {
        ((name.hasPrefix("/") ? name : currentDirectory + "/" + name) as NSString).standardizingPath
    }

    /// A file's bytes, or standard input's for `-`; errors worded like Python's.
    func readInput(_ name: String) throws -> [UInt8] {
        if name == "-" { return io.readStandardInput() }
        let path = absolutePath(name)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Self.readError(path, errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw Self.readError(path, errno) }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    private static func readError(_ path: String, _ code: Int32) -> VaultToolError {
        VaultToolError("Unable to read source file (\(path)): [Errno \(code)] \(String(cString: strerror(code))): '\(path)'")
    }

    /// Writes `bytes` to standard output (`-`) or atomically to a file: a temporary file beside it
    /// (created with `mode`, 0600 by default as ansible-vault leaves the files it writes), then
    /// renamed over it.
    func writeOutput(_ bytes: [UInt8], to name: String, mode: mode_t = 0o600) throws {
        if name == "-" {
            io.writeStandardOutput(bytes)
            return
        }
        let path = absolutePath(name)
        let directory = Self.directoryName(path)
        guard access(directory, W_OK) == 0 else { throw VaultToolError("Destination '\(directory)' not writable") }
        try Self.replaceAtomically(path, with: bytes, mode: mode)
    }

    /// The temporary file is created 0600 (it may hold plaintext), given `mode` once written, and
    /// renamed over `path`; on any failure it is removed.
    static func replaceAtomically(_ path: String, with bytes: [UInt8], mode: mode_t) throws {
        let directory = Self.directoryName(path)
        var template = Array((directory + "/." + baseName(path) + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw VaultToolError("Problem creating temporary vault file.") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var done = false
        defer { if !done { unlink(temporary) } }
        do {
            defer { close(fd) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                guard written > 0 else {
                    throw VaultToolError("Unable to write to temporary vault file: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
            guard fsync(fd) == 0, fchmod(fd, mode) == 0 else {
                throw VaultToolError("Unable to write to temporary vault file: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(temporary, path) == 0 else {
            throw VaultToolError("Unable to write vault file \(path): \(String(cString: strerror(errno)))")
        }
        done = true
    }

    /// Python's `os.path.dirname`: everything before the last slash ("" without one, "/" for the
    /// root). NSString's `deletingLastPathComponent` crashes on some one-letter names on Linux.
    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }

    /// Python's `os.path.basename`: everything after the last slash.
    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The permission bits of `path`, or nil when it does not exist.
    static func permissions(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }
}
