import Foundation
import Testing

/// The reference implementations (PyYAML, Jinja2, ansible-core from PyPI) run as test oracles.
///
/// The interpreter is `$SWANSIBLE_ORACLE_PYTHON`, else `<package>/.oracle-venv/bin/python`
/// (made by `make oracle`). Without it, differential tests are skipped locally; under CI
/// (`CI` set) `OracleAvailabilityTests` fails instead, so a CI run never silently skips them.
enum Oracle {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let python: String? = {
        let env = ProcessInfo.processInfo.environment
        let candidates: [String?] = [env["SWANSIBLE_ORACLE_PYTHON"], packageRoot.appendingPathComponent(".oracle-venv/bin/python").path]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { python != nil }

    /// Runs `script` with the oracle interpreter, feeding `input` on stdin; returns stdout.
    /// Throws when the script exits non-zero, with its stderr.
    static func run(script: String, input: String = "", arguments: [String] = []) throws -> String {
        guard let python else { throw OracleError(message: "no oracle python") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errData = ErrorBox()
        let reader = Thread { errData.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while reader.isExecuting { usleep(1000) }
        guard process.terminationStatus == 0 else {
            throw OracleError(message: String(decoding: errData.data, as: UTF8.self))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

struct OracleError: Error, CustomStringConvertible {
    var message: String
    var description: String { "oracle failed: \(message)" }
}

private final class ErrorBox: @unchecked Sendable { var data = Data() }

@Suite struct OracleAvailabilityTests {
    @Test func oracleIsPresentUnderCI() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(Oracle.isAvailable, "CI must provide the oracle venv (make oracle)")
        }
    }
}
