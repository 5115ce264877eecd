import Foundation

/// `git`: a checkout of a repository at a version (branch, tag or commit), cloned, fetched
/// and switched by the host's own `git` in one bash script (`GitScript`) that makes the same
/// decisions, with the same git commands, as ansible-core's module; `before`/`after` are the
/// commits checked out before and after.
struct GitModule: Module {
    static let names = ["git"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("accept_hostkey", .bool, default: false,
                     description: "Add `-o StrictHostKeyChecking=no` to ssh's options, so an unknown host key of an ssh repository is accepted."),
        ArgumentSpec("accept_newhostkey", .bool, default: false,
                     description: "Add `-o StrictHostKeyChecking=accept-new`: accept a new host key, refuse a changed one."),
        ArgumentSpec("archive", .path,
                     description: "Also write `version` as an archive to this file (.zip, .tar, .gz for tar.gz, .tgz), replaced only when it differs."),
        ArgumentSpec("archive_prefix", description: "A directory prefix for the archive's files (`git archive --prefix`)."),
        ArgumentSpec("bare", .bool, default: false, description: "Make a bare repository (no working tree) at `dest`."),
        ArgumentSpec("clone", .bool, default: true,
                     description: "Clone when `dest` holds no repository; with `false`, only report the remote's commit."),
        ArgumentSpec("depth", .int, description: "Make a shallow clone (and fetch) of this many commits."),
        ArgumentSpec("dest", .path, description: "Where the checkout is; needed unless `clone: false`."),
        ArgumentSpec("executable", .path, description: "The git program to run, instead of the first `git` on the PATH."),
        ArgumentSpec("force", .bool, default: false,
                     description: "Discard local modifications of tracked files (`git reset --hard`) instead of failing."),
        ArgumentSpec("gpg_allowlist", .list, default: [], aliases: ["gpg_whitelist"],
                     description: "With `verify_commit`, the primary key fingerprints whose signatures are accepted (any valid one when empty)."),
        ArgumentSpec("key_file", .path, description: "The ssh private key on the host to fetch with (`-i KEY -o IdentitiesOnly=yes`)."),
        ArgumentSpec("recursive", .bool, default: true, description: "Clone and update the submodules too."),
        ArgumentSpec("reference", description: "A local repository to borrow objects from (`git clone --reference`)."),
        ArgumentSpec("refspec", description: "An extra refspec to fetch (`refs/pull/1/head`...)."),
        ArgumentSpec("remote", default: "origin", description: "The name of the remote."),
        ArgumentSpec("repo", required: true, aliases: ["name"],
                     description: "The repository's address: URL, `user@host:path` or a path on the host."),
        ArgumentSpec("separate_git_dir", .path,
                     description: "Keep the repository here, with a `.git` file in `dest` pointing to it (an existing one is moved)."),
        ArgumentSpec("single_branch", .bool, default: false, description: "Clone only the history of `version`."),
        ArgumentSpec("ssh_opts", description: "Options added to the ssh command git runs (`GIT_SSH_COMMAND`)."),
        ArgumentSpec("track_submodules", .bool, default: false,
                     description: "Move the submodules to the newest commit of their `master` branch."),
        ArgumentSpec("umask", .raw, description: "The umask, a quoted octal string, for the files git writes."),
        ArgumentSpec("update", .bool, default: true, description: "Fetch and switch an existing checkout; with `false`, leave it as it is."),
        ArgumentSpec("verify_commit", .bool, default: false,
                     description: "Verify the GPG signature of `version` (its tag's for an annotated tag) with `git verify-commit` / `verify-tag`."),
        ArgumentSpec("version", default: "HEAD", description: "What to check out: `HEAD` (the remote's default branch), a branch, a tag or a commit."),
    ], mutuallyExclusive: [["separate_git_dir", "bare"], ["accept_hostkey", "accept_newhostkey"]],
       requiredBy: [RequiredBy("archive_prefix", requires: ["archive"])])

    static let documentation = ModuleDocumentation(
        "Deploy software (or files) from git checkouts",
        description: [
            "Clones a repository to `dest` and checks out `version`, or fetches an existing checkout and switches it to the newest commit of `version`; `before` and `after` are the commits checked out before and after.",
            "Local modifications of tracked files make the task fail unless `force` discards them. In check mode the remote is asked for its commit and nothing is cloned or switched.",
        ],
        notes: [
            "Needs `git` on the host (and `ssh` for ssh repositories); no Python is needed. A host without git fails as ansible-core does.",
            "With --diff in check mode, like ansible-core's module, the new commits are fetched (the remote's refs move, the working tree does not) so that `git diff` can show them.",
            "Like ansible-core, a repository given as a path is cloned as a `file://` URL, and a failed command's words and message have what looks like a URL's password masked.",
        ],
        examples: """
            - name: Check out the manifests at a tag
              ansible.builtin.git:
                repo: https://github.com/example/manifests.git
                dest: /opt/manifests
                version: v1.2.0

            - name: Shallow clone of a branch, discarding local edits
              ansible.builtin.git:
                repo: git@github.com:example/tools.git
                dest: /opt/tools
                version: main
                depth: 1
                force: true
                accept_newhostkey: true
            """,
        diffMode: .full)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        var umask: String?
        if let given = args["umask"] {
            guard let text = given.stringValue else { return .failure("umask must be defined as a quoted octal integer") }
            guard let value = octal(text) else {
                return .failure("umask must be an octal integer",
                                fields: ["details": .string("invalid literal for int() with base 8: '\(text)'")])
            }
            umask = String(value, radix: 8)
        }
        let script = GitScript.script(args, umask: umask, checkMode: context.checkMode, diffMode: context.diffMode)
        let ran = try await context.runScript(
            "if command -v bash >/dev/null 2>&1; then exec bash -c \(ShellQuote.quote(script)) git; fi\necho 'the git module needs bash on the host' >&2; exit 1\n")
        return result(GitScript.Report(ran.stdout), stderr: ran.stderr, executable: args.string("executable"))
    }

    /// Python's `int(text, 8)`: surrounding blanks, a sign, an optional `0o`, octal digits
    /// with single underscores between them.
    static func octal(_ text: String) -> Int? {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" { negative = sign == "-"; body = body.dropFirst() }
        if body.lowercased().hasPrefix("0o") { body = body.dropFirst(2); if body.hasPrefix("_") { body = body.dropFirst() } }
        guard !body.isEmpty, !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__"),
              body.allSatisfy({ ("0"..."7").contains($0) || $0 == "_" }),
              let value = Int(body.replacingOccurrences(of: "_", with: ""), radix: 8) else { return nil }
        return negative ? -value : value
    }

    /// The script's report as ansible-core's result: `before`/`after` (null before a clone),
    /// `remote_url_changed` on an update, the command's output on a failure, the `prepared` diff.
    static func result(_ report: GitScript.Report, stderr: String, executable: String?) -> ModuleResult {
        if let path = report.strings["missing"] {
            return .failure("Failed to find required executable \"git\" in paths: \(path)")
        }
        guard report.complete else {
            return .failure("git did not run on the host: \(stderr.isEmpty ? "its script ended early" : stderr)")
        }
        var fields = report.fields
        var message = report.strings["msg"]
        // A git command that failed: like ansible-core's run_command, its words and its
        // standard error with what looks like a URL's password masked.
        if let argv = report.lists["argv"] { fields["cmd"] = .string(ShellQuote.join(argv.map(maskingPasswords))) }
        if report.flags["checked"] == true { message = message.map(maskingPasswords) }
        if let errno = fields["errno"]?.stringValue {
            fields["errno"] = nil
            // Like ansible-core, the error line names Python's error for the program.
            fields[NoLog.summaryMessageKey] = .string(
                "Error executing command: \(errno): b\(Value.pythonStringRepr(executable ?? ""))")
        }
        AccountScript.addLines(to: &fields)
        var diff: [FileDiff] = []
        if let prepared = report.strings["diff"] {
            fields["diff"] = ["prepared": .string(prepared)]
            diff = [.prepared(prepared)]
        }
        if !report.warnings.isEmpty { fields["warnings"] = .list(report.warnings.map(Value.string)) }
        return ModuleResult(changed: report.flags["changed"] ?? false, failed: report.flags["failed"] ?? false,
                            message: message, fields: fields, diff: diff)
    }

    /// ansible-core's heuristic for passwords in logged text: from the last `@` backwards,
    /// the text between a `://` (or the start) and the first `:` after it up to that `@` is
    /// taken for `user:password`, and what follows the `:` becomes `********`; repeated on the
    /// text before. Like ansible's, it also masks what only looks so (`ssh://git@host`).
    static func maskingPasswords(_ text: String) -> String {
        let data = Array(text.unicodeScalars)
        func lastIndex(of needle: [Unicode.Scalar], before limit: Int) -> Int? {
            var i = limit - needle.count
            while i >= 0 { if Array(data[i..<(i + needle.count)]) == needle { return i }; i -= 1 }
            return nil
        }
        func firstColon(from start: Int, before limit: Int) -> Int? {
            guard start < limit else { return nil }
            return (start..<limit).first { data[$0] == ":" }
        }
        var pieces: [ArraySlice<Unicode.Scalar>] = []
        var begin = data.count, previousBegin = begin
        outer: while true {
            guard let end = lastIndex(of: ["@"], before: begin) else { pieces.append(data[0..<begin]); break }
            var searchEnd = end
            var separator: Int?
            while separator == nil {
                begin = lastIndex(of: [":", "/", "/"], before: searchEnd) ?? 0
                separator = firstColon(from: begin + 3, before: end)
                if separator == nil {
                    if begin == 0 { pieces.append(data[0..<previousBegin]); break outer }
                    searchEnd = begin
                }
            }
            guard let sep = separator else { break }
            pieces.append(data[end..<previousBegin])
            pieces.append(ArraySlice("********".unicodeScalars))
            pieces.append(data[begin...sep])
            previousBegin = begin
        }
        var out = String.UnicodeScalarView()
        for piece in pieces.reversed() { out.append(contentsOf: piece) }
        return String(out)
    }
}
