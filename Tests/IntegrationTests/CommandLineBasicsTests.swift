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

    @Test func aWrongOptionIsExitStatusTwo() throws {
        let result = try Self.run("swansible-playbook", ["--no-such-option", "site.yml"])
        #expect(result.status == 2)
        #expect(result.errors.contains("Usage: swansible-playbook"), "\(result.errors)")
    }
}
