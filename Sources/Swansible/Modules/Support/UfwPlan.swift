import Foundation

/// What community.general's ufw module runs for one task, and how it tells a change: the
/// commands in its order (status and rules before; state, default, rule, logging; status and
/// rules after), each written as the module writes it (`commands` in the result) and run as
/// the words `shlex.split` makes of it, never through a shell. Check mode runs only the
/// status, the rules, `ufw --version` and the rule with `--dry-run`, and predicts from them.
struct UfwPlan: Equatable {
    /// A command as ansible writes it: `binary` (`ufw` or `grep`, found on the host) and the rest.
    struct Step: Equatable {
        var section: String
        var binary: String
        var text: String
        /// A failure is the module's failure unless ignored (reading the rules files).
        var ignoresError = false
    }

    var steps: [Step] = []
    /// ` comment 'TEXT'`, added to the rule when ufw is 0.35 or newer (ufw --version runs first).
    var ruleComment: String?
    var checkMode: Bool

    static let rulesFiles = ["/lib/ufw/user.rules", "/lib/ufw/user6.rules", "/etc/ufw/user.rules",
                             "/etc/ufw/user6.rules", "/var/lib/ufw/user.rules", "/var/lib/ufw/user6.rules"]
    static let rulesStep = Step(section: "rules", binary: "grep",
                                text: "-h '^### tuple' " + rulesFiles.joined(separator: " "), ignoresError: true)
    static let statusStep = Step(section: "status", binary: "ufw", text: "status verbose")

    /// The plan for the task's arguments, or the module's message for arguments it refuses.
    init(_ args: ModuleArguments, checkMode: Bool) throws(UfwRefusal) {
        self.checkMode = checkMode
        let dryRun = checkMode ? "--dry-run " : ""
        steps = [Self.statusStep, Self.rulesStep]
        let direction = args.string("direction")
        if let state = args.string("state"), !state.isEmpty, !checkMode {
            let verbs = ["enabled": "enable", "disabled": "disable", "reloaded": "reload", "reset": "reset"]
            steps.append(Step(section: "state", binary: "ufw", text: "-f " + (verbs[state] ?? state)))
        }
        if let policy = args.string("default"), !policy.isEmpty {
            guard [nil, "outgoing", "incoming", "routed"].contains(direction) else {
                throw UfwRefusal("For default, direction must be one of \"outgoing\", \"incoming\" and \"routed\", or direction must not be specified.")
            }
            if !checkMode { steps.append(Step(section: "default", binary: "ufw", text: (["default", policy] + [direction].compactMap { $0 }).joined(separator: " "))) }
        }
        if let rule = args.string("rule"), !rule.isEmpty {
            guard [nil, "in", "out"].contains(direction) else {
                throw UfwRefusal("For rules, direction must be one of \"in\" and \"out\", or direction must not be specified.")
            }
            if !args.bool("route"), args.string("interface_in") != nil, args.string("interface_out") != nil {
                throw UfwRefusal("Only route rules can combine interface_in and interface_out")
            }
            if args.string("insert_relative_to") ?? "zero" != "zero", args["insert"] != nil {
                throw UfwRefusal("insert_relative_to other than zero is not supported by Swansible yet")
            }
            steps.append(Step(section: "version", binary: "ufw", text: "--version"))
            steps.append(Step(section: "rule", binary: "ufw", text: dryRun + Self.ruleWords(rule, args).joined(separator: " ")))
            ruleComment = args.string("comment").flatMap { $0.isEmpty ? nil : " comment '\($0)'" }
        }
        if let logging = args.string("logging"), !logging.isEmpty, !checkMode {
            steps.append(Step(section: "logging", binary: "ufw", text: "logging " + logging))
        }
        if !checkMode {
            steps.append(Self.statusStep.named("post_status"))
            if !["reloaded", "reset"].contains(args.string("state") ?? "") { steps.append(Self.rulesStep.named("post_rules")) }
        }
    }

    /// ufw's long rule form: `[route] [delete | insert N] ACTION [in|out] [on IF] [log]
    /// [from ADDR [port P]] [to ADDR [port P]] [proto P] [app 'NAME']`.
    static func ruleWords(_ rule: String, _ args: ModuleArguments) -> [String] {
        var words: [String] = []
        func add(_ key: String, _ format: (String) -> String) {
            if let value = args.string(key), !value.isEmpty { words.append(format(value)) }
        }
        if args.bool("route") { words.append("route") }
        if args.bool("delete") { words.append("delete") }
        if let insert = args["insert"], !args.bool("delete") { words.append("insert \(insert.pythonString)") }
        words.append(rule)
        add("direction") { $0 }
        add("interface") { "on \($0)" }
        add("interface_in") { "in on \($0)" }
        add("interface_out") { "out on \($0)" }
        if args.bool("log") { words.append("log") }
        add("from_ip") { "from \($0)" }
        add("from_port") { "port \($0)" }
        add("to_ip") { "to \($0)" }
        add("to_port") { "port \($0)" }
        add("proto") { "proto \($0)" }
        add("name") { "app '\($0)'" }
        return words
    }

    /// The command as the result's `commands` shows it.
    static func reported(_ step: Step, paths: [String: String]) -> String {
        (paths[step.binary] ?? step.binary) + " " + step.text
    }
}

extension UfwPlan.Step {
    func named(_ section: String) -> Self {
        var step = self
        step.section = section
        return step
    }

    /// The words to run, quoted for sh, without the binary (`"$ufw"` or `"$grep"` in the script).
    func shellWords(_ text: String? = nil) throws(UfwRefusal) -> String {
        do {
            return ShellQuote.join(try ShellWords.split(text ?? self.text))
        } catch {
            throw UfwRefusal("No closing quotation")
        }
    }
}

struct UfwRefusal: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// What the host answered to a `UfwPlan`, section by section, and what changed.
struct UfwOutcome {
    var sections: [String: String] = [:]
    var ran: [String] = []
    var failure: String?

    /// Reads the script's `@@sw NAME` sections (a section's text is the lines up to the next).
    init(_ stdout: String) {
        var name: String?
        var lines: [Substring] = []
        func close() {
            guard let name else { return }
            let text = lines.joined(separator: "\n")
            switch name {
            case "ran": ran.append(text)
            case "fail": failure = text
            default: sections[name] = text
            }
        }
        for line in stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@sw ") {
                close()
                name = String(line.dropFirst(5))
                lines = []
            } else {
                lines.append(line)
            }
        }
        if stdout.hasSuffix("\n") { lines = lines.dropLast() }
        close()
    }

    static func tupleLines(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix("### tuple") }
    }

    /// Whether the task changed (or, in check mode, would change) something, as the module decides.
    func changed(_ args: ModuleArguments, checkMode: Bool) -> Bool {
        let state = args.string("state") ?? ""
        if ["reloaded", "reset"].contains(state) { return true }
        let status = sections["status"] ?? ""
        guard checkMode else {
            return status != sections["post_status"] || sections["rules"] != sections["post_rules"]
        }
        let active = status.contains(" active")
        if (state == "disabled" && active) || (state == "enabled" && !active) { return true }
        if let logging = args.string("logging"), !logging.isEmpty, Self.loggingChanges(to: logging, status: status) { return true }
        if let policy = args.string("default"), !policy.isEmpty, Self.defaultChanges(to: policy, direction: args.string("direction"), status: status) {
            return true
        }
        if let dry = sections["rule"] { return Self.ruleChanges(dry: dry, rules: sections["rules"] ?? "", args) }
        return false
    }

    static func loggingChanges(to wanted: String, status: String) -> Bool {
        guard let match = status.firstMatch(of: /Logging: (on|off)(?: \(([a-z]+)\))?/) else { return true }
        let onOff = String(match.1), level = match.2.map(String.init)
        if wanted == "off" { return onOff != "off" }
        return onOff == "off" || (wanted != "on" && wanted != level)
    }

    static func defaultChanges(to policy: String, direction: String?, status: String) -> Bool {
        let pattern = /Default: (deny|allow|reject) \(incoming\), (deny|allow|reject) \(outgoing\), (deny|allow|reject|disabled) \(routed\)/
        guard let match = status.firstMatch(of: pattern) else { return true }
        let current = ["incoming": match.1, "outgoing": match.2, "routed": match.3][direction ?? "incoming"].map(String.init)
        return ![policy, "disabled"].contains(current)
    }

    /// ufw's dry run prints the rules file it would write, or only `Skipping ...` lines.
    /// A rule for one address family is compared on that family's lines only, since the dry
    /// run writes only that family's file.
    static func ruleChanges(dry: String, rules: String, _ args: ModuleArguments) -> Bool {
        let lines = dry.split(separator: "\n", omittingEmptySubsequences: false)
        let skipping = lines.filter { $0.contains("Skipping") }.count
        if skipping > 0 && skipping == lines.count { return false }
        var wanted = tupleLines(dry), current = tupleLines(rules)
        let from = args.string("from_ip") ?? "any", to = args.string("to_ip") ?? "any"
        if startsWithIPv4(from) || startsWithIPv4(to) {
            wanted = wanted.filter(containsIPv4); current = current.filter(containsIPv4)
        } else if startsWithIPv6(from) || startsWithIPv6(to) {
            wanted = wanted.filter(containsIPv6); current = current.filter(containsIPv6)
        }
        return wanted != current
    }

    /// An IPv4 address, and (loosely) an IPv6 one, as the module looks for them.
    static func ipv4() -> some RegexComponent {
        /(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}/
    }
    static func ipv6() -> some RegexComponent {
        /([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4})?::|([0-9a-fA-F]{1,4}:){1,6}:?[0-9a-fA-F]{1,4}/
    }

    static func startsWithIPv4(_ text: String) -> Bool { text.prefixMatch(of: ipv4()) != nil }
    static func startsWithIPv6(_ text: String) -> Bool { text.prefixMatch(of: ipv6()) != nil }
    static func containsIPv4(_ line: Substring) -> Bool { line.firstMatch(of: ipv4()) != nil }
    static func containsIPv6(_ line: Substring) -> Bool { line.firstMatch(of: ipv6()) != nil }
}
