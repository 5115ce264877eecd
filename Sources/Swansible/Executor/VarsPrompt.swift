import Foundation

/// `vars_prompt:`: each variable not given as an extra var is asked for on a terminal (twice
/// with `confirm`); without one, like ansible-core, a warning (once per run) and the default
/// (the string `None` when there is none). `encrypt` hashes the answer, `unsafe` keeps it from
/// templating. The prompts' fields are templated with the play's vars first.
struct VarsPrompt {
    private var warned = false

    mutating func answers(for play: Play, run: RunContext) throws -> ValueDict {
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
                let confirm = entry["confirm"].map(TaskRunner.truthy) ?? false
                answer = Self.ask(message, hidden: hidden, confirm: confirm)
            } else if !warned {
                warned = true
                run.callback.warning("Not prompting as we are not in interactive mode")
            }
            if answer?.isEmpty ?? true, let defaultValue { answer = defaultValue }
            var value = Value.string(answer ?? "None")
            if let scheme = entry["encrypt"].flatMap({ $0.isNull ? nil : $0.pythonString }) {
                value = .string(try Self.encrypted(answer ?? "None", scheme: scheme, salt: entry["salt"], saltSize: entry["salt_size"]))
            }
            // `unsafe: true`: the answer is never templated (it may hold `{{`).
            if entry["unsafe"].map(TaskRunner.truthy) ?? false { value = value.markedUnsafe }
            answers[name] = value
        }
        return answers
    }

    /// The answer hashed as `encrypt` names (passlib's sha512_crypt and sha256_crypt, which
    /// ansible-core uses), with the entry's `salt` or a random one of `salt_size`.
    static func encrypted(_ text: String, scheme: String, salt: Value?, saltSize: Value?) throws -> String {
        let size = saltSize.flatMap { $0.intValue ?? Int($0.pythonString) } ?? 16
        let salt = salt.flatMap { $0.isNull ? nil : $0.pythonString } ?? PasswordHash.randomSalt(size)
        guard ["sha512_crypt", "sha256_crypt"].contains(scheme) else {
            throw RunStopped(message: "Unable to encrypt nor hash, unsupported algorithm '\(scheme)' "
                             + "(Swansible has sha512_crypt and sha256_crypt).", code: ExitCode.error)
        }
        return try PasswordHash.hash(text, scheme: scheme, salt: salt, rounds: nil)
    }

    /// One answer from the terminal, not echoed when `hidden`; with `confirm`, asked twice
    /// until both agree, as ansible-core asks.
    private static func ask(_ message: String, hidden: Bool, confirm: Bool) -> String {
        while true {
            let first = ask(message, hidden: hidden)
            guard confirm else { return first }
            if ask("confirm " + message, hidden: hidden) == first { return first }
            FileHandle.standardOutput.write(Data("***** VALUES ENTERED DO NOT MATCH ****\n".utf8))
        }
    }

    private static func ask(_ message: String, hidden: Bool) -> String {
        if hidden, let line = getpass(message) { return String(cString: line) }
        FileHandle.standardOutput.write(Data(message.utf8))
        return readLine() ?? ""
    }
}
