import Foundation

/// `get_url`: downloads a URL with `curl` on the host into `dest`, atomically, replacing it
/// only when the content differs (or, with `force: no`, only when dest is missing).
struct GetURLModule: Module {
    static let names = ["get_url"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before replacing `dest`, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("checksum", default: "",
                     description: "`algorithm:digest` the download must match (sha256:...); when `dest` already matches it, nothing is downloaded."),
        ArgumentSpec("dest", .path, required: true,
                     description: "Where to write the download on the host; a directory keeps the URL's file name."),
        ArgumentSpec("force", .bool, default: false,
                     description: "Download again even when `dest` exists, replacing it when the content differs."),
        ArgumentSpec("force_basic_auth", .bool, default: false,
                     description: "Send the credentials in the first request instead of waiting for a 401; curl always does."),
        ArgumentSpec("group"),
        ArgumentSpec("headers", .dict, description: "Extra HTTP headers, as a dictionary."),
        ArgumentSpec("http_agent", default: "ansible-httpget", description: "User-Agent header."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("owner"),
        ArgumentSpec("timeout", .int, default: 10, description: "Seconds a request may take."),
        ArgumentSpec("tmp_dest", .path,
                     description: "Directory for the download in progress; accepted, Swansible downloads beside `dest`."),
        ArgumentSpec("url", required: true, description: "The URL to download (http, https or ftp)."),
        ArgumentSpec("url_password", aliases: ["password"], noLog: true,
                     description: "Password for HTTP basic authentication."),
        ArgumentSpec("url_username", aliases: ["username"], description: "User name for HTTP basic authentication."),
        ArgumentSpec("use_proxy", .bool, default: true,
                     description: "Whether the host's proxy variables are used; accepted, curl always honours them."),
        ArgumentSpec("validate_certs", .bool, default: true, description: "Check the server's TLS certificate."),
    ])

    static let algorithms: Set<String> = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]

    static let documentation = ModuleDocumentation(
        "Download a file from a URL to the host",
        description: [
            "Downloads a URL on the host itself into `dest` and replaces `dest` only when the content differs (or, with `force: false`, only when it does not exist yet).",
        ],
        notes: [
            "The download is made by `curl` on the host, so the host needs curl, not Python.",
            "Check mode writes nothing: like ansible-core, it asks an HTTP server with HEAD and reports a change unless the server answers 304 or `dest` already matches `checksum`.",
        ],
        examples: """
            - name: Fetch the etcd release
              ansible.builtin.get_url:
                url: https://example.com/etcd-v3.5.9-linux-amd64.tar.gz
                dest: /opt/downloads/
                checksum: sha256:d59017044eb776597eca480432081c5bb26f318ad292967029af1f62b588b042
                mode: "0644"
            """,
        checkMode: .partial,
        fragments: [.files])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let url = args.string("url") ?? "", dest = args.string("dest") ?? ""
        var algorithm: String? = nil, expected: String? = nil
        if let checksum = args.string("checksum"), !checksum.isEmpty {
            let parts = checksum.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, algorithms.contains(parts[0].lowercased()) else {
                return .failure("The checksum parameter has to be in format <algorithm>:<checksum>")
            }
            algorithm = parts[0].lowercased()
            expected = parts[1].lowercased()
        }
        let start = Date()
        let attributes = FileAttributes(args)
        let (result, report) = try await context.runReport(script(
            url: url, dest: dest, args: args, attributes: attributes, algorithm: algorithm, expected: expected, checkMode: context.checkMode))
        let elapsed = Value.int(Int(Date().timeIntervalSince(start)))
        if report.flag("failed") {
            var fields: ValueDict = ["dest": .string(dest), "elapsed": elapsed, "url": .string(url)]
            if let sum = report["checksum_src"] {
                // Like ansible-core: a failure after the request (dest's directory missing)
                // reports the sums, not the status.
                fields["checksum_src"] = .string(sum)
                fields["checksum_dest"] = .null
            } else if let status = report.int("status") {
                fields["status_code"] = .int(status)
            }
            // As ansible-core: an HTTP error's status line goes in `response`.
            if report.flag("http_failed"), let status = report.int("status") {
                fields["response"] = .string("HTTP Error \(status): \(report["reason"] ?? "")")
            }
            return .failure(report["msg"] ?? result.stderr, fields: fields)
        }
        guard let outcome = report["outcome"] else { return .failure("get_url failed: \(result.stderr)\(result.stdout)") }
        var fields: ValueDict = ["dest": .string(report["dest"] ?? dest), "elapsed": elapsed, "url": .string(url)]
        for (k, v) in report.pathFields { fields[k] = v }
        if !report.pathFields.isEmpty { fields["state"] = "file" }
        switch outcome {
        case "not_modified":
            fields["status_code"] = 304
            return ModuleResult(changed: false, message: "HTTP Error 304: \(report["reason"] ?? "Not Modified")", fields: fields)
        case "exists":
            // Like ansible-core: a dest that matches the checksum is not asked for; no sums are
            // reported, only whether its attributes changed.
            fields["checksum_dest"] = .null
            fields["checksum_src"] = .null
            let changed = report.flag("changed")
            return ModuleResult(changed: changed, message: changed ? "file already exists but file attributes changed" : "file already exists",
                                fields: ContentInstall.sorted(fields))
        case "would_download":
            // Check mode, as ansible-core's: the sums of what the probe answered (an empty body
            // for HTTP's HEAD) and of dest; changed unless they are equal.
            let source = report["checksum_src"] ?? "", current = report["checksum_dest"]
            fields["checksum_src"] = .string(source)
            fields["checksum_dest"] = current.map(Value.string) ?? .null
            return ModuleResult(changed: current != source, message: "OK (\(report["length"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown") bytes)",
                                fields: ContentInstall.sorted(fields))
        default:
            break
        }
        fields["checksum_dest"] = report["checksum_dest"].map(Value.string) ?? .null
        if let sum = report["checksum_src"] { fields["checksum_src"] = .string(sum) }
        if let m = report["md5sum"] { fields["md5sum"] = .string(m) }
        if let b = report["backup_file"] { fields["backup_file"] = .string(b) }
        // Only HTTP has a status: ansible-core's is None for file:// and ftp://.
        fields["status_code"] = url.lowercased().hasPrefix("http") ? report.int("status").map(Value.int) ?? .null : .null
        fields["state"] = "file"
        return ModuleResult(changed: report.flag("changed"), message: "OK (\(report["size"] ?? "unknown") bytes)", fields: ContentInstall.sorted(fields))
    }

    static func script(url: String, dest: String, args: ModuleArguments, attributes: FileAttributes,
                       algorithm: String?, expected: String?, checkMode: Bool) -> String {
        let isHTTP = url.lowercased().hasPrefix("http")
        var curl = ["curl", "-sS", "-L", "--max-time", String(args.int("timeout") ?? 10), "-A", args.string("http_agent") ?? "ansible-httpget"]
        if !args.bool("validate_certs") { curl.append("-k") }
        if let user = args.string("url_username") { curl += ["-u", user + ":" + (args.string("url_password") ?? "")] }
        for (name, value) in args["headers"]?.dictValue ?? [:] { curl += ["-H", "\(name): \(value.pythonString)"] }
        let sum = algorithm.map { "\($0)sum" }
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\ndest=\(ShellQuote.quote(dest))\ntmp=\nsince=\n"
        s += "trap 'rm -f ${tmp:+\"$tmp\"}' EXIT\n"
        s += "settle() { \(attributes.applyCall(pathWord: "\"$dest\"")); printf 'outcome=%s\\nchanged=%s\\n' \"$1\" \"$sw_changed\"; sw_describe \"$dest\"; exit 0; }\n"
        // Like ansible-core, only a dest that is not a directory is looked at before asking:
        // a matching checksum keeps it; otherwise HTTP asks with If-Modified-Since (its time),
        // unless forced or the checksum differs.
        s += "if [ ! -d \"$dest\" ]; then\n"
        if let sum, let expected, !args.bool("force") {
            s += "  if [ -f \"$dest\" ] && [ \"$(\(sum) < \"$dest\" | cut -d' ' -f1)\" = \(ShellQuote.quote(expected)) ]; then settle exists; fi\n"
        } else if !args.bool("force"), isHTTP {
            // (HTTP only: curl's time condition on file:// gives an empty file, not a 304.)
            s += "  [ -f \"$dest\" ] && since=\"$dest\"\n"
        }
        s += "  :\nelse n=$(basename \(ShellQuote.quote(url.split(separator: "?").first.map(String.init) ?? url))); dest=\"${dest%/}/$n\"\nfi\n"
        s += "printf 'dest=%s\\n' \"$dest\"\n"
        s += "notmodified() { echo outcome=not_modified; sw_describe \"$dest\"; exit 0; }\n"
        if checkMode { return s + probe(curl: curl, url: url, isHTTP: isHTTP) }
        // Unlike ansible-core, which downloads into its own temporary directory first, the download
        // goes beside dest: a missing directory fails before the request (without checksum_src).
        s += "d=$(dirname \"$dest\"); [ -d \"$d\" ] || sw_fail \"Destination $d does not exist\"\n"
        s += "tmp=$(mktemp \"$d/.swansible-tmp-XXXXXX\") || sw_fail \"could not create a temporary file beside $dest\"\n"
        s += "code=$(\(ShellQuote.join(curl)) ${since:+-z \"$since\"} -D \"$tmp.h\" -o \"$tmp\" -w '%{http_code}' \(ShellQuote.quote(url)) 2>\"$tmp.err\"); rc=$?\n"
        s += "err=$(tr '\\n' ' ' < \"$tmp.err\"); reason=$(grep '^HTTP/' \"$tmp.h\" 2>/dev/null | tail -n 1 | cut -d' ' -f3- | tr -d '\\r')\n"
        s += "rm -f \"$tmp.err\" \"$tmp.h\"; printf 'status=%s\\nreason=%s\\n' \"${code:--1}\" \"$reason\"\n"
        s += "[ \"$rc\" = 0 ] || sw_fail \"Request failed: $err\"\n"
        // Only HTTP answers with a status; file:// and ftp:// succeed as curl does.
        if isHTTP {
            s += "[ \"$code\" = 304 ] && notmodified\n"
            s += "case $code in 2*) ;; *) printf 'http_failed=1\\n'; sw_fail \"Request failed\" ;; esac\n"
        }
        if let sum, let expected {
            s += "got=$(\(sum) < \"$tmp\" | cut -d' ' -f1)\n"
            s += "[ \"$got\" = \(ShellQuote.quote(expected)) ] || sw_fail \"The checksum for \(dest) did not match \(expected); it was $got.\"\n"
        }
        // checksum_dest is dest's sum before the download, when it existed (as ansible-core's).
        s += "src_sum=$(sha1sum < \"$tmp\" | cut -c1-40); printf 'checksum_src=%s\\n' \"$src_sum\"\n"
        s += "if [ -f \"$dest\" ]; then printf 'checksum_dest=%s\\n' \"$(sha1sum < \"$dest\" | cut -c1-40)\"; fi\n"
        s += "if [ -f \"$dest\" ] && [ \"$(sha1sum < \"$dest\" | cut -c1-40)\" = \"$src_sum\" ]; then\n"
        s += "  printf 'md5sum=%s\\n' \"$(md5sum < \"$dest\" | cut -c1-32)\"; settle same\nfi\n"
        s += "if [ -e \"$dest\" ]; then chmod --reference=\"$dest\" \"$tmp\"; chown --reference=\"$dest\" \"$tmp\" 2>/dev/null\n"
        if args.bool("backup") { s += "  b=\"$dest.$$.$(date +%Y-%m-%d@%H:%M:%S~)\"; cp -p \"$dest\" \"$b\" && printf 'backup_file=%s\\n' \"$b\"\n" }
        s += "else chmod $(printf '%o' $((0666 & ~$(umask)))) \"$tmp\"; fi\n"
        s += attributes.applyCall(pathWord: "\"$tmp\"") + "\n"
        s += "mv -f \"$tmp\" \"$dest\" || sw_fail \"could not rename $tmp to $dest\"\n"
        s += "printf 'outcome=downloaded\\nchanged=1\\n'\n"
        s += "printf 'md5sum=%s\\n' \"$(md5sum < \"$dest\" | cut -c1-32)\"\nsw_describe \"$dest\"\n"
        return s
    }

    /// Check mode's request, writing nothing on the host. Like ansible-core's, HTTP asks with
    /// HEAD (with If-Modified-Since when set), so the source's sum is that of an empty body;
    /// file:// and ftp:// read the content. Prints its length (`length`), `checksum_src`, and
    /// dest's sum and facts when it exists.
    static func probe(curl: [String], url: String, isHTTP: Bool) -> String {
        var s = ""
        if isHTTP {
            s += "res=$(\(ShellQuote.join(curl)) -I ${since:+-z \"$since\"} -w '\\nsw_code=%{http_code}\\n' \(ShellQuote.quote(url)) 2>&1); rc=$?\n"
            s += "code=$(printf '%s\\n' \"$res\" | sed -n 's/^sw_code=//p' | tail -n 1)\n"
            s += "reason=$(printf '%s\\n' \"$res\" | grep '^HTTP/' | tail -n 1 | cut -d' ' -f3- | tr -d '\\r')\n"
            s += "printf 'status=%s\\nreason=%s\\n' \"${code:--1}\" \"$reason\"\n"
            s += "[ \"$rc\" = 0 ] || sw_fail \"Request failed: $(printf '%s\\n' \"$res\" | grep '^curl:' | tr '\\n' ' ')\"\n"
            s += "[ \"$code\" = 304 ] && notmodified\n"
            s += "case $code in 2*) ;; *) printf 'http_failed=1\\n'; sw_fail \"Request failed\" ;; esac\n"
            s += "printf 'length=%s\\n' \"$(printf '%s\\n' \"$res\" | grep -i '^content-length:' | tail -n 1 | cut -d: -f2 | tr -d ' \\r')\"\n"
            s += "src_sum=$(printf '' | sha1sum | cut -c1-40)\n"
        } else {
            s += "length=$(\(ShellQuote.join(curl)) -o /dev/null -w '%{size_download}' \(ShellQuote.quote(url)) 2>&1) || sw_fail \"Request failed: $length\"\n"
            s += "printf 'length=%s\\n' \"$length\"\n"
            s += "src_sum=$(\(ShellQuote.join(curl)) \(ShellQuote.quote(url)) 2>/dev/null | sha1sum | cut -c1-40)\n"
        }
        s += "printf 'checksum_src=%s\\n' \"$src_sum\"\n"
        s += "if [ -e \"$dest\" ]; then printf 'checksum_dest=%s\\n' \"$(sha1sum < \"$dest\" | cut -c1-40)\"; sw_describe \"$dest\"\n"
        s += "else d=$(dirname \"$dest\"); [ -d \"$d\" ] || sw_fail \"Destination $d does not exist\"; fi\n"
        s += "echo outcome=would_download\n"
        return s
    }
}
