import Foundation
import Testing

/// What a new user types first, on the built executables: `--help`, `--version`, and a wrong
/// option (argparse's exit status 2, usage on standard error).
@Suite struct CommandLineBasicsTests {
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let path = IntegrationGate.packageRoot.appendingPathComponent(".build/debug/" + program).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, errors)
    }

    @Test(arguments: [("swansible-playbook", ["--help"]), ("swansible-playbook", ["-h"]), ("swansible", ["--help"]),
                      ("swansible", ["all", "--help"]), ("swansible", ["inventory", "--help"])])
    func helpPrintsUsageAndExitsZero(_ program: String, _ arguments: [String]) throws {
        let result = try Self.run(program, arguments)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("USAGE: "), "\(result.output)")
    }

    @Test(arguments: ["swansible-playbook", "swansible"])
    func versionNamesSwansibleAndItsLibraries(_ program: String) throws {
        let result = try Self.run(program, ["--version"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("\(program) [swansible "), "\(result.output)")
        #expect(result.output.contains("libssh2 version = "))
    }

    /// docs/man has one page per command and subcommand (`make man` regenerates them).
    @Test(arguments: ["swansible-playbook", "swansible"])
    func everyCommandHasAManPage(_ program: String) throws {
        let result = try Self.run(program, ["--experimental-dump-help"])
        let tree = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        func names(_ command: [String: Any], _ prefix: [String]) -> [String] {
            guard let name = command["commandName"] as? String, name != "help" else { return [] }
            let path = prefix + [name]
            let children = (command["subcommands"] as? [[String: Any]]) ?? []
            return [path.joined(separator: ".")] + children.flatMap { names($0, path) }
        }
        let commands = names(try #require(tree?["command"] as? [String: Any]), [])
        #expect(commands.count >= 1)
        let manual = IntegrationGate.packageRoot.appendingPathComponent("docs/man").path
        for command in commands {
            #expect(FileManager.default.fileExists(atPath: "\(manual)/\(command).1"), "no man page for \(command): run make man")
        }
    }

    @Test func aWrongOptionIsExitStatusTwo() throws {
        let result = try Self.run("swansible-playbook", ["--no-such-option", "site.yml"])
        #expect(result.status == 2)
        #expect(result.errors.contains("Usage: swansible-playbook"), "\(result.errors)")
    }
}
