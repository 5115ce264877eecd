import Foundation
import Testing
import Swansible

@Suite struct ConnectionLocalTests {
    private let connection = LocalConnection()

    private func scratch() throws -> String {
        let directory = NSTemporaryDirectory() + "swansible-local-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func execSeparatesStreamsAndFeedsStdin() async throws {
        let result = try await connection.exec("tr a-z A-Z; echo err >&2; exit 4", stdin: Data("abc\n".utf8))
        #expect(result == CommandResult(exitCode: 4, stdout: "ABC\n", stderr: "err\n"))
        let noInput = try await connection.exec("cat; echo eof", stdin: nil)
        #expect(noInput.stdout == "eof\n")
    }

    /// Megabytes on both streams at once, interleaved: neither pipe may fill up and stall.
    @Test func largeOutputOnBothStreamsIsReadWhole() async throws {
        let script = "i=0; while [ $i -lt 40 ]; do head -c 100000 /dev/zero | tr '\\0' o; head -c 100000 /dev/zero | tr '\\0' e >&2; i=$((i+1)); done"
        let result = try await connection.exec(script, stdin: nil)
        #expect(result.exitCode == 0)
        #expect(result.stdout.utf8.count == 4_000_000 && result.stdout.allSatisfy { $0 == "o" })
        #expect(result.stderr.utf8.count == 4_000_000 && result.stderr.allSatisfy { $0 == "e" })
    }

    /// Like ansible-core's run_command: a background job still holding the pipes does not hold
    /// the result back; what it prints after the command ended is not part of it, and signals
    /// keep their default meaning in the child (yes | head ends).
    @Test func aBackgroundJobDoesNotHoldTheResult() async throws {
        let result = try await connection.exec("(sleep 20; echo late) & echo now; yes | head -n 2", stdin: nil)
        #expect(result == CommandResult(exitCode: 0, stdout: "now\ny\ny\n", stderr: ""))
    }

    @Test func putSetsExactModeAndGetReadsBack() async throws {
        let path = try scratch() + "/file"
        try await connection.put(Data("one\n".utf8), to: path, mode: 0o666)
        try await connection.put(Data("two\n".utf8), to: path, mode: 0o600)
        #expect(try await connection.get(path) == Data("two\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func fileErrorsUseTheSSHWording() async throws {
        let missing = await #expect(throws: RemoteFileError.self) { try await connection.get("/no/such/file") }
        #expect(missing?.message == "could not open for reading: No such file or directory")
        let noDirectory = await #expect(throws: RemoteFileError.self) {
            try await connection.put(Data(), to: "/no/such/dir/file", mode: 0o644)
        }
        #expect(noDirectory?.message == "could not open for writing: No such file or directory")
    }
}
