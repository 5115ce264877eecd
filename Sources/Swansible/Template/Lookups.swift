import Foundation
import Jinja

/// What a lookup plugin may use: the templar (search paths, environment) and the live renderer.
struct LookupContext {
    let templar: AnsibleTemplar
    let renderer: Renderer
    /// Options given an undefined value (`default=undef()`): only a plugin that accepts one
    /// (env) runs with them; any other fails with the value's own message.
    var undefinedOptions: Set<String> = []

    var searchPaths: [String] { templar.options.searchPaths }

    /// The bytes of a file a lookup found, decrypted when vaulted.
    func read(_ path: String, lookup: String) throws -> Data {
        do { return try DataLoader.read(path) } catch let error as DataLoaderError {
            throw TemplateError.lookup(lookup, "\(error.message) (\(path))")
        }
    }

    /// The text (UTF-8) of a file a lookup found, decrypted when vaulted.
    func readText(_ path: String, lookup: String) throws -> String {
        String(decoding: try read(path, lookup: lookup), as: UTF8.self)
    }

    /// Finds a file like ansible's lookups: absolute, else `<path>/<subdir>/name` then `<path>/name`.
    func find(_ name: String, subdirectory: String) -> String? {
        AnsibleTemplar.candidates(name, in: searchPaths, subdirectory: subdirectory).first { FileManager.default.fileExists(atPath: $0) }
    }
}

/// A lookup plugin: terms and keyword options in, a list of results out.
typealias Lookup = @Sendable (_ terms: [Value], _ options: ValueDict, _ context: LookupContext) throws -> [Value]

/// `lookup()`, `query()`/`q()` and the table of lookup plugins they dispatch to.
enum Lookups {
    static let globals: [String: GlobalFunction] = {
        [
            "lookup": { args, r in try invoke(args, r, wantList: false) },
            "query": { args, r in try invoke(args, r, wantList: true) },
            "q": { args, r in try invoke(args, r, wantList: true) },
            "now": { args, _ in
                let utc = try args.keywordValue("utc")?.truthy() ?? false
                let fmt = try args.keywordValue("fmt")?.plain().pythonString
                let now = Date().timeIntervalSince1970
                var time = time_t(now)
                var parts = tm()
                if utc { gmtime_r(&time, &parts) } else { localtime_r(&time, &parts) }
                var buffer = [Int8](repeating: 0, count: 256)
                // Python's datetime.strftime: %f is the microseconds, which C's strftime lacks.
                let micro = Int((now - Double(time)) * 1_000_000)
                let format = (fmt ?? "%Y-%m-%d %H:%M:%S").replacingOccurrences(
                    of: "(?<!%)((?:%%)*)%f", with: "$1" + String(format: "%06d", micro), options: .regularExpression)
                let n = strftime(&buffer, buffer.count, format, &parts)
                return .string(String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
            },
            UndecryptableVault.functionName: { args, _ in
                let reason = try args.positional.first?.plain().pythonString ?? ""
                let origin = try args.positional.dropFirst().first?.plain().pythonString ?? ""
                throw TemplateError(kind: .failed, message: UndecryptableVault.message(reason: reason), place: UndecryptableVault.place(origin))
            },
            "undef": { args, _ in
                let hint = try args.positional.first?.plain().pythonString ?? "Mandatory variable has not been overridden"
                return .undefined(Undefined(message: hint))
            },
        ]
    }()

    /// A lookup no plugin answers to, as ansible-core says it.
    static func notFound(_ name: String) -> TemplateError {
        TemplateError(kind: .lookup, message: "The lookup plugin '\(name)' was not found.")
    }

    static func invoke(_ args: Arguments, _ r: Renderer, wantList: Bool) throws -> JinjaValue {
        guard let name = try args.positional.first?.plain().stringValue else { throw TemplateError.arguments("lookup() requires a plugin name") }
        let short = r.environment.unqualified(name)
        guard let plugin = registry[short] else { throw notFound(name) }
        guard let templar = r.templar else { throw TemplateError.lookup(name, "lookups need the Ansible templar") }
        var options = ValueDict()
        var wantList = wantList
        var errors = "strict"
        var undefinedOptions: Set<String> = []
        for (k, v) in args.keyword {
            switch k {
            case "wantlist": wantList = try v.truthy()
            case "errors": errors = try v.plain().pythonString
            default:
                if case .undefined = v, short == "env" { undefinedOptions.insert(k) } else { options[k] = try v.plain() }
            }
        }
        let terms = try args.positional.dropFirst().map { try $0.plain() }
        let results: [Value]
        do {
            do {
                results = try plugin(terms, options, LookupContext(templar: templar, renderer: r, undefinedOptions: undefinedOptions))
            } catch let e as ValueError {
                throw TemplateError(e)
            }
        } catch let e as TemplateError {
            if errors == "ignore" || errors == "warn" { return wantList ? .list([]) : .none }
            if e.kind == .lookup || e.kind == .undefined || e.isWordedSyntaxError { throw e }
            throw TemplateError.lookup(name, e.message)
        }
        if wantList { return .list(results) }
        if results.isEmpty { return .list([]) }
        if results.count == 1 { return .value(results[0]) }
        if results.allSatisfy({ $0.stringValue != nil }) { return .string(results.map { $0.stringValue! }.joined(separator: ",")) }
        return .list(results)
    }

    /// ansible-core's refusal of a dict lookup term that is not a mapping (its unbalanced `)` too).
    package static func dictTermProblem(_ term: Value) -> String {
        "the 'dict' lookup plugin expects a dictionary, got '\(term.pythonString)' of type <class '\(term.pythonTypeName)'>)"
    }

    /// Every lookup plugin by its short name.
    static let registry: [String: Lookup] = table.merging(moreTable) { a, _ in a }
        .merging(dataFileTable) { a, _ in a }.merging(configTable) { a, _ in a }

    static var table: [String: Lookup] {
        var t: [String: Lookup] = [:]
        t["env"] = { terms, options, ctx in
            let env = ctx.templar.options.environment ?? ProcessInfo.processInfo.environment
            let fallback = options["default"]
            return try terms.map { term in
                let name = term.pythonString.split(separator: " ").first.map(String.init) ?? ""
                if let v = env[name] { return .string(v) }
                if ctx.undefinedOptions.contains("default") {
                    throw TemplateError.undefined("The environment variable '\(name)' is not set.")
                }
                if let fallback { return fallback }
                return .string("")
            }
        }
        t["file"] = { terms, options, ctx in
            let strip = options["rstrip"]?.isTruthy ?? true, lstrip = options["lstrip"]?.isTruthy ?? false
            return try terms.map { term in
                guard let path = ctx.find(term.pythonString, subdirectory: "files") else {
                    throw TemplateError.lookup("file", "Unable to access the file '\(term.pythonString)': File not found. Use -vvvvv to see paths searched.")
                }
                let text = try ctx.readText(path, lookup: "file")
                return .string(PythonStrings.strip(text, chars: nil, leading: lstrip, trailing: strip))
            }
        }
        t["template"] = { terms, options, ctx in
            try terms.map { term in
                guard let path = ctx.find(term.pythonString, subdirectory: "templates") else {
                    throw TemplateError.lookup("template", "the template file \(term.pythonString) could not be found for the lookup")
                }
                let text = try ctx.readText(path, lookup: "template")
                var extra = options["template_vars"]?.dictValue ?? [:]
                extra["template_path"] = .string(path)
                let fileOptions = TemplateFileOptions(options.filter { TemplateFileOptions.lookupOptions.contains($0.key) })
                return try ctx.templar.renderFileNatively(text, path: path, extraVariables: extra, options: fileOptions).map(Value.string) ?? .null
            }
        }
        t["vars"] = { terms, options, ctx in
            try terms.map { term in
                guard let name = term.stringValue else {
                    throw TemplateError.lookup("vars", "Variable name must be 'str' not '\(term.pythonTypeName)'.")
                }
                let v = try ctx.renderer.lookup(name)
                if case .undefined = v {
                    if let d = options["default"] { return d }
                    throw TemplateError.undefined("No variable named '\(name)' was found.")
                }
                return try v.plain()
            }
        }
        t["varnames"] = { terms, _, ctx in
            let names = ctx.templar.variables.variableNames
            var out: [Value] = []
            for term in terms {
                guard term.stringValue != nil else {
                    throw TemplateError.lookup("varnames", "Invalid setting identifier, \"\(term.pythonString)\" is not a string, it is a <class '\(term.pythonTypeName)'>")
                }
                let re: PythonRegex
                do { re = try PythonRegex(term.pythonString) } catch {
                    throw TemplateError.lookup("varnames", "Unable to use \"\(term.pythonString)\" as a search parameter: \(PythonRegex.pythonError(in: term.pythonString) ?? "\(error)")")
                }
                out += names.filter { re.firstMatch(in: $0) != nil }.map { .string($0) }
            }
            return out
        }
        t["items"] = { terms, _, _ in AnsibleCollectionFilters.flatten(terms, levels: 1, skipNulls: false) }
        t["list"] = { terms, _, _ in terms }
        t["indexed_items"] = { terms, _, _ in
            AnsibleCollectionFilters.flatten(terms, levels: 1, skipNulls: false).enumerated().map { .list([.int($0.offset), $0.element]) }
        }
        t["dict"] = { terms, _, _ in
            try terms.flatMap { term -> [Value] in
                guard case .dict(let d) = term else { throw TemplateError.lookup("dict", dictTermProblem(term)) }
                return d.map { .dict(["key": .string($0.key), "value": $0.value]) }
            }
        }
        t["nested"] = { terms, _, _ in
            var result: [[Value]] = [[]]
            for term in terms {
                let list = term.listValue ?? [term]
                result = result.flatMap { prefix in list.map { prefix + [$0] } }
            }
            return result.map { .list($0) }
        }
        t["together"] = { terms, _, _ in
            let lists = terms.map { $0.listValue ?? [$0] }
            let n = lists.map(\.count).max() ?? 0
            return (0..<n).map { i in .list(lists.map { i < $0.count ? $0[i] : .null }) }
        }
        t["sequence"] = { terms, options, _ in try sequence(terms, options) }
        t["first_found"] = { terms, options, ctx in
            // Like ansible-core: each term a name, or a mapping whose `paths` (each path, then
            // each name in it) make the names; every name then looked up in the search path.
            var names: [String] = []
            var skip = options["skip"]?.isTruthy ?? false
            func split(_ v: Value, on separators: Set<Character>) -> [String] {
                (v.listValue ?? [v]).flatMap { $0.pythonString.split(whereSeparator: { separators.contains($0) }).map(String.init) }
            }
            func collect(_ v: Value, paths: Value?) throws {
                switch v {
                case .list(let l): try l.forEach { try collect($0, paths: paths) }
                case .dict(let d):
                    if let s = d["skip"] { skip = s.isTruthy }
                    collect(split(d["files"] ?? .list([]), on: [",", ";"]), paths: d["paths"] ?? paths)
                case .string, .unsafe: collect([v.pythonString], paths: paths)
                default:
                    // (ansible-core's message, with its stray parenthesis)
                    throw TemplateError.lookup("first_found", "Invalid term supplied. A string, dict or list is required, not '\(v.pythonTypeName)').")
                }
            }
            func collect(_ files: [String], paths: Value?) {
                let dirs = paths.map { split($0, on: [",", ":", ";"]) } ?? []
                names += dirs.isEmpty ? files : dirs.flatMap { dir in files.map { (dir as NSString).appendingPathComponent($0) } }
            }
            let given = terms.isEmpty ? options["files"].map { [$0] } ?? [] : terms
            try given.forEach { try collect($0, paths: options["paths"]) }
            for name in names {
                let candidates = AnsibleTemplar.candidates(name, in: ctx.searchPaths, subdirectory: ctx.templar.options.firstFoundSubdirectory)
                if let hit = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
                    return [.string(AnsibleTextFilters.normpath(hit))]
                }
            }
            if skip { return [] }
            throw TemplateError.lookup("first_found", "No file was found when using first_found.")
        }
        t["fileglob"] = { terms, _, ctx in
            var out: [Value] = []
            for term in terms {
                let pattern = term.pythonString
                let dirs = pattern.hasPrefix("/") ? [""] : ctx.searchPaths.flatMap { [$0 + "/files", $0] }
                let directory = (pattern as NSString).deletingLastPathComponent
                if !directory.isEmpty, !dirs.contains(where: { PathResolution.isDirectory($0.isEmpty ? directory : $0 + "/" + directory) }) {
                    // Like ansible-core, a directory found nowhere is worth a warning.
                    ctx.templar.options.warn?("Unable to find '\(directory)' in expected paths (use -vvvvv to see paths)")
                    continue
                }
                for dir in dirs {
                    let full = dir.isEmpty ? pattern : dir + "/" + pattern
                    let parent = (full as NSString).deletingLastPathComponent, glob = (full as NSString).lastPathComponent
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
                    let hits = names.sorted().filter { fnmatch(glob, $0, 0) == 0 }.map { parent + "/" + $0 }
                        .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
                    if !hits.isEmpty { out += hits.map { .string($0) }; break }
                }
            }
            return out
        }
        t["lines"] = { terms, _, ctx in
            guard ctx.templar.options.allowPipeLookup else { throw TemplateError.lookup("lines", "command lookups are disabled") }
            return try terms.flatMap { term -> [Value] in
                try runShell(term.pythonString).split(separator: "\n").map { .string(String($0)) }
            }
        }
        t["pipe"] = { terms, _, ctx in
            guard ctx.templar.options.allowPipeLookup else { throw TemplateError.lookup("pipe", "command lookups are disabled") }
            return try terms.map { .string(PythonStrings.strip(try runShell($0.pythonString), chars: nil, leading: false, trailing: true)) }
        }
        return t
    }

    static func runShell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = ChildProcessIO.readAll(out.fileHandleForReading)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TemplateError.failed("lookup_plugin.pipe(\(command)) returned \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `sequence`: `start=1 end=5 stride=1 format=%d` or the shortcut `[start-]end[/stride][:format]`.
    static func sequence(_ terms: [Value], _ options: ValueDict) throws -> [Value] {
        var out: [Value] = []
        // Keywords alone still make one sequence; nothing at all makes none.
        for term in terms + (terms.isEmpty && !options.isEmpty ? [.string("")] : []) {
            var start = 1, end: Int?, count: Int?, stride = 1, format = "%d"
            let text = term.pythonString.trimmingCharacters(in: .whitespaces)
            if text.contains("=") || text.isEmpty {
                // Keyword options are the defaults; the term's own k=v win over them.
                var kv = Dictionary(uniqueKeysWithValues: options.map { ($0.key, $0.value.pythonString) })
                for part in text.split(separator: " ") {
                    let p = part.split(separator: "=", maxSplits: 1).map(String.init)
                    if p.count == 2 { kv[p[0]] = p[1] }
                }
                start = kv["start"].flatMap { Coerce.int(.string($0), base: 0) } ?? 1
                end = kv["end"].flatMap { Coerce.int(.string($0), base: 0) }
                count = kv["count"].flatMap { Coerce.int(.string($0), base: 0) }
                stride = kv["stride"].flatMap { Coerce.int(.string($0), base: 0) } ?? 1
                format = kv["format"] ?? "%d"
            } else {
                var rest = Substring(text)
                if let colon = rest.firstIndex(of: ":") { format = String(rest[rest.index(after: colon)...]); rest = rest[..<colon] }
                if let slash = rest.firstIndex(of: "/") { stride = Int(rest[rest.index(after: slash)...]) ?? 1; rest = rest[..<slash] }
                if let dash = rest.dropFirst().firstIndex(of: "-") {
                    start = Coerce.int(.string(String(rest[..<dash])), base: 0) ?? 1
                    end = Coerce.int(.string(String(rest[rest.index(after: dash)...])), base: 0)
                } else {
                    end = Coerce.int(.string(String(rest)), base: 0)
                }
            }
            // ansible-core's checks, in its order; a count or a stride of 0 is an empty sequence.
            if count != nil, end != nil { throw TemplateError.lookup("sequence", "can't specify both count and end in with_sequence") }
            if let count {
                if count == 0 { continue }
                end = start + count * stride - 1
            }
            guard let end else { throw TemplateError.lookup("sequence", "must specify count or end in with_sequence") }
            if stride > 0, end < start { throw TemplateError.lookup("sequence", "to count backwards make stride negative") }
            if stride < 0, end > start { throw TemplateError.lookup("sequence", "to count forward don't make stride negative") }
            if stride == 0 { continue }
            let values = Swift.stride(from: start, to: end + (stride > 0 ? 1 : -1), by: stride)
            if (end - start) / stride > 100_000 { throw TemplateError.limit("sequence too long") }
            for i in values { out.append(.string(try PythonFormat.printf(format, .int(i)))) }
        }
        return out
    }
}
