import Foundation

/// `alternatives` (community.general.alternatives; ansible-core routes the short name there):
/// an alternative of a link group installed (with its priority and subcommands), selected, the
/// group back in auto mode, or the alternative removed, with `update-alternatives`. One script
/// reads `update-alternatives --display`; the plan is made on the controller, and a second
/// script runs the commands only when something differs.
struct AlternativesModule: Module {
    static let names = ["alternatives", "community.general.alternatives"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("family", description: "The family of similar alternatives (RHEL's alternatives only)."),
        ArgumentSpec("link", .path,
                     description: "The generic link (`/usr/bin/editor`); needed when the group `name` is not known yet."),
        ArgumentSpec("name", required: true, description: "The link group's generic name (`editor`)."),
        ArgumentSpec("path", .path, description: "The real file the link should point to."),
        ArgumentSpec("priority", .int,
                     description: "The alternative's priority; without it, the priority it has, or 50 for a new one."),
        ArgumentSpec("state", default: "selected", choices: ["present", "selected", "auto", "absent"],
                     description: "present: installed, not selected; selected: installed and selected; auto: installed and the group in auto mode; absent: removed."),
        ArgumentSpec("subcommands", .list, aliases: ["slaves"],
                     description: "Links that follow the main one (`name`, `path` and `link` each), such as its manual page."),
    ], requiredOneOf: [["path", "family"]])

    static let documentation = ModuleDocumentation(
        "Manages alternative programs for common commands",
        description: [
            "Installs, selects or removes an alternative of a link group with `update-alternatives`, and puts the group back in auto mode; each only when it differs.",
        ],
        notes: [
            "community.general's module; ansible-core routes `alternatives` to it, and so does Swansible (community.general is not needed).",
            "The result's `diff` holds before/after dicts as community.general fills them in diff mode.",
        ],
        examples: """
            - name: Use vim as the editor
              community.general.alternatives:
                name: editor
                path: /usr/bin/vim.basic

            - name: Install a java with its manual page, without selecting it (the short name is routed to community.general)
              ansible.builtin.alternatives:
                name: java
                link: /usr/bin/java
                path: /usr/lib/jvm/java-17-openjdk-amd64/bin/java
                priority: 1700
                state: present
                subcommands:
                  - name: java.1.gz
                    link: /usr/share/man/man1/java.1.gz
                    path: /usr/lib/jvm/java-17-openjdk-amd64/man/man1/java.1.gz
            """)

    static let displayMarker = "__swansible_display__"

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let name = args.string("name") ?? ""
        var plan = AlternativesPlan(name: name, path: args.string("path"), family: args.string("family"),
                                    link: args.string("link"), priority: args.int("priority"), state: args.string("state") ?? "selected")
        switch AlternativesPlan.subcommands(args["subcommands"]) {
        case .success(let given): plan.subcommands = given
        case .failure(let problem): return .failure(problem.message)
        }

        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions
        s += "name=\(q(name))\npath=\(q(plan.path ?? ""))\n"
        s += #"""
            ua=$(command -v update-alternatives) || sw_fail "Failed to find required executable \"update-alternatives\" in paths: $PATH"
            echo "ua=$ua"
            if [ -n "$path" ] && [ -e "$path" ]; then echo path_exists=1; fi
            out=$(LC_ALL=C LANGUAGE=C "$ua" --display "$name" 2>/dev/null); echo "display_rc=$?"

            """#
        s += "echo \(displayMarker)\nprintf '%s\\n' \"$out\"\n"
        let probe = try await context.runScript(s)
        guard let marker = probe.stdout.range(of: displayMarker + "\n") else {
            let report = ScriptReport(probe.stdout)
            return .failure(report["msg"] ?? "alternatives could not look at the host: \(probe.stderr)")
        }
        let report = ScriptReport(String(probe.stdout[..<marker.lowerBound]))
        let display = report["display_rc"] == "0" ? AlternativesDisplay(String(probe.stdout[marker.upperBound...]), name: name) : AlternativesDisplay()
        let steps: AlternativesPlan.Steps
        switch plan.steps(display, pathExists: report.flag("path_exists"), diffMode: context.diffMode) {
        case .success(let planned): steps = planned
        case .failure(let problem): return .failure(problem.message)
        }
        let fields: ValueDict = ["diff": ["before": .dict(steps.before), "after": .dict(steps.after)]]
        if !steps.commands.isEmpty && !context.checkMode {
            let ua = report["ua"] ?? "update-alternatives"
            for command in steps.commands {
                let words = [ua] + command
                let ran = try await context.runScript("LC_ALL=C LANGUAGE=C " + words.map(q).joined(separator: " ") + "\n")
                if ran.exitCode != 0 {
                    return .failure(ran.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
                                    fields: ["cmd": .string(words.joined(separator: " ")), "rc": .int(Int(ran.exitCode)),
                                             "stdout": .string(ran.stdout), "stderr": .string(ran.stderr)])
                }
            }
        }
        return ModuleResult(changed: !steps.commands.isEmpty, message: steps.messages.joined(separator: " "), fields: fields)
    }
}

/// What `update-alternatives --display NAME` says about a link group.
struct AlternativesDisplay: Equatable {
    /// community.general finds the group's link with `link \w+ is`: a name with other characters
    /// (`my-tool`) has no current link, so a reinstall without `link` fails as it does there.
    static func isWord(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    struct Subcommand: Equatable {
        var name: String
        var path: String
        var link: String?
    }

    struct Alternative: Equatable {
        var priority: Int
        var family: String
        var subcommands: [Subcommand]
    }

    /// `auto` or `manual`; nil when the group is unknown.
    var mode: String?
    var currentPath: String?
    var currentLink: String?
    /// By path, in the order listed.
    var alternatives: [String: Alternative] = [:]

    init() {}

    init(_ output: String, name: String) {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The group's line: "NAME - auto mode" (Debian) or "NAME - status is auto." (RHEL).
        mode = lines.lazy.compactMap(Self.mode).first
        guard mode != nil else { return }
        var followerLinks: [String: String] = [:]
        for line in lines {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if let rest = Self.after("link currently points to ", in: trimmed), currentPath == nil { currentPath = rest }
            if let rest = Self.after("link \(name) is ", in: trimmed), currentLink == nil, Self.isWord(name) { currentLink = rest }
            for word in ["slave ", "follower "] {
                guard let rest = Self.after(word, in: trimmed), let space = rest.range(of: " is ") else { continue }
                let follower = String(rest[..<space.lowerBound])
                if !follower.contains(" "), followerLinks[follower] == nil { followerLinks[follower] = String(rest[space.upperBound...]) }
            }
        }
        var current: String?
        for line in lines {
            if line.hasPrefix("/"), let (path, family, priority) = Self.alternativeLine(line) {
                alternatives[path] = Alternative(priority: priority, family: family, subcommands: [])
                current = path
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard let path = current, trimmed.count < line.count,
                  let rest = Self.after("slave ", in: trimmed) ?? Self.after("follower ", in: trimmed) else {
                current = nil
                continue
            }
            guard let colon = rest.range(of: ": ", options: .backwards) else { continue }
            let follower = String(rest[..<colon.lowerBound]), target = String(rest[colon.upperBound...])
            if target != "(null)" {
                alternatives[path]?.subcommands.append(Subcommand(name: follower, path: target, link: followerLinks[follower]))
            }
        }
    }

    static func after(_ prefix: String, in line: Substring) -> String? {
        line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : nil
    }

    static func mode(_ line: String) -> String? {
        guard let dash = line.range(of: " - ") else { return nil }
        var rest = line[dash.upperBound...]
        if rest.hasPrefix("status is ") { rest = rest.dropFirst(10) }
        let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        let tail = rest.dropFirst(word.count)
        return tail == " mode" || tail.count == 1 ? String(word) : nil
    }

    /// "/usr/bin/vim.basic - priority 30" or "/usr/bin/java - family java priority 1700".
    static func alternativeLine(_ line: String) -> (String, String, Int)? {
        guard let dash = line.range(of: " - ", options: .backwards) else { return nil }
        var words = line[dash.upperBound...].split(separator: " ").map(String.init)
        var family = ""
        if words.first == "family", words.count >= 2 { family = words[1]; words.removeFirst(2) }
        guard words.count == 2, words[0] == "priority", let priority = Int(words[1]) else { return nil }
        return (String(line[..<dash.lowerBound]), family, priority)
    }
}

/// The pure part of `alternatives`: from the arguments and what `--display` said, the
/// `update-alternatives` commands to run, community.general's messages and its diff.
struct AlternativesPlan {
    var name: String
    var path: String?
    var family: String?
    var link: String?
    var priority: Int?
    var state: String
    /// The `subcommands` argument (nil when not given).
    var subcommands: [AlternativesDisplay.Subcommand]?

    struct Problem: Error, Equatable { var message: String }

    struct Steps: Equatable {
        /// Arguments of `update-alternatives`, one list per run, in order.
        var commands: [[String]] = []
        var messages: [String] = []
        var before = ValueDict()
        var after = ValueDict()
    }

    /// The `subcommands` argument: dicts of `name`, `path` and `link`, all required.
    static func subcommands(_ given: Value?) -> Result<[AlternativesDisplay.Subcommand]?, Problem> {
        guard let given else { return .success(nil) }
        var parsed: [AlternativesDisplay.Subcommand] = []
        for item in given.listValue ?? [given] {
            guard case .dict(let d) = item else {
                return .failure(Problem(message: "Elements value for option 'subcommands' is of type \(item.pythonTypeName) and we were unable to convert to dict"))
            }
            let text = { (key: String) in d[key].flatMap { $0.isNull ? nil : $0.stringValue ?? $0.pythonString } }
            let missing = ["link", "name", "path"].filter { text($0) == nil }
            if !missing.isEmpty {
                return .failure(Problem(message: "missing required arguments: \(missing.joined(separator: ", ")) found in subcommands"))
            }
            parsed.append(.init(name: text("name")!, path: text("path")!, link: text("link")))
        }
        return .success(parsed)
    }

    static func value(_ subcommands: [AlternativesDisplay.Subcommand]) -> Value {
        .list(subcommands.map { ["name": .string($0.name), "path": .string($0.path), "link": $0.link.map(Value.string) ?? .null] })
    }

    func steps(_ display: AlternativesDisplay, pathExists: Bool, diffMode: Bool) -> Result<Steps, Problem> {
        var steps = Steps()
        let installed = path.flatMap { display.alternatives[$0] }
        if diffMode {
            if let path, let installed {
                steps.before = ["state": "present", "path": .string(path), "priority": .int(installed.priority),
                                "link": display.currentLink.map(Value.string) ?? .null]
                if !installed.subcommands.isEmpty { steps.before["subcommands"] = Self.value(installed.subcommands) }
                // As community.general marks it: the group is in manual mode on another alternative.
                if display.mode == "manual" && display.currentPath != path { steps.before["state"] = "selected" }
            } else {
                steps.before = ["state": "absent"]
            }
        }
        if state == "absent" {
            if let path, installed != nil {
                steps.commands.append(["--remove", name, path])
                steps.messages.append("Remove alternative '\(path)' from '\(name)'.")
                if diffMode { steps.after = ["state": "absent"] }
            }
            return .success(steps)
        }
        if let path {
            let differs = installed.map { installed in
                (priority != nil && installed.priority != priority)
                    || (subcommands.map { given in
                        !installed.subcommands.allSatisfy(given.contains) || !given.allSatisfy(installed.subcommands.contains)
                    } ?? false)
            } ?? true
            if differs {
                guard pathExists else { return .failure(Problem(message: "Specified path \(path) does not exist")) }
                guard let link = link ?? display.currentLink else {
                    return .failure(Problem(message: "Needed to install the alternative, but unable to do so as we are missing the link"))
                }
                let newPriority = priority ?? installed?.priority ?? 50
                var command = ["--install", link, name, path, String(newPriority)]
                if let family { command += ["--family", family] }
                for follower in subcommands ?? [] { command += ["--slave", follower.link ?? "", follower.name, follower.path] }
                steps.commands.append(command)
                steps.messages.append("Install alternative '\(path)' for '\(name)'.")
                if diffMode {
                    steps.after = ["state": "present", "path": .string(path), "family": family.map(Value.string) ?? .null,
                                   "priority": .int(newPriority), "link": .string(link)]
                    let followers = subcommands ?? installed?.subcommands ?? []
                    if !followers.isEmpty { steps.after["subcommands"] = Self.value(followers) }
                }
            }
        }
        let samePath = path != nil && display.currentPath == path
        let sameFamily = display.currentPath.flatMap { display.alternatives[$0] }.map { family != nil && $0.family == family } ?? false
        if state == "selected" && !(samePath || sameFamily), let chosen = path ?? family {
            steps.commands.append(["--set", name, chosen])
            steps.messages.append("Set alternative '\(chosen)' for '\(name)'.")
            if diffMode { steps.after["state"] = "selected" }
        }
        if state == "auto" && display.mode == "manual" {
            steps.commands.append(["--auto", name])
            steps.messages.append("Set alternative to auto for '\(name)'.")
            if diffMode { steps.after["state"] = "present" }
        }
        return .success(steps)
    }
}
