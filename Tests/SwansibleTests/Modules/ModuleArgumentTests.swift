import Foundation
import Testing
@testable import Swansible
import SwansibleCrypto

@Suite struct ModuleArgumentTests {
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("path", .path, required: true, aliases: ["dest", "name"]),
        ArgumentSpec("state", default: "file", choices: ["absent", "file"]),
        ArgumentSpec("follow", .bool, default: true),
        ArgumentSpec("port", .int),
        ArgumentSpec("ratio", .float),
        ArgumentSpec("items", .list),
        ArgumentSpec("headers", .dict),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("attributes", aliases: ["attr"]),
    ])

    @Test func aliasesDefaultsAndCoercions() {
        let v = Self.spec.validate(["dest": "/x", "follow": "no", "port": "8080", "ratio": "1.5", "items": "a,b", "headers": "A=1 B=2"], module: "m")
        #expect(v.isValid, "\(v.problems)")
        #expect(v.arguments["path"] == "/x")
        #expect(v.arguments["state"] == "file")
        #expect(v.arguments["follow"] == false)
        #expect(v.arguments["port"] == 8080)
        #expect(v.arguments["ratio"] == 1.5)
        #expect(v.arguments["items"] == ["a", "b"])
        #expect(v.arguments["headers"] == ["A": "1", "B": "2"])
        #expect(Array(v.arguments.values.keys).first == "path")
    }

    @Test func booleanSpellingsFollowAnsible() {
        for word in ["yes", "on", "1", "true", "t", "y", "True", "YES"] {
            #expect(Self.spec.validate(["path": "/x", "follow": .string(word)], module: "m").arguments["follow"] == true, "\(word)")
        }
        for word in ["no", "off", "0", "false", "f", "n"] {
            #expect(Self.spec.validate(["path": "/x", "follow": .string(word)], module: "m").arguments["follow"] == false, "\(word)")
        }
        #expect(Self.spec.validate(["path": "/x", "follow": 1], module: "m").arguments["follow"] == true)
    }

    /// Required, then every type, then every choice (ansible-core checks all types before any
    /// choice, see ArgumentRuleTests), then unsupported names.
    @Test func allProblemsAreCollectedInAnsibleOrder() {
        let v = Self.spec.validate(["state": "bogus", "follow": "maybe", "port": "abc", "zzz": 1, "aaa": 2], module: "ansible.legacy.m")
        #expect(v.problems.count == 5)
        #expect(v.message == "missing required arguments: path")
        #expect(v.problems[1].description.hasPrefix("argument 'follow' is of type str and we were unable to convert to bool: The value 'maybe' is not a valid boolean. Valid booleans include: "))
        #expect(v.problems[2].description == #"argument 'port' is of type str and we were unable to convert to int: "'abc'" cannot be converted to an int"#)
        #expect(v.problems[3].description == "value of state must be one of: absent, file, got: bogus")
        #expect(v.problems[4].description == "Unsupported parameters for (ansible.legacy.m) module: aaa, zzz. Supported parameters include: attributes, follow, headers, items, mode, path, port, ratio, state (attr, dest, name).")
    }

    @Test func dictFromJSONAndBadTypes() {
        let v = Self.spec.validate(["path": "/x", "headers": #"{"b": 1, "a": [true]}"#], module: "m")
        #expect(v.arguments["headers"] == ["b": 1, "a": [true]])
        let bad = Self.spec.validate(["path": "/x", "headers": [1], "items": ["k": 1]], module: "m")
        #expect(bad.problems.map(\.description) == [
            "argument 'items' is of type dict and we were unable to convert to list: <class 'dict'> cannot be converted to a list",
            "argument 'headers' is of type list and we were unable to convert to dict: <class 'list'> cannot be converted to a dict",
        ])
    }

    @Test func modesAreKeptForChmod() {
        #expect(FileAttributes.chmodMode(.int(0o644)) == "0644")
        #expect(FileAttributes.chmodMode(.int(644)) == "01204")
        #expect(FileAttributes.chmodMode("644") == "0644")
        #expect(FileAttributes.chmodMode("0755") == "0755")
        #expect(FileAttributes.chmodMode("u=rw,g=r") == "u=rw,g=r")
        #expect(FileAttributes(mode: "u+x").isSymbolicMode)
        #expect(!FileAttributes(mode: "0644").isSymbolicMode)
    }

    @Test func registryResolvesQualifiedNamesAndRejectsUnknownModules() async throws {
        #expect(ModuleRegistry.module(named: "ansible.builtin.copy") == nil ? false : true)
        #expect(ModuleRegistry.module(named: "ansible.legacy.systemd_service") != nil)
        #expect(ModuleRegistry.module(named: "nope") == nil)
        let r = try await runLocal("nope", [:])
        #expect(r.failed && r.message == "The module nope was not found in configured module paths")
        let qualified = try await runLocal("ansible.builtin.copy", ["content": "x", "dest": "/tmp/x", "zz": 1])
        #expect(qualified.message?.hasPrefix("Unsupported parameters for (ansible.builtin.copy) module: zz.") == true)
    }
}

@Suite struct ModuleSupportTests {
    @Test func shellQuoting() {
        #expect(ShellQuote.quote("abc/d.e") == "abc/d.e")
        #expect(ShellQuote.quote("") == "''")
        #expect(ShellQuote.quote("it's") == #"'it'"'"'s'"#)
        #expect(ShellQuote.quote("$HOME *") == "'$HOME *'")
    }

    @Test func shellSplitLikeShlex() throws {
        #expect(try ShellQuote.split(#"echo "a \"b\"" 'c d' e\ f"#) == ["echo", #"a "b""#, "c d", "e f"])
        #expect(try ShellQuote.split(#"a "x\y""#) == ["a", #"x\y"#])
        #expect(throws: ShellSplitError.self) { try ShellQuote.split("echo 'open") }
    }

    @Test func sha1MatchesKnownDigests() {
        #expect(Digest.sha1Hex(Data()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Digest.sha1Hex(Data("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Digest.sha1Hex(Data(String(repeating: "a", count: 1000).utf8)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test func jsonParsingKeepsOrderAndTypes() throws {
        #expect(try Value(jsonText: #"{"z": 1, "a": [1.5, true, null, "\u00e9\n"]}"#) == ["z": 1, "a": [1.5, true, nil, "é\n"]])
        #expect((try? Value(jsonText: "[1, 2")) == nil)
        #expect((try? Value(jsonText: "{} x")) == nil)
    }

    @Test func pythonRegexTranslationAndExpand() throws {
        let r = try PythonRegex(#"^(?P<key>\w+)=(\d+)\Z"#)
        let text = "port=80"
        let m = try #require(r.firstMatch(in: text))
        #expect(try r.expand(#"\g<key> is \2\n"#, m, in: text) == "port is 80\n")
        #expect(PythonRegex.extendedRegex(#"port (\d+)\s[\w-]"#) == "port ([0-9]+)[[:space:]][[:alnum:]_-]")
        // Named and non-capturing groups are plain groups to grep (the match's groups come from Python's rules).
        #expect(PythonRegex.extendedRegex(#"completed (?P<foo>\w+) (?:[0-9]+)[(?:]"#) == "completed ([[:alnum:]_]+) ([0-9]+)[(?:]")
    }

    @Test func lineEditInsertsAfterLastMatchLikeAnsible() throws {
        var e = LineEdit()
        e.line = "new"
        e.insertAfter = "^a"
        let out = try e.present(LineEdit.splitLines("a1\nb\na2\nc\n"))
        #expect(out.lines.joined() == "a1\nb\na2\nnew\nc\n")
        e.firstMatch = true
        #expect(try e.present(LineEdit.splitLines("a1\nb\na2\n")).lines.joined() == "a1\nnew\nb\na2\n")
    }

    @Test func becomeWrapsInSudoAndExportsEnvironment() {
        let context = ModuleContext(hostName: "h", connection: LocalConnection(), become: BecomeSettings(enabled: true, user: "etcd"),
                                    environment: ["WORKER_IP": "10.0.0.1", "bad name": "x"], templar: FakeTemplar())
        let command = context.remoteCommand(for: "echo $WORKER_IP")
        #expect(command == "sudo -H -S -n -u etcd /bin/sh -c 'export WORKER_IP=10.0.0.1\necho $WORKER_IP'")
    }
}
