import Foundation
import Testing
@testable import Swansible

@Suite struct ScriptModuleTests {
    @Test func uploadsRunsWithArgumentsAndCleansUp() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("files"), withIntermediateDirectories: true)
        try dir.write("files/boot.sh", "#!/bin/sh\necho \"args: $1|$2\"\necho \"$0\" > \"$3\"\n")
        let r = try await runLocal("script", ["_raw_params": .string("boot.sh 'a b' c \(dir.file("where"))")], searchPaths: [dir.path])
        #expect(r.changed && !r.failed, "\(r.registered)")
        #expect(r.fields["stdout_lines"] == ["args: a b|c"])
        let uploaded = try dir.read("where").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!FileManager.default.fileExists(atPath: uploaded), "temp script \(uploaded) left behind")
    }

    @Test func createsSkipsTheRun() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("s.sh", "#!/bin/sh\ntouch \(dir.file("ran"))\n")
        try dir.write("done", "")
        let r = try await runLocal("script", ["_raw_params": .string(dir.file("s.sh")), "creates": .string(dir.file("done"))])
        #expect(r.skipped && !r.changed)
        #expect(r.message == "\(dir.file("done")) exists, matching creates option")
        #expect(!dir.exists("ran"))
    }

    @Test func executableAndFailure() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("s.sh", "echo out; exit 4\n")
        let r = try await runLocal("script", ["cmd": .string(dir.file("s.sh")), "executable": "/bin/sh"])
        #expect(r.failed && r.fields["rc"] == 4)
        #expect(r.fields["stdout"] == "out\n")
    }

    @Test func missingScriptIsReported() async throws {
        let r = try await runLocal("script", ["_raw_params": "nope.sh"])
        #expect(r.failed)
        #expect(r.message?.hasPrefix("Could not find or access 'nope.sh'") == true)
    }

    @Test func argumentTextKeepsQuotes() {
        #expect(ScriptModule.argumentText("'my script.sh' --x 'a b'", after: "my script.sh") == "--x 'a b'")
        #expect(ScriptModule.argumentText("s.sh", after: "s.sh") == "")
    }
}
