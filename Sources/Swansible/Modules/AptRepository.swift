import Foundation

/// `apt_repository`: a one-line apt source (`deb URI SUITE COMPONENTS`) present or absent.
/// One script reads /etc/apt/sources.list and sources.list.d/*.list; the lines are matched
/// here as ansible-core matches them (`AptSourcesList`), and only when a file changes, one
/// script writes it (temp file beside it, renamed), removes the files left empty and runs
/// `apt-get update`.
struct AptRepositoryModule: Module {
    static let names = ["apt_repository"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("codename", description: "The distribution codename for PPA repositories (PPAs are not supported by Swansible)."),
        ArgumentSpec("filename", description: "The file's name in sources.list.d, without `.list` (by default derived from the repository's URI)."),
        ArgumentSpec("install_python_apt", .bool, default: true, description: "Accepted for compatibility; Swansible needs no Python on the host."),
        ArgumentSpec("mode", .raw, description: "The mode of a newly created file in sources.list.d (0644 by default)."),
        ArgumentSpec("repo", required: true, description: "The source line, `deb [OPTIONS] URI SUITE [COMPONENT...]` or `deb-src ...`."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"], description: "Whether the source line is there (enabled)."),
        ArgumentSpec("update_cache", .bool, default: true, aliases: ["update-cache"],
                     description: "Run `apt-get update` after a change."),
        ArgumentSpec("update_cache_retries", .int, default: 5, description: "How many times `apt-get update` is tried."),
        ArgumentSpec("update_cache_retry_max_delay", .int, default: 12, description: "The longest wait between two tries, in seconds (the waits double from 1)."),
        ArgumentSpec("validate_certs", .bool, default: true, description: "Accepted for compatibility (it concerns PPA lookups)."),
    ])

    static let documentation = ModuleDocumentation(
        "Add and remove APT repositories",
        description: [
            "Adds a source line to its own file in /etc/apt/sources.list.d (or enables it where it is already written, commented out), or removes it from every sources file.",
            "The cache is updated only after a change.",
        ],
        notes: [
            "PPA repositories (`ppa:owner/name`) and their signing keys are not supported; write the `deb` line and fetch the key with get_url, or use deb822_repository.",
            "Like ansible-core, a file that changes is written back normalised (one space between words, `# ` before a disabled line); unlike it, the files that do not change are left untouched.",
        ],
        examples: """
            - name: Docker's repository, signed by its key
              ansible.builtin.apt_repository:
                repo: deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable
                filename: docker

            - name: No more deb-src lines for this mirror
              ansible.builtin.apt_repository:
                repo: deb-src http://deb.debian.org/debian bookworm main
                state: absent
                update_cache: false
            """,
        diffMode: .full)

    static let sourcesFile = "/etc/apt/sources.list", sourcesDirectory = "/etc/apt/sources.list.d"

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let repo = args.string("repo") ?? "", state = args.string("state") ?? "present"
        if repo.isEmpty { return .failure("Please set argument 'repo' to a non-empty value") }
        if repo.hasPrefix("ppa:") {
            return .failure("PPA repositories (\(repo)) are not supported by Swansible: give the deb line, with its key installed by get_url or apt_key")
        }
        let (probe, files) = try await readSources(in: context)
        if let failure = files.failure { return .failure(failure) }
        var sources = files.list
        let before = sources.dump
        do {
            if state == "present" {
                try sources.add(repo, file: args.string("filename").map { $0 + ".list" })
            } else {
                try sources.remove(repo)
            }
        } catch let invalid as AptSourcesList.InvalidSource {
            return .failure("Invalid repository string: \(invalid.line)")
        }
        let after = sources.dump
        let added = Set(after.keys).subtracting(before.keys).sorted(), removed = Set(before.keys).subtracting(after.keys).sorted()
        var fields: ValueDict = ["repo": .string(repo), "sources_added": .list(added.map(Value.string)),
                                 "sources_removed": .list(removed.map(Value.string)), "state": .string(state)]
        let changed = before != after
        var diff: [FileDiff] = []
        if changed && context.diffMode {
            var registered: [Value] = []
            for name in (added + removed) {
                registered.append(["before": .string(before[name] ?? ""), "after": .string(after[name] ?? ""),
                                   "before_header": .string(before[name] == nil ? "/dev/null" : name),
                                   "after_header": .string(after[name] == nil ? "/dev/null" : name)])
            }
            for name in Set(before.keys).union(after.keys).sorted() where before[name] != after[name] {
                diff.append(FileDiff(path: name, before: before[name] ?? "", after: after[name] ?? ""))
            }
            fields["diff"] = .list(registered)
        } else {
            fields["diff"] = .list([])
        }
        guard changed, !context.checkMode else { return ModuleResult(changed: changed, fields: fields, diff: diff) }
        let writes = after.filter { before[$0.key] != $0.value }.map { (path: $0.key, text: $0.value, target: files.linkTargets[$0.key]) }
        let script = writeScript(writes, removing: removed, newFiles: sources.newFiles,
                                 mode: args["mode"].flatMap(FileAttributes.chmodMode) ?? "0644",
                                 originals: before, update: args.bool("update_cache"),
                                 retries: args.int("update_cache_retries") ?? 5, maxDelay: args.int("update_cache_retry_max_delay") ?? 12)
        let (written, report) = try await context.runReport(script)
        if report.flag("failed") || report["done"] == nil {
            return .failure(report["msg"] ?? "apt_repository failed on the host: \(written.stderr)\(probe.stderr)")
        }
        return ModuleResult(changed: true, fields: fields, diff: diff)
    }

    struct SourceFiles {
        var list: AptSourcesList
        var linkTargets: [String: String]
        var failure: String?
    }

    /// Reads sources.list and sources.list.d/*.list: `file=PATH`, `link=TARGET` for a symbolic
    /// link, `text=BASE64` per file, in that order.
    static func readSources(in context: ModuleContext) async throws -> (CommandResult, SourceFiles) {
        let script = """
            command -v apt-get >/dev/null 2>&1 || { printf 'failed=1\\nmsg=%s\\n' 'apt_repository needs apt (apt-get), which is not available on this host'; exit 1; }
            for f in \(sourcesFile) \(sourcesDirectory)/*.list; do
              [ -f "$f" ] || continue
              printf 'file=%s\\n' "$f"
              [ -L "$f" ] && printf 'link=%s\\n' "$(readlink -f "$f")"
              printf 'text='; base64 -w0 <"$f"; echo
            done
            echo done=1

            """
        let result = try await context.runScript(script)
        var files: [(String, String)] = [], links: [String: String] = [:], current: String?
        for line in result.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("failed=1") { continue }
            if line.hasPrefix("msg=") { return (result, SourceFiles(list: AptSourcesList(files: []), linkTargets: [:], failure: String(line.dropFirst(4)))) }
            if line.hasPrefix("file=") { current = String(line.dropFirst(5)) }
            if line.hasPrefix("link="), let current { links[current] = String(line.dropFirst(5)) }
            if line.hasPrefix("text="), let current {
                let text = Data(base64Encoded: String(line.dropFirst(5))).map { String(decoding: $0, as: UTF8.self) } ?? ""
                files.append((current, text))
            }
        }
        guard ScriptReport(result.stdout)["done"] != nil else {
            return (result, SourceFiles(list: AptSourcesList(files: []), linkTargets: [:], failure: "could not read the apt sources: \(result.stderr)"))
        }
        return (result, SourceFiles(list: AptSourcesList(files: files), linkTargets: links, failure: nil))
    }

    /// Writes the changed files (through a symbolic link to its target), gives the new ones
    /// `mode`, removes the emptied ones, then updates the cache with retries, putting the
    /// files back as they were when it never succeeds.
    static func writeScript(_ writes: [(path: String, text: String, target: String?)], removing: [String], newFiles: Set<String>,
                            mode: String, originals: [String: String], update: Bool, retries: Int, maxDelay: Int) -> String {
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions + "sw_check=0\n"
        s += #"""
            put() {
              d=$(dirname "$1"); mkdir -p "$d" || sw_fail "Failed to create directory $d"
              t=$(mktemp "$d/.$(basename "$1")-XXXXXX") || sw_fail "Unable to create temp file at '$d' for apt source."
              printf '%s' "$2" >"$t" || { rm -f "$t"; sw_fail "Failed to write to file '$t'."; }
              if [ -e "$1" ]; then chmod --reference="$1" "$t"; chown --reference="$1" "$t"; else chmod 0644 "$t"; fi
              mv -f "$t" "$1" || { rm -f "$t"; sw_fail "could not write $1"; }
            }

            """#
        var revert = ""
        for w in writes {
            let dest = w.target ?? w.path
            s += "put \(q(dest)) \(q(w.text))\n"
            if newFiles.contains(w.path) { s += "sw_mode \(q(w.path)) \(q(mode))\n" }
            revert += originals[w.path].map { "put \(q(dest)) \(q($0))\n" } ?? "rm -f \(q(w.path))\n"
        }
        for path in removing {
            s += "rm -f \(q(path))\n"
            revert += originals[path].map { "put \(q(path)) \(q($0))\n" } ?? ""
        }
        if update {
            s += "try=0; delay=1; err=\nwhile [ $try -lt \(retries) ]; do\n"
            s += "  err=$(apt-get update -q 2>&1 >/dev/null) && break\n  try=$((try + 1))\n"
            s += "  [ $try -lt \(retries) ] && { [ $delay -gt \(maxDelay) ] && delay=\(maxDelay); sleep $delay; delay=$((delay * 2)); }\ndone\n"
            s += "if [ $try -ge \(retries) ]; then\n\(revert)"
            s += "  sw_fail \"Failed to update apt cache after \(retries) retries: ${err:-unknown reason}\"\nfi\n"
        }
        s += "echo done=1\n"
        return s
    }
}

/// The one-line apt sources as ansible-core's apt_repository reads them: per file, every line
/// parsed into enabled (not `#`-commented), source (the words, single-spaced) and comment
/// (after a later `#`); a line is a source when its first word is `deb` or `deb-src`.
struct AptSourcesList: Equatable {
    static let sourceTypes: Set<String> = ["deb", "deb-src"]
    static let directory = AptRepositoryModule.sourcesDirectory

    struct InvalidSource: Error { var line: String }

    struct Line: Equatable {
        var valid: Bool
        var enabled: Bool
        var source: String
        var comment: String

        /// One line as ansible-core reads it.
        init(_ raw: String) {
            var line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            enabled = true
            if line.hasPrefix("#") { enabled = false; line.removeFirst() }
            comment = ""
            if let hash = line.firstIndex(of: "#"), hash != line.startIndex {
                comment = line[line.index(after: hash)...].trimmingCharacters(in: .whitespaces)
                line = String(line[..<hash])
            }
            source = line.trimmingCharacters(in: .whitespaces)
            valid = false
            let words = source.split(whereSeparator: \.isWhitespace).map(String.init)
            if let first = words.first, AptSourcesList.sourceTypes.contains(first) {
                valid = true
                source = words.joined(separator: " ")
            }
        }

        init(source: String, comment: String = "") {
            (valid, enabled, self.source, self.comment) = (true, true, source, comment)
        }

        /// How ansible-core writes it back.
        var text: String { (enabled ? "" : "# ") + source + (comment.isEmpty ? "" : " # " + comment) + "\n" }
    }

    var files: [(path: String, lines: [Line])]
    /// Files a source line was appended to (they get `mode`).
    var newFiles: Set<String> = []

    init(files: [(String, String)]) {
        self.files = files.map { file in
            (file.0, file.1.split(separator: "\n", omittingEmptySubsequences: false).dropLast(file.1.hasSuffix("\n") || file.1.isEmpty ? 1 : 0)
                .map { Line(String($0)) })
        }
    }

    static func == (a: AptSourcesList, b: AptSourcesList) -> Bool { a.dump == b.dump }

    /// Each file that has lines, as it would be written.
    var dump: [String: String] {
        var d: [String: String] = [:]
        for file in files where !file.lines.isEmpty { d[file.path] = file.lines.map(\.text).joined() }
        return d
    }

    /// The source a `repo` argument names: a valid, enabled line.
    static func source(of repo: String) throws -> String {
        let line = Line(repo)
        guard line.valid, line.enabled else {
            var text = repo.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("#") { text.removeFirst() }
            if let hash = text.firstIndex(of: "#"), hash != text.startIndex { text = String(text[..<hash]) }
            throw InvalidSource(line: text)
        }
        return line.source
    }

    /// Like ansible-core: lines with the same source anywhere are enabled; else the source is
    /// appended to `file` (a name in sources.list.d, or a path), by default one named after
    /// the repository's URI.
    mutating func add(_ repo: String, file: String?) throws {
        let source = try Self.source(of: repo)
        var found = false
        for f in files.indices {
            for l in files[f].lines.indices where files[f].lines[l].valid && files[f].lines[l].source == source {
                files[f].lines[l].enabled = true
                found = true
            }
        }
        if found { return }
        let name = file ?? Self.suggestedFilename(source)
        let path = name.contains("/") ? name : Self.directory + "/" + name
        if let f = files.firstIndex(where: { $0.path == path }) {
            files[f].lines.append(Line(source: source))
        } else {
            files.append((path, [Line(source: source)]))
        }
        newFiles.insert(path)
    }

    /// Every enabled line with the source goes, in every file.
    mutating func remove(_ repo: String) throws {
        let source = try Self.source(of: repo)
        for f in files.indices {
            files[f].lines.removeAll { $0.valid && $0.enabled && $0.source == source }
        }
    }

    /// ansible-core's file name for a source: its URI without options, scheme and credentials,
    /// every run of other characters than letters and digits made one `_`, then `.list`.
    static func suggestedFilename(_ source: String) -> String {
        var line = source.replacingOccurrences(of: #"\[[^\]]+\]"#, with: "", options: .regularExpression)
        line = line.replacingOccurrences(of: #"\w+://"#, with: "", options: .regularExpression)
        let parts = line.split(whereSeparator: \.isWhitespace).map(String.init).filter { !sourceTypes.contains($0) }
        var uri = parts.first ?? ""
        if let at = uri.firstIndex(of: "@") { uri = String(uri[uri.index(after: at)...]) }
        let words = uri.unicodeScalars.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : " " }
        return String(words).split(separator: " ").joined(separator: "_") + ".list"
    }
}
