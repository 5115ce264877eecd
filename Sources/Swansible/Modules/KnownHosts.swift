import Foundation
import SwansibleCrypto

/// `known_hosts`: adds, replaces or removes a host's key in an OpenSSH known_hosts file. The
/// host's `ssh-keygen -F` finds the entries (plain, patterned or hashed names) in the one
/// round trip that also reads the file; the new file is written beside the old and renamed
/// over it, and only when it changes.
struct KnownHostsModule: Module {
    static let names = ["known_hosts"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("name", required: true, aliases: ["host"],
                     description: "The host to add or remove; `[host]:port` for another port than 22. One name, not a list."),
        ArgumentSpec("key", description: "The line to add, as a known_hosts file holds it (`host type key`); it must name `name`. Required with `state: present`."),
        ArgumentSpec("path", .path, default: "~/.ssh/known_hosts", description: "The known_hosts file to edit."),
        ArgumentSpec("hash_host", .bool, default: false, description: "Write the host name hashed, as `ssh-keygen -H` does."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "`present` adds the key (replacing another of its type for the host); `absent` removes it, or every key of the host when no `key` is given."),
    ])

    static let documentation = ModuleDocumentation(
        "Add or remove a host key in a known_hosts file",
        description: [
            "Keeps one host's key in an OpenSSH known_hosts file: added when missing, replaced when the host has another key of the same type, removed with `state: absent`.",
            "Entries are found with the host's `ssh-keygen -F`, so hashed names and patterns count as `ssh` sees them.",
        ],
        notes: [
            "Needs `ssh-keygen` on the host (OpenSSH's client tools); no Python is needed.",
            "The file is written beside the old one and renamed over it, keeping its mode and owner.",
        ],
        examples: """
            - name: Trust the Git server's key
              ansible.builtin.known_hosts:
                name: git.example.com
                key: "git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

            - name: Forget every key of a retired host
              ansible.builtin.known_hosts:
                name: old.example.com
                state: absent
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let host = (args.string("name") ?? "").lowercased()
        let givenKey = args.string("key").flatMap { $0.isEmpty ? nil : $0 }
        let present = args.string("state") != "absent"
        guard givenKey != nil || !present else { return .failure("No key specified when adding a host") }
        var key = givenKey.map { args.bool("hash_host") ? hashedHost(host, in: $0) : $0 }
        if let line = key, !line.hasSuffix("\n") { key = line + "\n" }
        if key != nil, host.range(of: #"\S+(\s+)?,(\s+)?"#, options: .regularExpression) != nil {
            return .failure("Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.")
        }
        let look = try await lookUp(host, key: key, path: args.string("path") ?? "~/.ssh/known_hosts", in: context)
        if let missing = look.report["missing"] {
            return .failure("Failed to find required executable \"ssh-keygen\" in paths: \(missing)")
        }
        let path = look.report["path"] ?? ""
        var fields: ValueDict = [
            "name": args["name"] ?? .null, "key": givenKey.map(Value.string) ?? .null, "path": .string(path),
            "hash_host": .bool(args.bool("hash_host")), "state": .string(present ? "present" : "absent"),
        ]
        if key != nil, look.report["sane"] != "1" {
            return .failure("Host parameter does not match hashed host field in supplied key")
        }
        let search: Search
        switch Search.of(look, key: key) {
        case .success(let found): search = found
        case .failure(let problem): return .failure(problem.message)
        }
        let before = look.content ?? ""
        var lines = linesKeepingEnds(before)
        if search.replace || !present, let line = search.line, (1 ... lines.count).contains(line) { lines.remove(at: line - 1) }
        if present, let key, search.replace || search.line == nil { lines.append(key) }
        let after = lines.joined()
        let beforeHeader = look.content == nil ? "/dev/null" : path
        let diffFields: Value = [
            "before": .string(before), "after": .string(after), "before_header": .string(beforeHeader), "after_header": .string(path),
        ]
        fields["diff"] = diffFields
        // Like ansible-core, the result names the file's facts (its `state` among them).
        let unchanged = fields.merging(PathInfo.fields(from: look.report)) { $1 }
        if !present, key != nil, search.line == nil { return ModuleResult(changed: false, fields: unchanged) }
        let changes = search.replace || search.found != present
        let diff = context.diffMode && after != before ? [FileDiff(path: beforeHeader, before: before, after: after, afterPath: path)] : []
        // (In check mode ansible-core's result is only the change and its diff.)
        if context.checkMode { return ModuleResult(changed: changes, fields: ["diff": diffFields], diff: diff) }
        if search.found, key == nil, !present {
            // Every key of the host, as `ssh-keygen -R` removes them (leaving `path.old`).
            let removed = try await context.runScript("ssh-keygen -R \(ShellQuote.quote(host)) -f \(ShellQuote.quote(path))")
            guard removed.exitCode == 0 else {
                return .failure("ssh-keygen -R failed (rc=\(removed.exitCode)): \(removed.stderr)")
            }
            return try await PathInfo.added(to: ModuleResult(changed: true, fields: fields, diff: diff), path: path, in: context)
        }
        guard changes else { return ModuleResult(changed: false, fields: unchanged) }
        if look.report["nodir"] == "1" {
            // ansible-core writes its temporary file beside the file, and fails without the directory.
            let directory = (path as NSString).deletingLastPathComponent
            return .raisedFailure("Task failed: Module failed: Failed to write to file '\(path)': [Errno 2] No such file or directory: '\(directory)'")
        }
        let written = try await TextFileEdit(path: path, attributes: FileAttributes())
            .write(after, to: path, backup: false, validate: nil, in: context)
        if let failure = written.failure { return .failure(failure) }
        return try await PathInfo.added(to: ModuleResult(changed: true, fields: fields, diff: diff), path: path, in: context)
    }

    /// What the host said: its report (`path`, `sane`, `exists`, `rc`, `found`, `errors`) and
    /// the file's text (nil when there is none).
    struct Look {
        var report: ScriptReport
        var content: String?
    }

    static let contentMarker = "__swansible_known_hosts__"

    /// One script: finds ssh-keygen, expands `~`, checks that the key names the host, asks
    /// `ssh-keygen -F` for the host's entries, and prints the file.
    static func lookUp(_ host: String, key: String?, path: String, in context: ModuleContext) async throws -> Look {
        var s = RemoteFileLibrary.functions + GetentModule.findExecutable + "\nsw_find ssh-keygen\nkg=$bin\n"
        if path == "~" || path.hasPrefix("~/") {
            s += "p=\"$HOME\"\(ShellQuote.quote(String(path.dropFirst())))\n"
        } else {
            s += "p=\(ShellQuote.quote(path))\n"
        }
        s += "h=\(ShellQuote.quote(host))\nprintf 'path=%s\\n' \"$p\"\n"
        s += "[ -d \"$(dirname \"$p\")\" ] || echo nodir=1\n" + PathInfo.describingP
        if let key {
            s += "t=$(mktemp) || exit 1\nprintf '%s' \(ShellQuote.quote(key)) > \"$t\"\n"
            s += "[ -n \"$(\"$kg\" -F \"$h\" -f \"$t\" 2>/dev/null)\" ] && echo sane=1\nrm -f \"$t\"\n"
        }
        s += """
            [ -e "$p" ] || exit 0
            e=$(mktemp) || exit 1
            out=$("$kg" -F "$h" -f "$p" 2>"$e"); rc=$?
            printf 'rc=%s\\nfound=%s\\nerrors=%s\\n' "$rc" "$(printf '%s' "$out" | base64 -w0)" "$(base64 -w0 < "$e")"
            rm -f "$e"
            echo \(contentMarker)
            cat "$p"

            """
        let result = try await context.runScript(s)
        guard let marker = result.stdout.range(of: contentMarker + "\n") else {
            return Look(report: ScriptReport(result.stdout), content: nil)
        }
        return Look(report: ScriptReport(String(result.stdout[..<marker.lowerBound])),
                    content: String(result.stdout[marker.upperBound...]))
    }

    /// Where the host's key is in the file: found at all, to be replaced (or added), and the
    /// line of the entry of the key's type.
    struct Search {
        var found: Bool
        var replace: Bool
        var line: Int?

        struct Problem: Error { var message: String }

        static func of(_ look: Look, key: String?) -> Result<Search, Problem> {
            guard look.content != nil else { return .success(Search(found: false, replace: false, line: nil)) }
            let rc = Int(look.report["rc"] ?? "") ?? 0
            let output = decoded(look.report["found"]), errors = decoded(look.report["errors"])
            if output.isEmpty, errors.isEmpty, rc == 0 || rc == 1 { return .success(Search(found: false, replace: false, line: nil)) }
            if rc != 0 {
                return .failure(Problem(message: "ssh-keygen failed (rc=\(rc), stdout='\(output)',stderr='\(errors)')"))
            }
            guard let key else { return .success(Search(found: true, replace: false, line: nil)) }
            var wanted = Entry(key)
            var line: Int?
            for text in output.split(separator: "\n").map(String.init) {
                if text.hasPrefix("#") {
                    if let range = text.range(of: #"found: line (\d+)"#, options: .regularExpression) {
                        line = Int(text[range].split(separator: " ").last ?? "")
                    }
                    continue
                }
                let entry = Entry(text)
                if entry.options?.hasPrefix("@cert-authority") == true || entry.options?.hasPrefix("@revoke") == true {
                    if wanted == entry { return .success(Search(found: true, replace: false, line: line)) }
                    continue
                }
                // A name hashed in both is the same name: its salt may differ.
                if wanted.host.hasPrefix("|1|"), entry.host.hasPrefix("|1|") { wanted.host = entry.host }
                if wanted == entry { return .success(Search(found: true, replace: false, line: line)) }
                if wanted.type == entry.type { return .success(Search(found: true, replace: true, line: line)) }
            }
            return .success(Search(found: true, replace: true, line: nil))
        }

        private static func decoded(_ base64: String?) -> String {
            Data(base64Encoded: base64 ?? "").map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    /// A known_hosts line's fields, compared without its comment.
    struct Entry: Equatable {
        var options: String?
        var host: String
        var type: String
        var key: String

        init(_ line: String) {
            var fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if fields.first?.hasPrefix("@") == true { options = fields.removeFirst() }
            while fields.count < 3 { fields.append("") }
            (host, type, key) = (fields[0], fields[1], fields[2])
        }
    }

    /// The lines of `text`, each with its newline (the last may have none).
    static func linesKeepingEnds(_ text: String) -> [String] {
        var lines: [String] = [], current = ""
        for character in text {
            current.append(character)
            if character == "\n" { lines.append(current); current = "" }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `key` with its host name hashed as OpenSSH hashes it: `|1|salt|HMAC-SHA1(salt, name)`.
    static func hashedHost(_ host: String, in key: String) -> String {
        var fields = key.split(whereSeparator: \.isWhitespace).map(String.init)
        let index = fields.first?.hasPrefix("@") == true ? 1 : 0
        guard fields.indices.contains(index) else { return key }
        let salt = Crypto.randomBytes(20)
        let digest = Crypto.hmacSHA1(key: salt, data: Array(host.utf8))
        fields[index] = "|1|\(Data(salt).base64EncodedString())|\(Data(digest).base64EncodedString())"
        return fields.joined(separator: " ")
    }
}
