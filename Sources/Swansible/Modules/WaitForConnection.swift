import Foundation

/// `wait_for_connection`: an action that runs a trivial command (`true`) on the host until it
/// answers — after a reboot, or while a machine comes up. Each try goes through the host's
/// connection, which opens a fresh session when the last one was lost; a try that neither
/// answers nor fails within `connect_timeout` is abandoned.
struct WaitForConnectionModule: Module {
    static let names = ["wait_for_connection"]
    static let actionPlugin = ActionPluginKind.actionOnly
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("connect_timeout", .int, default: 5,
                     description: "Seconds one try may take before it is given up and the next one starts."),
        ArgumentSpec("delay", .int, default: 0, description: "Seconds to wait before the first try."),
        ArgumentSpec("sleep", .int, default: 1, description: "Seconds to wait between two tries."),
        ArgumentSpec("timeout", .int, default: 600, description: "Seconds to keep trying in all before failing."),
    ])

    static let documentation = ModuleDocumentation(
        "Wait until the host answers over its connection",
        description: [
            "Tries, again and again, to run a command that does nothing on the host through the task's connection (SSH, with become when the task has it), until one try succeeds or `timeout` seconds have passed.",
            "The result's `elapsed` is the number of whole seconds it waited, the `delay` included.",
        ],
        notes: [
            "ansible-core runs its `ping` module to test the connection; Swansible, which never needs Python on the host, runs `true`.",
            "In check mode the task is skipped, as in ansible-core.",
        ],
        examples: """
            - name: Wait for the rebooted workers
              ansible.builtin.wait_for_connection:
                delay: 5
                timeout: 300

            - name: Give a new machine two minutes to come up
              ansible.builtin.wait_for_connection:
                timeout: 120
                sleep: 2
            """,
        checkMode: AttributeSupport.none)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        // ansible-core's action returns a bare `skipped` in check mode.
        if context.checkMode { return ModuleResult(skipped: true) }
        let connectTimeout = max(1, args.int("connect_timeout") ?? 5)
        let delay = max(0, args.int("delay") ?? 0)
        let pause = max(0, args.int("sleep") ?? 1)
        let timeout = args.int("timeout") ?? 600
        let start = Date()
        if delay > 0 { try await Task.sleep(for: .seconds(delay)) }
        let end = Date().addingTimeInterval(Double(timeout))
        var lastError = ""
        var answered = false
        while Date() < end {
            do {
                let result = try await withDeadline(seconds: Double(connectTimeout)) { try await context.runScript("true") }
                if result.exitCode == 0 { answered = true; break }
                lastError = "the test command failed with status \(result.exitCode): \(result.stderr)"
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as DeadlineExceeded {
                lastError = "timed out after \(Int(error.seconds)) seconds"
            } catch {
                lastError = String(describing: error)
            }
            try await Task.sleep(for: .seconds(pause))
        }
        let elapsed: Value = .int(Int(Date().timeIntervalSince(start)))
        guard answered else {
            return ModuleResult(failed: true, message: "timed out waiting for ping module test: \(lastError)", fields: ["elapsed": elapsed])
        }
        return ModuleResult(fields: ["elapsed": elapsed])
    }
}
