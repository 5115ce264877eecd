import Foundation
import Testing
@testable import Swansible

/// tempfile and fetch run against the local machine (their scripts are plain sh + coreutils):
/// what they create, what they report, and that a second fetch changes nothing.
@Suite struct RemoteLayerModuleTests {
    // MARK: tempfile

    @Test func tempfileCreatesAPrivateFileWithPrefixAndSuffix() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("tempfile", ["path": .string(dir.path), "prefix": "pre-", "suffix": ".conf"])
        #expect(r.changed && !r.failed, "\(r)")
        let path = try #require(r.fields["path"]?.stringValue)
        let name = (path as NSString).lastPathComponent
        #expect(path == dir.path + "/" + name)
        #expect(name.hasPrefix("pre-") && name.hasSuffix(".conf") && name.count == "pre-".count + 8 + ".conf".count, "\(name)")
        var isDirectory: ObjCBool = true
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue)
        #expect(r.fields["state"] == "file" && r.fields["mode"] == "0600" && r.fields["size"] == 0, "\(r.fields)")
        #expect(r.fields["uid"]?.intValue == Int(getuid()))
    }

    @Test func tempfileCreatesADirectoryWithTheDefaults() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("tempfile", ["state": "directory", "path": .string(dir.path + "/")])
        let path = try #require(r.fields["path"]?.stringValue)
        #expect(path.hasPrefix(dir.path + "/ansible.") && !path.contains("//"), "\(path)")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(r.fields["state"] == "directory" && r.fields["mode"] == "0700", "\(r.fields)")
    }

    @Test func tempfileWithoutPathUsesTMPDIR() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("tempfile", [:], environment: ["TMPDIR": .string(dir.path)])
        #expect(r.fields["path"]?.stringValue?.hasPrefix(dir.path + "/ansible.") == true, "\(r)")
    }

    @Test func tempfileFailuresSayWhatPythonSays() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let missing = try await runLocal("tempfile", ["path": .string(dir.path + "/nope")])
        #expect(missing.failed && missing.message?.hasPrefix("[Errno 2] No such file or directory: '\(dir.path)/nope/ansible.") == true, "\(missing)")
        try dir.write("f", "")
        let file = try await runLocal("tempfile", ["path": .string(dir.file("f")), "suffix": ".x"])
        #expect(file.failed && file.message?.hasPrefix("[Errno 20] Not a directory: '\(dir.file("f"))/ansible.") == true, "\(file)")
        #expect(file.message?.hasSuffix(".x'") == true)
        let prefix = try await runLocal("tempfile", ["prefix": "a/b"])
        #expect(prefix.failed && prefix.message == "prefix must be a valid file name component, got 'a/b'")
        let suffix = try await runLocal("tempfile", ["suffix": "/x"])
        #expect(suffix.message == "suffix must be a valid file name component, got '/x'")
        let state = try await runLocal("tempfile", ["state": "link"])
        #expect(state.failed && state.message?.contains("value of state must be one of: directory, file") == true, "\(state)")
    }

    @Test func tempfileIsSkippedInCheckMode() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let r = try await runLocal("tempfile", ["path": .string(dir.path)], checkMode: true)
        #expect(r.skipped && !r.changed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    // MARK: fetch

    @Test func fetchSavesUnderTheHostNameOnceThenChangesNothing() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("src.txt", "hello\n")
        let args: ValueDict = ["src": .string(dir.file("src.txt")), "dest": "out"]
        let first = try await runLocal("fetch", args, searchPaths: [dir.path])
        let saved = dir.path + "/out/localhost" + dir.file("src.txt")
        #expect(first.changed && !first.failed, "\(first)")
        #expect(first.fields["dest"]?.stringValue == saved)
        #expect(first.fields["checksum"] == "f572d396fae9206628714fb2ce00f72e94f2258f")
        #expect(first.fields["remote_checksum"] == "f572d396fae9206628714fb2ce00f72e94f2258f")
        #expect(first.fields["md5sum"] == "b1946ac92492d2347c6235b4d2611184")
        #expect(first.fields["remote_md5sum"] == .null)
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == "hello\n")
        let second = try await runLocal("fetch", args, searchPaths: [dir.path])
        #expect(!second.changed && !second.failed, "\(second)")
        #expect(second.fields["file"]?.stringValue == dir.file("src.txt") && second.fields["dest"]?.stringValue == saved)
        #expect(second.fields["remote_checksum"] == nil)
        try dir.write("src.txt", "changed\n")
        let third = try await runLocal("fetch", args, searchPaths: [dir.path])
        #expect(third.changed)
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == "changed\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (saved as NSString).deletingLastPathComponent)
        #expect(leftovers == ["src.txt"], "\(leftovers)")
    }

    @Test func fetchFlatTakesDestAsTheFileOrADirectoryWithASlash() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("src.txt", "x")
        try FileManager.default.createDirectory(atPath: dir.file("existing"), withIntermediateDirectories: true)
        let src = Value.string(dir.file("src.txt"))
        let named = try await runLocal("fetch", ["src": src, "dest": .string(dir.file("a/b.txt")), "flat": true])
        #expect(named.changed && named.fields["dest"]?.stringValue == dir.file("a/b.txt"))
        let slash = try await runLocal("fetch", ["src": src, "dest": "existing/", "flat": true], searchPaths: [dir.path])
        #expect(slash.changed && slash.fields["dest"]?.stringValue == dir.file("existing/src.txt"), "\(slash)")
        let noSlash = try await runLocal("fetch", ["src": src, "dest": "existing", "flat": true], searchPaths: [dir.path])
        #expect(noSlash.failed && noSlash.message == "dest is an existing directory, use a trailing slash if you want to fetch src into that directory")
    }

    @Test func fetchOfAMissingFileOrADirectoryFailsOrIsIgnored() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let missing = Value.string(dir.file("nope"))
        let failed = try await runLocal("fetch", ["src": missing, "dest": .string(dir.path)])
        #expect(failed.failed && failed.message == "the remote file does not exist, not transferring, ignored")
        let ignored = try await runLocal("fetch", ["src": missing, "dest": .string(dir.path), "fail_on_missing": false])
        #expect(!ignored.failed && !ignored.changed && ignored.fields["file"] == missing)
        let directory = try await runLocal("fetch", ["src": .string(dir.path), "dest": .string(dir.path)])
        #expect(directory.failed && directory.message == "remote file is a directory, fetch cannot work on directories")
        let quiet = try await runLocal("fetch", ["src": .string(dir.path), "dest": .string(dir.path), "fail_on_missing": "no"])
        #expect(!quiet.failed && quiet.message == "remote file is a directory, fetch cannot work on directories, not transferring, ignored")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func fetchIsSkippedInCheckMode() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("src.txt", "x")
        let r = try await runLocal("fetch", ["src": .string(dir.file("src.txt")), "dest": "out"], checkMode: true, searchPaths: [dir.path])
        #expect(r.skipped && r.message == "check mode not (yet) supported for this module")
        #expect(!dir.exists("out"))
    }

    @Test func fetchDestinationIsNormalised() {
        #expect(FetchModule.normalise("/a/./b//c/../d") == "/a/b/d")
        #expect(FetchModule.normalise("/out/host//etc/x") == "/out/host/etc/x")
    }

    // MARK: hostname

    @Test func hostnameReportsNameFactsAndAHeaderlessDiff() async throws {
        let connection = RecordingConnection(stdouts: ["strategy=systemd\ncurrent=old\npermanent=old\nchanged=1\nfqdn=web-1.example.com\n"])
        let context = ModuleContext(hostName: "h", connection: connection, diffMode: true, templar: FakeTemplar())
        let r = try await ModuleRegistry.run("hostname", arguments: ["name": "web-1.example.com"], in: context)
        #expect(r.changed && r.fields["name"] == "web-1.example.com")
        #expect(r.facts["ansible_hostname"] == "web-1" && r.facts["ansible_nodename"] == "web-1.example.com")
        #expect(r.facts["ansible_fqdn"] == "web-1.example.com" && r.facts["ansible_domain"] == "example.com")
        let diff = try #require(r.diff.first)
        #expect(UnifiedDiff.render(diff) == "--- before\n+++ after\n@@ -1 +1 @@\n-hostname = old\n+hostname = web-1.example.com\n")
        let script = try #require(await connection.commands.first)
        #expect(script.contains("sw_check=0") && script.contains("web-1.example.com"))
    }

    @Test func hostnameRefusesStrategiesItDoesNotCarryOut() async throws {
        let r = try await runLocal("hostname", ["name": "x", "use": "freebsd"])
        #expect(r.failed && r.message?.hasPrefix("use=freebsd is not supported") == true, "\(r)")
        let bad = try await runLocal("hostname", ["name": "x", "use": "nope"])
        #expect(bad.failed && bad.message?.contains("value of use must be one of") == true, "\(bad)")
    }

    @Test func hostnameGenericWritesTheFileAndConvergedChangesNothing() async throws {
        // The generic strategy's file half, run locally against a scratch /etc/hostname: the
        // script is rewritten to use it, and `hostname` is a stub that prints the same name.
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("hostname", "old\n")
        try FileManager.default.createDirectory(atPath: dir.file("bin"), withIntermediateDirectories: true)
        try dir.write("bin/hostname", "#!/bin/sh\n[ $# -gt 0 ] && { echo \"$1\" > \(dir.path)/running; exit 0; }\ncat \(dir.path)/running 2>/dev/null || echo old\n")
        chmod(dir.file("bin/hostname"), 0o755)
        func run(_ check: Bool) async throws -> ScriptReport {
            let script = HostnameModule.script(name: "new", use: "generic", checkMode: check)
                .replacingOccurrences(of: "file=/etc/hostname", with: "file=\(dir.file("hostname"))")
            let result = try await LocalConnection().exec("PATH=\(dir.file("bin")):$PATH /bin/sh -c " + ShellQuote.quote(script), stdin: nil)
            return ScriptReport(result.stdout)
        }
        let check = try await run(true)
        #expect(try check.flag("changed") && (dir.read("hostname")) == "old\n")
        let first = try await run(false)
        #expect(first.flag("changed") && first["current"] == "old" && first["permanent"] == "old")
        #expect(try dir.read("hostname") == "new\n" && (dir.read("running")) == "new\n")
        let second = try await run(false)
        #expect(!second.flag("changed") && second["current"] == "new" && second["permanent"] == "new", "\(second)")
    }

    // MARK: modprobe

    /// A scratch root with /proc/modules and a stub `modprobe` that records its calls.
    struct ModprobeRoot {
        let dir: ScratchDirectory
        init(loaded: [String]) throws {
            dir = try ScratchDirectory()
            try FileManager.default.createDirectory(atPath: dir.file("proc"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir.file("bin"), withIntermediateDirectories: true)
            try dir.write("proc/modules", loaded.map { "\($0) 16384 0 - Live 0x0\n" }.joined())
            try dir.write("bin/modprobe", "#!/bin/sh\necho \"$*\" >> \(dir.path)/calls\ncase $1 in nope) echo 'modprobe: FATAL: Module nope not found' >&2; exit 1;; esac\n")
            chmod(dir.file("bin/modprobe"), 0o755)
        }
        func run(_ name: String, params: [String] = [], state: String = "present", persistent: String = "disabled", check: Bool = false) async throws -> (ScriptReport, CommandResult) {
            let script = ModprobeModule.script(name: name, params: params, state: state, persistent: persistent, checkMode: check, root: dir.path)
            let result = try await LocalConnection().exec("PATH=\(dir.file("bin")):$PATH /bin/sh -c " + ShellQuote.quote(script), stdin: nil)
            return (ScriptReport(result.stdout.components(separatedBy: ModprobeModule.outputMarker).first ?? ""), result)
        }
        var calls: String { (try? dir.read("calls")) ?? "" }
    }

    @Test func modprobeLoadsOnlyWhatIsNotLoaded() async throws {
        let root = try ModprobeRoot(loaded: ["br_netfilter"]); defer { root.dir.cleanup() }
        let (loaded, _) = try await root.run("br-netfilter")
        #expect(loaded.flag("loaded") && !loaded.flag("changed") && loaded.flag("done"))
        let (check, _) = try await root.run("dummy", params: ["numdummies=2"], check: true)
        #expect(check.flag("changed") && root.calls.isEmpty)
        let (load, _) = try await root.run("dummy", params: ["numdummies=2"])
        #expect(load.flag("changed") && root.calls == "dummy numdummies=2\n")
        let (unload, _) = try await root.run("br_netfilter", state: "absent")
        #expect(unload.flag("changed") && root.calls.hasSuffix("-r br_netfilter\n"))
        let (gone, _) = try await root.run("dummy", state: "absent")
        #expect(!gone.flag("changed"))
    }

    @Test func modprobeFailureCarriesItsOutput() async throws {
        let root = try ModprobeRoot(loaded: []); defer { root.dir.cleanup() }
        let (report, result) = try await root.run("nope")
        #expect(report.flag("failed") && report["rc"] == "1")
        #expect(result.stdout.hasSuffix(ModprobeModule.outputMarker + "modprobe: FATAL: Module nope not found\n"), "\(result.stdout)")
    }

    @Test func modprobePersistenceIsWrittenAndRemoved() async throws {
        let root = try ModprobeRoot(loaded: ["dummy"]); defer { root.dir.cleanup() }
        let (present, _) = try await root.run("dummy", params: ["numdummies=2"], persistent: "present")
        #expect(present.flag("changed") && root.calls.isEmpty)
        #expect(try root.dir.read("etc/modules-load.d/dummy.conf") == "dummy\n")
        #expect(try root.dir.read("etc/modprobe.d/dummy.conf") == "options dummy numdummies=2\n")
        let (again, _) = try await root.run("dummy", params: ["numdummies=2"], persistent: "present")
        #expect(!again.flag("changed"))
        let (other, _) = try await root.run("dummy", params: ["numdummies=3"], persistent: "present")
        #expect(try other.flag("changed") && (root.dir.read("etc/modprobe.d/dummy.conf")) == "options dummy numdummies=3\n")
        let (absentCheck, _) = try await root.run("dummy", persistent: "absent", check: true)
        #expect(try absentCheck.flag("changed") && (root.dir.read("etc/modules-load.d/dummy.conf")) == "dummy\n")
        let (absent, _) = try await root.run("dummy", persistent: "absent")
        #expect(try absent.flag("changed") && (root.dir.read("etc/modules-load.d/dummy.conf")) == "")
        #expect(try root.dir.read("etc/modprobe.d/dummy.conf") == "")
        let (done, _) = try await root.run("dummy", persistent: "absent")
        #expect(!done.flag("changed"))
    }

    @Test func modprobeResultNamesItsArguments() async throws {
        let connection = RecordingConnection(stdouts: ["loaded=0\nchanged=1\ndone=1\n"])
        let context = ModuleContext(hostName: "h", connection: connection, templar: FakeTemplar())
        let r = try await ModuleRegistry.run("community.general.modprobe", arguments: ["name": "dummy", "params": "numdummies=2"], in: context)
        #expect(r.changed && r.reported.fields == ["name": "dummy", "params": "numdummies=2", "state": "present"])
        let script = try #require(await connection.commands.first)
        #expect(script.contains("set -- numdummies=2"))
    }
}
