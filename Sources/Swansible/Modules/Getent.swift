import Foundation

/// `getent`: one lookup (or a whole database) with the host's `getent`, returned as the fact
/// `getent_<database>`: each line keyed by its first field, the rest split on `split`
/// (`:` for passwd, shadow, group and gshadow, whitespace otherwise).
struct GetentModule: Module {
    static let names = ["getent"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("database", required: true,
                     description: "The database to ask (passwd, group, hosts, services, shadow...), as `getent` names it."),
        ArgumentSpec("fail_key", .bool, default: true,
                     description: "Fail when `key` is not found; when false the key is returned with a null value."),
        ArgumentSpec("key", description: "The key to look up; without it the whole database is listed."),
        ArgumentSpec("service", description: "The NSS service to ask instead of the configured ones (`getent -s`)."),
        ArgumentSpec("split", description: "The separator of a line's fields; by default `:` for passwd, shadow, group and gshadow, whitespace otherwise."),
    ])

    static let documentation = ModuleDocumentation(
        "Look up entries with getent",
        description: [
            "Runs `getent` on the host for one key or a whole database and returns the answer as the fact `getent_<database>`: a dict keyed by each line's first field, whose value is the list of the other fields.",
            "A key found on several lines maps to a list of those lists.",
        ],
        notes: [
            "Needs the `getent` command on the host (glibc and musl provide it); no Python is needed.",
        ],
        examples: """
            - name: Read the deploy user's passwd entry
              ansible.builtin.getent:
                database: passwd
                key: deploy

            - name: The home directory
              ansible.builtin.debug:
                msg: "{{ getent_passwd.deploy[4] }}"

            - name: Whether a group exists, without failing
              ansible.builtin.getent:
                database: group
                key: docker
                fail_key: false
            """)

    /// `sw_find NAME` sets `bin` to the command's path, looked for as ansible-core's
    /// `get_bin_path` looks (PATH, then /sbin, /usr/sbin and /usr/local/sbin), or prints
    /// `missing=` with the directories searched, as its message lists them, and exits.
    static let findExecutable = #"""
        sw_find() {
          sw_p=$PATH
          for sw_d in /sbin /usr/sbin /usr/local/sbin; do
            case ":$PATH:" in *":$sw_d:"*) ;; *) [ -e "$sw_d" ] && sw_p="$sw_p:$sw_d" ;; esac
          done
          sw_ifs=$IFS; IFS=:; set -f
          for sw_d in $sw_p; do
            if [ -n "$sw_d" ] && [ -f "$sw_d/$1" ] && [ -x "$sw_d/$1" ]; then bin="$sw_d/$1"; IFS=$sw_ifs; set +f; return 0; fi
          done
          IFS=$sw_ifs; set +f
          printf 'missing=%s\n' "$sw_p"; exit 0
        }
        """#

    /// The databases whose fields are separated by colons unless `split` says otherwise.
    static let colonDatabases: Set<String> = ["passwd", "shadow", "group", "gshadow"]

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let database = args.string("database") ?? ""
        let key = args.string("key")
        var command = ["getent", database]
        if let key { command.append(key) }
        if let service = args.string("service") { command += ["-s", service] }
        let script = """
            \(findExecutable)
            sw_find getent
            out=$("$bin" \(command.dropFirst().map(ShellQuote.quote).joined(separator: " ")) 2>/dev/null); rc=$?
            printf 'rc=%s\\n' "$rc"; [ -z "$out" ] || printf '%s\\n' "$out"

            """
        let result = try await context.runScript(script)
        let stdout = result.stdout
        if stdout.hasPrefix("missing=") {
            let path = stdout.dropFirst("missing=".count).split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
            return .failure("Failed to find required executable \"getent\" in paths: \(path)")
        }
        guard stdout.hasPrefix("rc="), let newline = stdout.firstIndex(of: "\n"),
              let rc = Int(stdout[stdout.index(stdout.startIndex, offsetBy: 3)..<newline]) else {
            return .failure("getent did not run on the host: \(result.stderr)")
        }
        let output = String(stdout[stdout.index(after: newline)...])
        return answer(database: database, key: key, split: args.string("split"), failKey: args.bool("fail_key"),
                      exitCode: rc, output: output)
    }

    /// The module's result for `getent`'s exit code and output, with ansible-core's messages
    /// for its exit codes 1 (unknown database), 2 (key not found) and 3 (no enumeration).
    static func answer(database: String, key: String?, split: String?, failKey: Bool, exitCode: Int, output: String) -> ModuleResult {
        let fact = "getent_" + database
        switch exitCode {
        case 0:
            let separator = split ?? (colonDatabases.contains(database) ? ":" : nil)
            if separator == "" { return .failure("empty separator") }
            var entries = ValueDict(), seen: [String: Int] = [:]
            for line in lines(output) {
                let fields = separator.map { line.components(separatedBy: $0) } ?? whitespaceFields(line)
                guard let first = fields.first else { continue }
                let rest = Value.list(fields.dropFirst().map(Value.string))
                switch seen[first] {
                case nil:
                    entries[first] = rest
                    seen[first] = 1
                case 1?:
                    entries[first] = .list([entries[first] ?? .null, rest])
                    seen[first] = 2
                default:
                    if case .list(var all) = entries[first] { all.append(rest); entries[first] = .list(all) }
                }
            }
            return ModuleResult(facts: [fact: .dict(entries)])
        case 1:
            return .failure("Missing arguments, or database unknown.")
        case 2:
            let message = "One or more supplied key could not be found in the database."
            if failKey { return .failure(message) }
            return ModuleResult(message: message, facts: [fact: .dict([key ?? "null": .null])])
        case 3:
            return .failure("Enumeration not supported on this database.")
        default:
            return .failure("Unexpected failure!")
        }
    }

    /// Lines as Python's `splitlines` gives them for getent's output (LF, CR LF or CR ends).
    static func lines(_ text: String) -> [String] {
        var result: [String] = [], current = ""
        var iterator = text.unicodeScalars.makeIterator()
        var pendingCR = false
        while let scalar = iterator.next() {
            if pendingCR {
                pendingCR = false
                if scalar == "\n" { continue }
            }
            switch scalar {
            case "\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}":
                result.append(current); current = ""
            case "\r":
                result.append(current); current = ""; pendingCR = true
            default:
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Python's `str.split()` without a separator: runs of whitespace, no empty fields.
    static func whitespaceFields(_ line: String) -> [String] {
        line.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }
}
