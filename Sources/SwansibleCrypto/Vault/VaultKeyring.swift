/// The vault secrets of a run, and the two operations on vaulted text.
package struct VaultKeyring: Sendable {
    package var secrets: [VaultSecret]
    /// `vault_id_match`: only try secrets whose label is the envelope's.
    package var onlyMatchingLabel = false

    package init(_ secrets: [VaultSecret] = [], onlyMatchingLabel: Bool = false) {
        self.secrets = secrets
        self.onlyMatchingLabel = onlyMatchingLabel
    }

    package var isEmpty: Bool { secrets.isEmpty }

    /// The keyring loaders use: set by the command line around a run (`$current.withValue`), so
    /// every file read on the controller can decrypt without threading it through each stage.
    @TaskLocal package static var current = VaultKeyring()

    /// The plaintext of vaulted `text`, and the label of the secret that opened it. Secrets whose
    /// label matches the envelope's are tried first, then (unless `onlyMatchingLabel`) the others.
    package func decrypt(_ text: String) throws -> (plaintext: [UInt8], label: String) {
        let envelope = try VaultEnvelope(parsing: text)
        guard !secrets.isEmpty else { throw VaultError.noSecrets }
        guard envelope.cipher == VaultAES256.name else {
            throw VaultError("Vault decryption error: cipher \(envelope.cipher) is not supported (only \(VaultAES256.name))")
        }
        var candidates = secrets.filter { $0.label == envelope.label }
        if envelope.label == nil || !onlyMatchingLabel {
            candidates += secrets.filter { $0.label != envelope.label }
        }
        for secret in candidates {
            if let plaintext = try VaultAES256.decrypt(envelope.vaultText, password: secret.password) {
                return (plaintext, secret.label)
            }
        }
        throw VaultError.noMatchingSecret
    }

    /// `plaintext` encrypted with `secret`, as the envelope ansible-vault writes.
    package static func encrypt(_ plaintext: [UInt8], with secret: VaultSecret, salt: [UInt8]? = nil) -> String {
        let labelled = secret.label != VaultSecret.defaultLabel
        return VaultEnvelope(
            version: labelled ? "1.2" : "1.1", cipher: VaultAES256.name, label: labelled ? secret.label : nil,
            vaultText: VaultAES256.encrypt(plaintext, password: secret.password, salt: salt)
        ).text
    }
}
