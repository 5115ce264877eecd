import Foundation

/// A `uri` request as a curl command line run on the host.
struct HTTPRequest {
    var url: String
    var method: String
    var headers: [(String, String)]
    var body: Data?
    var timeout: Int
    var validateCerts: Bool
    var followRedirects: Bool
    var user: String?
    var password: String?
    var unixSocket: String?

    struct Problem: Error { var text: String }

    static func from(_ args: ModuleArguments) -> Result<HTTPRequest, Problem> {
        var headers: [(String, String)] = (args["headers"]?.dictValue ?? [:]).map { ($0.key, $0.value.pythonString) }
        func hasHeader(_ name: String) -> Bool { headers.contains { $0.0.lowercased() == name.lowercased() } }
        var body: Data? = nil
        if let raw = args["body"] {
            switch args.string("body_format") ?? "raw" {
            case "json":
                body = Data((raw.stringValue ?? raw.jsonText()).utf8)
                if !hasHeader("Content-Type") { headers.append(("Content-Type", "application/json")) }
            case "form-urlencoded":
                if case .dict(let d) = raw {
                    body = Data(d.map { formEscape($0.key) + "=" + formEscape($0.value.pythonString) }.joined(separator: "&").utf8)
                } else if case .list(let pairs) = raw {
                    body = Data(pairs.compactMap { p -> String? in
                        guard case .list(let kv) = p, kv.count == 2 else { return nil }
                        return formEscape(kv[0].pythonString) + "=" + formEscape(kv[1].pythonString)
                    }.joined(separator: "&").utf8)
                } else {
                    body = Data(raw.pythonString.utf8)
                }
                if !hasHeader("Content-Type") { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
            case "form-multipart":
                return .failure(Problem(text: "body_format form-multipart is not supported yet by swansible's uri"))
            default:
                body = Data((raw.stringValue ?? raw.jsonText()).utf8)
            }
        }
        let follow = args.string("follow_redirects") ?? "safe"
        let method = (args.string("method") ?? "GET").uppercased()
        return .success(HTTPRequest(
            url: args.string("url") ?? "", method: method, headers: headers, body: body,
            timeout: args.int("timeout") ?? 30, validateCerts: args.bool("validate_certs"),
            followRedirects: follow == "all" || follow == "yes" || (follow == "safe" && (method == "GET" || method == "HEAD")),
            user: args.string("url_username"), password: args.string("url_password"), unixSocket: args.string("unix_socket")))
    }

    static func formEscape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return (s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s).replacingOccurrences(of: "%20", with: "+")
    }

    /// The script: curl writes headers and body to temp files; the script prints a small
    /// report, then the headers and the body as sections.
    func script() -> String {
        var words = ["curl", "-sS", "-X", method, "--max-time", String(timeout), "-o", "$t/body", "-D", "$t/headers",
                     "-w", "%{http_code}\\n%{url_effective}\\n%{num_redirects}\\n"]
        if !validateCerts { words.append("-k") }
        if followRedirects { words.append("-L") }
        if method == "HEAD" { words.append("-I") }
        if let unixSocket { words += ["--unix-socket", unixSocket] }
        if let user { words += ["-u", user + ":" + (password ?? "")] }
        for (name, value) in headers { words += ["-H", "\(name): \(value)"] }
        if body != nil { words += ["--data-binary", "@-"] }
        words.append(url)
        let command = words.map { $0.hasPrefix("$t/") ? "\"\($0)\"" : ShellQuote.quote($0) }.joined(separator: " ")
        var s = "t=$(mktemp -d) || exit 1\ntrap 'rm -rf \"$t\"' EXIT\n"
        s += "command -v curl >/dev/null 2>&1 || { echo 'curl_rc=127'; echo 'curl_error=curl is not installed on the host'; exit 0; }\n"
        s += "meta=$(\(command) \(body == nil ? "</dev/null " : "")2>\"$t/err\"); rc=$?\n"
        s += "printf 'curl_rc=%s\\n' \"$rc\"\n"
        s += "printf 'curl_error=%s\\n' \"$(tr '\\n' ' ' < \"$t/err\")\"\n"
        s += "printf '%s\\n' \"$meta\" | sed -n '1s/^/status=/p;2s/^/url=/p;3s/^/redirects=/p'\n"
        s += "echo __section__headers; cat \"$t/headers\" 2>/dev/null\n"
        s += "echo __section__body; cat \"$t/body\" 2>/dev/null\n"
        return s
    }
}
