import Foundation

/// The pip task's result from its script's report, with ansible-core's keys and messages.
extension PipPlan {
    func result(_ report: ScriptReport, checkMode: Bool) -> ModuleResult {
        if let path = report["missing"] {
            if report["stage"] == "venv" { return .failure("Failed to find required executable \"\(venvCommand[0])\" in paths: \(path)") }
            return .failure("Unable to find any of \(executable ?? "pip3") to use.  pip needs to be installed.")
        }
        if report.flag("venv_check") { return ModuleResult(changed: true) }
        let venvArgv = venvArguments(report)
        if let errno = report.int("errno") { return executionError(errno, at: report["errno_at"] ?? "", report: report, venvArgv: venvArgv) }
        if let rc = report.int("help_rc"), rc != 0 {
            return .failure("Could not get output from \(report["venv_bin"] ?? "") --help: \(text(report, "help_out"))\(text(report, "help_err"))")
        }
        if report.flag("venv_python_refused") {
            return .failure("virtualenv_python should not be used when using the venv module or pyvenv as virtualenv_command")
        }
        let venvOut = text(report, "venv_out"), venvErr = text(report, "venv_err")
        if let rc = report.int("venv_rc"), rc != 0 { return Self.failure(cmd: venvArgv, out: venvOut, err: venvErr) }
        if report.flag("venv_pip_missing") {
            return .failure("Unable to find pip in the virtualenv, \(virtualenv ?? ""), under any of these names: pip3, pip. "
                            + "Make sure pip is present in the virtualenv.")
        }
        guard let count = report.int("pip_n"), count > 0 else {
            return .failure("pip did not run on the host: \(report["msg"] ?? "no report")")
        }
        let pip = (1...count).map { report["pip\($0)"] ?? "" }
        if let pendingFailure { return .failure(pendingFailure) }
        if nothingToDo { return ModuleResult(fields: ["warnings": ["No valid name or requirements file found."]]) }
        if checkMode && checkAssumesChange { return ModuleResult(changed: true) }
        if checkMode {
            guard let listed = listing("list", pip: pip, report: report) else { return listFailure("list", pip: pip, report: report) }
            var fields: ValueDict = ["cmd": .string(listed.command.joined(separator: " "))]
            Self.addOutput(&fields, out: venvOut + listed.out, err: venvErr + listed.err)
            return ModuleResult(changed: checkModeChange(listed.out), fields: fields)
        }
        var before: (command: [String], out: String, err: String)?
        if listsFirst {
            guard let listed = listing("before", pip: pip, report: report) else { return listFailure("before", pip: pip, report: report) }
            before = listed
        }
        let cmd = pip + arguments
        let pipOut = text(report, "main_out"), pipErr = text(report, "main_err")
        let out = venvOut + pipOut, err = venvErr + pipErr
        let rc = report.int("main_rc") ?? -1
        let notInstalled = pipOut.contains("not installed") || pipErr.contains("not installed")
        if rc != 0 && !(rc == 1 && state == "absent" && notInstalled) { return Self.failure(cmd: cmd, out: out, err: err) }
        var changed: Bool
        if state == "absent" {
            changed = pipOut.contains("Successfully uninstalled")
        } else if let before {
            guard let after = listing("after", pip: pip, report: report) else { return listFailure("after", pip: pip, report: report) }
            changed = before.out != after.out
        } else {
            changed = pipOut.contains("Successfully installed")
        }
        changed = changed || report.flag("venv_created")
        var fields: ValueDict = [
            "cmd": .list(cmd.map(Value.string)), "name": names.map { .list($0.map(Value.string)) } ?? .null,
            "requirements": requirements.map(Value.string) ?? .null, "state": .string(state),
            "version": version.map(Value.string) ?? .null, "virtualenv": virtualenv.map(Value.string) ?? .null,
        ]
        Self.addOutput(&fields, out: out, err: err)
        return ModuleResult(changed: changed, fields: fields)
    }

    /// Check mode without extra arguments: is each named package installed, at a version its
    /// specifiers accept (`pip list` names compared in PEP 503's form)?
    func checkModeChange(_ listed: String) -> Bool {
        let installed: [(name: String, version: String)] = listed.components(separatedBy: "\n").compactMap { line in
            guard !line.isEmpty, !line.hasPrefix("You are using"), !line.hasPrefix("You should consider") else { return nil }
            let parts = line.components(separatedBy: "==")
            guard parts.count == 2 else { return nil }
            return (PythonRequirement.canonicalName(parts[0]), parts[1])
        }
        for package in packages {
            let present = package.requirement.map { requirement in
                installed.contains { $0.name == requirement.canonicalName && requirement.isSatisfied(by: $0.version) }
            } ?? false
            if (state == "present" && !present) || (state == "absent" && present) { return true }
        }
        return false
    }

    /// The packages the host's pip listed at `step`, with the command that listed them; nil
    /// when both `pip list` and `pip freeze` failed.
    private func listing(_ step: String, pip: [String], report: ScriptReport) -> (command: [String], out: String, err: String)? {
        guard report.int("\(step)_rc") == 0 else { return nil }
        let command = pip + (report["\(step)_cmd"] == "freeze" ? ["freeze"] : ["list", "--format=freeze"])
        return (command, text(report, "\(step)_out"), text(report, "\(step)_err"))
    }

    private func listFailure(_ step: String, pip: [String], report: ScriptReport) -> ModuleResult {
        guard report["\(step)_rc"] != nil else { return .failure("pip did not run on the host: \(report["msg"] ?? "no report")") }
        return Self.failure(cmd: pip + ["freeze"], out: text(report, "\(step)_out"), err: text(report, "\(step)_err"))
    }

    /// The command that created the virtualenv, as the script built it.
    private func venvArguments(_ report: ScriptReport) -> [String] {
        guard let bin = report["venv_bin"] else { return [] }
        var argv = [bin] + venvCommand.dropFirst()
        if venvSitePackages { argv.append("--system-site-packages") } else if report.flag("venv_nosite") { argv.append("--no-site-packages") }
        if !venvIsVenvModule { argv.append("-p" + (venvPython ?? report["venv_py"] ?? "")) }
        return argv + [virtualenv ?? ""]
    }

    /// ansible-core's answer when a program cannot be executed at all (Python's OSError).
    private func executionError(_ errno: Int, at step: String, report: ScriptReport, venvArgv: [String]) -> ModuleResult {
        let pip = (1...max(1, report.int("pip_n") ?? 1)).map { report["pip\($0)"] ?? "" }
        let argv: [String]
        switch step {
        case "help": argv = [report["venv_bin"] ?? "", "--help"]
        case "venv": argv = venvArgv
        case "list": argv = pip + ["list", "--format=freeze"]
        default: argv = pip + arguments
        }
        let reason = errno == 2 ? "No such file or directory" : "Permission denied"
        var fields: ValueDict = ["cmd": .string(ShellQuote.join(argv)), "rc": .int(errno)]
        Self.addOutput(&fields, out: "", err: "")
        fields[NoLog.summaryMessageKey] = .string("Error executing command: [Errno \(errno)] \(reason): b\(Value.pythonStringRepr(argv[0]))")
        return ModuleResult(failed: true, message: "Error executing command.", fields: fields)
    }

    /// A failed command: its output in `msg` as ansible-core words it, the command as a list.
    static func failure(cmd: [String], out: String, err: String) -> ModuleResult {
        var message = out.isEmpty ? "" : "stdout: \(out)"
        if !err.isEmpty { message += "\n:stderr: \(err)" }
        return .failure(message, fields: ["cmd": .list(cmd.map(Value.string))])
    }

    static func addOutput(_ fields: inout ValueDict, out: String, err: String) {
        fields["stdout"] = .string(out)
        fields["stdout_lines"] = .list(CommandRun.lines(out).map(Value.string))
        fields["stderr"] = .string(err)
        fields["stderr_lines"] = .list(CommandRun.lines(err).map(Value.string))
    }

    private func text(_ report: ScriptReport, _ key: String) -> String {
        guard let encoded = report[key], let data = Data(base64Encoded: encoded) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
