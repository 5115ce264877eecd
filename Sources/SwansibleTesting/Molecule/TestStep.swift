/// One step of molecule's sequences. Each is also a `swansible test` subcommand.
public enum TestStep: String, Sendable, CaseIterable, Equatable {
    case dependency, cleanup, destroy, syntax, create, prepare, converge, idempotence
    case sideEffect = "side_effect"
    case verify

    /// The playbook a step runs, by its key under `provisioner.playbooks` (nil: not a playbook step).
    var playbookKey: String? {
        switch self {
        case .create, .prepare, .converge, .sideEffect, .verify, .cleanup, .destroy: return rawValue
        case .idempotence, .syntax: return "converge"
        case .dependency: return nil
        }
    }

    /// What a summary line calls it (`side_effect` as molecule prints it).
    public var displayName: String { rawValue }
}

/// Molecule's default sequences, by the command that runs them.
public enum TestSequence {
    public static let test: [TestStep] = [
        .dependency, .cleanup, .destroy, .syntax, .create, .prepare, .converge, .idempotence, .sideEffect,
        .verify, .cleanup, .destroy,
    ]
    public static let check: [TestStep] = [.dependency, .cleanup, .destroy, .create, .prepare, .converge, .cleanup, .destroy]
    public static let converge: [TestStep] = [.dependency, .create, .prepare, .converge]
    public static let create: [TestStep] = [.dependency, .create, .prepare]
    public static let destroy: [TestStep] = [.dependency, .cleanup, .destroy]

    /// Reads a `scenario.*_sequence` list.
    static func parse(_ names: [String], key: String) throws -> [TestStep] {
        try names.map { name in
            // Molecule's lint step is gone from its sequences; accepted and skipped.
            guard let step = TestStep(rawValue: name) else {
                if name == "lint" { return nil }
                throw ScenarioError("scenario.\(key): unknown step '\(name)' (steps: \(TestStep.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return step
        }.compactMap { $0 }
    }
}
