/// `ping`: proves the host answers a command (no Python needed, unlike ansible's).
struct PingModule: Module {
    static let names = ["ping"]
    static let spec = ModuleSpec(arguments: [ArgumentSpec("data", default: "pong")])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let data = args.string("data") ?? "pong"
        if data == "crash" { return .failure("boom") }
        let result = try await context.runScript("echo pong")
        guard result.exitCode == 0 else { return .failure("ping failed: \(result.stderr)") }
        return ModuleResult(fields: ["ping": .string(data)])
    }
}
