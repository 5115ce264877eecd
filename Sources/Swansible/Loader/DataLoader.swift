import Foundation
import SwansibleCrypto
import SwansibleYAML

/// How every stage reads files on the controller (ansible's DataLoader): a vault-encrypted file
/// is decrypted with the run's keyring (`VaultKeyring.current`), and YAML comes back with each
/// inline `!vault` value replaced by its plaintext.
///
/// An inline value that cannot be decrypted (no password, or none that fits) does not stop the
/// load: as in ansible-core, it fails where it is used (`UndecryptableVault`).
enum DataLoader {
    /// The bytes of `path`, decrypted when they are vaulted.
    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataLoaderError(message: "could not read the file", file: path)
        }
        return try decrypted(data, file: path)
    }

    /// `data`, decrypted when it is vaulted (`file` names it in errors).
    static func decrypted(_ data: Data, file: String) throws -> Data {
        guard data.count >= VaultEnvelope.marker.utf8.count, VaultEnvelope.isVaulted([UInt8](data.prefix(64))) else { return data }
        do {
            return Data(try VaultKeyring.current.decrypt(String(decoding: data, as: UTF8.self)).plaintext)
        } catch let error as VaultError {
            throw DataLoaderError(message: error.message, file: file)
        }
    }

    /// The text of `path` (UTF-8), decrypted when it is vaulted.
    static func readText(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// The single YAML document of `path` (a vaulted file decrypted), inline vault values opened.
    static func loadYAML(_ path: String, duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: (String) -> Void = { _ in }) throws -> YAMLNode? {
        guard isVaultedFile(path) else {
            return try YAMLLoader.loadFile(path, duplicateKeys: duplicateKeys, onWarning: onWarning).map(openingVault)
        }
        return try loadYAML(text: readText(path), file: path, duplicateKeys: duplicateKeys, onWarning: onWarning)
    }

    /// Whether the file at `path` starts like vaulted data.
    static func isVaultedFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return VaultEnvelope.isVaulted([UInt8]((try? handle.read(upToCount: 64)) ?? Data()))
    }

    /// The single YAML document of `text`, inline vault values opened.
    static func loadYAML(text: String, file: String, duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: (String) -> Void = { _ in }) throws -> YAMLNode? {
        try YAMLLoader.loadNode(text, file: file, duplicateKeys: duplicateKeys, onWarning: onWarning).map(openingVault)
    }

    /// `node` with every `!vault` scalar replaced by its plaintext, or by the marker that fails
    /// when used (`UndecryptableVault`) when the keyring cannot open it.
    static func openingVault(_ node: YAMLNode) -> YAMLNode {
        guard node.containsVault else { return node }
        let keyring = VaultKeyring.current
        return node.replacingVault { vaulted in
            let text = vaulted.value.stringValue ?? ""
            do {
                return .string(String(decoding: try keyring.decrypt(text).plaintext, as: UTF8.self))
            } catch {
                return UndecryptableVault.marker(reason: "\(error)", at: SourcePlace(vaulted.start))
            }
        }
    }
}

/// A file on the controller that could not be read or decrypted.
struct DataLoaderError: LocatedError {
    var message: String
    var place: SourcePlace?

    init(message: String, file: String) {
        self.message = message
        self.place = SourcePlace(file: file)
    }

    var description: String { placedMessage }
}
