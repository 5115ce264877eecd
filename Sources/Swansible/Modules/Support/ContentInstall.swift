import SwansibleCrypto
import Foundation

/// Puts controller-side content at a path on the host, the way `copy` and `template` do:
/// one probe script compares the host's sha1 with ours and, when the content already matches,
/// settles mode/owner/group in the same round trip; otherwise one upload and one install
/// script that writes a temp file in the destination directory and renames it over the
/// destination (never a half-written file), keeping an existing file's mode and owner unless
/// given.
struct ContentInstall {
    var content: Data
    var dest: String
    /// The file name to use when `dest` is a directory (`copy src=`); nil makes that an error.
    var nameInDirectory: String?
    var attributes: FileAttributes
    var force: Bool = true
    var backup: Bool = false
    /// A command run on the temp file before it replaces dest; `%s` is the temp file's path.
    var validate: String? = nil
    /// Report a failed `validate` as blockinfile and replace do (`rc:N error:STDERR`) rather
    /// than with the command's output, as copy does.
    var validateReportsStatus = false
    /// Create missing parent directories (copy's `dest: dir/` form) instead of failing.
    var createParents = false
    /// The controller-side file the content came from (reported as `src` when nothing is written).
    var sourcePath: String? = nil
    /// Message when dest is a directory and no name is known.
    var directoryMessage = "can not use content with a dir as dest"
    /// copy's action (which template's uses) adds the content's checksum to what its module
    /// returns, failures included.
    var failuresNameTheChecksum = false
    /// The task's arguments as written, when the result should carry the invocation of the
    /// module ansible-core's copy action would have run (copy, template): the copy module's
    /// when the file is written, the file module's when the content was already there, none
    /// when no module runs (check mode, `force: false` on an existing file, a failed probe;
    /// `CopyModule.run` then reports the task's arguments, as ansible-core's copy action does).
    var invokedWith: ValueDict? = nil
    /// The source's file name, passed to those modules as `_original_basename` (nil for
    /// `content`, which ansible-core passes as a random temp file's name).
    var originalBasename: String? = nil

    /// Largest file whose text we show in `--diff` (ansible's max_diff_size).
    static let maxDiffSize = 104_448
    static let beforeMarker = "__swansible_before__"

    var checksum: String { Digest.sha1Hex(content) }

    func probeScript(checkMode: Bool, diff: Bool) -> String {
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\ndest=\(ShellQuote.quote(dest))\n"
        if let name = nameInDirectory {
            s += "if [ -d \"$dest\" ]; then dest=\"${dest%/}/\"\(ShellQuote.quote(name)); fi\n"
        }
        s += "[ -d \"$dest\" ] && sw_fail \(ShellQuote.quote(directoryMessage))\n"
        s += "printf 'dest=%s\\n' \"$dest\"\n"
        s += "if [ -e \"$dest\" ]; then\n"
        if !force { s += "  printf 'content=kept\\n'; exit 0\n" }
        s += "  [ -r \"$dest\" ] || sw_fail \"Destination $dest not readable\"\n"
        s += "  sum=$(sha1sum < \"$dest\" | cut -c1-40)\n"
        s += "  if [ \"$sum\" = \(checksum) ]; then\n"
        s += "    \(attributes.applyCall(pathWord: "\"$dest\""))\n"
        s += "    printf 'content=same\\nchanged=%s\\n' \"$sw_changed\"; sw_describe \"$dest\"; exit 0\n"
        s += "  fi\n  printf 'content=differs\\n'\n"
        if diff {
            s += "  if [ $(stat -c %s \"$dest\") -le \(Self.maxDiffSize) ]; then echo \(Self.beforeMarker); cat \"$dest\"; fi\n"
        }
        s += "else\n"
        s += "  d=$(dirname \"$dest\")\n"
        if createParents { s += "  [ -d \"$d\" ] || [ \"$sw_check\" = 1 ] || mkdir -p \"$d\" || sw_fail \"could not create $d\"\n" }
        s += "  [ -d \"$d\" ] || [ \"$sw_check\" = 1 -a \(createParents ? 1 : 0) = 1 ] || sw_fail \"Destination directory $d does not exist\"\n"
        s += "  printf 'content=missing\\n'\nfi\n"
        return s
    }

    /// Moves the uploaded file at `upload` into place at `resolvedDest`.
    func installScript(upload: String, resolvedDest: String) -> String {
        var s = RemoteFileLibrary.functions
        s += "sw_check=0\nup=\(ShellQuote.quote(upload))\ndest=\(ShellQuote.quote(resolvedDest))\ntmp=\n"
        s += "trap 'rm -f \"$up\" ${tmp:+\"$tmp\"}' EXIT\n"
        if createParents { s += "mkdir -p \"$(dirname \"$dest\")\" || sw_fail \"could not create the directory of $dest\"\n" }
        // Like ansible-core, a validate command with nowhere to put the file fails when the file
        // would be written (after the parent directories are made), before anything is written.
        if let validate, !validate.contains("%s") {
            s += "printf 'validate=1\\n'; sw_fail \(ShellQuote.quote("validate must contain %s: " + validate))\n"
        }
        s += "tmp=$(mktemp \"$(dirname \"$dest\")/.swansible-tmp-XXXXXX\") || sw_fail \"could not create a temporary file beside $dest\"\n"
        s += "cat \"$up\" > \"$tmp\" || sw_fail \"could not write $tmp\"\n"
        s += "if [ -e \"$dest\" ]; then\n"
        s += "  chmod --reference=\"$dest\" \"$tmp\"; chown --reference=\"$dest\" \"$tmp\" 2>/dev/null\n"
        if backup {
            s += "  b=\"$dest.$$.$(date +%Y-%m-%d@%H:%M:%S~)\"; cp -p \"$dest\" \"$b\" && printf 'backup_file=%s\\n' \"$b\"\n"
        }
        s += "else\n  chmod $(printf '%o' $((0666 & ~$(umask)))) \"$tmp\"\nfi\n"
        s += attributes.applyCall(pathWord: "\"$tmp\"") + "\n"
        if let validate {
            let command = validate.replacingOccurrences(of: "%s", with: "\"$tmp\"")
            if validateReportsStatus {
                s += "verr=$(\(command) 2>&1 >/dev/null); vrc=$?\n"
                s += "[ $vrc -eq 0 ] || { printf 'failed=1\\nvalidate=1\\n'; printf 'msg=failed to validate: rc:%s error:%s\\n' $vrc \"$(printf '%s' \"$verr\" | tr '\\n' ' ')\"; exit 1; }\n"
            } else {
                s += "vout=$(\(command) 2>&1) || { printf 'failed=1\\nvalidate=1\\n'; printf 'msg=failed to validate: %s\\n' \"$(printf '%s' \"$vout\" | tr '\\n' ' ')\"; exit 1; }\n"
            }
        }
        // Whether the attributes differed from what the file had (or would have had, when new).
        s += "printf 'attributes_changed=%s\\n' \"$sw_changed\"\n"
        s += "mv -f \"$tmp\" \"$dest\" || sw_fail \"could not rename $tmp to $dest\"\n"
        s += "printf 'md5sum=%s\\n' \"$(md5sum < \"$dest\" | cut -c1-32)\"\nsw_describe \"$dest\"\n"
        return s
    }

    /// Runs the probe, then upload and install when needed; returns the module result.
    func run(in context: ModuleContext) async throws -> ModuleResult {
        var result = try await install(in: context)
        guard invokedWith != nil else { return result }
        result.ownsInvocation = true
        return result
    }

    private func invocation(ofCopyFrom upload: String) -> Value? {
        invokedWith.map {
            ModuleInvocation.copyModule(given: $0, src: upload,
                                        originalBasename: originalBasename ?? (upload as NSString).lastPathComponent, checksum: checksum)
        }
    }

    private func install(in context: ModuleContext) async throws -> ModuleResult {
        let (probe, report, before) = try await runProbe(in: context)
        if report.flag("failed") {
            return .failure(report["msg"] ?? probe.stderr, fields: failuresNameTheChecksum ? ["checksum": .string(checksum)] : [:])
        }
        guard let resolved = report["dest"], let state = report["content"] else {
            return .failure("could not inspect \(dest): \(probe.stderr)\(probe.stdout)")
        }
        var fields: ValueDict = ["changed": false]
        fields["checksum"] = .string(checksum)
        fields["dest"] = .string(resolved)
        if state == "kept" {
            return ModuleResult(changed: false, fields: ["dest": .string(resolved), "src": .string(sourcePath ?? "")])
        }
        if state == "same" {
            fields.removeValue(forKey: "changed")
            for (k, v) in report.pathFields { fields[k] = v }
            fields["path"] = .string(resolved)
            fields["state"] = "file"
            if let given = invokedWith {
                fields[ModuleInvocation.key] = ModuleInvocation.fileModule(given: given, path: resolved, originalBasename: originalBasename)
            }
            return ModuleResult(changed: report.flag("changed"), fields: Self.sorted(fields))
        }
        fields.removeValue(forKey: "changed")
        let diff = context.diffMode ? [FileDiff(path: resolved, before: before, after: String(decoding: content, as: UTF8.self))] : []
        if context.checkMode {
            // Like ansible's copy in check mode: nothing but `changed`.
            return ModuleResult(changed: true, diff: diff)
        }
        let (upload, install, installed) = try await context.withTemporaryUpload(content) { upload in
            let (install, installed) = try await context.runReport(installScript(upload: upload, resolvedDest: resolved))
            return (upload, install, installed)
        }
        if installed.flag("failed") || install.exitCode != 0 {
            // Like ansible-core's copy, a validation failure names the checksum of the content.
            var failure = ModuleResult.failure(installed["msg"] ?? "could not install \(resolved): \(install.stderr)",
                                               fields: installed.flag("validate") || failuresNameTheChecksum ? ["checksum": .string(checksum)] : [:])
            failure.fields[ModuleInvocation.key] = invocation(ofCopyFrom: upload)
            return failure
        }
        if let b = installed["backup_file"] { fields["backup_file"] = .string(b) }
        for (k, v) in installed.pathFields { fields[k] = v }
        fields["md5sum"] = installed["md5sum"].map(Value.string) ?? .null
        fields["src"] = .string(upload)
        fields["state"] = "file"
        fields[ModuleInvocation.key] = invocation(ofCopyFrom: upload)
        return ModuleResult(changed: true, fields: Self.sorted(fields), diff: diff)
    }

    private func runProbe(in context: ModuleContext) async throws -> (CommandResult, ScriptReport, String?) {
        let result = try await context.runScript(probeScript(checkMode: context.checkMode, diff: context.diffMode))
        guard let marker = result.stdout.range(of: Self.beforeMarker + "\n") else {
            // A missing file has no before (ansible's diff then names no file before).
            let report = ScriptReport(result.stdout)
            return (result, report, context.diffMode && report["content"] != "missing" ? "" : nil)
        }
        let head = String(result.stdout[..<marker.lowerBound])
        return (result, ScriptReport(head), String(result.stdout[marker.upperBound...]))
    }

    /// Ansible's results come out with sorted keys; keep that order for familiar output.
    static func sorted(_ fields: ValueDict) -> ValueDict {
        ValueDict(uniqueKeysWithValues: fields.sorted { $0.key < $1.key })
    }
}
