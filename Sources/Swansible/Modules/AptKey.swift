import Foundation

/// `apt_key`: a key in apt's keyring (or in `keyring`), added from a file, a URL, inline data
/// or a keyserver, or removed by its id — with apt-key and gpg on the host, as ansible-core's
/// module does. One script finds the binaries, derives the id from the key when none is
/// given and lists the keys; only a change runs a second script, which acts and lists again.
struct AptKeyModule: Module {
    static let names = ["apt_key"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("data", description: "The key itself (armored or binary text)."),
        ArgumentSpec("file", .path, description: "A key file on the host."),
        ArgumentSpec("id", description: "The key's id (8, 16 or more hex digits, `0x` allowed); read from the key when not given."),
        ArgumentSpec("keyring", .path, description: "The keyring file to use instead of apt's (`apt-key --keyring`), e.g. in /etc/apt/trusted.gpg.d/."),
        ArgumentSpec("keyserver", description: "The keyserver to receive the key `id` from."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"], description: "Whether the key is in the keyring."),
        ArgumentSpec("url", description: "The URL to fetch the key from (on the host, with curl or wget)."),
        ArgumentSpec("validate_certs", .bool, default: true, description: "Check the TLS certificate of an https `url`."),
    ], mutuallyExclusive: [["data", "file", "keyserver", "url"]])

    static let documentation = ModuleDocumentation(
        "Add or remove an apt key",
        description: [
            "Adds a key to apt's keyring with `apt-key add`, or `apt-key adv --recv` from a keyserver, or removes it with `apt-key del`; the key's presence is read from `apt-key adv --list-public-keys`.",
        ],
        notes: [
            "apt-key is deprecated (gone after Debian 12 and Ubuntu 22.04): prefer deb822_repository's `signed_by`, or a key file in /etc/apt/keyrings referenced by the source line.",
            "Like ansible-core, apt-key and gpg must be on the host; when one is missing the task does nothing and says so in `msg` (ansible-core's behaviour, which does not fail). Debian 12 ships apt-key but not gpg: install `gnupg` first.",
            "A URL is fetched on the host with curl or wget, not by Python on the host as ansible-core does.",
        ],
        examples: """
            - name: gpg for apt-key
              ansible.builtin.apt:
                name: gnupg

            - name: Trust the vendor's key for its repository
              ansible.builtin.apt_key:
                url: https://packages.example.com/gpg.key
                keyring: /etc/apt/trusted.gpg.d/example.gpg

            - name: This key no more
              ansible.builtin.apt_key:
                id: 9FED2BCBDCD29CDF762678CBAED4B06F473041FA
                state: absent
            """)

    static let listMarker = "--swansible-keys--"

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let keyring = args.string("keyring"), state = args.string("state") ?? "present"
        let keyserver = args.string("keyserver"), url = args.string("url"), file = args.string("file"), data = args.string("data")
        var givenID = args.string("id")
        if givenID?.isEmpty == true { givenID = nil }
        if givenID == nil, keyserver != nil { return .failure("Missing key_id, required with keyserver.") }
        let derive = givenID == nil ? KeySource(url: url, file: file, data: data, validateCerts: args.bool("validate_certs")) : nil
        let (probe, report) = try await context.runReport(probeScript(keyring: keyring, derive: derive))
        if let missing = report["missing"] { return ModuleResult(changed: false, message: missing) }
        if report.flag("failed") { return .failure(report["msg"] ?? probe.stderr) }
        var fields: ValueDict = [:]
        let id = givenID ?? report["derived"]
        fields["id"] = id.map(Value.string) ?? .null
        guard let id, let parsed = parseKeyID(id) else { return .failure("Invalid key_id", fields: fields) }
        fields["short_id"] = .string(parsed.short)
        fields["fp"] = .string(parsed.fingerprint)
        fields["key_id"] = .string(parsed.full)
        let shortFormat = parsed.full.count == 8
        guard let before = listing(probe.stdout, shortFormat: shortFormat) else {
            return .failure("Unable to list public keys", fields: fields)
        }
        fields["before"] = .list(before.map(Value.string))
        let wanted = shortFormat ? parsed.short : parsed.fingerprint
        let present = before.contains(wanted)
        let change = state == "present" ? !present : before.contains(parsed.fingerprint)
        guard change else { return ModuleResult(changed: false, fields: fields) }
        if context.checkMode { return ModuleResult(changed: true, fields: fields) }
        let action: String
        if state == "absent" {
            action = "out=$(apt-key ${kr:+--keyring \"$kr\"} del \(ShellQuote.quote(parsed.short)) 2>&1) || sw_fail \(ShellQuote.quote("Unable to remove a key with id \(parsed.short)"))\n"
        } else if let file {
            action = "out=$(apt-key ${kr:+--keyring \"$kr\"} add \(ShellQuote.quote(file)) 2>&1) || sw_fail \(ShellQuote.quote("Unable to add a key from file \(file)"))\n"
        } else if let keyserver {
            action = "n=0; until out=$(apt-key ${kr:+--keyring \"$kr\"} adv --no-tty --keyserver \(ShellQuote.quote(keyserver)) --recv \(ShellQuote.quote(parsed.full)) 2>&1); do\n"
                + "  n=$((n + 1)); [ $n -lt 5 ] || sw_fail \(ShellQuote.quote("Error fetching key \(parsed.full) from keyserver: \(keyserver)"))\ndone\n"
        } else {
            action = KeySource(url: url, file: nil, data: data, validateCerts: args.bool("validate_certs")).fetchScript
                + "out=$(apt-key ${kr:+--keyring \"$kr\"} add - <\"$key\" 2>&1) || sw_fail 'Unable to add a key from binary data'\n"
        }
        let (acted, after) = try await context.runReport(RemoteFileLibrary.functions + ringLine(keyring) + action + listScript)
        if after.flag("failed") { return .failure(after["msg"] ?? acted.stderr, fields: fields) }
        guard let keys = listing(acted.stdout, shortFormat: shortFormat) else { return .failure("Unable to list public keys", fields: fields) }
        fields["after"] = .list(keys.map(Value.string))
        let error = "apt-key did not return an error, but %s (check that the id is correct and *not* a subkey)"
        if state == "present" && !keys.contains(wanted) {
            return .failure(error.replacingOccurrences(of: "%s", with: "failed to add the key"), fields: fields)
        }
        if state == "absent" && keys.contains(parsed.fingerprint) {
            return .failure(error.replacingOccurrences(of: "%s", with: "the key was not removed"), fields: fields)
        }
        return ModuleResult(changed: true, fields: fields)
    }

    /// Where the key to add or to read the id from comes from; `fetchScript` leaves it in the
    /// file `$key`.
    struct KeySource {
        var url, file, data: String?
        var validateCerts: Bool

        var fetchScript: String {
            let q = ShellQuote.quote
            if let file { return "key=\(q(file))\nwhat=\(q(file))\n" }
            var s = "key=$(mktemp) || sw_fail 'could not create a temporary file'\ntrap 'rm -f \"$key\"' EXIT\nwhat='inline data'\n"
            if let url {
                let insecureCurl = validateCerts ? "" : " -k", insecureWget = validateCerts ? "" : " --no-check-certificate"
                s += "if command -v curl >/dev/null 2>&1; then curl -fsSL\(insecureCurl) -o \"$key\" \(q(url)) 2>/dev/null\n"
                s += "else wget -q\(insecureWget) -O \"$key\" \(q(url)) 2>/dev/null; fi || sw_fail \(q("Error getting key id from url: \(url)"))\n"
            } else if let data {
                s += "printf '%s' \(q(Data(data.utf8).base64EncodedString())) | base64 -d >\"$key\"\n"
            }
            return s
        }
    }

    static func ringLine(_ keyring: String?) -> String {
        "kr=\(ShellQuote.quote(keyring ?? ""))\n"
    }

    /// The keys apt-key lists, after the marker, and `listed=1` when it answered.
    /// A keyring that does not exist yet has no keys (apt-key would create it empty, even in check mode).
    static let listScript = """
        echo \(listMarker)
        if [ -n "$kr" ] && [ ! -e "$kr" ]; then echo listed=1
        else LC_ALL=C apt-key ${kr:+--keyring "$kr"} adv --list-public-keys --keyid-format=long 2>/dev/null && echo listed=1; fi

        """

    static func probeScript(keyring: String?, derive: KeySource?) -> String {
        var s = RemoteFileLibrary.functions + ringLine(keyring)
        s += "for b in apt-key gpg; do command -v $b >/dev/null 2>&1 || { printf 'missing=Failed to find required executable \"%s\" in paths: %s\\n' $b \"$PATH\"; exit 0; }; done\n"
        if let derive, derive.url != nil || derive.file != nil || derive.data != nil {
            s += derive.fetchScript
            s += "out=$(LC_ALL=C gpg --with-colons \"$key\" 2>/dev/null) || sw_fail \"Unable to extract key from '$what'\"\n"
            s += "printf '%s\\n' \"$out\" | awk '/^(pub|sub)/ && !/expired/ { n = split($2, p, \"/\"); if (n == 2) { print \"derived=\" p[2] } else { split($0, c, \":\"); print \"derived=\" c[5] }; exit }'\n"
        }
        return s + listScript
    }

    /// ansible-core's reading of a key id: hex (`0x` allowed), 8, 16 or more than 16 digits;
    /// the last 8 (for apt-key del), the last 16 (what the listing shows) and all of it.
    static func parseKeyID(_ id: String) -> (short: String, fingerprint: String, full: String)? {
        var key = id.trimmingCharacters(in: .whitespaces).uppercased()
        if key.hasPrefix("0X") { key.removeFirst(2) }
        guard !key.isEmpty, key.allSatisfy(\.isHexDigit), key.count == 8 || key.count >= 16 else { return nil }
        return (String(key.suffix(8)), String(key.suffix(16)), key)
    }

    /// The key ids of the listing's `pub` and `sub` lines that are not expired (their last 8
    /// digits in the short format); nil when apt-key did not answer.
    static func listing(_ stdout: String, shortFormat: Bool) -> [String]? {
        guard let marker = stdout.range(of: listMarker + "\n") else { return nil }
        let text = String(stdout[marker.upperBound...])
        guard ScriptReport(text).flag("listed") else { return nil }
        var found: [String] = []
        for line in text.split(separator: "\n") where (line.hasPrefix("pub") || line.hasPrefix("sub")) && !line.contains("expired") {
            let tokens = line.split(whereSeparator: \.isWhitespace)
            if tokens.count > 1, case let parts = tokens[1].split(separator: "/", omittingEmptySubsequences: false), parts.count == 2 {
                found.append(String(parts[1]))
            } else {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                if fields.count > 4 { found.append(String(fields[4])) }
            }
        }
        return shortFormat ? found.map { String($0.suffix(8)) } : found
    }
}
