/// One vault password and the vault id it is known by (`--vault-id label@source`; "default"
/// when none was given).
package struct VaultSecret: Sendable, Equatable {
    package static let defaultLabel = "default"

    package var label: String
    package var password: [UInt8]

    package init(label: String = VaultSecret.defaultLabel, password: [UInt8]) {
        self.label = label
        self.password = password
    }

    package init(label: String = VaultSecret.defaultLabel, password: String) {
        self.init(label: label, password: Array(password.utf8))
    }
}
