import Foundation
import Testing
@testable import Swansible
import Jinja
import SwansibleYAML

/// Variables built from nested YAML aliases ("billion laughs"): using a part of one is as cheap
/// as with any variable, templating keeps the shared parts shared, and a use that would expand
/// all of it (printing, JSON, `flatten`) is a `limit` error instead of minutes and gigabytes.
@Suite struct SharedValueTemplatingTests {
    /// Ten levels of nine aliases; `leaf` is what the bottom list holds.
    static func bombVariables(leaf: String = "lol") throws -> ValueDict {
        var text = "l0: &l0 [\(Array(repeating: leaf, count: 9).joined(separator: ", "))]\n"
        for level in 1..<10 {
            text += "l\(level): &l\(level) [\(Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", "))]\n"
        }
        return try #require(try YAMLLoader.loadValue(text, file: "bomb.yml").dictValue)
    }

    func withinSeconds<T>(_ seconds: Double, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        let result = try body()
        #expect(Date().timeIntervalSince(start) < seconds, "took \(Date().timeIntervalSince(start)) s")
        return result
    }

    func expectLimitError(_ body: () throws -> Value) {
        do {
            _ = try withinSeconds(30, body)
            Issue.record("expected a limit error")
        } catch let e as TemplateError {
            #expect(e.kind == .limit, "\(e)")
            #expect(e.message.contains("too large"), "\(e)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func usingPartsOfASharedVariableIsCheap() throws {
        let t = AnsibleTemplar(variables: StaticTemplateVariables(try Self.bombVariables()))
        #expect(try withinSeconds(5) { try t.template("{{ l9 | length }}") } == 9)
        #expect(try withinSeconds(5) { try t.template("{{ l9[8][8][8][8][8][8][8][8][8][0] }}") } == "lol")
        #expect(try withinSeconds(5) { try t.evaluateCondition("l9 is defined and l9 | length == 9") })
        // the lone expression passes the shared value on as it is
        #expect(try withinSeconds(5) { try t.template("{{ l3 }}") }.expandedCount(exceeds: 8000) == false)
    }

    @Test func expandingASharedVariableIsALimitError() throws {
        let t = AnsibleTemplar(variables: StaticTemplateVariables(try Self.bombVariables()))
        expectLimitError { try t.template("{{ l9 }}") }
        expectLimitError { try t.evaluate("l9") }
        expectLimitError { try t.template("value: {{ l9 }}") }
        expectLimitError { try t.template("{{ l9 | to_json }}") }
        expectLimitError { try t.template("{{ l9 | to_nice_yaml }}") }
        expectLimitError { try t.template("{{ l9 | flatten | length }}") }
    }

    @Test func templatesInsideASharedVariableAreRenderedOncePerSharedPart() throws {
        var variables = try Self.bombVariables(leaf: "'{{ word }}'")
        variables["word"] = "hi"
        let t = AnsibleTemplar(variables: StaticTemplateVariables(variables))
        #expect(try withinSeconds(5) { try t.template("{{ l9[3][1][4][1][5][0][2][6][5][3] }}") } == "hi")
        #expect(try withinSeconds(5) { try t.template("{{ l9 | length }}") } == 9)
        // templating the whole raw value (as a task's arguments are) keeps it shared
        let raw = try #require(variables["l5"])
        let templated = try withinSeconds(5) { try t.template(raw) }
        var item: Value? = templated
        for _ in 0..<6 { item = item?.listValue?.last }
        #expect(item == "hi")
    }
}

extension SharedValueTemplatingTests {
    @Test func aHugeCommentRepeatCountIsALimitError() throws {
        let t = AnsibleTemplar(variables: StaticTemplateVariables([:]))
        expectLimitError { try t.template("{{ 'x' | comment(prefix_count=100000000000) }}") }
        #expect(try t.template("{{ 'x' | comment(prefix_count=2) }}") == "#\n#\n# x\n#")
    }
}

extension SharedValueTemplatingTests {
    /// Found by swansible-fuzz jinja (seed 31): `random` on an integer built the whole range first.
    @Test func randomOfAHugeIntegerDrawsOneValue() throws {
        let t = AnsibleTemplar(variables: StaticTemplateVariables([:]))
        let pick = try withinSeconds(5) { try t.template("{{ 4611686018427387904 | random }}") }
        #expect((pick.intValue ?? -1) >= 0 && (pick.intValue ?? Int.max) < 4611686018427387904)
        #expect(try t.template("{{ 10 | random(start=5, step=5) }}") == 5)
    }
}
