import CLibSSH2
import Foundation

/// Checks the server's host key against a known_hosts file, like OpenSSH with
/// `StrictHostKeyChecking yes` (there is no one to ask "are you sure?" in a playbook run).
struct SSHKnownHosts {
    let session: OpaquePointer
    let target: SSHTarget

    func verify(home: String = NSHomeDirectory()) throws {
        var length = 0
        var type: Int32 = 0
        guard let key = libssh2_session_hostkey(session, &length, &type) else {
            throw SSHFailure.unreachable("could not read the host key of \(target.knownHostsName)")
        }
        let (mask, typeName) = Self.keyMask(forHostKeyType: type)
        let file = target.knownHostsFile.map { SSHAuthPlan.expandTilde($0, home: home) }
            ?? "\(home)/.ssh/known_hosts"
        guard let store = libssh2_knownhost_init(session) else {
            throw SSHFailure.setup("libssh2_knownhost_init failed")
        }
        defer { libssh2_knownhost_free(store) }
        if FileManager.default.fileExists(atPath: file) {
            let read = libssh2_knownhost_readfile(store, file, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
            if read < 0 {
                throw SSHFailure.unreachable("cannot read known hosts file \(file): \(LibSSH2.lastError(session).message)")
            }
        }
        var found: UnsafeMutablePointer<libssh2_knownhost>?
        let check = libssh2_knownhost_checkp(
            store, target.address, Int32(target.port), key, length,
            LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | mask, &found)
        switch check {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH:
            return
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
            throw SSHFailure.unreachable([
                "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!",
                "The fingerprint for the \(typeName) key sent by the remote host is",
                "\(fingerprint()).",
                "Add correct host key in \(file) to get rid of this message.",
                "Host key for \(target.knownHostsName) has changed and you have requested strict checking.",
                "Host key verification failed.",
            ].joined(separator: "\n"))
        case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
            throw SSHFailure.unreachable([
                "No \(typeName) host key is known for \(target.knownHostsName) in \(file) and you have "
                    + "requested strict checking (host_key_checking = False skips it).",
                "Host key verification failed.",
            ].joined(separator: "\n"))
        default:
            throw SSHFailure.unreachable("could not check the host key of \(target.knownHostsName) against \(file)")
        }
    }

    /// OpenSSH's fingerprint form: "SHA256:" + unpadded base64 of the key's SHA-256.
    private func fingerprint() -> String {
        guard let hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256) else { return "SHA256:?" }
        let bytes = Data(UnsafeRawBufferPointer(start: hash, count: 32))
        return "SHA256:" + bytes.base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// libssh2 session host key type -> known_hosts key mask and OpenSSH's display name.
    static func keyMask(forHostKeyType type: Int32) -> (Int32, String) {
        switch type {
        case LIBSSH2_HOSTKEY_TYPE_RSA: (LIBSSH2_KNOWNHOST_KEY_SSHRSA, "RSA")
        case LIBSSH2_HOSTKEY_TYPE_DSS: (LIBSSH2_KNOWNHOST_KEY_SSHDSS, "DSA")
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: (LIBSSH2_KNOWNHOST_KEY_ECDSA_256, "ECDSA")
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: (LIBSSH2_KNOWNHOST_KEY_ECDSA_384, "ECDSA")
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: (LIBSSH2_KNOWNHOST_KEY_ECDSA_521, "ECDSA")
        case LIBSSH2_HOSTKEY_TYPE_ED25519: (LIBSSH2_KNOWNHOST_KEY_ED25519, "ED25519")
        default: (LIBSSH2_KNOWNHOST_KEY_UNKNOWN, "unknown")
        }
    }
}
