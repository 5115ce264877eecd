import Foundation
import Testing
@testable import Swansible

/// `invocation.module_args`, as ansible-core 2.19's modules return it (seen by running it:
/// `file: dest=~/x` gives `dest: "~/x"` and `path: "/root/x"`; `user: createhome=yes` gives
/// `createhome: "yes"` and `create_home: true`; a `no_log` argument reads
/// `VALUE_SPECIFIED_IN_NO_LOG_PARAMETER`; the order is the task's, then aliased names, then
/// defaults, then nulls).
@Suite struct ModuleInvocationTests {
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("create", .bool, default: false, aliases: ["make"]),
        ArgumentSpec("decrypt", .bool, default: true, actionOnly: true),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("path", .path, required: true, aliases: ["dest"]),
        ArgumentSpec("secret", aliases: ["password"], noLog: true),
        ArgumentSpec("state", default: "present"),
    ])

    @Test func anAliasKeepsItsValueAsWrittenAndTheCanonicalNameIsConverted() {
        let given: ValueDict = ["make": "yes", "dest": "/x"]
        let validated = Self.spec.validate(given, module: "m").arguments.values
        let args = ModuleInvocation.moduleArguments(spec: Self.spec, given: given, arguments: validated)
        #expect(Array(args.keys) == ["make", "dest", "create", "path", "state", "mode", "secret"])
        #expect(args["make"] == "yes" && args["create"] == true && args["dest"] == "/x" && args["path"] == "/x")
        #expect(args["state"] == "present" && args["mode"] == .null && args["decrypt"] == nil)
    }

    @Test func aNoLogArgumentIsMaskedUnderEveryNameItWasGiven() {
        let given: ValueDict = ["path": "/x", "password": "hunter2"]
        let validated = Self.spec.validate(given, module: "m").arguments.values
        let args = ModuleInvocation.moduleArguments(spec: Self.spec, given: given, arguments: validated)
        #expect(args["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")
        #expect(args["secret"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")
    }

    @Test func aFailedValidationStillSaysWhatWasGivenUnsupportedNamesIncluded() async throws {
        let r = try await runLocal("file", ["bogus": 1, "state": "file"])
        #expect(r.failed)
        let args = try #require(r.fields["invocation"]?["module_args"]?.dictValue)
        #expect(args["bogus"] == 1 && args["path"] == .null && args["state"] == "file" && args["follow"] == true)
    }

    @Test func aModuleResultSaysHowTheModuleWasInvoked() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("f", "a\n")
        let r = try await runLocal("stat", ["path": .string(dir.file("f")), "get_mime": "no"])
        #expect(r.fields["invocation"] == ["module_args": [
            "path": .string(dir.file("f")), "get_mime": false,
            "checksum_algorithm": "sha1", "follow": false, "get_attributes": true, "get_checksum": true,
        ]])
    }

    @Test func anActionThatRunsNoModuleReportsNoInvocation() async throws {
        let context = ModuleContext(hostName: "h", connection: LocalConnection(), templar: FakeTemplar())
        let r = try await ModuleRegistry.run("debug", arguments: ["msg": "hi"], in: context)
        #expect(r.fields["invocation"] == nil)
        let raw = try await ModuleRegistry.run("raw", arguments: ["_raw_params": "true"], in: context)
        #expect(raw.fields["invocation"] == nil)
    }

    @Test func copyReportsTheCopyModuleWhenItWritesAndTheFileModuleWhenItDoesNot() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let given: ValueDict = ["content": "hello", "dest": .string(dir.file("f")), "mode": "0600"]
        let written = try await runLocal("copy", given)
        let copyArgs = try #require(written.fields["invocation"]?["module_args"]?.dictValue)
        #expect(written.changed && copyArgs["content"] == .null && copyArgs["mode"] == "0600" && copyArgs["force"] == true)
        #expect(copyArgs["checksum"] == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d" && copyArgs["src"] == written.fields["src"])
        #expect(copyArgs["decrypt"] == nil)
        let again = try await runLocal("copy", given)
        let fileArgs = try #require(again.fields["invocation"]?["module_args"]?.dictValue)
        #expect(!again.changed && fileArgs["path"] == .string(dir.file("f")) && fileArgs["dest"] == .string(dir.file("f")))
        #expect(fileArgs["state"] == "file" && fileArgs["recurse"] == false && fileArgs["mode"] == "0600" && fileArgs["content"] == nil)
        // No module runs in check mode: like ansible-core's copy action, the task's arguments
        // stand for the invocation, at its top and as module_args, content masked.
        let checked = try await runLocal("copy", ["content": "other", "dest": .string(dir.file("f"))], checkMode: true)
        #expect(checked.changed && checked.fields["invocation"] == [
            "content": "CENSORED: content is a no_log parameter", "dest": .string(dir.file("f")),
            "module_args": ["content": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", "dest": .string(dir.file("f"))],
        ])
    }

    @Test func aModuleSettlesAnArgumentItsInvocationThenShows() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("d"), withIntermediateDirectories: false)
        let r = try await runLocal("file", ["path": .string(dir.file("d"))])
        #expect(r.fields["invocation"]?["module_args"]?["state"] == "directory")
        let missing = try await runLocal("file", ["path": .string(dir.file("nope"))])
        #expect(missing.failed && missing.fields["invocation"]?["module_args"]?["state"] == "file")
    }

    /// Like ansible-core 2.19's callbacks (`_dump_results`): below -vvv no `invocation`, from
    /// -vvv on the result indented by 4 with its keys sorted, module_args' too.
    @Test func callbacksShowTheInvocationFromTripleVerbose() {
        let result: Value = ["changed": false, "invocation": ["module_args": ["path": "/x", "follow": false]], "ping": "pong"]
        let event = HostResultEvent(host: "h", status: .ok, result: result)
        #expect(DefaultCallback.render(event, verbosity: 2) == #"ok: [h] => {"changed": false, "ping": "pong"}"#)
        #expect(DefaultCallback.render(event, verbosity: 3) == """
            ok: [h] => {
                "changed": false,
                "invocation": {
                    "module_args": {
                        "follow": false,
                        "path": "/x"
                    }
                },
                "ping": "pong"
            }
            """)
        #expect(!MinimalCallback.render(event, verbosity: 0).contains("invocation"))
        #expect(MinimalCallback.render(event, verbosity: 3).contains("module_args"))
        #expect(!OnelineCallback.render(event).contains("invocation"))
        #expect(OnelineCallback.render(event, verbosity: 3).contains("module_args"))
    }
}
