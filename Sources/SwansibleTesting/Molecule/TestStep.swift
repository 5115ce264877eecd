/// One step of molecule's sequences. Each is also a `swansible test` subcommand.
public enum TestStep: String, Sendable, CaseIterable, Equatable {
    case dependency, cleanup, destroy, syntax, create, prepare, converge, idempotence
    case sideEffect = "side_effect"
    case verify
    /// Converge in check mode (molecule's `check` sequence names it so).
    case check

    /// The playbook a step runs, by its key under `provisioner.playbooks` (nil: not a playbook step).
    var playbookKey: String? {
        switch self {
        case .create, .prepare, .converge, .sideEffect, .verify, .cleanup, .destroy: return rawValue
        case .idempotence, .syntax, .check: return "converge"
        case .dependency: return nil
        }
    }

    /// What a summary line calls it (`side_effect` as molecule prints it).
    public var displayName: String { rawValue }
}

/// One entry of a sequence: a step, and the playbook it runs when the entry names one
/// (`side_effect other.yml`, `verify ../shared/check.yml`, relative to the scenario).
public struct SequenceStep: Sendable, Equatable {
    public var step: TestStep
    public var playbook: String?

    public init(_ step: TestStep, playbook: String? = nil) {
        self.step = step
        self.playbook = playbook
    }
}

/// Molecule's default sequences, by the command that runs them.
public enum TestSequence {
    public static let test: [TestStep] = [
        .dependency, .cleanup, .destroy, .syntax, .create, .prepare, .converge, .idempotence, .sideEffect,
        .verify, .cleanup, .destroy,
    ]
    public static let check: [TestStep] = [.dependency, .cleanup, .destroy, .create, .prepare, .check, .cleanup, .destroy]
    public static let converge: [TestStep] = [.dependency, .create, .prepare, .converge]
    public static let create: [TestStep] = [.dependency, .create, .prepare]
    public static let destroy: [TestStep] = [.dependency, .cleanup, .destroy]

    /// Reads a `scenario.*_sequence` list: `step` or `step playbook.yml`.
    static func parse(_ entries: [String], key: String) throws -> [SequenceStep] {
        var steps: [SequenceStep] = []
        for entry in entries {
            let words = entry.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = words.first else { continue }
            // Molecule's lint step is gone from its sequences; accepted and skipped.
            if name == "lint" { continue }
            guard let step = TestStep(rawValue: name) else {
                throw ScenarioError("scenario.\(key): unknown step '\(name)' (steps: \(TestStep.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            steps.append(SequenceStep(step, playbook: words.count > 1 ? words[1] : nil))
        }
        return steps
    }
}
