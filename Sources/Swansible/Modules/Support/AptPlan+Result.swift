import Foundation

/// The module result from what `AptPlan.script` printed: the report lines, then apt's own
/// output of the command that ran, which becomes `stdout`/`stderr` and the `prepared` diff.
extension AptPlan {
    /// Where the host has no apt-get, what the failure says (apt and package say it differently).
    enum MissingAptGet {
        case apt
        case package
    }

    func result(from output: CommandResult, checkMode: Bool, diffMode: Bool, missing: MissingAptGet = .apt) -> ModuleResult {
        let text = output.stdout
        guard let outMarker = text.range(of: Self.stdoutMarker + "\n") else {
            let report = ScriptReport(text)
            if report["fail"] == "noaptget" { return Self.noAptGet(missing, other: report["other"]) }
            if report["fail"] == "mktemp" { return .failure("could not create a temporary file on the host: \(output.stderr)") }
            return .failure("apt script failed (rc=\(output.exitCode)): \(output.stderr)\(text)")
        }
        let head = String(text[..<outMarker.lowerBound])
        let rest = text[outMarker.upperBound...]
        let (stdout, stderr): (String, String) = {
            guard let errMarker = rest.range(of: "\n" + Self.stderrMarker + "\n") else { return (String(rest), "") }
            return (String(rest[..<errMarker.lowerBound]), String(rest[errMarker.upperBound...]))
        }()
        let report = ScriptReport(head)
        let warnings = head.split(separator: "\n").filter { $0.hasPrefix("warning=") }.map { Value.string(String($0.dropFirst(8))) }

        var fields = ValueDict()
        let cacheFields: ValueDict = report["cache_updated"].map { updated in
            ["cache_updated": .bool(updated == "1"), "cache_update_time": .int(report.int("cache_update_time") ?? 0)]
        } ?? [:]
        func withOutput(_ fields: inout ValueDict) {
            fields["stdout"] = .string(stdout)
            fields["stderr"] = .string(stderr)
            fields["stdout_lines"] = .list(CommandRun.lines(stdout).map(Value.string))
            fields["stderr_lines"] = .list(CommandRun.lines(stderr).map(Value.string))
        }
        let rc = report.int("rc") ?? Int(output.exitCode)
        let packages = (report["packages"] ?? "").split(separator: " ").map(String.init)

        if let fail = report["fail"] {
            let pkg = report["pkg"] ?? ""
            var message: String
            switch fail {
            case "noaptget": return Self.noAptGet(missing, other: report["other"])
            case "nomatch": message = "No package matching '\(pkg)' is available"
            case "nomatches": message = "No package(s) matching '\(pkg)' available"
            case "nocandidate": message = "no available installation candidate for \(pkg)"
            case "later": message = "A later version is already installed"
            case "debread": message = "Unable to install package: \(stderr.isEmpty ? pkg : stderr)"
            case "fetch": message = "Failure downloading \(pkg), \(stderr)"
            case "prc": message = "Failed to create or chmod /usr/sbin/policy-rc.d"
            case "mktemp": message = "could not create a temporary file on the host"
            case "update":
                let retries = updateRetries
                let reason = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                message = "Failed to update apt cache after \(retries) retries: \(reason.isEmpty ? "unknown reason" : reason)"
            case "clean":
                message = stderr.isEmpty ? "apt-get clean failed" : "apt-get clean failed: \(stderr)"
                fields["stdout"] = .string(stdout)
                fields["rc"] = .int(rc)
            case "install":
                message = "'\(displayedInstall(checkMode: checkMode, packages: packages))' failed: \(stderr)"
                withOutput(&fields)
                fields["rc"] = .int(rc)
                fields.merge(cacheFields) { $1 }
            case "remove":
                message = "'apt-get remove \(packages.map { "'\($0)'" }.joined(separator: " "))' failed: \(stderr)"
                withOutput(&fields)
                fields["rc"] = .int(rc)
            case "cleanup":
                message = "'apt-get \(report["operation"] ?? "autoremove")' failed: \(stderr)"
                withOutput(&fields)
                fields["rc"] = .int(rc)
            case "upgrade":
                message = "'\(report["tool"] ?? "apt-get upgrade")' failed: \(stderr)"
                fields["stdout"] = .string(stdout)
                fields["rc"] = .int(rc)
            case "deb":
                message = "'apt-get install \(packages.joined(separator: " "))' failed: \(stderr)"
                fields["rc"] = .int(rc)
                withOutput(&fields)
            default: message = "apt failed: \(fail)"
            }
            if !warnings.isEmpty { fields["warnings"] = .list(warnings) }
            return .failure(message, fields: fields)
        }

        let changed = report.flag("changed")
        let step = report["step"] ?? ""
        var diff: [FileDiff] = []
        switch step {
        case "clean":
            fields["msg"] = .string(stdout)
            withOutput(&fields)
        case "cache":
            fields = cacheFields
        case "upgrade", "deb", "cleanup":
            if step == "upgrade" { fields["msg"] = .string(stdout) }
            withOutput(&fields)
            if diffMode && (changed || step == "cleanup") { diff = [Self.preparedDiff(stdout)] }
        case "install":
            if changed {
                withOutput(&fields)
                if diffMode { diff = [Self.preparedDiff(stdout)] }
            }
            fields.merge(cacheFields) { $1 }
        case "remove":
            if changed {
                withOutput(&fields)
                if diffMode { diff = [Self.preparedDiff(stdout)] }
            }
        default:
            return .failure("apt script gave no result: \(output.stderr)\(text)")
        }
        if !warnings.isEmpty { fields["warnings"] = .list(warnings) }
        var message: String?
        if case .string(let msg)? = fields.removeValue(forKey: "msg") { message = msg }
        return ModuleResult(changed: changed, message: message, fields: fields, diff: diff)
    }

    static func noAptGet(_ missing: MissingAptGet, other: String?) -> ModuleResult {
        switch missing {
        case .apt:
            return .failure("Failed to find required executable \"apt-get\" in paths: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        case .package:
            let found = other.map { " (it has \($0))" } ?? ""
            return .failure("Could not find a matching action for this host's package manager: Swansible has no package manager module for this host\(found); only apt (apt-get) is supported.")
        }
    }

    /// ansible-core's `prepared` diff: apt-get's output from after "Reading state
    /// information..." (or from the start) to the "N upgraded, ..." summary line.
    static func preparedDiff(_ output: String) -> FileDiff {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = (lines.firstIndex(of: "Resolving dependencies...") ?? lines.firstIndex(of: "Reading state information...")).map { $0 + 1 } ?? 0
        let end = lines.firstIndex { $0.range(of: "^[0-9]+ (packages )?upgraded", options: .regularExpression) != nil }.map { $0 + 1 } ?? lines.count
        return .prepared(start < end ? lines[start..<end].joined(separator: "\n") : "")
    }
}
