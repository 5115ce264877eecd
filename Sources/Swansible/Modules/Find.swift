import Foundation

/// `find`: files under directories on the host, filtered as ansible-core's find filters them.
/// One script lists each tree with `find -printf` (type, mode, owner, size, times — NUL
/// separated), plus checksums and `contains` matches when asked; the controller walks the
/// listing in the order `os.walk` would (files, then directories, directory by directory) and
/// applies the name, age, size and mode filters.
struct FindModule: Module {
    static let names = ["find"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("age",
                     description: "Only entries at least this old (`2d`, `3h`, seconds by default); negative: at most this old."),
        ArgumentSpec("age_stamp", default: "mtime", choices: ["atime", "ctime", "mtime"],
                     description: "Which time `age` is measured from."),
        ArgumentSpec("checksum_algorithm", default: "sha1", aliases: ["checksum", "checksum_algo"],
                     choices: ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"],
                     description: "Hash used for `checksum` with `get_checksum`."),
        ArgumentSpec("contains",
                     description: "Only regular files with a line that starts with a match of this regular expression."),
        ArgumentSpec("depth", .int,
                     description: "With `recurse`, how many directory levels down to look (1 is the paths themselves' contents)."),
        ArgumentSpec("encoding",
                     description: "Encoding the files are read in for `contains`; accepted, the host's grep reads bytes."),
        ArgumentSpec("exact_mode", .bool, default: true,
                     description: "With `mode`, the permissions must be exactly these; false: any of these bits set."),
        ArgumentSpec("excludes", .list, aliases: ["exclude"],
                     description: "Names (globs, or regular expressions with `use_regex`) to leave out of what `patterns` matched."),
        ArgumentSpec("file_type", default: "file", choices: ["any", "directory", "file", "link"],
                     description: "Which kind of entry to report."),
        ArgumentSpec("follow", .bool, default: false,
                     description: "Descend into directories that symbolic links point to."),
        ArgumentSpec("get_checksum", .bool, default: false,
                     description: "Report a `checksum` of each regular file found."),
        ArgumentSpec("hidden", .bool, default: false,
                     description: "Also report entries whose name starts with a dot."),
        ArgumentSpec("limit", .int,
                     description: "Stop after this many matches."),
        ArgumentSpec("mode", .raw,
                     description: "Only entries with these permissions (octal or symbolic, given as a string)."),
        ArgumentSpec("paths", .list, required: true, aliases: ["name", "path"],
                     description: "Directories on the host to look in."),
        ArgumentSpec("patterns", .list, default: .list([]), aliases: ["pattern"],
                     description: "Names to report: shell globs, or Python regular expressions matched at the start with `use_regex`."),
        ArgumentSpec("read_whole_file", .bool, default: false,
                     description: "Match `contains` against the whole file at once instead of line by line."),
        ArgumentSpec("recurse", .bool, default: false,
                     description: "Look in subdirectories too."),
        ArgumentSpec("size",
                     description: "Only regular files at least this big (`10k`, `2m`, bytes by default); negative: at most this big."),
        ArgumentSpec("use_regex", .bool, default: false,
                     description: "`patterns` and `excludes` are Python regular expressions instead of globs."),
    ])

    static let documentation = ModuleDocumentation(
        "Find files by name, age, size, type or content",
        description: [
            "Lists the files (or directories, links) under the given directories that pass every filter given, with a stat-like description of each.",
            "One script lists the trees with find and stat on the host; the filters run on the controller. Nothing is changed.",
        ],
        notes: [
            "`contains` is matched on the host by grep -E, with the pattern's Python class escapes (`\\d`, `\\w`, `\\s`) translated.",
            "`encoding` is accepted and not used: grep reads the files' bytes.",
            "The order of the files is the host's directory order, walked as ansible-core's os.walk walks it.",
        ],
        examples: """
            - name: Old logs
              ansible.builtin.find:
                paths: /var/log
                patterns: "*.log,*.gz"
                age: 2w
                recurse: true
              register: old_logs

            - name: Unit files that mention etcd
              ansible.builtin.find:
                paths: /etc/systemd/system
                contains: '.*etcd'
            """,
        checkMode: .full,
        diffMode: .none)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        if let mode = args["mode"], mode.stringValue == nil {
            return .failure("argument 'mode' is not a string and conversion is not allowed, value is of type \(mode.pythonTypeName)")
        }
        var query = FindQuery()
        query.useRegex = args.bool("use_regex")
        query.patterns = (args["patterns"]?.listValue ?? []).map(\.pythonString)
        // Like ansible-core's find, no patterns means all, which its invocation then says.
        var settled = ValueDict()
        if query.patterns.isEmpty {
            query.patterns = [query.useRegex ? ".*" : "*"]
            settled["patterns"] = .list(query.patterns.map(Value.string))
        }
        func withSettled(_ outcome: ModuleResult) -> ModuleResult {
            var outcome = outcome
            outcome.settledArguments = settled
            return outcome
        }
        query.excludes = (args["excludes"]?.listValue ?? []).map(\.pythonString)
        query.fileType = args.string("file_type") ?? "file"
        query.ageStamp = args.string("age_stamp") ?? "mtime"
        query.recurse = args.bool("recurse")
        query.hidden = args.bool("hidden")
        query.follow = args.bool("follow")
        query.depth = args.int("depth").flatMap { $0 == 0 ? nil : $0 }
        query.limit = args.int("limit")
        query.exactMode = args.bool("exact_mode")
        query.contains = args.string("contains")
        query.readWholeFile = args.bool("read_whole_file")
        query.checksum = args.bool("get_checksum") ? args.string("checksum_algorithm") ?? "sha1" : nil
        query.mode = args.string("mode").flatMap { $0.isEmpty ? nil : $0 }
        if let age = args.string("age") {
            guard let seconds = FindQuery.amount(age, units: ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]) else {
                return withSettled(.failure("failed to process age", fields: ["age": .string(age)]))
            }
            query.age = seconds
        }
        if let size = args.string("size") {
            guard let bytes = FindQuery.amount(size, units: ["b": 1, "k": 1024, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40]) else {
                return withSettled(.failure("failed to process size", fields: ["size": .string(size)]))
            }
            query.size = bytes
        }
        if let limit = query.limit, limit <= 0 {
            return withSettled(.failure("limit cannot be \(limit) (use None for unlimited)"))
        }
        do {
            for p in query.patterns + query.excludes where query.useRegex { _ = try PythonRegex(p) }
        } catch {
            return withSettled(.failure("Invalid regular expression: \(error)"))
        }
        let paths = (args["paths"]?.listValue ?? []).map(\.pythonString)
        let result = try await context.runScript(query.script(paths: paths))
        guard result.exitCode == 0 else {
            return withSettled(.failure("could not list \(paths.joined(separator: ", ")): \(result.stderr)"))
        }
        let found = query.evaluate(listing: result.stdout, paths: paths)
        var fields: ValueDict = [
            "examined": .int(found.examined), "files": .list(found.files.map(Value.dict)), "matched": .int(found.files.count),
            "skipped_paths": .dict(found.skipped),
        ]
        if !found.warnings.isEmpty { fields["warnings"] = .list(found.warnings.map(Value.string)) }
        return withSettled(ModuleResult(changed: false, message: found.message, fields: fields))
    }
}

/// The filters of one `find` task, the script that lists the trees, and the walk over its
/// listing.
struct FindQuery {
    var patterns: [String] = []
    var excludes: [String] = []
    var useRegex = false
    var fileType = "file"
    var age: Int?
    var ageStamp = "mtime"
    var size: Int?
    var recurse = false
    var hidden = false
    var follow = false
    var depth: Int?
    var limit: Int?
    var mode: String?
    var exactMode = true
    var contains: String?
    var readWholeFile = false
    /// The checksum algorithm, when checksums are wanted.
    var checksum: String?

    /// `10k`, `-2d`: the number times its unit (lower case), or nil when it does not parse.
    static func amount(_ text: String, units: [Character: Int]) -> Int? {
        var t = Substring(text.lowercased())
        var unit = 1
        if let last = t.last, let u = units[last] { unit = u; t = t.dropLast() }
        let digits = t.hasPrefix("-") ? t.dropFirst() : t
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t) else { return nil }
        return n * unit
    }

    /// One script: the host's clock, then per path either `X` (not a directory) or its entries
    /// (`E` records), the checksums (`C`) and the files whose content matches (`G`).
    func script(paths: [String]) -> String {
        let maxDepth = recurse ? depth.map { "-maxdepth \($0 + 1) " } ?? "" : "-maxdepth 1 "
        let findCommand = "find \(follow ? "-L " : "")."
        var s = "printf 'N%s\\0' \"$(date +%s.%N)\"\n"
        if let mode, !mode.allSatisfy({ ("0"..."7").contains($0) }) {
            // Ansible reads a symbolic mode as applied to no permissions at all.
            s += "t=$(mktemp) && chmod 0 \"$t\" && chmod \(ShellQuote.quote(mode)) \"$t\" 2>/dev/null && printf 'M%s\\0' \"$(stat -c %a \"$t\")\"; rm -f \"$t\"\n"
        }
        for (i, path) in paths.enumerated() {
            s += "printf 'P\(i)\\0'\n"
            s += "if [ -d \(ShellQuote.quote(path)) ] && cd \(ShellQuote.quote(path)) 2>/dev/null; then\n"
            if follow {
                // find -L describes a link by its target; ansible describes the link itself
                // (lstat) while descending through it: the target's type from find, the rest from stat.
                s += "  \(findCommand) -mindepth 1 \(maxDepth)-printf 'T%Y\\t%P\\0' 2>/dev/null\n"
                s += "  \(findCommand) -mindepth 1 \(maxDepth)-exec stat --printf 'S%F\\t%a\\t%u\\t%g\\t%s\\t%i\\t%d\\t%h\\t%.9X\\t%.9Y\\t%.9Z\\t%U\\t%G\\t%n\\0' {} + 2>/dev/null\n"
            } else {
                s += "  \(findCommand) -mindepth 1 \(maxDepth)-printf 'E%y\\t%Y\\t%m\\t%U\\t%G\\t%s\\t%i\\t%D\\t%n\\t%A@\\t%T@\\t%C@\\t%u\\t%g\\t%P\\0' 2>/dev/null\n"
            }
            if let checksum {
                s += "  \(findCommand) -mindepth 1 \(maxDepth)-type f -exec sh -c 'for f; do printf \"C%s\\t%s\\0\" \"$(\(checksum)sum < \"$f\" | cut -d\" \" -f1)\" \"${f#./}\"; done' sh {} + 2>/dev/null\n"
            }
            if let contains, fileType == "file" {
                let ere = PythonRegex.extendedRegex(contains)
                let grep = readWholeFile ? "grep -Ezq -e \"$0\"" : "grep -Eq -e \"^($0)\""
                s += "  \(findCommand) -mindepth 1 \(maxDepth)-type f -exec sh -c 'for f; do \(grep) \"$f\" 2>/dev/null && printf \"G%s\\0\" \"${f#./}\"; done' \(ShellQuote.quote(ere)) {} + 2>/dev/null\n"
            }
            s += "  cd /\nelse\n  printf 'X\\0'\nfi\n"
        }
        return s
    }

    struct Entry {
        var relative: String
        var fields: [Substring]
        var type: String { String(fields[0]) }
        var isDirectoryFollowed: Bool { fields[1] == "d" }
        var depth: Int { relative.split(separator: "/").count }
    }

    struct Outcome {
        var files: [ValueDict] = []
        var examined = 0
        var skipped = ValueDict()
        var warnings: [String] = []
        var message = "All paths examined"
    }

    /// Walks the listing as `os.walk` walks a tree and applies the filters.
    func evaluate(listing: String, paths: [String]) -> Outcome {
        var outcome = Outcome()
        var now = Date().timeIntervalSince1970
        var symbolicMode: Int? = nil
        var current = -1
        var followedTypes: [String: Substring] = [:]
        var trees: [Int: (entries: [Entry], checksums: [String: String], containing: Set<String>, missing: Bool)] = [:]
        for record in listing.split(separator: "\0", omittingEmptySubsequences: true) {
            let kind = record.first, rest = record.dropFirst()
            switch kind {
            case "N": now = Double(rest) ?? now
            case "M": symbolicMode = Int(rest, radix: 8)
            case "P": current = Int(rest) ?? -1; trees[current] = ([], [:], [], false)
            case "X": trees[current]?.missing = true
            case "E":
                let parts = rest.split(separator: "\t", maxSplits: 14, omittingEmptySubsequences: false)
                guard parts.count == 15 else { continue }
                trees[current]?.entries.append(Entry(relative: String(parts[14]), fields: Array(parts[0..<14])))
            case "T":
                let parts = rest.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 { followedTypes[String(parts[1])] = parts[0] }
            case "S":
                var parts = rest.split(separator: "\t", maxSplits: 13, omittingEmptySubsequences: false)
                guard parts.count == 14 else { continue }
                let relative = parts[13].hasPrefix("./") ? String(parts[13].dropFirst(2)) : String(parts[13])
                parts[0] = Substring(Self.typeLetter(String(parts[0])))
                parts.insert(followedTypes[relative] ?? parts[0], at: 1)
                trees[current]?.entries.append(Entry(relative: relative, fields: Array(parts[0..<14])))
            case "C":
                let parts = rest.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 { trees[current]?.checksums[String(parts[1])] = String(parts[0]) }
            case "G": trees[current]?.containing.insert(String(rest))
            default: break
            }
        }
        let wantedMode = mode.flatMap { m in m.allSatisfy({ ("0"..."7").contains($0) }) ? Int(m, radix: 8) : symbolicMode }
        for (i, path) in paths.enumerated() {
            guard let tree = trees[i], !tree.missing else {
                let problem = "'\(path)' is not a directory"
                outcome.skipped[path] = .string(problem)
                outcome.warnings.append("Skipped '\(path)' path due to this access issue: \(problem)\n")
                outcome.message = "Not all paths examined, check warnings for details"
                continue
            }
            var children: [String: [Entry]] = [:]
            for e in tree.entries {
                let parent = e.relative.split(separator: "/").dropLast().joined(separator: "/")
                children[parent, default: []].append(e)
            }
            if walk("", path: path, children: children, tree: tree, now: now, mode: wantedMode, into: &outcome) { break }
        }
        return outcome
    }

    /// One directory of the walk; true when the limit was reached.
    private func walk(_ directory: String, path: String, children: [String: [Entry]],
                      tree: (entries: [Entry], checksums: [String: String], containing: Set<String>, missing: Bool),
                      now: Double, mode: Int?, into outcome: inout Outcome) -> Bool {
        let entries = children[directory] ?? []
        let files = entries.filter { !$0.isDirectoryFollowed }, dirs = entries.filter(\.isDirectoryFollowed)
        outcome.examined += entries.count
        var descend = dirs
        for e in files + dirs {
            if let depth, recurse, e.depth > depth { descend = []; continue }
            let name = String(e.relative.split(separator: "/").last ?? "")
            if name.hasPrefix(".") && !hidden { continue }
            if matches(e, name: name, tree: tree, now: now, mode: mode) {
                var d: ValueDict = ["path": .string(Self.normalisedPath(path + "/" + e.relative))]
                for (k, v) in Self.describe(e) { d[k] = v }
                if e.type == "f", let c = tree.checksums[e.relative], checksum != nil, fileType == "any" || fileType == "file" {
                    d["checksum"] = .string(c)
                }
                outcome.files.append(d)
            }
            if outcome.files.count == limit {
                outcome.message = "Limit of matches reached"
                return true
            }
        }
        guard recurse else { return false }
        for d in descend where follow || d.type != "l" {
            if walk(d.relative, path: path, children: children, tree: tree, now: now, mode: mode, into: &outcome) { return true }
        }
        return false
    }

    private func matches(_ e: Entry, name: String,
                         tree: (entries: [Entry], checksums: [String: String], containing: Set<String>, missing: Bool),
                         now: Double, mode: Int?) -> Bool {
        let isFile = e.type == "f"
        switch fileType {
        case "any": break
        case "directory": guard e.type == "d" else { return false }
        case "link": guard e.type == "l" else { return false }
        default: guard isFile else { return false }
        }
        guard nameMatches(name), ageMatches(e, now: now), modeMatches(e, mode) else { return false }
        if isFile, let size, let bytes = Int(e.fields[5]) {
            if size >= 0 ? bytes < size : bytes > -size { return false }
        }
        if fileType == "file", contains != nil, !tree.containing.contains(e.relative) { return false }
        return true
    }

    func nameMatches(_ name: String) -> Bool {
        func match(_ pattern: String) -> Bool {
            if useRegex { return (try? PythonRegex(pattern))?.firstMatch(in: name, anchored: true) != nil }
            return (try? PythonRegex(Self.globRegex(pattern)))?.firstMatch(in: name, anchored: true) != nil
        }
        guard patterns.contains(where: match) else { return false }
        return !excludes.contains(where: match)
    }

    private func ageMatches(_ e: Entry, now: Double) -> Bool {
        guard let age else { return true }
        let index = ageStamp == "atime" ? 9 : ageStamp == "ctime" ? 11 : 10
        let elapsed = now - (Double(e.fields[index]) ?? 0)
        return age >= 0 ? elapsed >= Double(age) : elapsed <= Double(-age)
    }

    private func modeMatches(_ e: Entry, _ wanted: Int?) -> Bool {
        guard mode != nil else { return true }
        guard let wanted, let actual = Int(e.fields[2], radix: 8) else { return false }
        return exactMode ? actual == wanted & 0o7777 : actual & wanted != 0
    }

    /// stat's `%F` as find's `%y` letter.
    static func typeLetter(_ name: String) -> String {
        switch name {
        case "directory": return "d"
        case "symbolic link": return "l"
        case "fifo": return "p"
        case "socket": return "s"
        case "character special file": return "c"
        case "block special file": return "b"
        default: return name.hasSuffix("regular file") || name.hasSuffix("regular empty file") ? "f" : "U"
        }
    }

    /// fnmatch's reading of a glob as a whole-name regular expression.
    static func globRegex(_ glob: String) -> String {
        var out = ""
        let c = Array(glob)
        var i = 0
        while i < c.count {
            let ch = c[i]
            i += 1
            switch ch {
            case "*": out += ".*"
            case "?": out += "."
            case "[":
                var j = i
                if j < c.count, c[j] == "!" { j += 1 }
                if j < c.count, c[j] == "]" { j += 1 }
                while j < c.count, c[j] != "]" { j += 1 }
                if j >= c.count { out += "\\["; continue }
                var body = String(c[i..<j]).replacingOccurrences(of: "\\", with: "\\\\")
                i = j + 1
                if body.hasPrefix("!") { body = "^" + body.dropFirst() } else if body.hasPrefix("^") { body = "\\" + body }
                out += "[" + body + "]"
            default:
                out += NSRegularExpression.escapedPattern(for: String(ch))
            }
        }
        return "(?s:" + out + ")\\Z"
    }

    /// Python's os.path.normpath for the paths reported.
    static func normalisedPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() }
            else if part == "..", absolute { continue }
            else { parts.append(part) }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : joined.isEmpty ? "." : joined
    }

    /// The stat-like description ansible-core gives each entry.
    static func describe(_ e: Entry) -> ValueDict {
        let f = e.fields
        let bits = Int(f[2], radix: 8) ?? 0
        func flag(_ mask: Int) -> Value { .bool(bits & mask != 0) }
        func number(_ i: Int) -> Value { .int(Int(f[i]) ?? 0) }
        func time(_ i: Int) -> Value { .float(Double(f[i]) ?? 0) }
        let type = e.type
        return [
            "mode": .string(String(repeating: "0", count: max(0, 4 - f[2].count)) + f[2]),
            "isdir": .bool(type == "d"), "ischr": .bool(type == "c"), "isblk": .bool(type == "b"), "isreg": .bool(type == "f"),
            "isfifo": .bool(type == "p"), "islnk": .bool(type == "l"), "issock": .bool(type == "s"),
            "uid": number(3), "gid": number(4), "size": number(5), "inode": number(6), "dev": number(7), "nlink": number(8),
            "atime": time(9), "mtime": time(10), "ctime": time(11),
            "gr_name": .string(f[13].allSatisfy(\.isNumber) && f[13] == f[4] ? "" : String(f[13])),
            "pw_name": .string(f[12].allSatisfy(\.isNumber) && f[12] == f[3] ? "" : String(f[12])),
            "wusr": flag(0o200), "rusr": flag(0o400), "xusr": flag(0o100),
            "wgrp": flag(0o020), "rgrp": flag(0o040), "xgrp": flag(0o010),
            "woth": flag(0o002), "roth": flag(0o004), "xoth": flag(0o001),
            "isuid": flag(0o4000), "isgid": flag(0o2000),
        ]
    }
}
