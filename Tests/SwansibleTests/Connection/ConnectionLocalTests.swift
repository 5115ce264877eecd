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
