import Foundation

/// What a pip task asks, worked out on the controller before anything runs (the argument
/// checks of ansible-core's module, the package names as pip is to get them, the command
/// line), then the one script that acts on the host and the result made of its report.
struct PipPlan {
    enum Made { case refused(ModuleResult), planned(PipPlan) }

    /// One entry of `name` as pip gets it: its requirement when `packaging` reads it.
    struct Package {
        var text: String
        var requirement: PythonRequirement?

        init(_ text: String, version: String? = nil) {
            var text = text
            if let version = version.map({ String($0.drop { $0 == " " || $0 == "\t" }) }), let first = version.first {
                text += (first.isNumber ? "==" : " ") + version
            }
            requirement = PythonRequirement(text)
            self.text = requirement?.description ?? text
        }

        var hasVersionSpecifier: Bool { !(requirement?.specifiers.isEmpty ?? true) }
    }

    var state: String
    var names: [String]?
    var version: String?
    var requirements: String?
    var virtualenv: String?
    var chdir: String?
    var executable: String?
    var umask: Int?
    var extraArgs: String?
    var extraWords: [String] = []
    var packages: [Package] = []
    var hasVCS = false
    var breakSystemPackages: Bool
    var venvCommand: [String] = []
    var venvIsVenvModule = false
    var venvPython: String?
    var venvSitePackages: Bool
    /// A refusal ansible-core makes only once pip is found (the `version` checks).
    var pendingFailure: String?

    static let specifierPrefixes = [">=", "<=", ">", "<", "==", "!=", "~="]

    static func make(_ args: ModuleArguments) -> Made {
        var plan = PipPlan(state: args.string("state") ?? "present", breakSystemPackages: args.bool("break_system_packages"),
                           venvSitePackages: args.bool("virtualenv_site_packages"))
        plan.names = args["name"]?.listValue?.map(\.pythonString)
        plan.version = args.string("version")
        plan.requirements = args.string("requirements")
        plan.chdir = args.string("chdir")
        plan.executable = args.string("executable")
        plan.venvPython = args.string("virtualenv_python")
        if let umask = args.string("umask"), !umask.isEmpty {
            guard let value = octal(umask) else {
                return .refused(.failure("umask must be an octal integer", fields: [
                    "details": .string("invalid literal for int() with base 8: \(Value.pythonStringRepr(umask))")]))
            }
            plan.umask = value
        }
        if plan.state == "latest" && plan.version != nil {
            return .refused(.failure("version is incompatible with state=latest"))
        }
        if let env = args.string("virtualenv"), !env.isEmpty {
            plan.virtualenv = env.hasPrefix("/") || plan.chdir == nil ? env : (plan.chdir!.hasSuffix("/") ? plan.chdir! + env : plan.chdir! + "/" + env)
            let command = args.string("virtualenv_command") ?? "virtualenv"
            guard let words = try? ShellQuote.split(command), !words.isEmpty else {
                return .refused(.failure("virtualenv_command cannot be split into a command: \(command)"))
            }
            plan.venvCommand = words
            plan.venvIsVenvModule = isVenvModule(words)
        }
        if let names = plan.names, !names.isEmpty {
            plan.hasVCS = names.contains { $0.range(of: "^(svn|git|hg|bzr)\\+", options: .regularExpression) != nil }
            plan.packages = recoverPackageNames(names).map { Package($0) }
            if let version = plan.version {
                if plan.packages.count > 1 {
                    plan.pendingFailure = "'version' argument is ambiguous when installing multiple package distributions. "
                        + "Please specify version restrictions next to each package in 'name' argument."
                } else if plan.packages[0].hasVersionSpecifier {
                    plan.pendingFailure = "The 'version' argument conflicts with any version specifier provided along with a package name. "
                        + "Please keep the version specifier, but remove the 'version' argument."
                } else {
                    plan.packages[0] = Package(plan.packages[0].text, version: version)
                }
            }
        }
        var extra = args.string("extra_args")
        if args.bool("editable") {
            var words = extra.map { $0.components(separatedBy: " ") } ?? []
            if extra?.isEmpty ?? true { words = [] }
            if !words.contains("-e") { words.append("-e"); extra = words.joined(separator: " ") }
        }
        if let extra, !extra.isEmpty {
            guard let words = try? ShellQuote.split(extra) else {
                return .refused(.failure("extra_args cannot be split into arguments (no closing quotation): \(extra)"))
            }
            plan.extraArgs = extra
            plan.extraWords = words
        }
        return .planned(plan)
    }

    /// Python's `int(text, 8)`: surrounding whitespace, a sign, a `0o` prefix and single
    /// underscores between digits allowed.
    static func octal(_ text: String) -> Int? {
        var s = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var sign = 1
        if let c = s.first, c == "+" || c == "-" { sign = c == "-" ? -1 : 1; s = s.dropFirst() }
        if s.lowercased().hasPrefix("0o") { s = s.dropFirst(2); if s.first == "_" { s = s.dropFirst() } }
        guard !s.isEmpty, !s.hasPrefix("_"), !s.hasSuffix("_"), !s.contains("__") else { return nil }
        let digits = s.filter { $0 != "_" }
        guard digits.allSatisfy({ ("0"..."7").contains($0) }), let value = Int(digits, radix: 8) else { return nil }
        return sign * value
    }

    /// `python -m venv` or `pyvenv`, which take no `-p` (ansible-core's test of the command).
    static func isVenvModule(_ words: [String]) -> Bool {
        if words[0] == "pyvenv" { return true }
        var module: String?
        var index = 1
        while index < words.count {
            let word = words[index]
            if word == "-m", index + 1 < words.count { module = words[index + 1]; index += 2; continue }
            if word.hasPrefix("-m") && word.count > 2 { module = String(word.dropFirst(2)).replacingOccurrences(of: "^=", with: "", options: .regularExpression) }
            index += 1
        }
        return module == "venv"
    }

    /// `name` entries split at commas and joined again so that a specifier given as an entry of
    /// its own (`['django>1.11', '<2.0']`) stays with its package, extras (`a[b,c]`) kept whole.
    static func recoverPackageNames(_ names: [String]) -> [String] {
        let pieces = names.flatMap { $0.components(separatedBy: ",") }
        var packages: [String] = [], parts: [String] = []
        var inBrackets = false
        for piece in pieces {
            let isName = !specifierPrefixes.contains { piece.drop { $0 == " " || $0 == "\t" || $0 == "\n" }.hasPrefix($0) }
            if isName && !inBrackets {
                if !parts.isEmpty { packages.append(parts.joined(separator: ",")) }
                parts = []
            }
            if piece.contains("[") { inBrackets = true }
            if inBrackets && piece.contains("]") { inBrackets = false }
            parts.append(piece)
        }
        packages.append(parts.joined(separator: ","))
        return packages
    }

    /// pip's arguments after the pip command itself.
    var arguments: [String] {
        let subject = !packages.isEmpty ? packages.map(\.text) : requirements.map { ["-r", $0] } ?? []
        return (PipModule.stateWords[state] ?? ["install"]) + extraWords + subject
    }

    /// Neither names nor a requirements file: ansible-core warns and changes nothing.
    var nothingToDo: Bool { packages.isEmpty && (requirements ?? "").isEmpty }

    /// A requirements file or a VCS URL: ansible-core compares `pip list` before and after.
    var listsFirst: Bool { !(requirements ?? "").isEmpty || hasVCS }

    /// Check mode that reports a change without asking pip.
    var checkAssumesChange: Bool { extraArgs != nil || !(requirements ?? "").isEmpty || state == "latest" }
}
