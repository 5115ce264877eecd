import Foundation
import Testing
@testable import Swansible

/// Differential tests: the same task run by ansible-core and by Swansible's module, each in
/// its own fresh directory prepared by the same setup, must give the same result fields
/// (values too, except run-specific ones) and leave the same files behind. ansible-core's
/// normalised results and file trees are stored in `Answers/ModuleConformanceTests.jsonl`.
@Suite struct ModuleConformanceTests {
    struct Case: CustomStringConvertible {
        var name: String
        var setup: String
        var module: String
        var args: ValueDict
        var checkMode = false
        /// Run with `--diff`: the first diff's before/after texts are compared too.
        var diffMode = false
        /// Keys ansible reports that Swansible deliberately leaves out.
        var ignoredKeys: Set<String> = []
        var description: String { name }

        var answerKey: AnswerKey {
            var input = [setup, module, Value.dict(args).jsonText(sortKeys: true), "\(checkMode)", ignoredKeys.sorted().joined(separator: ",")]
            if diffMode { input.append("diff") }
            return AnswerKey(key: name, input: InputDigest.of(input.joined(separator: "\n\u{0}\n")))
        }
    }

    static let cases: [Case] = [
        Case(name: "stat regular file", setup: "printf 'hello\\n' > f; chmod 640 f", module: "stat", args: ["path": "{dir}/f"]),
        Case(name: "stat missing", setup: "", module: "stat", args: ["path": "{dir}/nope"]),
        Case(name: "stat symlink", setup: "echo x > f; ln -s f l", module: "stat", args: ["path": "{dir}/l"]),
        Case(name: "stat directory no checksum", setup: "mkdir d", module: "stat", args: ["path": "{dir}/d", "get_checksum": false]),
        Case(name: "file directory", setup: "", module: "file", args: ["path": "{dir}/a/b", "state": "directory", "mode": "0750"]),
        Case(name: "file directory exists", setup: "mkdir -m 755 a", module: "file", args: ["path": "{dir}/a", "state": "directory"]),
        Case(name: "file absent", setup: "mkdir -p t/u", module: "file", args: ["path": "{dir}/t", "state": "absent"]),
        Case(name: "file absent missing", setup: "", module: "file", args: ["path": "{dir}/t", "state": "absent"]),
        Case(name: "file touch", setup: "", module: "file", args: ["path": "{dir}/t", "state": "touch", "mode": "0640"]),
        Case(name: "file link", setup: "echo x > f", module: "file", args: ["src": "{dir}/f", "dest": "{dir}/l", "state": "link"]),
        Case(name: "file link exists", setup: "echo x > f; ln -s {dir}/f l", module: "file", args: ["src": "{dir}/f", "dest": "{dir}/l", "state": "link"]),
        Case(name: "file mode", setup: "echo x > f; chmod 644 f", module: "file", args: ["path": "{dir}/f", "mode": "u=rw,go="]),
        Case(name: "file missing", setup: "", module: "file", args: ["path": "{dir}/nope"]),
        Case(name: "file bad state", setup: "", module: "file", args: ["path": "{dir}/x", "state": "bogus"]),
        Case(name: "copy new", setup: "", module: "copy", args: ["content": "abc\n", "dest": "{dir}/c", "mode": "0600"]),
        Case(name: "copy same", setup: "printf 'abc\\n' > c; chmod 600 c", module: "copy", args: ["content": "abc\n", "dest": "{dir}/c", "mode": "0600"]),
        Case(name: "copy replace keeps mode", setup: "echo old > c; chmod 640 c", module: "copy", args: ["content": "new\n", "dest": "{dir}/c"]),
        // ansible-core's copy action uploads the content before its module refuses the
        // arguments, so its invocation names the upload (src, checksum, no content); Swansible
        // refuses them before anything is sent.
        Case(name: "copy unsupported", setup: "", module: "copy", args: ["content": "x", "dest": "{dir}/c", "foo": 1, "bar": 2],
             ignoredKeys: ["checksum", "invocation"]),
        Case(name: "copy missing dest", setup: "", module: "copy", args: ["content": "x"]),
        Case(name: "lineinfile append", setup: "printf 'a\\nb\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "line": "c"]),
        Case(name: "lineinfile present", setup: "printf 'a\\nb\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "line": "a"]),
        Case(name: "lineinfile replace", setup: "printf 'a=1\\nb=2\\na=3\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "regexp": "^a=", "line": "a=9"]),
        Case(name: "lineinfile firstmatch", setup: "printf 'a=1\\nb=2\\na=3\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "regexp": "^a=", "line": "a=9", "firstmatch": true]),
        Case(name: "lineinfile backrefs", setup: "printf 'port 80\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "regexp": "^port (\\d+)$", "line": "listen \\1", "backrefs": true]),
        Case(name: "lineinfile backrefs nomatch", setup: "printf 'x\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "regexp": "^port (\\d+)$", "line": "listen \\1", "backrefs": true]),
        Case(name: "lineinfile insertafter", setup: "printf 'a\\nb\\nc' > f", module: "lineinfile", args: ["path": "{dir}/f", "line": "d", "insertafter": "^a"]),
        Case(name: "lineinfile insertbefore", setup: "printf 'a\\nb\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "line": "z", "insertbefore": "^b"]),
        Case(name: "lineinfile bof", setup: "printf 'a\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "line": "z", "insertbefore": "BOF"]),
        Case(name: "lineinfile no newline at end", setup: "printf 'a' > f", module: "lineinfile", args: ["path": "{dir}/f", "line": "b"]),
        Case(name: "lineinfile absent", setup: "printf 'a=1\\nb\\na=2\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "regexp": "^a=", "state": "absent"]),
        Case(name: "lineinfile create", setup: "", module: "lineinfile", args: ["path": "{dir}/n", "line": "x", "create": true, "mode": "0600"]),
        Case(name: "lineinfile missing", setup: "", module: "lineinfile", args: ["path": "{dir}/n", "line": "x"]),
        Case(name: "lineinfile search_string", setup: "printf 'foo bar\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "search_string": "bar", "line": "baz"]),
        Case(name: "command echo", setup: "", module: "command", args: ["cmd": "echo 'a  b' c", "chdir": "{dir}"]),
        Case(name: "command creates", setup: "touch made", module: "command", args: ["cmd": "touch other", "chdir": "{dir}", "creates": "made"]),
        Case(name: "shell fails", setup: "", module: "shell", args: ["cmd": "echo out; echo err >&2; exit 3"]),
        Case(name: "copy check new", setup: "", module: "copy", args: ["content": "abc\n", "dest": "{dir}/c"], checkMode: true),
        Case(name: "copy check same", setup: "printf 'abc\\n' > c", module: "copy", args: ["content": "abc\n", "dest": "{dir}/c"], checkMode: true),
        Case(name: "copy src into dir", setup: "mkdir d; echo data > s", module: "copy", args: ["src": "{dir}/s", "dest": "{dir}/d/"]),
        Case(name: "copy src to new dir path", setup: "echo data > s", module: "copy", args: ["src": "{dir}/s", "dest": "{dir}/n/"]),
        Case(name: "copy force no", setup: "echo old > c", module: "copy", args: ["content": "new", "dest": "{dir}/c", "force": false]),
        Case(name: "file check directory", setup: "", module: "file", args: ["path": "{dir}/d", "state": "directory"], checkMode: true),
        Case(name: "file check absent", setup: "touch f", module: "file", args: ["path": "{dir}/f", "state": "absent"], checkMode: true),
        Case(name: "file touch existing", setup: "touch f; chmod 600 f", module: "file", args: ["path": "{dir}/f", "state": "touch"]),
        Case(name: "file hard", setup: "echo x > a", module: "file", args: ["src": "{dir}/a", "path": "{dir}/b", "state": "hard"]),
        Case(name: "file relative link", setup: "echo x > a", module: "file", args: ["src": "a", "path": "{dir}/l", "state": "link"]),
        Case(name: "file link to missing src", setup: "", module: "file", args: ["src": "{dir}/none", "path": "{dir}/l", "state": "link"]),
        Case(name: "file directory over file", setup: "touch f", module: "file", args: ["path": "{dir}/f", "state": "directory"]),
        Case(name: "lineinfile check", setup: "printf 'a\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "line": "b"], checkMode: true),
        Case(name: "lineinfile absent line", setup: "printf 'a\\nb\\na\\n' > f", module: "lineinfile", args: ["path": "{dir}/f", "line": "a", "state": "absent"]),
        Case(name: "lineinfile absent missing file", setup: "", module: "lineinfile", args: ["path": "{dir}/f", "line": "a", "state": "absent"]),
        Case(name: "lineinfile mode only", setup: "printf 'a\\n' > f; chmod 644 f", module: "lineinfile", args: ["path": "{dir}/f", "line": "a", "mode": "0600"]),
        Case(name: "stat follow link", setup: "echo x > f; ln -s f l", module: "stat", args: ["path": "{dir}/l", "follow": true]),
        Case(name: "stat sha256", setup: "echo x > f", module: "stat", args: ["path": "{dir}/f", "checksum_algorithm": "sha256"]),
        Case(name: "command removes", setup: "touch r", module: "command", args: ["cmd": "rm r", "chdir": "{dir}", "removes": "r"]),
        Case(name: "shell stdin", setup: "", module: "shell", args: ["cmd": "cat", "stdin": "hello"]),
        Case(name: "copy remote_src", setup: "echo data > s; chmod 640 s", module: "copy", args: ["src": "{dir}/s", "dest": "{dir}/t", "remote_src": true]),
        Case(name: "copy remote_src same", setup: "echo data > s; cp s t", module: "copy", args: ["src": "{dir}/s", "dest": "{dir}/t", "remote_src": true]),
        Case(name: "slurp", setup: "printf 'a\\nb\\0c' > f", module: "slurp", args: ["src": "{dir}/f"]),
        Case(name: "slurp missing", setup: "", module: "slurp", args: ["path": "{dir}/nope"]),
        Case(name: "copy onto symlink", setup: "echo old > real; ln -s real link", module: "copy", args: ["content": "new\n", "dest": "{dir}/link"]),
        Case(name: "lineinfile through symlink", setup: "echo a > real; ln -s real link", module: "lineinfile", args: ["path": "{dir}/link", "line": "b"]),
        Case(name: "file link replaces dangling link", setup: "echo x > a; ln -s gone l", module: "file", args: ["src": "a", "path": "{dir}/l", "state": "link"]),
        Case(name: "file directory recurse owner", setup: "mkdir -p d/e; touch d/e/f", module: "file", args: ["path": "{dir}/d", "state": "directory", "recurse": true, "owner": "root", "mode": "u=rwX,g=rX,o="]),
        Case(name: "copy mode symbolic new", setup: "", module: "copy", args: ["content": "x", "dest": "{dir}/c", "mode": "u=rw,g=r"]),
        Case(name: "command argv", setup: "", module: "command", args: ["argv": ["printf", "%s|", "a b", "c"]]),
        Case(name: "tempfile prefix with a slash", setup: "", module: "tempfile", args: ["path": "{dir}", "prefix": "a/b"]),
        Case(name: "fetch flat into a directory", setup: "echo data > s", module: "fetch", args: ["src": "{dir}/s", "dest": "{dir}/out/", "flat": true]),
        Case(name: "fetch flat same", setup: "echo data > s; mkdir out; cp s out/s", module: "fetch", args: ["src": "{dir}/s", "dest": "{dir}/out/", "flat": true]),
        Case(name: "fetch flat to a file name", setup: "echo data > s; echo old > t", module: "fetch", args: ["src": "{dir}/s", "dest": "{dir}/t", "flat": true]),
        Case(name: "fetch missing ignored", setup: "", module: "fetch", args: ["src": "{dir}/nope", "dest": "{dir}/out", "fail_on_missing": false]),
        Case(name: "fetch directory", setup: "mkdir d", module: "fetch", args: ["src": "{dir}/d", "dest": "{dir}/out"]),
        Case(name: "fetch check", setup: "echo data > s", module: "fetch", args: ["src": "{dir}/s", "dest": "{dir}/out/", "flat": true], checkMode: true),
    ] + blockInFileCases + replaceCases + findCases

    /// Per case `{"result": ..., "files": ...}`: ansible-core's registered result as compared
    /// (normalised, its directory written `{dir}`) and the tree it left.
    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/ModuleConformanceTests.jsonl",
                                       cases: cases.map(\.answerKey)) {
        let dirs = try cases.map { try makeDirectory(setup: $0.setup) }
        defer { for d in dirs { try? FileManager.default.removeItem(atPath: d) } }
        let tasks = zip(cases, dirs).map { c, d in ModuleOracle.Task(module: c.module, args: substitute(c.args, d), checkMode: c.checkMode, diffMode: c.diffMode) }
        let results = try ModuleOracle.run(tasks)
        var answers: [String: Value] = [:]
        for (i, c) in cases.enumerated() where i < results.count {
            var theirs = ResultNormaliser.normalise(results[i], replacing: [dirs[i]])
            // ansible registers `failed: false` on success; the executor adds it, not the module.
            if case .dict(var t) = theirs, t["failed"] == false { t.removeValue(forKey: "failed"); theirs = .dict(t) }
            theirs = dropping(c.ignoredKeys.union(["exception", "attributes", "attr_flags", "version", "charset", "mimetype"]), from: theirs)
            var answer: ValueDict = ["result": theirs, "files": .string(try tree(dirs[i]))]
            if c.diffMode { answer["diff"] = contentDiff(results[i]["diff"], replacing: dirs[i]) }
            answers[c.name] = .dict(answer)
        }
        return answers
    }

    @Test func modulesMatchAnsible() async throws {
        var compared = 0
        for c in Self.cases {
            guard let answer = Self.answers.answer(for: c.name) else { continue }
            compared += 1
            let dir = try Self.makeDirectory(setup: c.setup)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let context = ModuleContext(hostName: "localhost", connection: LocalConnection(), checkMode: c.checkMode, diffMode: c.diffMode, templar: NoTemplar())
            let ours = try await ModuleRegistry.run(c.module, arguments: Self.substitute(c.args, dir), in: context)
            let theirs = answer["result"] ?? .null
            let mine = Self.dropping(c.ignoredKeys.union(["charset", "mimetype"]), from: ResultNormaliser.normalise(ours.registered, replacing: [dir]))
            let same = mine == theirs
            #expect(same, "\(c.name):\n ansible:   \(theirs.jsonText(sortKeys: true))\n swansible: \(mine.jsonText(sortKeys: true))")
            let treeA = answer["files"]?.stringValue ?? "", treeO = try Self.tree(dir)
            let sameFiles = treeA == treeO
            #expect(sameFiles, "\(c.name) files:\n ansible:\n\(treeA)\n swansible:\n\(treeO)")
            if c.diffMode {
                let mineDiff: Value = ours.diff.first.map { ["before": .string(($0.before ?? "").replacingOccurrences(of: dir, with: "{dir}")),
                                                             "after": .string(($0.after ?? "").replacingOccurrences(of: dir, with: "{dir}"))] } ?? .null
                let theirDiff = answer["diff"] ?? .null
                #expect(mineDiff == theirDiff, "\(c.name) diff:\n ansible:   \(theirDiff.jsonText(sortKeys: true))\n swansible: \(mineDiff.jsonText(sortKeys: true))")
            }
        }
        Self.answers.printTally(compared, of: Self.cases.count)
    }

    /// IPv4 addresses of the interfaces that are not Docker bridges or veths, from the
    /// per-interface facts (`ansible_<name>.ipv4.address`).
    static func stableAddresses(_ facts: ValueDict) -> Set<Value> {
        let names = facts["ansible_interfaces"]?.listValue?.compactMap(\.stringValue) ?? []
        var addresses = Set<Value>()
        for name in names where !name.hasPrefix("br-") && !name.hasPrefix("docker") && !name.hasPrefix("veth") {
            let key = "ansible_" + name.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
            if let address = facts[key]?["ipv4"]?["address"] { addresses.insert(address) }
        }
        return addresses
    }

    /// Oracle-only: the facts describe the machine the test runs on, so no stored answer fits another one.
    @Test(.enabled(if: AnswerMode.current.asksOracle, AnswerMode.oracleOnlyReason))
    func setupFactsMatchAnsible() async throws {
        let expected = try ModuleOracle.run([ModuleOracle.Task(module: "setup", args: [:])])
        let context = ModuleContext(hostName: "localhost", connection: LocalConnection(), templar: NoTemplar())
        let ours = try await ModuleRegistry.run("setup", arguments: [:], in: context)
        let theirs = expected[0]["ansible_facts"]?.dictValue ?? [:]
        let keys = ["ansible_hostname", "ansible_nodename", "ansible_distribution", "ansible_distribution_version",
                    "ansible_distribution_major_version", "ansible_distribution_release", "ansible_os_family", "ansible_system",
                    "ansible_kernel", "ansible_architecture", "ansible_machine", "ansible_user_id", "ansible_user_uid",
                    "ansible_user_gid", "ansible_user_dir", "ansible_user_shell", "ansible_processor_vcpus",
                    "ansible_processor_cores", "ansible_processor_count", "ansible_memtotal_mb", "ansible_pkg_mgr",
                    "ansible_service_mgr", "ansible_default_ipv4", "ansible_machine_id", "ansible_kernel_version"]
        for key in keys {
            let same = ours.facts[key].map { ResultNormaliser.normalise($0, replacing: []) } == theirs[key].map { ResultNormaliser.normalise($0, replacing: []) }
            #expect(same, "\(key): ansible \(theirs[key]?.jsonText() ?? "nil") swansible \(ours.facts[key]?.jsonText() ?? "nil")")
        }
        // Docker bridges come and go while the integration tests run beside this one: compare
        // the addresses of the machine's other interfaces only.
        let mineAddresses = Self.stableAddresses(ours.facts), theirAddresses = Self.stableAddresses(theirs)
        #expect(!theirAddresses.isEmpty)
        #expect(mineAddresses == theirAddresses, "all_ipv4: \(theirAddresses) vs \(mineAddresses)")
        for key in ["iso8601", "tz", "tz_offset", "weekday", "weeknumber"] {
            let t = theirs["ansible_date_time"]?[key], m = ours.facts["ansible_date_time"]?[key]
            #expect(key == "iso8601" ? t?.stringValue?.prefix(13) == m?.stringValue?.prefix(13) : t == m, "date_time.\(key): \(String(describing: t)) vs \(String(describing: m))")
        }
        let theirEth = theirs["ansible_eth0"]?["ipv4"], myEth = ours.facts["ansible_eth0"]?["ipv4"]
        #expect(theirEth.map { ResultNormaliser.normalise($0, replacing: []) } == myEth.map { ResultNormaliser.normalise($0, replacing: []) }, "eth0.ipv4: \(theirEth?.jsonText() ?? "nil") vs \(myEth?.jsonText() ?? "nil")")
    }

    /// The before/after texts of a result's first (content) diff, nil when there is none.
    static func contentDiff(_ diff: Value?, replacing dir: String) -> Value {
        var first = diff
        if case .list(let l)? = diff { first = l.first }
        guard case .dict(let d)? = first, let before = d["before"]?.stringValue, let after = d["after"]?.stringValue,
              before != after else { return .null }
        return ["before": .string(before.replacingOccurrences(of: dir, with: "{dir}")), "after": .string(after.replacingOccurrences(of: dir, with: "{dir}"))]
    }

    static func substitute(_ args: ValueDict, _ dir: String) -> ValueDict {
        func sub(_ v: Value) -> Value {
            switch v {
            case .string(let s): return .string(s.replacingOccurrences(of: "{dir}", with: dir))
            case .list(let l): return .list(l.map(sub))
            default: return v
            }
        }
        return args.mapValues(sub)
    }

    static func dropping(_ keys: Set<String>, from value: Value) -> Value {
        guard case .dict(var d) = value else { return value }
        for k in keys { d.removeValue(forKey: k) }
        // A module's arguments are compared whole: `attributes` there is the file argument.
        for (k, v) in d where k != "invocation" { d[k] = dropping(keys, from: v) }
        return .dict(d)
    }

    static func makeDirectory(setup: String) throws -> String {
        let dir = NSTemporaryDirectory() + "swansible-conf-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // An empty setup leaves the directory empty (`cd dir && ` alone is a syntax error).
        let script = "cd \(ShellQuote.quote(dir))" + (setup.isEmpty ? "" : " && " + setup.replacingOccurrences(of: "{dir}", with: dir))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        try p.run()
        p.waitUntilExit()
        return dir
    }

    /// Names, types, modes, sizes and contents of everything under `dir` (not the sizes of
    /// directories, which depend on the file system).
    static func tree(_ dir: String) throws -> String {
        let p = Process()
        let out = Pipe()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "cd \(ShellQuote.quote(dir)) && find . -mindepth 1 | sort | while read -r f; do printf '%s %s ' \"$f\" \"$(stat -c '%F %a %s' \"$f\")\"; if [ -L \"$f\" ]; then readlink \"$f\"; elif [ -f \"$f\" ]; then od -An -c \"$f\" | tr -s ' ' | tr -d '\\n'; echo; else echo; fi; done"]
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: dir, with: "{dir}")
            .replacingOccurrences(of: #"(?m)^(\S+ directory [0-7]+) [0-9]+ $"#, with: "$1 ", options: .regularExpression)
    }
}

/// Modules under differential test never template.
struct NoTemplar: TemplateRendering {
    func template(_ value: Value) throws -> Value { value }
    func evaluate(_ expression: String) throws -> Value { .null }
    func evaluateCondition(_ expression: String) throws -> Bool { false }
    func renderFile(_ source: String, path: String, extraVariables: ValueDict) throws -> String { source }
}
