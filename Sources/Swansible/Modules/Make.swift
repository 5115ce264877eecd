import Foundation

/// `make` (community.general.make; ansible-core routes the short name there): runs Makefile
/// targets only when `make -q` says they are out of date. One script: it asks `make -q` and,
/// outside check mode, runs make when needed; make's own output follows the report lines.
struct MakeModule: Module {
    static let names = ["make", "community.general.make"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("chdir", .path, required: true, description: "The directory make runs in."),
        ArgumentSpec("file", .path, description: "A Makefile other than the directory's own (`-f`)."),
        ArgumentSpec("jobs", .int, description: "How many jobs make runs at once (`-j`)."),
        ArgumentSpec("make", .path, description: "The make program to run; by default gmake, else make, from the host's PATH."),
        ArgumentSpec("params", .dict, description: "Variables for make, passed as `KEY=VALUE` (a null value: the key alone)."),
        ArgumentSpec("target", description: "The target to build (make's default target when neither this nor `targets` is given)."),
        ArgumentSpec("targets", .list, description: "Several targets to build, in order."),
    ], mutuallyExclusive: [["target", "targets"]])

    static let documentation = ModuleDocumentation(
        "Run targets in a Makefile",
        description: [
            "Asks `make -q` whether the targets are up to date and runs make only when they are not, so that a second run reports no change.",
            "The result holds make's `stdout` and `stderr` and the `command` that was built.",
        ],
        notes: [
            "community.general's module; ansible-core routes `make` to it, and so does Swansible (community.general is not needed).",
            "A target whose rule always runs (a phony target) is out of date on every run, as with community.general.",
        ],
        examples: """
            - name: Build and install the agent from source
              community.general.make:
                chdir: /opt/src/agent
                target: install
                params:
                  PREFIX: /usr/local
              become: true

            - name: Two targets with four jobs (the short name is routed to community.general)
              ansible.builtin.make:
                chdir: /opt/src/agent
                targets: [all, docs]
                jobs: 4
            """)

    static let outputMarker = "__swansible_make_output__"
    static func isLineEnd(_ c: Unicode.Scalar) -> Bool { c == "\r" || c == "\n" }

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let chdir = args.string("chdir") ?? ""
        let arguments = makeArguments(args)
        let result = try await context.runScript(script(chdir: chdir, make: args.string("make"), arguments: arguments,
                                                        checkMode: context.checkMode))
        let parts = result.stdout.components(separatedBy: outputMarker + "\n")
        let report = ScriptReport(parts[0])
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr) }
        guard parts.count > 1, let make = report["make"] else { return .failure("make failed on the host: \(result.stderr)") }
        let stdout = parts.dropFirst().joined(separator: outputMarker + "\n")
        let command = ([make] + arguments).map(ShellQuote.quote).joined(separator: " ")
        if result.exitCode != 0 {
            return .failure(result.stderr.trimmingTrailing(where: \.properties.isWhitespace), fields: [
                "cmd": .string(command), "rc": .int(Int(result.exitCode)), "stdout": .string(stdout), "stderr": .string(result.stderr),
            ])
        }
        var fields: ValueDict = [
            "stdout": .string(stdout.trimmingTrailing(where: isLineEnd)), "stderr": .string(result.stderr.trimmingTrailing(where: isLineEnd)),
        ]
        for name in ["target", "targets", "params", "chdir", "file", "jobs"] { fields[name] = args[name] ?? .null }
        fields["command"] = .string(command)
        return ModuleResult(changed: report.flag("changed"), fields: fields)
    }

    /// make's arguments after the program, as community.general builds them: `-j N`,
    /// `-f FILE`, the targets, then `KEY=VALUE` for each parameter.
    static func makeArguments(_ args: ModuleArguments) -> [String] {
        var arguments: [String] = []
        if let jobs = args["jobs"] { arguments += ["-j", jobs.pythonString] }
        if let file = args.string("file") { arguments += ["-f", file] }
        if let target = args.string("target"), !target.isEmpty {
            arguments.append(target)
        } else if let targets = args["targets"]?.listValue {
            arguments += targets.map(\.pythonString)
        }
        for (key, value) in args["params"]?.dictValue ?? [:] {
            arguments.append(value.isNull ? key : key + "=" + value.pythonString)
        }
        return arguments
    }

    /// Prints `make=PATH` and `changed=0|1`, then the marker line and make's stdout (its
    /// stderr is the script's); exits with make's status.
    static func script(chdir: String, make: String?, arguments: [String], checkMode: Bool) -> String {
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\nchdir=\(q(chdir))\nmk=\(q(make ?? ""))\nset -- \(ShellQuote.join(arguments))\n"
        s += #"""
            if [ -z "$mk" ]; then
              p=$PATH; for d in /sbin /usr/sbin /usr/local/sbin; do case :$p: in *:$d:*) ;; *) p=$p:$d ;; esac; done
              mk=$(PATH=$p command -v gmake || PATH=$p command -v make) || sw_fail "Failed to find required executable \"make\" in paths: $p"
            fi
            [ -d "$chdir" ] || sw_fail "Provided cwd is not a valid directory: $chdir"
            cd "$chdir" || sw_fail "Provided cwd is not a valid directory: $chdir"
            echo "make=$mk"
            out=$(mktemp) && err=$(mktemp) || sw_fail "could not create a temporary file"
            trap 'rm -f "$out" "$err"' EXIT
            "$mk" "$@" -q >"$out" 2>"$err"; q=$?
            if [ "$q" = 0 ] || [ "$sw_check" = 1 ]; then
              [ "$q" = 0 ] && echo changed=0 || echo changed=1
              echo __swansible_make_output__
              cat "$out"; cat "$err" >&2
              exit 0
            fi
            echo changed=1
            echo __swansible_make_output__
            "$mk" "$@"

            """#
        return s
    }
}

private extension String {
    /// Without the trailing characters `drop` accepts (Python's `rstrip`), scalar by scalar:
    /// a "\r\n" ending is one Character in Swift.
    func trimmingTrailing(where drop: (Unicode.Scalar) -> Bool) -> String {
        var scalars = unicodeScalars[...]
        while let last = scalars.last, drop(last) { scalars.removeLast() }
        return String(scalars)
    }
}
