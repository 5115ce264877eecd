import Foundation

/// `copy` with `remote_src: yes`: a file already on the host copied to dest on the host,
/// compared by sha1 and replaced atomically, in one script.
struct RemoteCopy {
    var src: String
    var dest: String
    var attributes: FileAttributes
    var force: Bool
    var backup: Bool
    var followLinks = true

    func script(checkMode: Bool) -> String {
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\nsrc=\(ShellQuote.quote(src))\ndest=\(ShellQuote.quote(dest))\ntmp=\n"
        s += "trap 'rm -f ${tmp:+\"$tmp\"}' EXIT\n"
        s += "[ -e \"$src\" ] || sw_fail \"Source $src not found\"\n"
        s += "[ -r \"$src\" ] || sw_fail \"Source $src not readable\"\n"
        s += "if [ -d \"$src\" ]; then\n" + RemoteDirectoryCopy.script(attributes: attributes, followLinks: followLinks)
        s += "\nsw_describe \"$shown\"\nexit 0\nfi\n"
        s += "if [ -d \"$dest\" ]; then dest=\"${dest%/}/$(basename \"$src\")\"; fi\n"
        s += "printf 'dest=%s\\n' \"$dest\"\n"
        s += "sum=$(sha1sum < \"$src\" | cut -c1-40); printf 'checksum=%s\\n' \"$sum\"\n"
        s += "if [ -e \"$dest\" ] && { [ \(force ? 0 : 1) = 1 ] || [ \"$(sha1sum < \"$dest\" | cut -c1-40)\" = \"$sum\" ]; }; then\n"
        s += "  \(attributes.applyCall(pathWord: "\"$dest\""))\n"
        s += "  printf 'content=same\\nchanged=%s\\n' \"$sw_changed\"; sw_describe \"$dest\"\n"
        s += "  printf 'md5sum=%s\\n' \"$(md5sum < \"$dest\" | cut -c1-32)\"; exit 0\nfi\n"
        s += "printf 'content=differs\\nchanged=1\\n'\n[ \"$sw_check\" = 1 ] && exit 0\n"
        s += "d=$(dirname \"$dest\"); [ -d \"$d\" ] || sw_fail \"Destination directory $d does not exist\"\n"
        s += "tmp=$(mktemp \"$d/.swansible-tmp-XXXXXX\") || sw_fail \"could not create a temporary file beside $dest\"\n"
        s += "cat \"$src\" > \"$tmp\" || sw_fail \"could not write $tmp\"\n"
        s += "if [ -e \"$dest\" ]; then chmod --reference=\"$dest\" \"$tmp\"; chown --reference=\"$dest\" \"$tmp\" 2>/dev/null\n"
        if backup { s += "  b=\"$dest.$$.$(date +%Y-%m-%d@%H:%M:%S~)\"; cp -p \"$dest\" \"$b\" && printf 'backup_file=%s\\n' \"$b\"\n" }
        s += "else chmod $(printf '%o' $((0666 & ~$(umask)))) \"$tmp\"; fi\n"
        s += attributes.applyCall(pathWord: "\"$tmp\"") + "\n"
        s += "mv -f \"$tmp\" \"$dest\" || sw_fail \"could not rename $tmp to $dest\"\n"
        s += "printf 'md5sum=%s\\n' \"$(md5sum < \"$dest\" | cut -c1-32)\"\nsw_describe \"$dest\"\n"
        return s
    }

    func run(in context: ModuleContext) async throws -> ModuleResult {
        let (result, report) = try await context.runReport(script(checkMode: context.checkMode))
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr) }
        if report["kind"] == "directory", let resolved = report["dest"] {
            // As ansible-core: no checksums for a directory, and the path facts of dest.
            var fields: ValueDict = ["checksum": .null, "dest": .string(resolved), "md5sum": .null, "src": .string(src)]
            for (k, v) in report.pathFields { fields[k] = v }
            if !report.pathFields.isEmpty { fields["state"] = "directory" }
            return ModuleResult(changed: report.flag("changed"), fields: ContentInstall.sorted(fields))
        }
        guard let resolved = report["dest"], let state = report["content"] else {
            return .failure("could not copy \(src) to \(dest): \(result.stderr)")
        }
        if context.checkMode && state == "differs" { return ModuleResult(changed: true) }
        var fields: ValueDict = ["checksum": .string(report["checksum"] ?? ""), "dest": .string(resolved)]
        for (k, v) in report.pathFields { fields[k] = v }
        if let m = report["md5sum"] { fields["md5sum"] = .string(m) }
        if let b = report["backup_file"] { fields["backup_file"] = .string(b) }
        fields["src"] = .string(src)
        fields["state"] = "file"
        return ModuleResult(changed: report.flag("changed"), fields: ContentInstall.sorted(fields))
    }
}
