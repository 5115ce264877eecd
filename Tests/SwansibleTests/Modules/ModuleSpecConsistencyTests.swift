import Foundation
import Testing
@testable import Swansible

/// Every registered module's declaration is well formed: the validator and the docs trust it.
@Suite struct ModuleSpecConsistencyTests {
    @Test(arguments: ModuleRegistry.modules.map { $0.names[0] })
    func registeredSpecIsConsistent(_ name: String) throws {
        let module = try #require(ModuleRegistry.module(named: name))
        let issues = Self.issues(in: module.spec)
            + (module.freeFormIsCommandLine && module.spec.freeForm == nil ? ["a command line as free form, but no free-form argument"] : [])
        #expect(issues.isEmpty, "\(name):\n  \(issues.joined(separator: "\n  "))")
    }

    @Test func everyNameBelongsToOneModule() {
        var owners: [String: String] = [:]
        for module in ModuleRegistry.modules {
            for name in module.names {
                if let other = owners.updateValue(module.names[0], forKey: name) {
                    Issue.record("\(name) is claimed by \(other) and \(module.names[0])")
                }
            }
        }
    }

    /// The checker itself finds each kind of mistake.
    @Test func checkerFindsEachKindOfMistake() {
        let broken = ModuleSpec(
            arguments: [
                ArgumentSpec("path", .path, required: true, default: "/", aliases: ["dest"]),
                ArgumentSpec("dest"),
                ArgumentSpec("state", default: "gone", choices: ["absent", "present"]),
                ArgumentSpec("port", .int, default: "eighty"),
            ],
            freeForm: "_raw_params",
            mutuallyExclusive: [["path", "nope"], ["port"]], requiredTogether: [["port", "port"]], requiredOneOf: [[]],
            requiredIf: [RequiredIf("state", is: "missing", requires: ["path"]), RequiredIf("port", is: 1, requires: [])],
            requiredBy: [RequiredBy("dest", requires: ["path", "dest"])])
        #expect(Self.issues(in: broken) == [
            "dest declared twice",
            "path: required with a default",
            "state: default gone outside its choices",
            "port: default eighty is not a int",
            "free-form argument _raw_params not declared",
            "mutually exclusive [path, nope]: nope not declared",
            "mutually exclusive [port]: fewer than two arguments",
            "required together [port, port]: port named twice",
            "required one of []: no arguments",
            "required if state is missing: missing outside its choices",
            "required if port is 1: no requirements",
            "required by dest: dest requires itself",
        ])
    }

    /// What is wrong with `spec`, one line per mistake.
    static func issues(in spec: ModuleSpec) -> [String] {
        var issues: [String] = []
        var declared: [String: ArgumentSpec] = [:]
        var spellings = Set<String>()
        for argument in spec.arguments {
            declared[argument.name] = argument
            for spelling in [argument.name] + argument.aliases where !spellings.insert(spelling).inserted {
                issues.append("\(spelling) declared twice")
            }
        }
        for argument in spec.arguments {
            if argument.required && argument.defaultValue != nil { issues.append("\(argument.name): required with a default") }
            guard let value = argument.defaultValue, !value.isNull else { continue }
            if let choices = argument.choices, ArgumentCoercion.outsideChoices(value, choices) != nil {
                issues.append("\(argument.name): default \(value.pythonString) outside its choices")
            }
            if case .failure = ArgumentCoercion.coerce(value, to: argument.kind) {
                issues.append("\(argument.name): default \(value.pythonString) is not a \(argument.kind.pythonName)")
            }
        }
        if let freeForm = spec.freeForm, declared[freeForm] == nil { issues.append("free-form argument \(freeForm) not declared") }
        issues += groupIssues(spec.mutuallyExclusive, "mutually exclusive", minimum: 2, declared)
        issues += groupIssues(spec.requiredTogether, "required together", minimum: 2, declared)
        issues += groupIssues(spec.requiredOneOf, "required one of", minimum: 1, declared)
        for rule in spec.requiredIf {
            let label = "required if \(rule.argument) is \(rule.value.pythonString)"
            issues += names([rule.argument] + rule.requirements, label, declared)
            if rule.requirements.isEmpty { issues.append("\(label): no requirements") }
            if rule.requirements.contains(rule.argument) { issues.append("\(label): \(rule.argument) requires itself") }
            if let argument = declared[rule.argument] {
                if case .failure = ArgumentCoercion.coerce(rule.value, to: argument.kind) {
                    issues.append("\(label): \(rule.value.pythonString) is not a \(argument.kind.pythonName)")
                } else if let choices = argument.choices, ArgumentCoercion.outsideChoices(rule.value, choices) != nil {
                    issues.append("\(label): \(rule.value.pythonString) outside its choices")
                }
            }
        }
        for rule in spec.requiredBy {
            let label = "required by \(rule.argument)"
            issues += names([rule.argument] + rule.requirements, label, declared)
            if rule.requirements.isEmpty { issues.append("\(label): no requirements") }
            if rule.requirements.contains(rule.argument) { issues.append("\(label): \(rule.argument) requires itself") }
        }
        return issues
    }

    /// Groups must name declared arguments (canonical names, not aliases), each once.
    static func groupIssues(_ groups: [[String]], _ kind: String, minimum: Int, _ declared: [String: ArgumentSpec]) -> [String] {
        groups.flatMap { group -> [String] in
            let label = "\(kind) [\(group.joined(separator: ", "))]"
            var issues = names(group, label, declared)
            if group.isEmpty {
                issues.append("\(label): no arguments")
            } else if group.count < minimum {
                issues.append("\(label): fewer than \(minimum == 2 ? "two arguments" : "one argument")")
            }
            var seen = Set<String>()
            for name in group where !seen.insert(name).inserted { issues.append("\(label): \(name) named twice") }
            return issues
        }
    }

    static func names(_ names: [String], _ label: String, _ declared: [String: ArgumentSpec]) -> [String] {
        names.filter { declared[$0] == nil }.map { "\(label): \($0) not declared" }
    }
}
