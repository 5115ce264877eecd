/// Why vaulted data could not be read or written, in ansible-core's words.
package struct VaultError: Error, CustomStringConvertible, Sendable, Equatable {
    package var message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }

    package static let noSecrets = VaultError("Attempting to decrypt but no vault secrets found")
    package static let noMatchingSecret = VaultError("Decryption failed (no vault secrets were found that could decrypt)")
    package static let notVaulted = VaultError("input is not vault encrypted data")
}
