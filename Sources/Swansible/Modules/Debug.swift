import Jinja
import Foundation

/// `debug`: prints a message (`msg`) or a variable (`var`), on the controller.
struct DebugModule: Module {
    static let names = ["debug"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let showsResultWithoutVerbose = true
    static let reportsChanged = false
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("msg", .raw, default: "Hello world!", description: "Text (or any value) to print."),
        ArgumentSpec("var", .raw, description: "Name of a variable, or an expression, whose value is printed."),
        ArgumentSpec("verbosity", .int, default: 0,
                     description: "Print only when the run is at least this verbose (-v counts 1)."),
    ], mutuallyExclusive: [["msg", "var"]])


    static let documentation = ModuleDocumentation(
        "Print a message or a variable's value",
        description: [
            "Prints `msg` or the value of `var` in the task's output, on the controller, without touching the host.",
            "Handy to look at variables and registered results while writing a playbook.",
        ],
        notes: [
            "A `var` that cannot be resolved (an undefined variable or attribute) prints `<< error 1 - REASON >>` with a warning, as ansible-core 2.19 does.",
        ],
        examples: """
            - name: Show the address the other hosts will use
              ansible.builtin.debug:
                msg: "{{ inventory_hostname }} listens on {{ ansible_default_ipv4.address }}"

            - name: Show a registered result with -vv only
              ansible.builtin.debug:
                var: install_result
                verbosity: 2
            """)

    static let expressionArguments: Set<String> = ["var"]

    /// The expression `var` names, as written: text from the playbook; a lone template whose
    /// value is trusted text (`{{ item }}` over a playbook's list); nil when it is omitted.
    /// `!unsafe` or templated text is refused, like ansible-core.
    private static func variableExpression(_ variable: Value, templar: any TemplateRendering) throws -> String? {
        func untrusted() -> ActionRefusal {
            ActionRefusal(causes: ["Error while resolving `var` expression.", AnsibleTemplar.untrustedMessage],
                          argument: "var", help: AnsibleTemplar.untrustedHelp)
        }
        switch variable {
        case .unsafe: throw untrusted()
        case .string(let text):
            if let inner = AnsibleTemplar.loneTemplateExpression(text) {
                let (value, trusted) = try templar.trustedTemplateValue(inner)
                if value.stringValue == AnsibleTemplar.omit { return nil }
                guard trusted, let name = value.stringValue else { throw untrusted() }
                return name
            }
            if text.contains("{{") || text.contains("{%") { throw untrusted() }
            return text
        default:
            return nil
        }
    }

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let threshold = args.int("verbosity") ?? 0
        if threshold > 0 {
            let current = (try? context.templar.evaluate("ansible_verbosity"))?.intValue ?? 0
            if current < threshold {
                return ModuleResult.skippedByTheAction(fields: ["skipped_reason": "Verbosity threshold not met.", "_ansible_verbose_always": false])
            }
        }
        if let variable = args["var"], variable.stringValue == nil {
            // (Raised by the action's argument check: printed on one line, as any error.)
            var refusal = ModuleResult.raisedFailure("argument 'var' is of type \(variable.pythonTypeName) and we were unable to convert to "
                + "_check_type_str_no_conversion: '\(variable.pythonString)' is not a string and conversion is not allowed")
            refusal.fields["_ansible_verbose_always"] = false
            return refusal
        }
        guard let variable = args["var"], let name = try variableExpression(variable, templar: context.templar) else {
            return ModuleResult(fields: ["msg": args["msg"] ?? "Hello world!"])
        }
        do {
            let value = try context.templar.evaluate(name)
            if value.stringValue == AnsibleTemplar.omit {
                // Like ansible-core: a value that is omit cannot be left out here.
                return ModuleResult(fields: [
                    name: "<<Omit>>",
                    "warnings": ["The result of the `var` expression could not be omitted; a placeholder was used instead."],
                    ModuleResult.warningsAtArgumentKey: "var",
                ])
            }
            return ModuleResult(fields: [name: AnsibleTemplar.droppingOmitted(value)])
        } catch let error as TemplateError where error.kind == .undefined {
            // ansible-core 2.19 prints the error in place of the value, and warns where `var` is.
            return ModuleResult(fields: [
                name: .string("<< error 1 - \(error.message) >>"),
                "warnings": [.string("Encountered 1 template error.\nerror 1 - \(error.message)")],
                ModuleResult.warningsAtArgumentKey: "var",
            ])
        } catch let error as TemplateError {
            // Any other error (an undecryptable vault value, a failing filter) fails the task.
            return .actionError("Error while resolving `var` expression: Error rendering expression: \(error.message)")
        }
    }
}
