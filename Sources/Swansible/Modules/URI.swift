import Foundation

/// `uri`: an HTTP request made by `curl` on the host. Result fields follow ansible's: status,
/// url, msg, every response header (lowercased, `-` → `_`), `content` when asked, `json` when
/// the response is JSON; failed when the status is not in `status_code`.
struct URIModule: Module, ArgumentNormalising {
    static let names = ["uri"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("body", .raw),
        ArgumentSpec("body_format", default: "raw", choices: ["form-urlencoded", "json", "raw", "form-multipart"]),
        ArgumentSpec("ca_path", .path),
        ArgumentSpec("client_cert", .path),
        ArgumentSpec("client_key", .path),
        ArgumentSpec("creates", .path),
        ArgumentSpec("dest", .path),
        ArgumentSpec("follow_redirects", default: "safe", choices: ["all", "no", "none", "safe", "urllib2", "yes"]),
        ArgumentSpec("force", .bool, default: false),
        ArgumentSpec("force_basic_auth", .bool, default: false),
        ArgumentSpec("headers", .dict, default: [:]),
        ArgumentSpec("http_agent", default: "ansible-httpget"),
        ArgumentSpec("method", default: "GET"),
        ArgumentSpec("removes", .path),
        ArgumentSpec("return_content", .bool, default: false),
        ArgumentSpec("src", .path),
        ArgumentSpec("status_code", .list, default: [200]),
        ArgumentSpec("timeout", .int, default: 30),
        ArgumentSpec("unix_socket", .path),
        ArgumentSpec("url", required: true),
        ArgumentSpec("url_password", aliases: ["password"], noLog: true),
        ArgumentSpec("url_username", aliases: ["user"]),
        ArgumentSpec("use_proxy", .bool, default: true),
        ArgumentSpec("validate_certs", .bool, default: true),
    ], mutuallyExclusive: [["body", "src"]])

    /// Ansible 2.0's `HEADER_Name: value` arguments become `headers` entries.
    static func normalise(_ args: ValueDict) -> ValueDict {
        var out = ValueDict()
        var headers = args["headers"]?.dictValue ?? [:]
        var moved = false
        for (key, value) in args {
            if key.hasPrefix("HEADER_") {
                headers[String(key.dropFirst(7))] = value
                moved = true
            } else {
                out[key] = value
            }
        }
        if moved { out["headers"] = .dict(headers) }
        return out
    }

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let request: HTTPRequest
        switch HTTPRequest.from(args) {
        case .success(let r): request = r
        case .failure(let e): return .failure(e.text)
        }
        let accepted = (args["status_code"]?.listValue ?? [200]).compactMap { v -> Int? in
            if case .int(let i) = v { return i }
            return Int(v.pythonString.trimmingCharacters(in: .whitespaces))
        }
        if context.checkMode && request.method != "GET" && request.method != "HEAD" {
            return ModuleResult(skipped: true, message: "This module does not support check mode for \(request.method)")
        }
        let start = Date()
        let output = try await context.runScript(request.script(), stdin: request.body)
        var response = HTTPResponse(output.stdout)
        response.elapsed = Int(Date().timeIntervalSince(start))
        var fields = response.fields(url: request.url, returnContent: args.bool("return_content"))
        let status = response.status
        if !accepted.contains(status) {
            let shown = "[" + accepted.map(String.init).joined(separator: ", ") + "]"
            let reason = response.curlError.map { "Request failed: \($0)" } ?? "HTTP Error \(status): \(response.reason)"
            fields.removeValue(forKey: "msg")
            return ModuleResult(failed: true, message: "Status code was \(status) and not \(shown): \(reason)", fields: fields)
        }
        let message = fields.removeValue(forKey: "msg")?.stringValue
        return ModuleResult(message: message, fields: fields)
    }
}

/// Modules that rewrite their raw arguments before validation (legacy spellings).
protocol ArgumentNormalising {
    static func normalise(_ args: ValueDict) -> ValueDict
}
