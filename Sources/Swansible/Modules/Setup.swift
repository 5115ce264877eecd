import Foundation

/// `setup` (fact gathering): one script, parsed into ansible's fact names. Facts come back
/// with their `ansible_` prefix, as ansible's setup returns them; `filter` keeps the facts
/// whose names match any of its shell-style patterns.
struct SetupModule: Module {
    static let names = ["setup", "gather_facts"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("fact_path", .path, default: "/etc/ansible/facts.d"),
        ArgumentSpec("filter", .list, default: []),
        ArgumentSpec("gather_subset", .list, default: ["all"]),
        ArgumentSpec("gather_timeout", .int, default: 10),
        // `gather_facts` (the action) takes `parallel`.
        ArgumentSpec("parallel", .bool),
    ])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let result = try await context.runScript(FactScript.text)
        guard result.exitCode == 0 || !result.stdout.isEmpty else {
            return .failure("fact gathering failed: \(result.stderr)")
        }
        var facts = FactParser(result.stdout).facts()
        if let subset = args["gather_subset"]?.listValue { facts["gather_subset"] = .list(subset) }
        let patterns = (args["filter"]?.listValue ?? []).map(\.pythonString).filter { !$0.isEmpty }
        if !patterns.isEmpty {
            facts = facts.filter { fact in patterns.contains { fnmatch($0, fact.key, 0) == 0 } }
        }
        return ModuleResult(facts: facts)
    }
}
