import Foundation

/// `wait_for`: a port open/closed, a file present/absent (optionally holding a regex), or a
/// plain pause — polled by one script on the host (bash's /dev/tcp for ports, coreutils
/// `timeout` for the connect limit).
struct WaitForModule: Module {
    static let names = ["wait_for"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("active_connection_states", .list,
                     default: ["ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "SYN_RECV", "SYN_SENT", "TIME_WAIT"],
                     description: "TCP states that count as active for `state: drained`; accepted, not applied yet."),
        ArgumentSpec("connect_timeout", .int, default: 5, description: "Seconds each connection attempt may take."),
        ArgumentSpec("delay", .int, default: 0, description: "Seconds to wait before the first check."),
        ArgumentSpec("exclude_hosts", .list,
                     description: "Hosts whose connections are ignored for `state: drained`; accepted, not applied yet."),
        ArgumentSpec("host", default: "127.0.0.1",
                     description: "Address (or name) whose port is checked, from the host."),
        ArgumentSpec("msg", description: "Message of the failure when the time runs out."),
        ArgumentSpec("path", .path, description: "File whose presence (or absence) is waited for."),
        ArgumentSpec("port", .int, description: "TCP port to wait for."),
        ArgumentSpec("search_regex",
                     description: "Regular expression that the file (or what the port answers) must contain."),
        ArgumentSpec("sleep", .int, default: 1, description: "Seconds between two checks."),
        ArgumentSpec("state", default: "started", choices: ["absent", "drained", "present", "started", "stopped"],
                     description: "What to wait for: `started`/`present` (open port, existing file), `stopped`/`absent` (closed port, missing file), `drained` (no active connections)."),
        ArgumentSpec("timeout", .int, default: 300, description: "Seconds to wait in all before failing."),
    ])

    static let documentation = ModuleDocumentation(
        "Wait for a port, a file or some time",
        description: [
            "Waits, from the host, until a TCP port opens or closes, a file appears (holding a regular expression, optionally) or goes away; with neither port nor path it just waits `timeout` seconds.",
        ],
        notes: [
            "Polled by one shell script on the host: bash's `/dev/tcp` opens the connections and coreutils' `timeout` bounds them.",
        ],
        examples: """
            - name: Wait for the API server
              ansible.builtin.wait_for:
                port: 6443
                timeout: 120

            - name: Wait for the kubelet to write its certificate
              ansible.builtin.wait_for:
                path: /var/lib/kubelet/pki/kubelet.crt
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let host = args.string("host") ?? "127.0.0.1"
        let port = args.int("port")
        let path = args.string("path")
        let regex = args.string("search_regex")
        let state = args.string("state") ?? "started"
        let timeout = args.int("timeout") ?? 300
        let delay = args.int("delay") ?? 0
        if port != nil && path != nil { return .failure("port and path parameter can not both be passed to wait_for") }
        if path != nil && state == "stopped" { return .failure("state=stopped should only be used for checking a port in the wait_for module") }
        if path != nil && state == "drained" { return .failure("state=drained should only be used for checking a port in the wait_for module") }
        let start = Date()
        var fields: ValueDict = ["match_groupdict": [:], "match_groups": [], "path": path.map(Value.string) ?? .null,
                                 "port": port.map(Value.int) ?? .null, "search_regex": regex.map(Value.string) ?? .null]
        guard let check = condition(host: host, port: port, path: path, regex: regex, state: state,
                                    connectTimeout: args.int("connect_timeout") ?? 5) else {
            // Nothing to watch: wait out the timeout, like ansible.
            let total = delay + timeout
            if total > 0 && !context.checkMode { try await Task.sleep(nanoseconds: UInt64(total) * 1_000_000_000) }
            fields["elapsed"] = .int(Int(Date().timeIntervalSince(start)))
            fields["state"] = .string(state)
            return ModuleResult(fields: ContentInstall.sorted(fields))
        }
        var s = "end=$(( $(date +%s) + \(timeout) ))\n"
        if delay > 0 { s += "sleep \(delay)\n" }
        s += "while :; do\n  if \(check); then echo outcome=ok; break; fi\n"
        s += "  if [ \"$(date +%s)\" -ge \"$end\" ]; then echo outcome=timeout; break; fi\n  sleep \(max(1, args.int("sleep") ?? 1))\ndone\n"
        if let path, state == "present" || state == "started" {
            s += "[ -e \(ShellQuote.quote(path)) ] && { stat --printf 'uid=%u\\ngid=%g\\nowner=%U\\ngroup=%G\\nmode=%a\\nsize=%s\\n' \(ShellQuote.quote(path)); "
            s += regex != nil ? "echo __swansible_content__; cat \(ShellQuote.quote(path)); }\n" : "}\n"
        }
        let result = try await context.runScript(s)
        let stdout = result.stdout
        let head = stdout.range(of: "__swansible_content__\n").map { String(stdout[..<$0.lowerBound]) } ?? stdout
        let report = ScriptReport(head)
        fields["elapsed"] = .int(Int(Date().timeIntervalSince(start)))
        guard report["outcome"] == "ok" else {
            let message = args.string("msg") ?? timeoutMessage(host: host, port: port, path: path, regex: regex, state: state)
            return ModuleResult(failed: true, message: message, fields: ["elapsed": fields["elapsed"] ?? 0])
        }
        if let path, state == "present" || state == "started" {
            for (k, v) in report.pathFields { fields[k] = v }
            fields["state"] = "file"
            if let regex, let content = stdout.range(of: "__swansible_content__\n").map({ String(stdout[$0.upperBound...]) }),
               let compiled = try? PythonRegex(regex), let match = compiled.firstMatch(in: content) {
                fields["match_groups"] = .list((1..<max(1, match.numberOfRanges)).map { i in
                    Range(match.range(at: i), in: content).map { .string(String(content[$0])) } ?? .null
                })
                // Python's groupdict: the named groups `(?P<name>…)`, in the pattern's order.
                var named = ValueDict()
                for name in groupNames(regex) { named[name] = compiled.group(match, named: name, in: content) }
                fields["match_groupdict"] = .dict(named)
            }
        } else {
            fields["state"] = .string(state)
        }
        return ModuleResult(fields: ContentInstall.sorted(fields))
    }

    /// The names of a Python pattern's named groups, in order.
    static func groupNames(_ pattern: String) -> [String] {
        guard let finder = try? NSRegularExpression(pattern: #"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>"#) else { return [] }
        return finder.matches(in: pattern, range: NSRange(pattern.startIndex..., in: pattern)).compactMap {
            Range($0.range(at: 1), in: pattern).map { String(pattern[$0]) }
        }
    }

    /// The shell test for "done", or nil when there is nothing to watch.
    static func condition(host: String, port: Int?, path: String?, regex: String?, state: String, connectTimeout: Int) -> String? {
        if let port {
            let connect = "exec 3<>/dev/tcp/\(host)/\(port)"
            if let regex, state == "started" || state == "present" {
                let read = ShellQuote.quote(connect + " && cat <&3")
                return "timeout \(connectTimeout) bash -c \(read) 2>/dev/null | grep -qE -- \(ShellQuote.quote(PythonRegex.extendedRegex(regex)))"
            }
            let probe = "timeout \(connectTimeout) bash -c \(ShellQuote.quote(connect)) 2>/dev/null"
            return state == "stopped" || state == "drained" || state == "absent" ? "! \(probe)" : probe
        }
        if let path {
            let p = ShellQuote.quote(path)
            if state == "absent" { return "! [ -e \(p) ]" }
            if let regex { return "[ -r \(p) ] && grep -qE -- \(ShellQuote.quote(PythonRegex.extendedRegex(regex))) \(p)" }
            return "[ -e \(p) ]"
        }
        return nil
    }

    static func timeoutMessage(host: String, port: Int?, path: String?, regex: String?, state: String) -> String {
        if let port {
            if let regex { return "Timeout when waiting for search string \(regex) in \(host):\(port)" }
            if state == "stopped" || state == "drained" || state == "absent" { return "Timeout when waiting for \(host):\(port) to stop." }
            return "Timeout when waiting for \(host):\(port)"
        }
        if let path {
            if state == "absent" { return "Timeout when waiting for \(path) to be absent." }
            if let regex { return "Timeout when waiting for search string \(regex) in \(path)" }
            return "Timeout when waiting for file \(path)"
        }
        return "Timeout"
    }
}
