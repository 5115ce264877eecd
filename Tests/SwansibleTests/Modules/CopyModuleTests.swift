import Foundation
import Testing
@testable import Swansible

@Suite struct CopyModuleTests {
    @Test func copyContentCreatesThenIsIdempotent() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let dest = Value.string(dir.file("a.conf"))
        let first = try await runLocal("copy", ["content": "abc", "dest": dest, "mode": "0600"])
        #expect(first.changed && !first.failed, "\(first.registered)")
        #expect(try dir.read("a.conf") == "abc")
        #expect(first.fields["checksum"] == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(first.fields["md5sum"] == "900150983cd24fb0d6963f7d28e17f72")
        #expect(first.fields["mode"] == "0600")
        #expect(first.fields["size"] == 3)
        let second = try await runLocal("copy", ["content": "abc", "dest": dest, "mode": "0600"])
        #expect(!second.changed && !second.failed, "\(second.registered)")
        #expect(second.fields["path"] == dest)
        #expect(second.fields["state"] == "file")
    }

    @Test func modeChangeAloneIsAChange() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "abc")
        let r = try await runLocal("copy", ["content": "abc", "dest": .string(dir.file("f")), "mode": .int(0o640)])
        #expect(r.changed)
        #expect(r.fields["mode"] == "0640")
        let again = try await runLocal("copy", ["content": "abc", "dest": .string(dir.file("f")), "mode": "u=rw,g=r"])
        #expect(!again.changed, "\(again.registered)")
    }

    @Test func replacingKeepsExistingModeAndLeavesNoTempFiles() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "old")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir.file("f"))
        let r = try await runLocal("copy", ["content": "new", "dest": .string(dir.file("f"))])
        #expect(r.changed)
        #expect(r.fields["mode"] == "0600")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["f"])
    }

    @Test func checkModeReportsChangeWithoutWriting() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("copy", ["content": "abc", "dest": .string(dir.file("x"))], checkMode: true)
        #expect(r.changed)
        #expect(!dir.exists("x"))
    }

    @Test func srcIntoDirectoryUsesBasename() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("ca.pem", "CERT")
        let target = dir.file("ssl") + "/"
        let r = try await runLocal("copy", ["src": "ca.pem", "dest": .string(target)], searchPaths: [dir.path])
        #expect(r.changed, "\(r.registered)")
        #expect(try dir.read("ssl/ca.pem") == "CERT")
        #expect(r.fields["dest"] == .string(dir.file("ssl/ca.pem")))
        let again = try await runLocal("copy", ["src": "ca.pem", "dest": .string(dir.file("ssl"))], searchPaths: [dir.path])
        #expect(!again.changed, "\(again.registered)")
    }

    @Test func srcIsSearchedUnderFiles() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("files"), withIntermediateDirectories: true)
        try dir.write("files/x.txt", "X")
        let r = try await runLocal("copy", ["src": "x.txt", "dest": .string(dir.file("out"))], searchPaths: [dir.path])
        #expect(try dir.read("out") == "X")
        #expect(r.changed)
        let missing = try await runLocal("copy", ["src": "nope.txt", "dest": .string(dir.file("out"))], searchPaths: [dir.path])
        #expect(missing.failed)
        #expect(missing.message?.hasPrefix("Could not find or access 'nope.txt'") == true)
    }

    @Test func contentWithDirectoryDestFails() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("copy", ["content": "abc", "dest": .string(dir.path)])
        #expect(r.failed)
        #expect(r.message == "can not use content with a dir as dest")
    }

    @Test func missingParentDirectoryFails() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("copy", ["content": "abc", "dest": .string(dir.file("no/such"))])
        #expect(r.failed)
        #expect(r.message == "Destination directory \(dir.file("no")) does not exist")
    }

    @Test func forceNoKeepsExistingFile() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "old")
        let r = try await runLocal("copy", ["content": "new", "dest": .string(dir.file("f")), "force": "no"])
        #expect(!r.changed)
        #expect(try dir.read("f") == "old")
    }

    @Test func backupKeepsTheOldFile() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "old")
        let r = try await runLocal("copy", ["content": "new", "dest": .string(dir.file("f")), "backup": true])
        let backup = try #require(r.fields["backup_file"]?.stringValue)
        #expect(try String(contentsOfFile: backup, encoding: .utf8) == "old")
        #expect(try dir.read("f") == "new")
    }

    @Test func failedValidationLeavesDestinationAlone() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "old")
        let r = try await runLocal("copy", ["content": "bad", "dest": .string(dir.file("f")), "validate": "grep -q good %s"])
        #expect(r.failed)
        #expect(r.message?.hasPrefix("failed to validate") == true)
        #expect(try dir.read("f") == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["f"])
        let ok = try await runLocal("copy", ["content": "good", "dest": .string(dir.file("f")), "validate": "grep -q good %s"])
        #expect(ok.changed && !ok.failed)
    }

    @Test func diffModeCarriesBeforeAndAfter() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "old\n")
        let context = ModuleContext(hostName: "h", connection: LocalConnection(), diffMode: true, templar: FakeTemplar())
        let r = try await ModuleRegistry.run("copy", arguments: ["content": "new\n", "dest": .string(dir.file("f"))], in: context)
        #expect(r.diff == [FileDiff(path: dir.file("f"), before: "old\n", after: "new\n")])
    }

    @Test func dictContentIsWrittenAsJSON() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        _ = try await runLocal("copy", ["content": ["a": 1], "dest": .string(dir.file("j"))])
        #expect(try dir.read("j") == #"{"a": 1}"#)
    }

    @Test func identicalContentNeedsOneRoundTripAndNoUpload() async throws {
        let conn = RecordingConnection(stdouts: ["dest=/etc/x\ncontent=same\nchanged=0\nuid=0\ngid=0\nowner=root\ngroup=root\nmode=644\nsize=3\n"])
        let r = try await runLocal("copy", ["content": "abc", "dest": "/etc/x"], connection: conn)
        #expect(!r.changed)
        #expect(await conn.commands.count == 1)
        #expect(await conn.puts.isEmpty)
        #expect(r.fields["mode"] == "0644")
    }

    @Test func changedContentUploadsOnceAndInstallsWithBecome() async throws {
        let conn = RecordingConnection(stdouts: ["dest=/etc/x\ncontent=differs\n", "md5sum=abc\nuid=0\ngid=0\nowner=root\ngroup=root\nmode=600\nsize=3\n"])
        let context = ModuleContext(hostName: "h", connection: conn, become: BecomeSettings(enabled: true), templar: FakeTemplar())
        let r = try await ModuleRegistry.run("copy", arguments: ["content": "abc", "dest": "/etc/x", "owner": "root"], in: context)
        #expect(r.changed)
        let commands = await conn.commands
        let puts = await conn.puts
        #expect(commands.count == 2)
        #expect(puts.count == 1)
        #expect(commands.allSatisfy { $0.hasPrefix("sudo -H -S -n -u root /bin/sh -c ") })
        #expect(commands[1].contains(puts[0].path))
        #expect(commands[1].contains("mv -f"))
    }
}

@Suite struct LineInFileModuleTests {
    @Test func editsThroughASymlinkLikeAnsible() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("real", "a\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("link"), withDestinationPath: "real")
        let r = try await runLocal("lineinfile", ["path": .string(dir.file("link")), "line": "b"])
        #expect(r.changed && !r.failed, "\(r.registered)")
        #expect(try dir.read("real") == "a\nb\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("link")) == "real")
        let again = try await runLocal("lineinfile", ["path": .string(dir.file("link")), "line": "b"])
        #expect(!again.changed)
    }

    @Test func copyReplacesASymlinkDestLikeAnsible() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("real", "old\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("link"), withDestinationPath: "real")
        _ = try await runLocal("copy", ["content": "new\n", "dest": .string(dir.file("link"))])
        #expect(try dir.read("real") == "old\n")
        #expect(try dir.read("link") == "new\n")
    }
}
