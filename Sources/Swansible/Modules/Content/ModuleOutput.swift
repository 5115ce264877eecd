import Foundation

/// What a content module printed, read as ansible-core reads it: the JSON object on its stdout
/// (lines before the first one that starts with `{` and after the last one that ends with `}`
/// are dropped, the latter with a warning), its keys as the task's result.
enum ModuleOutput {
    struct Unreadable: Error {
        var reason: String
    }

    /// The object's text and the warning about junk after it, if any.
    static func objectText(in stdout: String) throws(Unreadable) -> (text: String, warning: String?) {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if stdout.hasSuffix("\n") { lines.removeLast() }
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("{") }) else {
            throw Unreadable(reason: "No start of json char found")
        }
        let rest = lines[start...]
        guard let end = rest.lastIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasSuffix("}") }) else {
            throw Unreadable(reason: "No end of json char found")
        }
        let trailing = rest[(end + 1)...]
        let warning = trailing.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            ? "Module invocation had junk after the JSON data: " + trailing.joined(separator: "\n") : nil
        return (rest[...end].joined(separator: "\n"), warning)
    }

    /// The module's result; a failure that tells why when its output is no JSON object.
    /// `interpreter` is what ran it, to tell a missing interpreter apart; `warn` hears about
    /// junk after the JSON (a warning of the run, not of the result).
    static func result(of run: CommandResult, interpreter: String?, warn: (String) -> Void) -> ModuleResult {
        let value: Value
        var warning: String?
        do throws(Unreadable) {
            let found = try objectText(in: run.stdout)
            warning = found.warning
            do { value = try JSONReader.parse(found.text) } catch let error { throw Unreadable(reason: "\(error)") }
            guard value.dictValue != nil else { throw Unreadable(reason: "the module's output is not a JSON object") }
        } catch {
            return unreadable(run, reason: error.reason, interpreter: interpreter)
        }
        if let warning { warn(warning) }
        return fromDictionary(value.dictValue ?? [:])
    }

    /// A module's keys as a result: `changed`, `failed` (or, when it does not say, a nonzero
    /// `rc`), `skipped`, `msg`, `ansible_facts`; internal `_ansible_` keys are dropped, as
    /// ansible-core drops them.
    static func fromDictionary(_ dict: ValueDict) -> ModuleResult {
        var fields = withoutInternalKeys(dict)
        let changed = fields.removeValue(forKey: "changed")?.isTruthy ?? false
        let said = fields.removeValue(forKey: "failed").map(\.isTruthy)
        let failed = said ?? (fields["rc"].map { !$0.isNull && $0.pythonString != "0" } ?? false)
        // A failure only its `rc` tells is found by the action, and told as the action's.
        if failed, said == nil { fields[ModuleResult.failureKindKey] = "Action" }
        let skipped = fields.removeValue(forKey: "skipped")?.isTruthy ?? false
        let message = fields.removeValue(forKey: "msg").map { $0.stringValue ?? $0.pythonString }
        let facts = fields.removeValue(forKey: "ansible_facts")?.dictValue
        var result = ModuleResult(changed: changed, failed: failed, skipped: skipped, message: message, fields: fields,
                                  facts: facts ?? [:])
        result.reportsFacts = facts != nil
        return result
    }

    /// `_ansible_` keys removed, in nested mappings too (a module that echoes its arguments).
    static func withoutInternalKeys(_ dict: ValueDict) -> ValueDict {
        var kept = ValueDict()
        for (key, value) in dict where !key.hasPrefix("_ansible_") {
            if case .dict(let nested) = value { kept[key] = .dict(withoutInternalKeys(nested)) } else { kept[key] = value }
        }
        return kept
    }

    /// ansible-core's failure for output that is no JSON: the action failed because the result
    /// could not be read (or its interpreter was missing), with what the module printed.
    static func unreadable(_ run: CommandResult, reason: String, interpreter: String?) -> ModuleResult {
        var message = "Module result deserialization failed: \(reason)"
        var help = "See stdout/stderr for the returned output."
        if let interpreter {
            let missing = [": No such file or directory", ": not found", ": command not found"].map { interpreter + $0 }
            if missing.contains(where: { run.stderr.contains($0) || run.stdout.contains($0) }) {
                message = "The module interpreter '\(interpreter)' was not found."
                help = "Consider overriding the configured interpreter path for this host. " + help
            }
        }
        let fields: ValueDict = [
            "module_stdout": .string(run.stdout), "module_stderr": .string(run.stderr), "rc": .int(Int(run.exitCode)),
            ModuleResult.failureKindKey: "Action",
            ModuleResult.causesKey: [["msg": "Action failed."], ["msg": .string(message), "help": .string(help)]],
        ]
        return ModuleResult(failed: true, message: message, fields: fields)
    }
}
