import Foundation

/// Runs a module the content brings (a file from `library/`) as ansible-core runs one: the
/// module and a file with its arguments (as JSON, `key=value` words or inside the module, as its
/// style asks) go to the host's temp directory, its interpreter runs it there, and the JSON it
/// prints is the result. Python modules that import `ansible.module_utils` take that package
/// from ansible-core on the controller (`ModuleUtilsArchive`) and need Python on the host; any
/// other module (shell, a binary...) runs on any host.
struct ContentModuleRun {
    /// The action as the task names it.
    var name: String
    var path: String
    /// The task's own place: the first cause of an unreadable result is told there.
    var taskLocation: SourceLocation
    var verbosity: Int
    var noLog: Bool
    /// A host variable, templated (`ansible_python_interpreter`, `ansible_bash_interpreter`).
    var hostVariable: @Sendable (String) throws -> Value?
    var moduleUtils: ModuleUtilsArchive
    /// Where the content's modules are, with the Pythons to use (controller and hosts).
    var library: ModuleLibrary
    /// Tells a warning of the run (junk around the module's JSON, a discovered interpreter).
    var warn: (String) -> Void

    /// ansible-core 2.19's interpreter discovery order when `ansible_python_interpreter` is unset.
    static let pythonFallback = [
        "python3.13", "python3.12", "python3.11", "python3.10", "python3.9", "python3.8", "/usr/bin/python3", "python3",
    ]

    /// The marker before the interpreter the host's shell found (on stderr, taken out again).
    static let interpreterMarker = "\u{1}swansible-python="

    func run(_ args: ValueDict, in context: ModuleContext) async throws -> ModuleResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .raisedFailure("Task failed: Could not read the module file \(path).")
        }
        let module = ContentModuleFile(path: path, data: data)
        let shortName = TaskAction.shortName(name)
        let arguments = moduleArguments(args, name: name, context: context)
        var payload = data
        var argumentsFile: Data?
        var usesPython = false
        var interpreter: String?
        var archive: Data?
        switch module.style {
        case .powershell:
            return .raisedFailure("Task failed: module (\(shortName)) is a PowerShell module, for Windows hosts; Swansible manages POSIX hosts.")
        case .ansibleModule:
            switch await moduleUtils.archive(extraDirectories: library.moduleUtilsDirectories, python: library.ansiblePython,
                                             scratch: context.localTempDirectory) {
            case .unavailable(let why):
                return .raisedFailure("Task failed: module (\(shortName)) at \(path) cannot run: \(why)")
            case .archive(let zip): archive = zip
            }
            usesPython = true
            argumentsFile = Data(Value.dict(["ANSIBLE_MODULE_ARGS": .dict(arguments)]).jsonText().utf8)
        case .binary, .wantJSON:
            argumentsFile = Data(Value.dict(arguments).jsonText().utf8)
        case .inlineJSONArguments:
            let text = String(decoding: data, as: UTF8.self)
                .replacingOccurrences(of: ContentModuleFile.inlineArgumentsMarker, with: Value.dict(arguments).jsonText())
            payload = Data(text.utf8)
        case .keyValue:
            argumentsFile = Data(arguments.map { "\($0.key)=\(ShellQuote.quote($0.value.pythonString)) " }.joined().utf8)
        }
        if module.style != .binary && !usesPython {
            guard let shebang = module.shebang else {
                return .raisedFailure("Task failed: module (\(shortName)) is missing interpreter line")
            }
            usesPython = module.interpreterName == "python"
            if !usesPython {
                let override = try hostVariable("ansible_\(module.interpreterName ?? "")_interpreter").map(\.pythonString)
                interpreter = ([override ?? shebang.program] + shebang.arguments).joined(separator: " ")
            }
        }
        let configured = usesPython ? try configuredPython() : nil
        let uploads = [payload] + [argumentsFile, archive].compactMap { $0 }
        let result = try await withUploads(uploads, in: context) { paths in
            try await context.runScript(script(paths: paths, interpreter: interpreter, python: usesPython,
                                               configuredPython: configured, hasArchive: archive != nil))
        }
        return outcome(of: result, host: context.hostName, python: usesPython, configuredPython: configured, interpreter: interpreter)
    }

    /// The task's arguments with the internal ones ansible-core adds for every module.
    func moduleArguments(_ args: ValueDict, name: String, context: ModuleContext) -> ValueDict {
        var all = args
        let added: [(String, Value)] = [
            ("_ansible_check_mode", .bool(context.checkMode)), ("_ansible_no_log", .bool(noLog)), ("_ansible_debug", false),
            ("_ansible_diff", .bool(context.diffMode)), ("_ansible_verbosity", .int(verbosity)), ("_ansible_version", "2.19.0"),
            ("_ansible_module_name", .string(name)), ("_ansible_syslog_facility", "LOG_USER"),
            ("_ansible_selinux_special_fs", ["fuse", "nfs", "vboxsf", "ramfs", "9p", "vfat"]), ("_ansible_socket", .null),
            ("_ansible_shell_executable", "/bin/sh"), ("_ansible_keep_remote_files", false), ("_ansible_tmpdir", .null),
            ("_ansible_remote_tmp", "~/.ansible/tmp"), ("_ansible_ignore_unknown_opts", false), ("_ansible_target_log_info", .null),
            ("_ansible_tracebacks_for", []),
        ]
        for (key, value) in added { all[key] = value }
        return all
    }

    /// `ansible_python_interpreter`, else `interpreter_python`, when set to a path (not one of
    /// the `auto` modes).
    func configuredPython() throws -> String? {
        let variable = try hostVariable("ansible_python_interpreter").flatMap { $0.isNull ? nil : $0.pythonString }
        let text = (variable ?? library.interpreterPython).trimmingCharacters(in: .whitespaces)
        return text.isEmpty || text.hasPrefix("auto") ? nil : text
    }

    /// Runs the module from its upload with its arguments file, then removes the uploads. The
    /// module's own command runs in a shell of its own, as ansible-core's one-line command does
    /// (a missing interpreter is then told as `/bin/sh: 1: … not found`).
    func script(paths: [String], interpreter: String?, python: Bool, configuredPython: String?,
                hasArchive: Bool) -> String {
        var s = "trap 'rm -f \(paths.map(ShellQuote.quote).joined(separator: " "))' EXIT\n"
        s += "chmod 700 \(ShellQuote.quote(paths[0]))\n"
        if hasArchive { s += "PYTHONPATH=\(ShellQuote.quote(paths[2]))${PYTHONPATH:+:$PYTHONPATH}; export PYTHONPATH\n" }
        let moduleAndArguments = paths.prefix(2).map(ShellQuote.quote).joined(separator: " ")
        // The interpreter as configured is shell words (`/usr/bin/env python3`), as in a shebang.
        if let fixed = python ? configuredPython : interpreter {
            return s + "/bin/sh -c \(ShellQuote.quote(fixed + " " + moduleAndArguments))\n"
        }
        guard python else { return s + "/bin/sh -c \(ShellQuote.quote(moduleAndArguments))\n" }
        s += "sw_py=\nfor c in \(Self.pythonFallback.joined(separator: " ")); do\n"
        s += "  if command -v \"$c\" >/dev/null 2>&1; then sw_py=$(command -v \"$c\"); break; fi\ndone\n"
        s += "[ -n \"$sw_py\" ] || { printf '%s\\n' '\(Self.interpreterMarker)'; exit 127; } >&2\n"
        s += "printf '%s\\n' \"\(Self.interpreterMarker)$sw_py\" >&2\n"
        return s + "/bin/sh -c \(ShellQuote.quote("\"$1\" " + moduleAndArguments)) /bin/sh \"$sw_py\"\n"
    }

    /// The module's result, with the discovered Python as ansible-core reports it
    /// (`ansible_facts.discovered_interpreter_python`), or why there is none.
    func outcome(of run: CommandResult, host hostName: String, python: Bool, configuredPython: String?, interpreter: String?) -> ModuleResult {
        var run = run
        var discovered: String?
        if python && configuredPython == nil {
            var kept: [Substring] = []
            for line in run.stderr.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(Self.interpreterMarker) { discovered = String(line.dropFirst(Self.interpreterMarker.count)) } else { kept.append(line) }
            }
            run.stderr = kept.joined(separator: "\n")
            if discovered?.isEmpty != false {
                return .raisedFailure("Task failed: module (\(TaskAction.shortName(name))) at \(path) is a Python module and "
                                      + "the host has no Python: ansible_python_interpreter is unset and none of "
                                      + Self.pythonFallback.joined(separator: ", ") + " was found.")
            }
        }
        if let discovered, !library.interpreterPython.hasSuffix("_silent") {
            warn("Host '\(hostName)' is using the discovered Python interpreter at '\(discovered)', but future installation of "
                 + "another Python interpreter could cause a different interpreter to be discovered. See "
                 + "https://docs.ansible.com/ansible-core/2.19/reference_appendices/interpreter_discovery.html for more information.")
        }
        let ran = python ? (configuredPython ?? discovered) : interpreter?.split(separator: " ").first.map(String.init)
        var result = ModuleOutput.result(of: run, interpreter: ran, warn: warn)
        if var causes = result.fields[ModuleResult.causesKey]?.listValue, case .dict(var first)? = causes.first {
            first["file"] = .string(taskLocation.file)
            first["line"] = .int(taskLocation.line)
            first["column"] = .int(taskLocation.column)
            causes[0] = .dict(first)
            result.fields[ModuleResult.causesKey] = .list(causes)
        }
        if let discovered {
            result.facts["discovered_interpreter_python"] = .string(discovered)
            result.reportsFacts = true
        }
        return result
    }

    /// Uploads each of `datas` to a fresh private temp file; removes them all if `body` throws
    /// (the script removes them when it runs).
    private func withUploads<T>(_ datas: [Data], in context: ModuleContext, _ body: ([String]) async throws -> T) async throws -> T {
        var paths: [String] = []
        do {
            for data in datas { paths.append(try await context.uploadTemporary(data)) }
            return try await body(paths)
        } catch {
            for path in paths { await context.discardTemporary(path) }
            throw error
        }
    }
}
