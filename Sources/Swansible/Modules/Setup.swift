import Foundation

/// `setup` (fact gathering): one script, parsed into ansible's fact names. Facts come back
/// with their `ansible_` prefix, as ansible's setup returns them; `filter` keeps the facts
/// whose names match any of its shell-style patterns.
struct SetupModule: Module {
    static let names = ["setup", "gather_facts"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("fact_path", .path, default: "/etc/ansible/facts.d",
                     description: "Directory of local facts (`ansible_local`): each `*.fact` file is JSON or INI, or a program (executable) that prints JSON or INI."),
        ArgumentSpec("filter", .list, default: [],
                     description: "Shell-style patterns (`ansible_eth*`): only the facts whose names match one are returned."),
        ArgumentSpec("gather_subset", .list, default: ["all"],
                     description: "Which groups of facts to return (`all`, `min`, `hardware`, `network`, `virtual`, a collector's or a fact's name), `!` in front to leave one out; the minimal facts come unless `!min`."),
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
            "Facts that need extra tools on the host are simpler: `ansible_lvm` is always `N/A`, `ansible_devices` leaves out SCSI hosts and SAS addresses, `ansible_system_capabilities` needs `capsh`; facter and ohai facts are never gathered.",
            "Everything is read in one round trip whatever `gather_subset` says; the subset chooses which facts are returned.",
        ],
        examples: """
            - name: Refresh the network facts after changing interfaces
              ansible.builtin.setup:
                filter:
                  - ansible_default_ipv4
                  - ansible_eth*
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let subset = (args["gather_subset"]?.listValue ?? ["all"]).map(\.pythonString)
        let collectors: Set<String>
        do {
            collectors = try FactSubsets.collectors(for: subset)
        } catch {
            return .failure(error.message)
        }
        let factPath = args.string("fact_path") ?? "/etc/ansible/facts.d"
        let interpreter = (try? context.templar.evaluate("ansible_python_interpreter | default('')"))?.pythonString
        let result = try await context.runScript(PythonFacts.probe(interpreter: interpreter) + FactScript.text(factPath: factPath))
        guard result.exitCode == 0 || !result.stdout.isEmpty else {
            return .failure("fact gathering failed: \(result.stderr)")
        }
        let gathered = FactParser(result.stdout).factsByCollector(factPath: factPath)
        var facts = ValueDict()
        for collector in collectors.sorted() { facts.merge(gathered.facts[collector] ?? [:]) { _, new in new } }
        facts["gather_subset"] = .list(subset.map(Value.string))
        facts["module_setup"] = true
        facts = ValueDict(uniqueKeysWithValues: facts.sorted { $0.key < $1.key })
        let patterns = (args["filter"]?.listValue ?? []).map(\.pythonString).filter { !$0.isEmpty }
        if !patterns.isEmpty {
            facts = facts.filter { fact in patterns.contains { fnmatch($0, fact.key, 0) == 0 } }
        }
        var setup = ModuleResult(facts: facts)
        setup.reportsFacts = true
        if !gathered.warnings.isEmpty { setup.fields["warnings"] = .list(gathered.warnings.map(Value.string)) }
        return setup
    }
}
