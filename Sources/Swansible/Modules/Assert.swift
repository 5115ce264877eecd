import Foundation
import Jinja

/// `assert`: every condition in `that` must hold, evaluated with the host's variables.
struct AssertModule: Module, ArgumentNormalising {
    static let names = ["assert"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let showsResultWithoutVerbose = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("fail_msg", .raw, aliases: ["msg"],
                     description: "Message of the failure when a condition is false; a string or a list of strings."),
        ArgumentSpec("quiet", .bool, default: false,
                     description: "Leave the details out of the result when every condition holds."),
        ArgumentSpec("success_msg", .raw, description: "Message of the result when every condition holds."),
        ArgumentSpec("that", .list, required: true,
                     description: "Conditions, written as in `when:`, that must all be true."),
    ])

    static let documentation = ModuleDocumentation(
        "Check that conditions hold",
        description: [
            "Evaluates each condition of `that` with the host's variables and fails the task at the first one that is false.",
            "Works on the controller alone: nothing runs on the host.",
        ],
        notes: [
            "Conditions are evaluated by Swansible's own Jinja engine, with ansible-core's rules for `when:`.",
        ],
        examples: """
            - name: The port is one a service may use
              ansible.builtin.assert:
                that:
                  - app_port | int > 1024
                  - app_port | int < 65536
                fail_msg: "app_port {{ app_port }} is not between 1025 and 65535"
                success_msg: app_port can be used
            """)

    static let expressionArguments: Set<String> = ["that"]

    /// Like ansible-core's strict list check for `that`: one condition written as a string is a
    /// list of that one, never split at its commas (`"{{ x in [1, 2] }}"`).
    static func normalise(_ args: ValueDict) -> ValueDict {
        guard case .string(let text)? = args["that"] else { return args }
        var normalised = args
        normalised["that"] = [.string(text)]
        return normalised
    }

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let conditions: [Value]
        do {
            conditions = try conditionList(args["that"], templar: context.templar)
        } catch let error as TemplateError where AnsibleTemplar.refusedConditionMessages.contains(error.message) {
            throw refusal(error.message)
        }
        for condition in conditions {
            let holds: Bool
            do {
                holds = try context.templar.evaluateCondition(condition)
            } catch let error as TemplateError where AnsibleTemplar.refusedConditionMessages.contains(error.message) {
                throw refusal(error.message)
            } catch {
                return .failure("The conditional check '\(condition.pythonString)' failed. The error was: \(error)")
            }
            if !holds {
                let failMessage = args["fail_msg"] ?? "Assertion failed"
                var fields: ValueDict = ["assertion": .string(condition.pythonString), "evaluated_to": false]
                // A quiet assert's failure is printed on one line, as any result without -v.
                if args.bool("quiet") { fields["_ansible_verbose_always"] = false }
                if let text = failMessage.stringValue { return ModuleResult(failed: true, message: text, fields: fields) }
                fields["msg"] = failMessage
                return ModuleResult(failed: true, fields: fields)
            }
        }
        if args.bool("quiet") { return ModuleResult(message: "All assertions passed", fields: ["_ansible_verbose_always": false]) }
        if let success = args["success_msg"] {
            if let text = success.stringValue { return ModuleResult(message: text) }
            return ModuleResult(fields: ["msg": success])
        }
        return ModuleResult(message: "All assertions passed")
    }

    /// `that` as written: a list of conditions, one condition, or a lone template naming a
    /// list of them (`that: "{{ checks }}"`, which the argument check has made a list of one).
    static func conditionList(_ that: Value?, templar: any TemplateRendering) throws -> [Value] {
        let written: [Value]
        switch that {
        case .list(let items)?: written = items
        case let other?: written = [other]
        case nil: written = []
        }
        return try written.flatMap { condition -> [Value] in
            if case .string(let text) = condition, let inner = AnsibleTemplar.loneTemplateExpression(text),
               case .list(let items) = try templar.trustedTemplateValue(inner).value {
                return items
            }
            return [condition]
        }
    }

    /// A condition refused before evaluation (untrusted, empty) fails the task as an error
    /// raised by the action, like ansible-core's.
    private static func refusal(_ message: String) -> ActionRefusal {
        ActionRefusal(causes: [message], argument: "that",
                      help: message == AnsibleTemplar.untrustedMessage ? AnsibleTemplar.untrustedHelp : nil)
    }
}
