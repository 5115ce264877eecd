import Foundation

/// What ansible-core's `exit_json` adds to any result that names a `path`: the file's uid, gid,
/// owner, group, mode, size and `state` (`file`, `directory`, `link`, `hard` for a file with
/// more than one link), or only `state: absent` when nothing is there.
enum PathInfo {
    static func fields(_ path: String, in context: ModuleContext) async throws -> ValueDict {
        var s = RemoteFileLibrary.functions
        s += "p=\(ShellQuote.quote(path))\n"
        s += #"if [ -L "$p" ]; then echo state=link; elif [ -d "$p" ]; then echo state=directory; "#
        s += #"elif [ ! -e "$p" ]; then echo state=absent; exit 0; elif [ "$(stat -c %h "$p")" -gt 1 ]; then echo state=hard; else echo state=file; fi"#
        s += "\nsw_describe \"$p\"\n"
        let (_, report) = try await context.runReport(s)
        var fields = report.pathFields
        fields["state"] = .string(report["state"] ?? "absent")
        return fields
    }

    /// `result` with the path facts of `path` merged in, as ansible-core returns it.
    static func added(to result: ModuleResult, path: String, in context: ModuleContext) async throws -> ModuleResult {
        var result = result
        for (key, value) in try await fields(path, in: context) { result.fields[key] = value }
        return result
    }
}
