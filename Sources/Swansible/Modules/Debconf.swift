import Foundation

/// `debconf`: one answer in a package's debconf database, read with `debconf-show` and set
/// with `debconf-set-selections` only when it differs (a password compared with what
/// `debconf-get-selections` holds, a boolean without regard to case, a multiselect list in any
/// order).
struct DebconfModule: Module {
    static let names = ["debconf"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("name", required: true, aliases: ["pkg"],
                     description: "The package whose debconf questions are read or answered."),
        ArgumentSpec("question", aliases: ["selection", "setting"],
                     description: "The question to answer (`locales/default_environment_locale`); without it the package's answers are only read."),
        ArgumentSpec("unseen", .bool, default: false,
                     description: "Leave the question marked as not seen (`debconf-set-selections -u`)."),
        ArgumentSpec("value", .raw, aliases: ["answer"],
                     description: "The answer; a list for a multiselect question."),
        ArgumentSpec("vtype", choices: ["boolean", "error", "multiselect", "note", "password", "seen", "select", "string", "text", "title"],
                     description: "The question's type."),
    ], requiredTogether: [["question", "vtype", "value"]])

    static let documentation = ModuleDocumentation(
        "Read and set a Debian package's debconf answers",
        description: [
            "Reads a package's current debconf answers with `debconf-show` (returned as `current`), and with `question`, `vtype` and `value` sets one answer with `debconf-set-selections` when it differs from the current one.",
            "Booleans are compared without regard to case, a multiselect list in any order, and a password with the value `debconf-get-selections` shows (debconf-show hides it).",
        ],
        notes: [
            "Needs debconf's commands on the host (`debconf-get-selections`, from debconf-utils, only for passwords); no Python is needed. A host without them (CoreOS) fails with the missing command's name.",
            "A changed answer returns `current` (the new answer), `previous` and, with --diff, the two as a diff.",
        ],
        examples: """
            - name: Preseed the default locale
              ansible.builtin.debconf:
                name: locales
                question: locales/default_environment_locale
                value: en_US.UTF-8
                vtype: select

            - name: Read tzdata's answers
              ansible.builtin.debconf:
                name: tzdata
            """,
        diffMode: .full)

    static let vtypesCompared = ["boolean", "password", "multiselect"]

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let package = args.string("name") ?? ""
        let question = args.string("question")
        let vtype = args.string("vtype")
        var value = args["value"]
        let unseen = args.bool("unseen")

        let shown = try await runTool(["debconf-show"] + package.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init),
                                      in: context)
        guard case .success(let listing) = shown else { return shown.failure }
        var previous = selections(listing)

        guard let question else {
            return ModuleResult(message: "", fields: ["current": .dict(previous)])
        }
        guard let vtype, var given = value else {
            return .failure("when supplying a question you must supply a valid vtype and value")
        }
        if vtype == "boolean" { given = .string(given.pythonString.lowercased()) }
        if case .unsafe(let text) = given { given = .string(text) }
        var changed = true
        if let current = previous[question]?.stringValue {
            var existing: Value = .string(current)
            switch vtype {
            case "boolean":
                existing = .string(current.lowercased())
            case "password":
                let answers = try await runTool(["debconf-get-selections"], in: context)
                guard case .success(let dump) = answers else {
                    if case .failed(let err) = answers { return .failure("Failed to get the value '\(question)' from '\(package)': \(err)") }
                    return answers.failure
                }
                existing = passwordValue(dump, package: package, question: question, vtype: vtype).map(Value.string) ?? .null
            case "multiselect":
                if case .list(let items) = given {
                    guard let sorted = pythonSorted(items) else {
                        return .failure("Invalid value provided for 'multiselect': '<' not supported between instances of the list's items")
                    }
                    given = .list(sorted)
                    existing = .list(current.components(separatedBy: ",")
                        .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                        .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                        .map(Value.string))
                }
            default:
                break
            }
            changed = given != existing
        }
        guard changed else {
            return ModuleResult(message: "", fields: ["current": .dict(previous)])
        }
        value = given
        var message = ""
        if !context.checkMode {
            if vtype == "multiselect", case .list(let items) = given {
                given = .string(items.map(\.pythonString).joined(separator: ", "))
            }
            let line = [package, question, vtype, given.pythonString].joined(separator: " ")
            let set = try await runTool(["debconf-set-selections"] + (unseen ? ["-u"] : []), stdin: Data(line.utf8), in: context)
            switch set {
            case .success(let out): message = out
            case .failed(let err): return .failure(err)
            case .missing: return set.failure
            }
        }
        let current: ValueDict = [question: given]
        var before: ValueDict
        if let answer = previous[question]?.stringValue {
            before = [question: .string(answer)]
        } else {
            previous[question] = .string("")
            before = previous
        }
        var fields: ValueDict = ["current": .dict(current), "previous": .dict(before), "diff": .dict([:])]
        var diff: [FileDiff] = []
        if context.diffMode {
            var after = before
            after[question] = given
            fields["diff"] = ["before": .dict(before), "after": .dict(after)]
            diff = [FileDiff(path: "", before: Value.dict(before).jsonText(indent: 4, sortKeys: true) + "\n",
                             after: Value.dict(after).jsonText(indent: 4, sortKeys: true) + "\n")]
        }
        return ModuleResult(changed: true, message: message, fields: fields, diff: diff)
    }

    enum ToolOutcome {
        case success(String)
        case failed(String)
        case missing(tool: String, path: String)

        var failure: ModuleResult {
            switch self {
            case .success: return .failure("")
            case .failed(let err): return .failure(err)
            case .missing(let tool, let path): return .failure("Failed to find required executable \"\(tool)\" in paths: \(path)")
            }
        }
    }

    /// Runs one of debconf's commands on the host: its standard output when it succeeds, its
    /// standard error (verbatim, as ansible quotes it) when it fails.
    static func runTool(_ command: [String], stdin: Data? = nil, in context: ModuleContext) async throws -> ToolOutcome {
        let tool = command[0]
        let script = """
            \(GetentModule.findExecutable)
            sw_find \(ShellQuote.quote(tool))
            o=$(mktemp) && e=$(mktemp) || exit 1
            "$bin" \(command.dropFirst().map(ShellQuote.quote).joined(separator: " ")) >"$o" 2>"$e"; rc=$?
            printf 'rc=%s\\n' "$rc"
            if [ "$rc" = 0 ]; then cat "$o"; else cat "$e"; fi
            rm -f "$o" "$e"

            """
        let result = try await context.runScript(script, stdin: stdin ?? Data())
        let stdout = result.stdout
        guard let newline = stdout.firstIndex(of: "\n") else {
            return .failed("\(tool) did not run on the host: \(result.stderr)")
        }
        let head = stdout[..<newline], rest = String(stdout[stdout.index(after: newline)...])
        if head.hasPrefix("missing=") { return .missing(tool: tool, path: String(head.dropFirst("missing=".count))) }
        guard head.hasPrefix("rc=") else { return .failed("\(tool) did not run on the host: \(result.stderr)") }
        return head == "rc=0" ? .success(rest) : .failed(rest)
    }

    /// debconf-show's lines (`* question: value`, a `*` for questions seen) as a dict.
    static func selections(_ listing: String) -> ValueDict {
        var result = ValueDict()
        for line in GetentModule.lines(listing) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "*"))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            result[key] = .string(line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result
    }

    /// The password `debconf-get-selections` holds for the question, as ansible-core finds it:
    /// the first of the package's lines with too few fields means an empty password; nil when
    /// no line names the question.
    static func passwordValue(_ dump: String, package: String, question: String, vtype: String) -> String? {
        for line in dump.components(separatedBy: "\n") where line.hasPrefix(package) {
            let fields = line.components(separatedBy: "\t")
            if fields.count <= 3 { return "" }
            if fields[1] == question && fields[2] == vtype { return fields[3] }
        }
        return nil
    }

    /// A multiselect list sorted as Python sorts it (strings by code point, numbers by value);
    /// nil for items Python cannot compare with each other.
    static func pythonSorted(_ items: [Value]) -> [Value]? {
        let strings = items.compactMap { item -> String? in
            switch item { case .string(let s), .unsafe(let s): return s; default: return nil }
        }
        if strings.count == items.count {
            return strings.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }.map(Value.string)
        }
        let numbers = items.compactMap { item -> Double? in
            switch item { case .int(let i): return Double(i); case .float(let f): return f; default: return nil }
        }
        if numbers.count == items.count {
            return zip(numbers, items).sorted { $0.0 < $1.0 }.map(\.1)
        }
        return nil
    }
}
