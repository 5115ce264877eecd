import Foundation

/// `setup` (fact gathering): one script, parsed into ansible's fact names. Facts come back
/// with their `ansible_` prefix, as ansible's setup returns them; `filter` keeps the facts
/// whose names match any of its shell-style patterns.
struct SetupModule: Module {
    static let names = ["setup", "gather_facts"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("fact_path", .path, default: "/etc/ansible/facts.d",
                     description: "Directory of local facts (`ansible_local`); accepted, not read yet."),
        ArgumentSpec("filter", .list, default: [],
                     description: "Shell-style patterns (`ansible_eth*`): only the facts whose names match one are returned."),
        ArgumentSpec("gather_subset", .list, default: ["all"],
                     description: "Which groups of facts to gather (`all`, `min`, `network`...); recorded in the result, Swansible gathers them all."),
        ArgumentSpec("gather_timeout", .int, default: 10,
                     description: "Seconds fact gathering may take; accepted, not applied yet."),
        // `gather_facts` (the action) takes `parallel`.
        ArgumentSpec("parallel", .bool,
                     description: "Run several fact modules at once (the `gather_facts` action's option); accepted, Swansible has only one."),
    ])

    static let documentation = ModuleDocumentation(
        "Gather facts about the host",
        description: [
            "Returns `ansible_facts`: the host's distribution, kernel, network interfaces and addresses, memory, mounts, environment, service manager and more, under ansible-core's fact names.",
            "Plays run it first unless `gather_facts: false`; `gather_facts` names the same module here.",
        ],
        notes: [
            "Facts are read by one shell script from /proc, /sys, /etc/os-release and coreutils, then parsed on the controller; no Python is needed on the host.",
            "`ansible_python` and `ansible_python_version` describe the host's Python (`ansible_python_interpreter`, else the first of ansible-core's discovery candidates), and are left out on a host without one.",
            "Facts that need extra tools on the host (hardware details from dmidecode) are missing or simpler.",
        ],
        examples: """
            - name: Refresh the network facts after changing interfaces
              ansible.builtin.setup:
                filter:
                  - ansible_default_ipv4
                  - ansible_eth*
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let interpreter = (try? context.templar.evaluate("ansible_python_interpreter | default('')"))?.pythonString
        let result = try await context.runScript(PythonFacts.probe(interpreter: interpreter) + FactScript.text)
        guard result.exitCode == 0 || !result.stdout.isEmpty else {
            return .failure("fact gathering failed: \(result.stderr)")
        }
        let parser = FactParser(result.stdout)
        var facts = parser.facts()
        facts.merge(PythonFacts.facts(parser.values)) { _, new in new }
        if let subset = args["gather_subset"]?.listValue { facts["gather_subset"] = .list(subset) }
        let patterns = (args["filter"]?.listValue ?? []).map(\.pythonString).filter { !$0.isEmpty }
        if !patterns.isEmpty {
            facts = facts.filter { fact in patterns.contains { fnmatch($0, fact.key, 0) == 0 } }
        }
        var gathered = ModuleResult(facts: facts)
        gathered.reportsFacts = true
        return gathered
    }
}
