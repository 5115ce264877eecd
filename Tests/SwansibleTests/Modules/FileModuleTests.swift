import Foundation
import Testing
@testable import Swansible

@Suite struct FileModuleTests {
    @Test func directoryIsCreatedOnceWithMode() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let args: ValueDict = ["path": .string(dir.file("a/b")), "state": "directory", "mode": "0750"]
        let first = try await runLocal("file", args)
        #expect(first.changed && !first.failed, "\(first.registered)")
        #expect(first.fields["mode"] == "0750")
        #expect(first.fields["state"] == "directory")
        #expect(first.fields["path"] == .string(dir.file("a/b")))
        let second = try await runLocal("file", args)
        #expect(!second.changed, "\(second.registered)")
    }

    @Test func absentRemovesTreesAndIsIdempotent() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("t/u"), withIntermediateDirectories: true)
        let r = try await runLocal("file", ["path": .string(dir.file("t")), "state": "absent"])
        #expect(r.changed)
        #expect(r.reported.registered == ["changed": true, "path": .string(dir.file("t")), "state": "absent"])
        #expect(!dir.exists("t"))
        let again = try await runLocal("file", ["path": .string(dir.file("t")), "state": "absent"])
        #expect(!again.changed)
    }

    @Test func touchCreatesAndAlwaysReportsChange() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("file", ["path": .string(dir.file("t")), "state": "touch", "mode": "u=rw,g=r,o=r"])
        #expect(r.changed)
        #expect(r.fields["mode"] == "0644")
        #expect(r.fields["dest"] == .string(dir.file("t")))
        #expect(r.fields["state"] == "file")
        #expect(dir.exists("t"))
    }

    @Test func symlinkIsCreatedAndKept() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("worker.pem", "x")
        let args: ValueDict = ["src": .string(dir.file("worker.pem")), "dest": .string(dir.file("node.pem")), "state": "link"]
        let r = try await runLocal("file", args)
        #expect(r.changed, "\(r.registered)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("node.pem")) == dir.file("worker.pem"))
        #expect(r.fields["state"] == "link")
        #expect(r.fields["src"] == .string(dir.file("worker.pem")))
        let again = try await runLocal("file", args)
        #expect(!again.changed, "\(again.registered)")
    }

    @Test func symlinkRefusesToReplaceAFileWithoutForce() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("src", "x")
        try dir.write("f", "y")
        let r = try await runLocal("file", ["src": .string(dir.file("src")), "path": .string(dir.file("f")), "state": "link"])
        #expect(r.failed)
        #expect(r.message == "refusing to convert from file to symlink for \(dir.file("f"))")
        let forced = try await runLocal("file", ["src": .string(dir.file("src")), "path": .string(dir.file("f")), "state": "link", "force": true])
        #expect(forced.changed && !forced.failed)
    }

    @Test func missingFileStateFails() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("file", ["path": .string(dir.file("nope"))])
        #expect(r.failed)
        #expect(r.message == "file (\(dir.file("nope"))) is absent, cannot continue")
    }

    @Test func modeOnExistingFileChangesOnce() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "y")
        let r = try await runLocal("file", ["path": .string(dir.file("f")), "mode": .int(0o600)])
        #expect(r.changed)
        #expect(r.fields["state"] == "file")
        let again = try await runLocal("file", ["path": .string(dir.file("f")), "mode": "600"])
        #expect(!again.changed, "\(again.registered)")
    }

    @Test func checkModeDoesNotTouchTheHost() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("file", ["path": .string(dir.file("d")), "state": "directory"], checkMode: true)
        #expect(r.changed)
        #expect(!dir.exists("d"))
        try dir.write("f", "y")
        let m = try await runLocal("file", ["path": .string(dir.file("f")), "mode": "0600"], checkMode: true)
        #expect(m.changed)
        let perms = try FileManager.default.attributesOfItem(atPath: dir.file("f"))[.posixPermissions] as? Int
        #expect(perms != 0o600)
    }

    @Test func recurseAppliesModeBelowTheDirectory() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("r/s"), withIntermediateDirectories: true)
        try dir.write("r/s/f", "x")
        let args: ValueDict = ["path": .string(dir.file("r")), "state": "directory", "mode": "u=rwX,g=rX,o=", "recurse": true]
        let r = try await runLocal("file", args)
        #expect(r.changed)
        let perms = try FileManager.default.attributesOfItem(atPath: dir.file("r/s/f"))[.posixPermissions] as? Int
        #expect(perms == 0o640)
        let again = try await runLocal("file", args)
        #expect(!again.changed, "\(again.registered)")
    }

    @Test func hardLinkSharesTheInode() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("a", "x")
        let args: ValueDict = ["src": .string(dir.file("a")), "path": .string(dir.file("b")), "state": "hard"]
        let r = try await runLocal("file", args)
        #expect(r.changed, "\(r.registered)")
        let again = try await runLocal("file", args)
        #expect(!again.changed)
    }

    @Test func unknownOwnerFailsWithAnsibleWording() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "y")
        let r = try await runLocal("file", ["path": .string(dir.file("f")), "owner": "no-such-user-zz"])
        #expect(r.failed)
        #expect(r.message == "chown failed: failed to look up user no-such-user-zz")
    }
}
