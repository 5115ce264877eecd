import Foundation

/// The read–edit–write cycle of the modules that edit a text file on the controller
/// (blockinfile, replace): one script reads the file (settling its mode and owner in the same
/// round trip when asked), the module edits the text, and only a changed text is uploaded and
/// installed by one script that writes a temp file beside the file and renames it over it —
/// never a half-written file.
struct TextFileEdit {
    var path: String
    var attributes: FileAttributes

    /// The file as the read script found it.
    struct Snapshot {
        var exists: Bool
        /// The file's text (nil when it does not exist).
        var text: String?
        /// Where to write: the link's target when `path` is a symbolic link, like ansible-core.
        var target: String
        /// mode/owner/group were (or, in check mode, would be) changed by the read script.
        var attributesChanged: Bool
        /// The read script's failure message (a directory, an unreadable file).
        var failure: String?
    }

    /// Reads the file; with `settleAttributes`, an existing file's mode, owner and group are
    /// set in the same script (only looked at in check mode).
    func read(settleAttributes: Bool, in context: ModuleContext) async throws -> Snapshot {
        let (result, report, text) = try await LineInFileModule.read(
            path, attributes: settleAttributes ? attributes : FileAttributes(), in: context)
        if report.flag("failed") {
            return Snapshot(exists: false, text: nil, target: path, attributesChanged: false, failure: report["msg"] ?? result.stderr)
        }
        return Snapshot(exists: report.flag("exists"), text: text, target: report["realpath"] ?? path,
                        attributesChanged: report.flag("changed"), failure: nil)
    }

    /// Only settles mode/owner/group of an existing file (looks, in check mode): whether they differed.
    func settleAttributes(in context: ModuleContext) async throws -> Bool {
        guard attributes.mode != nil || attributes.owner != nil || attributes.group != nil else { return false }
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(context.checkMode ? 1 : 0)\n\(attributes.applyCall(pathWord: ShellQuote.quote(path)))\n"
        s += "printf 'changed=%s\\n' \"$sw_changed\"\n"
        let (_, report) = try await context.runReport(s)
        if report.flag("failed") { throw TextFileEditFailure(message: report["msg"] ?? "could not set the attributes of \(path)") }
        return report.flag("changed")
    }

    /// What writing the new text did.
    struct Written {
        var failure: String?
        var backupFile: String?
        /// The attributes asked for differ from what the written file would otherwise have had.
        var attributesChanged: Bool
    }

    /// Uploads `text` and installs it at `target` atomically (parents created, an existing
    /// file's mode and owner kept unless given), with an optional backup and validation.
    func write(_ text: String, to target: String, backup: Bool, validate: String?, in context: ModuleContext) async throws -> Written {
        if let validate, !validate.contains("%s") {
            return Written(failure: "validate must contain %s: \(validate)", backupFile: nil, attributesChanged: false)
        }
        var install = ContentInstall(content: Data(text.utf8), dest: target, nameInDirectory: nil, attributes: attributes)
        install.backup = backup
        install.validate = validate
        install.validateReportsStatus = true
        install.createParents = true
        let (ran, installed) = try await context.withTemporaryUpload(install.content) { upload in
            try await context.runReport(install.installScript(upload: upload, resolvedDest: target))
        }
        if installed.flag("failed") || ran.exitCode != 0 {
            return Written(failure: installed["msg"] ?? "could not write \(path): \(ran.stderr)", backupFile: nil, attributesChanged: false)
        }
        return Written(failure: nil, backupFile: installed["backup_file"], attributesChanged: installed.flag("attributes_changed"))
    }

    /// ansible-core's suffix for a change of mode, owner or group, joined to the content's message.
    static func withAttributesMessage(_ message: String, contentChanged: Bool) -> String {
        contentChanged ? message + " and ownership, perms or SE linux context changed" : message + "ownership, perms or SE linux context changed"
    }
}

struct TextFileEditFailure: Error {
    var message: String
}
