import Foundation

/// `authorized_key` (ansible.posix.authorized_key; ansible-core routes the short name there):
/// SSH public keys in a user's authorized_keys file. One script finds the user, reads the file
/// (and fetches the keys when `key` is a URL, with curl or wget on the host); the file is
/// edited here as ansible.posix edits it (`AuthorizedKeysFile`), and only a changed text is
/// written, by one script: temp file beside it, then rename.
struct AuthorizedKeyModule: Module {
    static let names = ["authorized_key", "ansible.posix.authorized_key"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("comment", description: "The comment the keys get; when not given, each key keeps its own."),
        ArgumentSpec("exclusive", .bool, default: false,
                     description: "Remove every other line of the file (one task's keys only: not loop-aware)."),
        ArgumentSpec("follow", .bool, default: false, description: "Write through a symbolic link at the file's path instead of replacing the link."),
        ArgumentSpec("key", required: true,
                     description: "The public key(s), one per line, or an http(s) URL that serves them (fetched on the host with curl or wget)."),
        ArgumentSpec("key_options", description: "SSH options put before the keys (`no-port-forwarding,from=\"10.0.1.1\"`)."),
        ArgumentSpec("manage_dir", .bool, default: true,
                     description: "Create the file's directory (0700, owned by the user) and set the owner and mode of an existing one."),
        ArgumentSpec("path", .path, description: "The authorized_keys file (~user/.ssh/authorized_keys by default)."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the keys (with their options) are in the file."),
        ArgumentSpec("user", required: true, description: "The user whose authorized_keys file is edited."),
        ArgumentSpec("validate_certs", .bool, default: true, description: "Check the TLS certificate when `key` is an https URL."),
    ])

    static let documentation = ModuleDocumentation(
        "Add or remove SSH authorized keys",
        description: [
            "Adds or removes SSH public keys in a user's authorized_keys file, keeping the other lines where they are; with `exclusive`, the given keys are the only lines left.",
            "When the file is written, it is owned by the user with mode 0600 (and, with `manage_dir`, its directory 0700).",
        ],
        notes: [
            "ansible.posix's module; ansible-core routes `authorized_key` to it, and so does Swansible (ansible.posix is not needed).",
            "A URL in `key` is fetched on the host with curl (or wget), which must be installed there.",
        ],
        examples: """
            - name: Let the deploy user in with its key
              ansible.posix.authorized_key:
                user: deploy
                key: "{{ lookup('file', 'files/deploy.pub') }}"

            - name: Only these keys for root, from the network only (the short name is routed to ansible.posix)
              ansible.builtin.authorized_key:
                user: root
                key: |
                  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGHt7eFn0tq3ItGT1nsNSkWRAY8vSDRRr6OJHdaHyfUm admin@example
                key_options: from="10.0.0.0/8"
                exclusive: true
            """,
        diffMode: .full)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let keyArgument = args.string("key") ?? ""
        let user = args.string("user") ?? "", path = args.string("path")
        let state = args.string("state") ?? "present"
        let (probe, report) = try await context.runReport(probeScript(
            user: user, path: path, follow: args.bool("follow"), checkMode: context.checkMode,
            url: keyArgument.hasPrefix("http") ? keyArgument : nil, validateCerts: args.bool("validate_certs")))
        if report.flag("failed") { return .failure(report["msg"] ?? probe.stderr) }
        guard let keyfile = report["keyfile"], let target = report["target"] else {
            return .failure("authorized_key failed on the host: \(probe.stderr)")
        }
        let keys = keyArgument.hasPrefix("http") ? decoded(report["fetched"]) : keyArgument
        let existing = decoded(report["content"])
        var file = AuthorizedKeysFile(existing)
        let edit: Bool
        do {
            edit = try file.apply(keys: keys, state: state, options: args.string("key_options"),
                                  comment: args.string("comment"), exclusive: args.bool("exclusive"))
        } catch let invalid as AuthorizedKeysFile.InvalidKey {
            return .failure("invalid key specified: \(invalid.line)")
        }
        var fields: ValueDict = [:]
        for name in ["comment", "exclusive", "follow", "key", "key_options"] { fields[name] = args[name] ?? .null }
        fields["keyfile"] = .string(keyfile)
        for name in ["manage_dir", "path", "state", "user", "validate_certs"] { fields[name] = args[name] ?? .null }
        guard edit else { return try await withPathInfo(ModuleResult(changed: false, fields: fields), args, in: context) }
        let text = file.text
        var diff: [FileDiff] = []
        if context.diffMode {
            fields["diff"] = ["after": .string(text), "after_header": .string(target), "before": .string(existing),
                              "before_header": .string(keyfile)]
            diff = [FileDiff(path: target, before: existing, after: text)]
        }
        if !context.checkMode {
            let sshDirectory = path.map { ($0 as NSString).deletingLastPathComponent } ?? report["home"].map { $0 + "/.ssh" } ?? ""
            let (written, installed) = try await context.runReport(installScript(
                text, target: target, directory: args.bool("manage_dir") ? sshDirectory : nil,
                uid: report["uid"] ?? "", gid: report["gid"] ?? ""))
            if installed.flag("failed") || installed["done"] == nil {
                return .failure(installed["msg"] ?? "could not write \(target): \(written.stderr)")
            }
        }
        return try await withPathInfo(ModuleResult(changed: true, fields: fields, diff: diff), args, in: context)
    }

    /// A `path` given names the file in the result, so ansible-core adds its facts (`state` too).
    private static func withPathInfo(_ result: ModuleResult, _ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        guard let path = args.string("path") else { return result }
        return try await PathInfo.added(to: result, path: path, in: context)
    }

    private static func decoded(_ base64: String?) -> String {
        base64.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Prints `keyfile` (the path read), `target` (the path written: its real path with
    /// `follow`), `uid`, `gid`, `home`, and in base64 the file's `content` and the keys `fetched`
    /// from the URL; ansible.posix's messages for a missing user or an unreachable URL.
    static func probeScript(user: String, path: String?, follow: Bool, checkMode: Bool, url: String?, validateCerts: Bool) -> String {
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions
        s += "user=\(q(user))\npath=\(q(path ?? ""))\nurl=\(q(url ?? ""))\n"
        s += "insecure=\(validateCerts ? 0 : 1)\nfollow=\(follow ? 1 : 0)\nsw_check=\(checkMode ? 1 : 0)\n"
        s += #"""
            b64() { base64 -w0; echo; }
            if [ -n "$url" ]; then
              if command -v curl >/dev/null 2>&1; then
                k=; [ "$insecure" = 1 ] && k=-k
                fetched=$(curl -fsSL $k "$url" 2>/dev/null) || sw_fail "Error getting key from: $url"
              elif command -v wget >/dev/null 2>&1; then
                k=; [ "$insecure" = 1 ] && k=--no-check-certificate
                fetched=$(wget -q -O - $k "$url" 2>/dev/null) || sw_fail "Error getting key from: $url"
              else
                sw_fail "Error getting key from: $url (neither curl nor wget is available on this host)"
              fi
              printf 'fetched='; printf '%s' "$fetched" | b64
            fi
            entry=$(getent passwd "$user")
            if [ -z "$entry" ]; then
              if [ "$sw_check" = 1 ]; then
                [ -n "$path" ] || sw_fail "Either user must exist or you must provide full path to key file in check mode"
              else
                sw_fail "Failed to lookup user $user: \"getpwnam(): name not found: '$user'\""
              fi
            fi
            home=$(printf '%s' "$entry" | cut -d: -f6)
            printf 'uid=%s\ngid=%s\nhome=%s\n' "$(printf '%s' "$entry" | cut -d: -f3)" "$(printf '%s' "$entry" | cut -d: -f4)" "$home"
            keyfile=${path:-$home/.ssh/authorized_keys}
            target=$keyfile; [ "$follow" = 1 ] && target=$(realpath -m "$keyfile")
            printf 'keyfile=%s\ntarget=%s\n' "$keyfile" "$target"
            if [ -f "$keyfile" ]; then printf 'content='; b64 < "$keyfile" || sw_fail "could not read $keyfile"; fi

            """#
        return s
    }

    /// Writes `text` at `target` owned by the user with mode 0600, after making `directory`
    /// (when managed) 0700 and the user's; the text goes to a temp file beside the target,
    /// renamed over it.
    static func installScript(_ text: String, target: String, directory: String?, uid: String, gid: String) -> String {
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions
        s += "target=\(q(target))\ndir=\(q(directory ?? ""))\nowner=\(q(uid + ":" + gid))\n"
        s += #"""
            if [ -n "$dir" ]; then
              if [ ! -e "$dir" ]; then
                out=$(mkdir -m 0700 "$dir" 2>&1) || sw_fail "Failed to create directory $dir : $out"
              fi
              chown "$owner" "$dir" && chmod 0700 "$dir" || sw_fail "could not set the owner and mode of $dir"
            fi
            if [ ! -e "$target" ]; then
              mkdir -p "$(dirname "$target")" && : >"$target" || sw_fail "could not create $target"
            fi
            chown "$owner" "$target" 2>/dev/null; chmod 0600 "$target" 2>/dev/null
            tmp=$(mktemp "$(dirname "$target")/.swansible-tmp-XXXXXX") || sw_fail "could not create a temporary file beside $target"
            trap 'rm -f "$tmp"' EXIT

            """#
        s += "printf '%s' \(q(text)) >\"$tmp\" || sw_fail \"Failed to write to file $tmp\"\n"
        s += #"""
            chmod --reference="$target" "$tmp"; chown --reference="$target" "$tmp" 2>/dev/null
            mv -f "$tmp" "$target" || sw_fail "could not rename $tmp to $target"
            echo done=1

            """#
        return s
    }
}

/// An authorized_keys file as ansible.posix's authorized_key reads and writes it: every line
/// an entry named by its key's base64 blob (lines that are not keys: by the line itself, so
/// that repeated lines merge), kept in file order; keys given again are compared with their
/// type, options and comment, replaced (moved after the others) when these differ.
struct AuthorizedKeysFile: Equatable {
    /// Key types ansible.posix recognises; a line without one is not a key.
    static let keyTypes: Set<String> = [
        "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
        "webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
        "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521",
        "ecdsa-sha2-nistp521-cert-v01@openssh.com", "sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com",
        "ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com", "ssh-dss", "ssh-rsa", "ssh-xmss@openssh.com",
        "ssh-xmss-cert-v01@openssh.com", "rsa-sha2-256", "rsa-sha2-512", "ssh-rsa-cert-v01@openssh.com",
        "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com",
    ]

    struct InvalidKey: Error { var line: String }

    /// SSH options in their order; a name may repeat. Equal when each name has the same values
    /// in the same order, whatever the order of names.
    struct Options: Equatable {
        var items: [(name: String, value: String?)] = []

        /// Splits at the commas outside double or single quotes; `name=value` or a bare name.
        init(_ text: String?) {
            guard let text, !text.isEmpty else { return }
            var part = "", quote: Character? = nil
            var parts: [String] = []
            for c in text {
                if let q = quote {
                    part.append(c)
                    if c == q { quote = nil }
                } else if c == "," {
                    if !part.isEmpty { parts.append(part) }
                    part = ""
                } else {
                    if c == "\"" || c == "'" { quote = c }
                    part.append(c)
                }
            }
            if !part.isEmpty { parts.append(part) }
            for p in parts {
                if let eq = p.firstIndex(of: "=") {
                    items.append((String(p[..<eq]), String(p[p.index(after: eq)...])))
                } else {
                    items.append((p, nil))
                }
            }
        }

        var text: String { items.map { item in item.value.map { "\(item.name)=\($0)" } ?? item.name }.joined(separator: ",") }

        static func == (a: Options, b: Options) -> Bool {
            func grouped(_ o: Options) -> [String: [String?]] { Dictionary(grouping: o.items, by: \.name).mapValues { $0.map(\.value) } }
            return grouped(a) == grouped(b)
        }
    }

    enum Line: Equatable {
        case key(type: String, blob: String, options: Options, comment: String)
        /// Not a key (a comment, a blank line, anything else): written back as it was read.
        case other(String)
    }

    struct Entry: Equatable {
        var id: String
        var line: Line
        var rank: Int
    }

    var entries: [Entry] = []

    init(_ text: String) {
        for (rank, raw) in Self.linesKeepingEnds(text).enumerated() {
            switch Self.parse(raw) {
            case .key(let type, let blob, let options, let comment):
                set(Entry(id: blob, line: .key(type: type, blob: blob, options: options, comment: comment), rank: rank))
            case .other(let kept):
                set(Entry(id: kept, line: .other(kept), rank: rank))
            case nil:
                set(Entry(id: raw, line: .other(raw), rank: rank))
            }
        }
    }

    /// One line: a key (options before its type, comment after its blob), `.other` for a line
    /// whose first word is `#`, nil for anything else.
    static func parse(_ raw: String) -> Line? {
        let line = raw.replacingOccurrences(of: "\\#", with: "#")
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        if words.first == "#" { return .other(line) }
        guard let typeIndex = words.firstIndex(where: keyTypes.contains), typeIndex + 1 < words.count else { return nil }
        let options = Options(typeIndex > 0 ? words[..<typeIndex].joined(separator: " ") : nil)
        return .key(type: words[typeIndex], blob: words[typeIndex + 1], options: options,
                    comment: words[(typeIndex + 2)...].joined(separator: " "))
    }

    /// Like Python's `splitlines(True)` for \n, \r\n and \r.
    static func linesKeepingEnds(_ text: String) -> [String] {
        var lines: [String] = [], current = ""
        for c in text {
            current.append(c)
            if c == "\n" || c == "\r\n" || c == "\r" { lines.append(current); current = "" }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Like a Python dict: a known id keeps its place and takes the new entry.
    private mutating func set(_ entry: Entry) {
        if let i = entries.firstIndex(where: { $0.id == entry.id }) { entries[i] = entry } else { entries.append(entry) }
    }

    /// Adds or removes `keys` (lines; blank ones and `#` comments skipped); whether the file
    /// changes. `options` and `comment`, when given, replace each key's own.
    mutating func apply(keys: String, state: String, options: String?, comment: String?, exclusive: Bool) throws -> Bool {
        let given = keys.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map(String.init).filter { !$0.hasPrefix("#") }
        let existingCount = entries.count
        var changed = false, wanted: Set<String> = []
        for (rank, raw) in given.enumerated() {
            guard case .key(let type, let blob, var keyOptions, var keyComment)? = Self.parse(raw) else { throw InvalidKey(line: raw) }
            if let options { keyOptions = Options(options) }
            if let comment { keyComment = comment }
            let line = Line.key(type: type, blob: blob, options: keyOptions, comment: keyComment)
            let index = entries.firstIndex { $0.id == blob }
            if state == "present" {
                wanted.insert(blob)
                if let index, entries[index].line == line { continue }
                if let index { entries.remove(at: index) }
                entries.append(Entry(id: blob, line: line, rank: existingCount + rank))
                changed = true
            } else if let index {
                entries.remove(at: index)
                changed = true
            }
        }
        if state == "present" && exclusive {
            let before = entries.count
            entries.removeAll { !wanted.contains($0.id) }
            changed = changed || entries.count != before
        }
        return changed
    }

    /// The file's text: entries by rank (file order among equal ranks).
    var text: String {
        entries.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map { item -> String in
            switch item.element.line {
            case .other(let raw): return raw
            case .key(let type, let blob, let options, let comment):
                return (options.items.isEmpty ? "" : options.text + " ") + "\(type) \(blob) \(comment)\n"
            }
        }.joined()
    }
}
