import Foundation

/// What ansible-core's `exit_json` adds to any result that names a `path`: the file's uid, gid,
/// owner, group, mode, size and `state` (`file`, `directory`, `link`, `hard` for a file with
/// more than one link), or only `state: absent` when nothing is there.
enum PathInfo {
    static func fields(_ path: String, in context: ModuleContext) async throws -> ValueDict {
        let (_, report) = try await context.runReport(RemoteFileLibrary.functions + "p=\(ShellQuote.quote(path))\n" + describingP)
        return fields(from: report)
    }

    /// Script lines that print the path facts of `$p` (`RemoteFileLibrary.functions` defined),
    /// for a module's own script to take them in the same round trip.
    static let describingP = #"if [ -L "$p" ]; then echo state=link; elif [ -d "$p" ]; then echo state=directory; "#
        + #"elif [ ! -e "$p" ]; then echo state=absent; elif [ "$(stat -c %h "$p")" -gt 1 ]; then echo state=hard; else echo state=file; fi"#
        + "\nif [ -e \"$p\" ] || [ -L \"$p\" ]; then sw_describe \"$p\"; fi\n"

    /// The path facts a script with `describingP` printed.
    static func fields(from report: ScriptReport) -> ValueDict {
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
