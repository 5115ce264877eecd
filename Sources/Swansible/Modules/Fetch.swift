import Foundation
import SwansibleCrypto

/// `fetch`: a file from the host copied to the controller, under `dest/<inventory_hostname>/<src>`
/// (or exactly `dest` with `flat`). One script checks the remote file and prints its SHA-1;
/// the content crosses only when it differs from the controller's copy (by SFTP, or through
/// `base64` with become), and lands through a temporary file renamed into place.
struct FetchModule: Module {
    static let names = ["fetch"]
    static let actionPlugin: ActionPluginKind = .actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("dest", required: true,
                     description: "Directory on the controller to save under (or, with `flat`, the file, or a directory ending in `/`); relative to the playbook's directory."),
        ArgumentSpec("fail_on_missing", .bool, default: true,
                     description: "Fail when `src` is missing, is a directory or cannot be read; otherwise only say so."),
        ArgumentSpec("flat", .bool, default: false,
                     description: "Save as `dest` itself (or `dest/<file name>` when `dest` ends in `/`) instead of under the host's name and the full source path."),
        ArgumentSpec("src", required: true,
                     description: "File on the host to fetch; a file, not a directory."),
        ArgumentSpec("validate_checksum", .bool, default: true,
                     description: "Check that the saved file's SHA-1 is the one the host reported."),
    ])

    static let documentation = ModuleDocumentation(
        "Fetch a file from the host to the controller",
        description: [
            "Copies a file from the host to the controller, by default to `dest/<inventory_hostname>/<src path>`, so that files of the same name from several hosts do not overwrite each other.",
            "Nothing is transferred when the controller's copy already has the remote file's SHA-1; the result reports `checksum` and `md5sum` of the saved file.",
        ],
        notes: [
            "The remote SHA-1 is computed by `sha1sum` on the host; no Python is needed.",
            "Check mode is not supported: the task is skipped, as with ansible-core.",
            "The controller's file is written to a temporary file beside it and renamed into place; when its checksum does not match the remote one it is not installed (ansible-core leaves it written).",
            "Like ansible-core, missing required arguments fail before the action runs, with the argument checker's message rather than the action's own `src and dest are required`.",
        ],
        examples: """
            - name: Collect each node's kubelet configuration
              ansible.builtin.fetch:
                src: /etc/kubernetes/kubelet.conf
                dest: collected

            - name: Bring back the admin kubeconfig as one file
              ansible.builtin.fetch:
                src: /etc/kubernetes/admin.conf
                dest: artifacts/admin.conf
                flat: true
              run_once: true
            """,
        checkMode: AttributeSupport.none)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        if context.checkMode {
            return ModuleResult.skippedByTheAction(message: "check mode not (yet) supported for this module")
        }
        let src = args.string("src") ?? ""
        let dest = args.string("dest") ?? ""
        let failOnMissing = args.bool("fail_on_missing")

        let probe = try await context.runScript(probeScript(src))
        let report = ScriptReport(probe.stdout)
        guard let source = report["path"] else {
            return .failure("could not check \(src) on the host: \(probe.stderr)")
        }
        if report.flag("missing") || report.flag("unreadable") {
            let message = report.flag("missing") ? "the remote file does not exist, not transferring, ignored"
                : "file is not readable: \(source)"
            if failOnMissing { return .failure(message) }
            return ModuleResult(message: report.flag("missing") ? message : nil, fields: ["file": .string(source)])
        }
        if report.flag("isdir") {
            let message = "remote file is a directory, fetch cannot work on directories"
            if failOnMissing { return .failure(message) }
            return ModuleResult(message: message + ", not transferring, ignored")
        }
        let remoteChecksum = report["checksum"] ?? ""

        let target: String
        switch localDestination(source: source, dest: dest, flat: args.bool("flat"), in: context) {
        case .success(let path): target = path
        case .failure(let failure): return .actionFailure(failure.message)
        }
        let existing = FileManager.default.contents(atPath: target)
        if let existing, Digest.sha1Hex(existing) == remoteChecksum {
            return ModuleResult(fields: [
                "checksum": .string(remoteChecksum), "dest": .string(target), "file": .string(source),
                "md5sum": .string(Digest.hex(Digest.md5(Array(existing)))),
            ])
        }

        let data: Data
        if context.become.enabled {
            let read = try await context.runScript("base64 -w0 < \(ShellQuote.quote(source))")
            guard read.exitCode == 0, let decoded = Data(base64Encoded: read.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                return .failure("unable to read \(source): \(read.stderr)")
            }
            data = decoded
        } else {
            data = try await context.connection.get(source)
        }
        let checksum = Digest.sha1Hex(data)
        let md5 = Digest.hex(Digest.md5(Array(data)))
        if args.bool("validate_checksum") && checksum != remoteChecksum {
            return .failure("checksum mismatch", fields: [
                "checksum": .string(checksum), "dest": .string(target), "file": .string(source),
                "md5sum": .string(md5), "remote_checksum": .string(remoteChecksum), "remote_md5sum": .null,
            ])
        }
        do {
            try install(data, at: target)
        } catch {
            return .actionFailure("Failed to fetch the file.")
        }
        return ModuleResult(changed: true, fields: [
            "checksum": .string(checksum), "dest": .string(target), "md5sum": .string(md5),
            "remote_checksum": .string(remoteChecksum), "remote_md5sum": .null,
        ])
    }

    /// Prints `path=` (the source, `~` expanded) and either `missing=1`, `isdir=1`,
    /// `unreadable=1` or `checksum=` (its SHA-1; symbolic links are followed).
    static func probeScript(_ src: String) -> String {
        var s = "LC_ALL=C; export LC_ALL\n"
        if src == "~" || src.hasPrefix("~/") {
            s += "p=\"$HOME\"\(ShellQuote.quote(String(src.dropFirst())))\n"
        } else {
            s += "p=\(ShellQuote.quote(src))\n"
        }
        s += "printf 'path=%s\\n' \"$p\"\n"
        s += "if [ ! -e \"$p\" ]; then echo missing=1; exit 0; fi\n"
        s += "if [ -d \"$p\" ]; then echo isdir=1; exit 0; fi\n"
        s += "if [ ! -r \"$p\" ]; then echo unreadable=1; exit 0; fi\n"
        s += "c=$(sha1sum < \"$p\") || { echo unreadable=1; exit 0; }\n"
        s += "printf 'checksum=%s\\n' \"${c%% *}\"\n"
        return s
    }

    struct DestinationFailure: Error { var message: String }

    /// Where the file goes on the controller: `dest/<host>/<source>`, or with `flat` `dest`
    /// itself (`dest/<basename>` when it ends in `/`); a relative `dest` is under the
    /// playbook's directory, `~` is the controller user's home; the result is normalised.
    static func localDestination(source: String, dest: String, flat: Bool, in context: ModuleContext) -> Result<String, DestinationFailure> {
        let fm = FileManager.default
        var base = context.searchPaths.last ?? fm.currentDirectoryPath
        if !base.hasPrefix("/") { base = fm.currentDirectoryPath + "/" + base }
        func resolved(_ path: String) -> String {
            if path.hasPrefix("~") { return (path as NSString).expandingTildeInPath }
            if path.hasPrefix("/") { return path }
            return base + "/" + path
        }
        var isDirectory: ObjCBool = false
        if flat {
            var target = dest
            if fm.fileExists(atPath: resolved(dest), isDirectory: &isDirectory), isDirectory.boolValue, !dest.hasSuffix("/") {
                return .failure(DestinationFailure(message: "dest is an existing directory, use a trailing slash if you want to fetch src into that directory"))
            }
            if dest.hasSuffix("/") {
                target = dest + (source as NSString).lastPathComponent
                if fm.fileExists(atPath: resolved(target), isDirectory: &isDirectory), isDirectory.boolValue {
                    return .failure(DestinationFailure(message: "calculated dest '\(target)' is an existing directory, use another path that does not point to an existing directory"))
                }
            }
            return .success(normalise(resolved(target)))
        }
        return .success(normalise(resolved(dest) + "/" + context.hostName + "/" + source))
    }

    /// Python's `os.path.normpath` for absolute paths: no empty or `.` components, `..` resolved.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Writes `data` beside `path` and renames it over `path`, creating the directories above.
    static func install(_ data: Data, at path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.swansible-fetch-" + UUID().uuidString
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
