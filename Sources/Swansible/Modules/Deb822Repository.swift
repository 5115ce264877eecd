import Foundation

/// `deb822_repository`: an apt source in deb822 form, /etc/apt/sources.list.d/SLUG.sources,
/// written as ansible-core writes it (fields in the order of the option names, lists joined by
/// spaces, booleans yes/no, multi-line values indented). One script settles the signing key
/// (a key from a URL is fetched on the host into /etc/apt/keyrings) and reads the file; the
/// file is written only when it differs (temp file beside it, renamed), its mode set.
struct Deb822RepositoryModule: Module {
    static let names = ["deb822_repository"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("allow_downgrade_to_insecure", .bool, description: "Allow a signed repository to become unsigned (`Allow-Downgrade-To-Insecure`)."),
        ArgumentSpec("allow_insecure", .bool, description: "Allow an unsigned repository (`Allow-Insecure`)."),
        ArgumentSpec("allow_weak", .bool, description: "Allow weak signatures (`Allow-Weak`)."),
        ArgumentSpec("architectures", .list, description: "The architectures to fetch (`Architectures`)."),
        ArgumentSpec("by_hash", .bool, description: "Fetch index files by their hash (`By-Hash`)."),
        ArgumentSpec("check_date", .bool, description: "Check the Release file's date (`Check-Date`)."),
        ArgumentSpec("check_valid_until", .bool, description: "Check the Release file's Valid-Until (`Check-Valid-Until`)."),
        ArgumentSpec("components", .list, description: "The components (`Components`); none when a suite is an exact path."),
        ArgumentSpec("date_max_future", .int, description: "How far in the future the Release date may be, in seconds (`Date-Max-Future`)."),
        ArgumentSpec("enabled", .bool, description: "Whether apt uses the source (`Enabled`)."),
        ArgumentSpec("inrelease_path", description: "The path of the InRelease file (`Inrelease-Path`)."),
        ArgumentSpec("languages", .list, description: "The translations to fetch (`Languages`)."),
        ArgumentSpec("mode", .raw, default: "0644", description: "The mode of the .sources file."),
        ArgumentSpec("name", required: true, description: "The repository's name (`X-Repolib-Name`); the file name is made from it."),
        ArgumentSpec("pdiffs", .bool, description: "Fetch index differences (`Pdiffs`)."),
        ArgumentSpec("signed_by", description: "The signing key: a path on the host, an http(s) URL (fetched into /etc/apt/keyrings), or the armored key itself."),
        ArgumentSpec("state", default: "present", choices: ["present", "absent"], description: "Whether the file (and the key fetched for it) exists."),
        ArgumentSpec("suites", .list, description: "The suites (`Suites`)."),
        ArgumentSpec("targets", .list, description: "The download targets (`Targets`)."),
        ArgumentSpec("trusted", .bool, description: "Trust the repository without signatures (`Trusted`)."),
        ArgumentSpec("types", .list, default: ["deb"], choices: ["deb", "deb-src"], description: "`deb`, `deb-src` or both (`Types`)."),
        ArgumentSpec("uris", .list, description: "The repository URIs (`URIs`)."),
    ])

    static let documentation = ModuleDocumentation(
        "Add and remove deb822 formatted repositories",
        description: [
            "Writes /etc/apt/sources.list.d/NAME.sources with the given fields, or removes it and its key. The cache is not updated: follow with `apt: update_cache=true`.",
        ],
        notes: [
            "python3-debian is not needed: the file is written by Swansible in the form ansible-core's module writes.",
            "A key URL is fetched on the host with curl (or wget).",
        ],
        examples: """
            - name: Docker's repository with its key from the web
              ansible.builtin.deb822_repository:
                name: docker
                types: deb
                uris: https://download.docker.com/linux/debian
                suites: bookworm
                components: stable
                signed_by: https://download.docker.com/linux/debian/gpg

            - name: Not any more
              ansible.builtin.deb822_repository:
                name: docker
                state: absent
            """)

    static let keyrings = "/etc/apt/keyrings"

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let name = args.string("name") ?? ""
        let slug = slug(name)
        let dest = AptRepositoryModule.sourcesDirectory + "/" + slug + ".sources"
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions + "sw_check=\(context.checkMode ? 1 : 0)\ndest=\(q(dest))\n"
        if args.string("state") == "absent" {
            s += "for f in \"$dest\" \(q(keyrings + "/" + slug + ".asc")) \(q(keyrings + "/" + slug + ".gpg")); do\n"
            s += "  [ -e \"$f\" ] || continue; sw_changed=1; [ \"$sw_check\" = 1 ] || rm -f \"$f\" || sw_fail \"could not remove $f\"\ndone\n"
            s += "echo changed=$sw_changed\n"
            let (result, report) = try await context.runReport(s)
            if report.flag("failed") || report["changed"] == nil { return .failure(report["msg"] ?? result.stderr) }
            return ModuleResult(changed: report.flag("changed"), fields: [
                "dest": .string(dest), "key_filename": .string(keyrings + "/" + slug + ".gpg"), "repo": .null])
        }
        let signedBy = args.string("signed_by")
        s += signingKeyScript(signedBy, slug: slug)
        s += "if [ -f \"$dest\" ]; then printf 'current='; base64 -w0 <\"$dest\"; echo; fi\necho done=1\n"
        let (probe, report) = try await context.runReport(s)
        if report.flag("failed") || report["done"] == nil { return .failure(report["msg"] ?? "deb822_repository failed on the host: \(probe.stderr)") }
        let keyFilename = report["key_filename"]
        let repo = text(args, signedBy: keyFilename ?? signedBy)
        var changed = report.flag("key_changed")
        let current = report["current"].flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        var w = RemoteFileLibrary.functions + "sw_check=\(context.checkMode ? 1 : 0)\ndest=\(q(dest))\n"
        if current != repo {
            changed = true
            w += "if [ \"$sw_check\" != 1 ]; then\n"
            w += "  t=$(mktemp \"$dest.XXXXXX\") || sw_fail \"could not write beside $dest\"\n"
            w += "  printf '%s' \(q(repo)) >\"$t\" && chmod 0644 \"$t\" && mv -f \"$t\" \"$dest\" || { rm -f \"$t\"; sw_fail \"could not write $dest\"; }\nfi\n"
        }
        w += "[ -e \"$dest\" ] && sw_mode \"$dest\" \(q(args["mode"].flatMap(FileAttributes.chmodMode) ?? "0644"))\necho changed=$sw_changed\n"
        let (written, wrote) = try await context.runReport(w)
        if wrote.flag("failed") || wrote["changed"] == nil { return .failure(wrote["msg"] ?? "could not write \(dest): \(written.stderr)") }
        return ModuleResult(changed: changed || wrote.flag("changed"), fields: [
            "dest": .string(dest), "key_filename": keyFilename.map(Value.string) ?? .null, "repo": .string(repo)])
    }

    /// ansible-core's file name stem: lower case, runs of `_` and spaces made `-`, then only
    /// letters, digits and `-` kept.
    static func slug(_ name: String) -> String {
        let dashed = name.lowercased().replacingOccurrences(of: #"[_\s]+"#, with: "-", options: .regularExpression)
        return dashed.replacingOccurrences(of: "[^a-z0-9-]+", with: "", options: .regularExpression)
    }

    /// Prints `key_is_file=1` when `signed_by` is a file on the host; for a URL, fetches it into
    /// /etc/apt/keyrings/SLUG.asc (armored) or .gpg, writing it only when it differs, and
    /// prints `key_filename` and `key_changed`.
    static func signingKeyScript(_ signedBy: String?, slug: String) -> String {
        guard let signedBy else { return "" }
        let q = ShellQuote.quote
        var s = "key=\(q(signedBy))\nslug=\(q(slug))\nkeyrings=\(q(keyrings))\n"
        s += #"""
            if [ -f "$key" ]; then
              echo key_is_file=1
            else
              case $key in
              *://*)
                fetched=$(mktemp) || sw_fail "could not create a temporary file"
                trap 'rm -f "$fetched"' EXIT
                if command -v curl >/dev/null 2>&1; then
                  err=$(curl -fsSL -o "$fetched" "$key" 2>&1) || sw_fail "Could not fetch signed_by key: $err"
                elif command -v wget >/dev/null 2>&1; then
                  err=$(wget -q -O "$fetched" "$key" 2>&1) || sw_fail "Could not fetch signed_by key: $err"
                else
                  sw_fail "Could not fetch signed_by key: neither curl nor wget is available on this host"
                fi
                if [ -s "$fetched" ]; then
                  ext=gpg; grep -q -- '-----BEGIN PGP PUBLIC KEY BLOCK-----' "$fetched" && ext=asc
                  file="$keyrings/$slug.$ext"
                  echo "key_filename=$file"
                  if [ ! -f "$file" ] || ! cmp -s "$fetched" "$file"; then
                    echo key_changed=1
                    if [ "$sw_check" != 1 ]; then
                      [ -d "$keyrings" ] || mkdir -m 0755 "$keyrings" || sw_fail "could not create $keyrings"
                      t=$(mktemp "$file.XXXXXX") && cat "$fetched" >"$t" && chmod 0644 "$t" && mv -f "$t" "$file" || sw_fail "could not write $file"
                    fi
                  fi
                  [ ! -f "$file" ] || sw_mode "$file" 0644
                  [ "$sw_changed" = 0 ] || echo key_changed=1
                fi ;;
              esac
            fi

            """#
        return s
    }

    /// The .sources text: each given option, in the order of the option names, as a deb822
    /// field; `signedBy` is what the Signed-By field holds (a path or the key itself).
    static func text(_ args: ModuleArguments, signedBy: String?) -> String {
        var out = ""
        for argument in spec.arguments.map(\.name).sorted() where !["mode", "state"].contains(argument) {
            guard let value = args[argument] else { continue }
            var field: String
            switch value {
            case .bool(let b): field = b ? "yes" : "no"
            case .list(let items): field = items.map(\.pythonString).joined(separator: " ")
            default: field = argument == "signed_by" ? (signedBy ?? value.pythonString) : value.pythonString
            }
            if field.contains("\n") {
                let lines = field.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n")
                    .map { line -> String in let t = line.trimmingCharacters(in: .whitespaces); return "    " + (t.isEmpty ? "." : t) }
                field = "\n" + lines.joined(separator: "\n")
            }
            out += fieldName(argument) + (field.hasPrefix("\n") || field.isEmpty ? ":" : ": ") + field + "\n"
        }
        return out
    }

    static func fieldName(_ argument: String) -> String {
        switch argument {
        case "name": return "X-Repolib-Name"
        case "uris": return "URIs"
        default: return argument.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: "-")
        }
    }
}
