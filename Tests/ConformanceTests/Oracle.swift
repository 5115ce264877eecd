import Foundation
import Testing

/// The reference implementations (PyYAML, Jinja2, ansible-core from PyPI) run as test oracles.
///
/// The interpreter is `$SWANSIBLE_ORACLE_PYTHON`, else `<package>/.oracle-venv/bin/python`
/// (made by `make oracle`). It runs only in record and check mode (`AnswerMode`): by default the
/// suites compare with the answers stored beside their corpora and need no Python.
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
        guard AnswerMode.current.asksOracle else { throw OracleError(message: "the oracle runs only in record or check mode") }
        guard let python else { throw OracleError(message: "no oracle python (set SWANSIBLE_ORACLE_PYTHON or run `make oracle`)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        // Under load ansible-core 2.19 sometimes prints Python SyntaxWarnings of its own on
        // stderr; they are no part of any answer (the oracle's children inherit this).
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONWARNINGS": "ignore"]) { $1 }
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
    /// Recording or checking the stored answers without an oracle would fail every case: say why once.
    @Test func oracleIsPresentWhenAsked() {
        if AnswerMode.current.asksOracle {
            #expect(Oracle.isAvailable, "record and check mode need the oracle python: set SWANSIBLE_ORACLE_PYTHON or run `make oracle`")
        }
        #expect(!(AnswerMode.isSet("SWANSIBLE_ORACLE_RECORD") && AnswerMode.isSet("SWANSIBLE_ORACLE_CHECK")),
                "SWANSIBLE_ORACLE_RECORD and SWANSIBLE_ORACLE_CHECK are both set: record wins, nothing is checked")
    }
}
