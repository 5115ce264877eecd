import Foundation

/// `vars_prompt:`: each variable not given as an extra var is asked for on a terminal; without
/// one, like ansible-core, a warning (once per run) and the default (the string `None` when
/// there is none). The prompts' fields are templated with the play's vars first.
struct VarsPrompt {
    private var warned = false

    mutating func answers(for play: Play, run: RunContext) -> ValueDict {
        guard let raw = play.varsPrompt else { return [:] }
        let templar = run.playTemplar(play)
        let entries = ((try? templar.template(raw)) ?? raw).listValue ?? []
        var answers = ValueDict()
        for entry in entries {
            guard let name = entry["name"]?.pythonString, run.settings.extraVars[name] == nil else { continue }
            let defaultValue = entry["default"].flatMap { $0 == .null ? nil : $0.pythonString }
            let hidden = entry["private"].map(TaskRunner.truthy) ?? true
            var answer: String?
            if run.settings.interactive {
                let prompt = entry["prompt"]?.pythonString ?? name
                let message = prompt.isEmpty ? "input for \(name): " : defaultValue.map { "\(prompt) [\($0)]: " } ?? "\(prompt): "
                answer = Self.ask(message, hidden: hidden)
            } else if !warned {
                warned = true
                run.callback.warning("Not prompting as we are not in interactive mode")
            }
            if answer?.isEmpty ?? true, let defaultValue { answer = defaultValue }
            answers[name] = .string(answer ?? "None")
        }
        return answers
    }

    /// One answer from the terminal, not echoed when `hidden`.
    private static func ask(_ message: String, hidden: Bool) -> String {
        if hidden, let line = getpass(message) { return String(cString: line) }
        FileHandle.standardOutput.write(Data(message.utf8))
        return readLine() ?? ""
    }
}
