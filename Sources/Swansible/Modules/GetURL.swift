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
            "Check mode tells whether `dest` would be written, without downloading.",
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
            if let status = report.int("status") { fields["status_code"] = .int(status) }
            // As ansible-core: an HTTP error's status line goes in `response`.
            if report.flag("http_failed"), let status = report.int("status") {
                fields["response"] = .string("HTTP Error \(status): \(report["reason"] ?? "")")
            }
            return .failure(report["msg"] ?? result.stderr, fields: fields)
        }
        guard let outcome = report["outcome"] else { return .failure("get_url failed: \(result.stderr)\(result.stdout)") }
        if outcome == "not_modified" {
            return ModuleResult(changed: false, message: "HTTP Error 304: \(report["reason"] ?? "Not Modified")", fields: [
                "dest": .string(report["dest"] ?? dest), "elapsed": elapsed, "status_code": 304, "url": .string(url)])
        }
        var fields: ValueDict = ["dest": .string(report["dest"] ?? dest), "elapsed": elapsed, "url": .string(url)]
        if outcome == "would_download" { return ModuleResult(changed: true, fields: fields) }
        for (k, v) in report.pathFields { fields[k] = v }
        if let sum = report["checksum_dest"] { fields["checksum_dest"] = .string(sum) }
        if let sum = report["checksum_src"] { fields["checksum_src"] = .string(sum) }
        if let m = report["md5sum"] { fields["md5sum"] = .string(m) }
        if let b = report["backup_file"] { fields["backup_file"] = .string(b) }
        // Only HTTP has a status: ansible-core's is None for file:// and ftp://.
        fields["status_code"] = url.lowercased().hasPrefix("http") ? report.int("status").map(Value.int) ?? .null : .null
        fields["state"] = "file"
        let message = outcome == "exists" ? "file already exists" : "OK (\(report["size"] ?? "unknown") bytes)"
        return ModuleResult(changed: report.flag("changed"), message: message, fields: ContentInstall.sorted(fields))
    }

    static func script(url: String, dest: String, args: ModuleArguments, attributes: FileAttributes,
                       algorithm: String?, expected: String?, checkMode: Bool) -> String {
        var curl = ["curl", "-sS", "-L", "--max-time", String(args.int("timeout") ?? 10), "-A", args.string("http_agent") ?? "ansible-httpget"]
        if !args.bool("validate_certs") { curl.append("-k") }
        if let user = args.string("url_username") { curl += ["-u", user + ":" + (args.string("url_password") ?? "")] }
        for (name, value) in args["headers"]?.dictValue ?? [:] { curl += ["-H", "\(name): \(value.pythonString)"] }
        let sum = algorithm.map { "\($0)sum" }
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\ndest=\(ShellQuote.quote(dest))\ntmp=\nsince=\n"
        s += "trap 'rm -f ${tmp:+\"$tmp\"}' EXIT\n"
        s += "if [ -d \"$dest\" ]; then n=$(basename \(ShellQuote.quote(url.split(separator: "?").first.map(String.init) ?? url))); dest=\"${dest%/}/$n\"; fi\n"
        s += "printf 'dest=%s\\n' \"$dest\"\n"
        s += "settle() { \(attributes.applyCall(pathWord: "\"$dest\"")); printf 'outcome=%s\\nchanged=%s\\n' \"$1\" \"$sw_changed\"; sw_describe \"$dest\"; exit 0; }\n"
        if let sum, let expected, !args.bool("force") {
            s += "if [ -f \"$dest\" ] && [ \"$(\(sum) < \"$dest\" | cut -d' ' -f1)\" = \(ShellQuote.quote(expected)) ]; then settle exists; fi\n"
        } else if !args.bool("force") {
            // Like ansible-core 2.19: without a checksum an existing file is asked for again, over
            // HTTP with If-Modified-Since (its time); check mode says nothing would change.
            s += "if [ -f \"$dest\" ] && [ \"$sw_check\" = 1 ]; then settle exists; fi\n"
            // (HTTP only: curl's time condition on file:// gives an empty file, not a 304.)
            if url.lowercased().hasPrefix("http") { s += "[ -f \"$dest\" ] && since=\"$dest\"\n" }
        }
        s += "[ \"$sw_check\" = 1 ] && { echo outcome=would_download; exit 0; }\n"
        s += "d=$(dirname \"$dest\"); [ -d \"$d\" ] || sw_fail \"Destination $d does not exist\"\n"
        s += "tmp=$(mktemp \"$d/.swansible-tmp-XXXXXX\") || sw_fail \"could not create a temporary file beside $dest\"\n"
        s += "code=$(\(ShellQuote.join(curl)) ${since:+-z \"$since\"} -D \"$tmp.h\" -o \"$tmp\" -w '%{http_code}' \(ShellQuote.quote(url)) 2>\"$tmp.err\"); rc=$?\n"
        s += "err=$(tr '\\n' ' ' < \"$tmp.err\"); reason=$(grep '^HTTP/' \"$tmp.h\" 2>/dev/null | tail -n 1 | cut -d' ' -f3- | tr -d '\\r')\n"
        s += "rm -f \"$tmp.err\" \"$tmp.h\"; printf 'status=%s\\nreason=%s\\n' \"${code:--1}\" \"$reason\"\n"
        s += "[ \"$rc\" = 0 ] || sw_fail \"Request failed: $err\"\n"
        // Only HTTP answers with a status; file:// and ftp:// succeed as curl does.
        if url.lowercased().hasPrefix("http") {
            s += "[ \"$code\" = 304 ] && { echo outcome=not_modified; exit 0; }\n"
            s += "case $code in 2*) ;; *) printf 'http_failed=1\\n'; sw_fail \"Request failed\" ;; esac\n"
        }
        if let sum, let expected {
            s += "got=$(\(sum) < \"$tmp\" | cut -d' ' -f1)\n"
            s += "[ \"$got\" = \(ShellQuote.quote(expected)) ] || sw_fail \"The checksum for \(dest) did not match \(expected); it was $got.\"\n"
        }
        s += "src_sum=$(sha1sum < \"$tmp\" | cut -c1-40); printf 'checksum_src=%s\\n' \"$src_sum\"\n"
        s += "if [ -f \"$dest\" ] && [ \"$(sha1sum < \"$dest\" | cut -c1-40)\" = \"$src_sum\" ]; then\n"
        s += "  printf 'checksum_dest=%s\\nmd5sum=%s\\n' \"$src_sum\" \"$(md5sum < \"$dest\" | cut -c1-32)\"; settle same\nfi\n"
        s += "if [ -e \"$dest\" ]; then chmod --reference=\"$dest\" \"$tmp\"; chown --reference=\"$dest\" \"$tmp\" 2>/dev/null\n"
        if args.bool("backup") { s += "  b=\"$dest.$$.$(date +%Y-%m-%d@%H:%M:%S~)\"; cp -p \"$dest\" \"$b\" && printf 'backup_file=%s\\n' \"$b\"\n" }
        s += "else chmod $(printf '%o' $((0666 & ~$(umask)))) \"$tmp\"; fi\n"
        s += attributes.applyCall(pathWord: "\"$tmp\"") + "\n"
        s += "mv -f \"$tmp\" \"$dest\" || sw_fail \"could not rename $tmp to $dest\"\n"
        s += "printf 'checksum_dest=%s\\noutcome=downloaded\\nchanged=1\\n' \"$src_sum\"\n"
        s += "printf 'md5sum=%s\\n' \"$(md5sum < \"$dest\" | cut -c1-32)\"\nsw_describe \"$dest\"\n"
        return s
    }
}
