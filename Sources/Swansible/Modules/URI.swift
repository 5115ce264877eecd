import Foundation

/// `uri`: an HTTP request made by `curl` on the host. Result fields follow ansible's: status,
/// url, msg, every response header (lowercased, `-` → `_`), `content` when asked, `json` when
/// the response is JSON; failed when the status is not in `status_code`.
struct URIModule: Module, ArgumentNormalising {
    static let names = ["uri"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static func controllerPathArguments(_ args: ModuleArguments) -> Set<String> { ["src"] }
    static let supportsAsync = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("body", .raw,
                     description: "Request body; with `body_format: json` a value is sent as JSON, with `form-urlencoded` a dictionary is encoded as a form."),
        ArgumentSpec("body_format", default: "raw", choices: ["form-urlencoded", "json", "raw", "form-multipart"],
                     description: "How `body` is encoded, which also sets Content-Type."),
        ArgumentSpec("ca_path", .path,
                     description: "CA certificate file to check the server with; accepted, not applied yet."),
        ArgumentSpec("client_cert", .path,
                     description: "Client certificate (PEM) for TLS client authentication; accepted, not applied yet."),
        ArgumentSpec("client_key", .path, description: "Key of `client_cert`; accepted, not applied yet."),
        ArgumentSpec("creates", .path,
                     description: "A path on the host: when it exists, no request is made; accepted, not applied yet."),
        ArgumentSpec("dest", .path,
                     description: "File on the host to save the response body to; accepted, not applied yet."),
        ArgumentSpec("follow_redirects", default: "safe", choices: ["all", "no", "none", "safe", "urllib2", "yes"],
                     description: "Which redirects are followed: `safe` (GET and HEAD only), `all`, `none`."),
        ArgumentSpec("force", .bool, default: false,
                     description: "Do not use a cached copy; accepted, nothing is cached."),
        ArgumentSpec("force_basic_auth", .bool, default: false,
                     description: "Send the credentials in the first request; curl always does."),
        ArgumentSpec("headers", .dict, default: [:],
                     description: "HTTP headers, as a dictionary (older playbooks' `HEADER_Name:` arguments land here too)."),
        ArgumentSpec("http_agent", default: "ansible-httpget",
                     description: "User-Agent header; accepted, not sent yet."),
        ArgumentSpec("method", default: "GET", description: "HTTP method (GET, POST, PUT, DELETE...)."),
        ArgumentSpec("removes", .path,
                     description: "A path on the host: when it does not exist, no request is made; accepted, not applied yet."),
        ArgumentSpec("return_content", .bool, default: false,
                     description: "Put the response body in `content` (a JSON body is parsed into `json` anyway)."),
        ArgumentSpec("src", .path, description: "File to send as the body; accepted, not applied yet."),
        ArgumentSpec("status_code", .list, default: [200], description: "Status codes that count as success."),
        ArgumentSpec("timeout", .int, default: 30, description: "Seconds the request may take."),
        ArgumentSpec("unix_socket", .path,
                     description: "Unix socket on the host to connect to instead of a TCP address."),
        ArgumentSpec("url", required: true, description: "The URL to request."),
        ArgumentSpec("url_password", aliases: ["password"], noLog: true,
                     description: "Password for HTTP basic authentication."),
        ArgumentSpec("url_username", aliases: ["user"], description: "User name for HTTP basic authentication."),
        ArgumentSpec("use_proxy", .bool, default: true,
                     description: "Whether the host's proxy variables are used; accepted, curl always honours them."),
        ArgumentSpec("validate_certs", .bool, default: true, description: "Check the server's TLS certificate."),
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

    static let documentation = ModuleDocumentation(
        "Make an HTTP request from the host",
        description: [
            "Sends an HTTP or HTTPS request from the host and returns the status, the response headers (lower-cased, `-` turned into `_`) and, when asked or when it is JSON, the body.",
            "The task fails when the status is not in `status_code`.",
        ],
        notes: [
            "The request is made by `curl` on the host: the host needs curl, not Python.",
            "In check mode only GET and HEAD requests are made; other methods are skipped.",
        ],
        examples: """
            - name: Wait until etcd is healthy
              ansible.builtin.uri:
                url: http://127.0.0.1:2379/health
                return_content: true
              register: health
              until: health.json.health == "true"
              retries: 10
              delay: 3

            - name: Store the network configuration
              ansible.builtin.uri:
                url: http://127.0.0.1:2379/v2/keys/coreos.com/network/config
                method: PUT
                body: value={{ flannel_config | to_json }}
                headers:
                  Content-Type: application/x-www-form-urlencoded
                status_code: [200, 201]
            """,
        checkMode: .partial)

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
