import Foundation

/// `pause`: waits `seconds`/`minutes`. Runs are non-interactive, so a bare prompt does not
/// wait for input (user_input is empty), as ansible does without a terminal.
struct PauseModule: Module {
    static let names = ["pause"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let timeoutShownAsCause = true
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("echo", .bool, default: true,
                     description: "Whether typed input would be shown; accepted, as runs are not interactive."),
        ArgumentSpec("minutes", .float, description: "How many minutes to wait."),
        ArgumentSpec("prompt", description: "Text shown while waiting."),
        ArgumentSpec("seconds", .float, description: "How many seconds to wait."),
    ], mutuallyExclusive: [["minutes", "seconds"]])

    static let documentation = ModuleDocumentation(
        "Wait for a while",
        description: [
            "Waits `seconds` or `minutes` before the play goes on.",
        ],
        notes: [
            "Swansible never waits for keyboard input: a pause with only a prompt returns at once with an empty `user_input`, as ansible-core does without a terminal.",
        ],
        examples: """
            - name: Give the cluster time to elect a leader
              ansible.builtin.pause:
                seconds: 10
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        var seconds: Double = 0
        if case .float(let s)? = args["seconds"] { seconds = s }
        if case .float(let m)? = args["minutes"] { seconds = m * 60 }
        let start = Date()
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
        let stop = Date()
        let shown = seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
        return ModuleResult(fields: [
            "delta": .int(Int(stop.timeIntervalSince(start))),
            "echo": .bool(args.bool("echo")),
            "rc": 0,
            "start": .string(CommandRun.timestamp(start)),
            "stderr": "",
            "stdout": .string(seconds > 0 ? "Paused for \(shown) seconds" : "Paused for 0.0 minutes"),
            "stop": .string(CommandRun.timestamp(stop)),
            "user_input": "",
        ])
    }
}
