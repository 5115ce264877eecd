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

    /// What ansible of the 2.x era printed for `var:` naming an undefined variable.
    static let undefinedText = "VARIABLE IS NOT DEFINED!"

    static let documentation = ModuleDocumentation(
        "Print a message or a variable's value",
        description: [
            "Prints `msg` or the value of `var` in the task's output, on the controller, without touching the host.",
            "Handy to look at variables and registered results while writing a playbook.",
        ],
        notes: [
            "An undefined `var` prints `VARIABLE IS NOT DEFINED!`, as ansible-core does.",
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

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let threshold = args.int("verbosity") ?? 0
        if threshold > 0 {
            let current = (try? context.templar.evaluate("ansible_verbosity"))?.intValue ?? 0
            if current < threshold {
                return ModuleResult(skipped: true, fields: ["skipped_reason": "Verbosity threshold not met."])
            }
        }
        guard let variable = args["var"] else {
            return ModuleResult(fields: ["msg": args["msg"] ?? "Hello world!"])
        }
        let name = variable.pythonString
        var value: Value
        do {
            value = try context.templar.evaluate(name)
            // Like ansible, a variable whose value is its own name's text counts as undefined.
            if case .string(let s) = value, s == name { value = .string(undefinedText) }
        } catch let error as TemplateError where error.kind != .undefined {
            // An undefined variable prints as such; any other error (an undecryptable vault
            // value, a failing filter) fails the task, as in ansible-core 2.19.
            return .actionError("Error while resolving `var` expression: Error rendering expression: \(error.message)")
        } catch {
            value = .string(undefinedText)
        }
        return ModuleResult(fields: [name: value])
    }
}
