/// `ping`: proves the host answers a command (no Python needed, unlike ansible's).
struct PingModule: Module {
    static let names = ["ping"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("data", default: "pong",
                     description: "Value returned as `ping`; `crash` makes the module fail, to test error handling."),
    ])

    static let documentation = ModuleDocumentation(
        "Check that the host answers",
        description: [
            "Connects to the host, runs one shell command there and returns `ping: pong` (or `data`).",
            "Unlike ansible-core's, it needs no Python on the host: a shell is enough.",
        ],
        notes: [
            "This is not ICMP ping: it proves that SSH login (and become, if asked) works.",
        ],
        examples: """
            - name: Every host answers
              ansible.builtin.ping:

            # From the command line:
            # swansible all -i inventory -m ping
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let data = args.string("data") ?? "pong"
        // ansible-core's ping raises an exception: a module crash, told as such.
        if data == "crash" { return .raisedFailure("Task failed: Module failed: boom") }
        let result = try await context.runScript("echo pong")
        guard result.exitCode == 0 else { return .failure("ping failed: \(result.stderr)") }
        return ModuleResult(fields: ["ping": .string(data)])
    }
}
