import Foundation
import Testing
@testable import Swansible

@Suite struct ControllerActionTests {
    @Test func debugMsgAndVarShapes() async throws {
        let templar = FakeTemplar(variables: ["inventory_hostname": "h1", "ports": [80, 443]])
        let msg = try await runLocal("debug", ["msg": "hi"], templar: templar)
        #expect(msg.registered == ["changed": false, "msg": "hi"])
        let plain = try await runLocal("debug", [:], templar: templar)
        #expect(plain.fields["msg"] == "Hello world!")
        let v = try await runLocal("debug", ["var": "ports"], templar: templar)
        #expect(v.registered == ["changed": false, "ports": [80, 443]])
        // ansible-core 2.19: the error in place of the value, and a warning about it.
        let real = AnsibleTemplar(variables: StaticTemplateVariables(["d": ["a": 1]]))
        let undefined = try await runLocal("debug", ["var": "nope"], templar: real)
        #expect(undefined.fields["nope"] == "<< error 1 - 'nope' is undefined >>")
        #expect(undefined.fields["warnings"] == ["Encountered 1 template error.\nerror 1 - 'nope' is undefined"])
        let missing = try await runLocal("debug", ["var": "d.b"], templar: real)
        #expect(missing.fields["d.b"] == "<< error 1 - object of type 'dict' has no attribute 'b' >>")
        let both = try await runLocal("debug", ["var": "x", "msg": "y"], templar: templar)
        // ansible-core 2.19's wording (its debug action validates a spec with msg|var exclusive).
        #expect(both.failed && both.message == "parameters are mutually exclusive: msg|var")
    }

    @Test func debugVerbosityAboveCurrentIsSkipped() async throws {
        let quiet = try await runLocal("debug", ["msg": "x", "verbosity": 2], templar: FakeTemplar(variables: ["ansible_verbosity": 0]))
        #expect(quiet.skipped)
        let loud = try await runLocal("debug", ["msg": "x", "verbosity": "2"], templar: FakeTemplar(variables: ["ansible_verbosity": 3]))
        #expect(!loud.skipped)
    }

    @Test func debugRejectsUnknownArgumentsWithItsOwnName() async throws {
        let r = try await runLocal("debug", ["foo": 1])
        #expect(r.message == "Unsupported parameters for (debug) module: foo. Supported parameters include: msg, var, verbosity.")
    }

    @Test func assertPassesAndFailsLikeAnsible() async throws {
        let templar = FakeTemplar(conditions: ["a": true, "b": false])
        let ok = try await runLocal("assert", ["that": ["a"]], templar: templar)
        #expect(ok.registered == ["changed": false, "msg": "All assertions passed"])
        let bad = try await runLocal("assert", ["that": ["a", "b"]], templar: templar)
        #expect(bad.registered == ["changed": false, "assertion": "b", "evaluated_to": false, "msg": "Assertion failed", "failed": true])
        let custom = try await runLocal("assert", ["that": "b", "msg": "nope"], templar: templar)
        #expect(custom.message == "nope")
        let success = try await runLocal("assert", ["that": "a", "success_msg": "fine"], templar: templar)
        #expect(success.message == "fine")
        let missing = try await runLocal("assert", [:], templar: templar)
        #expect(missing.message == "missing required arguments: that")
    }

    @Test func setFactReturnsVariablesAndFactsWhenCacheable() async throws {
        let r = try await runLocal("set_fact", ["x": "1", "y": ["a"]])
        #expect(r.hostVariables == ["x": "1", "y": ["a"]])
        #expect(r.facts.isEmpty)
        #expect(r.registered == ["changed": false, "ansible_facts": ["x": "1", "y": ["a"]]])
        let cached = try await runLocal("set_fact", ["z": true, "cacheable": "yes"])
        #expect(cached.facts == ["z": true])
        #expect(cached.hostVariables == ["z": true])
        let bad = try await runLocal("set_fact", ["1x": 1])
        #expect(bad.failed)
    }

    @Test func failUsesDefaultMessage() async throws {
        let r = try await runLocal("fail", [:])
        #expect(r.failed && r.message == "Failed as requested from task")
        let custom = try await runLocal("fail", ["msg": "stop"])
        #expect(custom.message == "stop")
    }

    @Test func pingAnswersPong() async throws {
        let r = try await runLocal("ping", [:])
        #expect(r.reported.registered == ["changed": false, "ping": "pong"])
    }

    @Test func metaAcceptsKnownActionsOnly() async throws {
        #expect(!(try await runLocal("meta", ["_raw_params": "flush_handlers"])).failed)
        let bad = try await runLocal("meta", ["_raw_params": "flush"])
        #expect(bad.failed)
        #expect(bad.message?.hasPrefix("value of _raw_params must be one of: clear_facts") == true)
    }

    @Test func pauseWaitsTheGivenSeconds() async throws {
        let start = Date()
        let r = try await runLocal("pause", ["seconds": "1"])
        #expect(Date().timeIntervalSince(start) >= 1)
        #expect(r.fields["stdout"] == "Paused for 1 seconds")
    }

    @Test func includeVarsAsksTheTemplarToParseTheFile() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("vars"), withIntermediateDirectories: true)
        try dir.write("vars/main.yml", "a: 1\n")
        let expression = "lookup('file', '\(dir.file("vars/main.yml"))') | from_yaml"
        let templar = FakeTemplar(variables: [expression: ["a": 1]])
        let r = try await runLocal("include_vars", ["_raw_params": "main.yml"], templar: templar, searchPaths: [dir.path])
        #expect(r.includedVariables == ["a": 1] && r.hostVariables.isEmpty, "\(r.registered)")
        let named = try await runLocal("include_vars", ["file": "main.yml", "name": "cfg"], templar: templar, searchPaths: [dir.path])
        #expect(named.includedVariables == ["cfg": ["a": 1]])
    }
}
