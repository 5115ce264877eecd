import Foundation
import SwansibleCrypto
#if canImport(Glibc)
import Glibc
#endif

/// The files modules upload to a host's /tmp before a script moves them into place, named so
/// that a later run can tell its own controller's debris from anyone else's:
/// `/tmp/.swansible-<controller>-<pid>-<uuid>`, where `<controller>` is a digest of this
/// machine's name and user and `<pid>` the uploading process.
///
/// A run that dies mid-upload (killed, its connection cut) cannot remove its file; the next
/// session to that host from this controller does (`sweep`): every file of this controller
/// whose process no longer runs here is removed. Files of live runs, of other controllers and
/// other users are left alone.
public enum RemoteTemporaryFiles {
    static let prefix = "/tmp/.swansible-"

    /// Digest of the controller's host name and user id, 12 hex digits.
    static let controllerID: String = {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        let identity = String(cString: name) + ":" + String(getuid())
        return String(Digest.hex(Digest.sha1(Array(identity.utf8))).prefix(12))
    }()

    /// A fresh path for an upload of this process.
    public static func newPath() -> String {
        "\(prefix)\(controllerID)-\(getpid())-\(UUID().uuidString.lowercased())"
    }

    /// Lists this controller's upload files on the host, one per line.
    static let listScript =
        "for f in \(prefix)\(controllerID)-*; do [ -e \"$f\" ] && printf '%s\\n' \"$f\"; done; true"

    /// The listed files whose uploading process is gone (never this process's own).
    static func stale(in listing: String, isRunning: (Int32) -> Bool = processIsRunning) -> [String] {
        let own = "\(prefix)\(controllerID)-"
        return listing.split(separator: "\n").map(String.init).filter { path in
            guard path.hasPrefix(own) else { return false }
            let rest = path.dropFirst(own.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) else { return false }
            return pid != getpid() && !isRunning(pid)
        }
    }

    /// Removes the stale files through `run` (a shell command on the host); best effort.
    nonisolated(nonsending) static func sweep(_ run: nonisolated(nonsending) (String) async throws -> CommandResult) async {
        guard let listing = try? await run(listScript), listing.exitCode == 0 else { return }
        let stale = stale(in: listing.stdout)
        guard !stale.isEmpty else { return }
        _ = try? await run("rm -f -- " + stale.map(quoted).joined(separator: " "))
    }

    /// The command that removes one upload.
    public static func removeCommand(_ path: String) -> String { "rm -f -- " + quoted(path) }

    private static func quoted(_ path: String) -> String {
        "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func processIsRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
