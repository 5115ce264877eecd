import Testing
@testable import Jinja

/// Templates that would build huge values (Python raises MemoryError after exhausting the
/// machine) fail at once with a located `limit` error, and normal sizes are unaffected.
@Suite struct TemplateSizeLimitTests {
    func render(_ s: String, _ ctx: ValueDict = [:]) throws -> String {
        try JinjaTemplate(s, name: "bomb.j2", options: LexerOptions()).render(ctx)
    }

    /// The limit error of rendering `template`, or a recorded issue when there is none.
    func limitError(_ template: String, _ ctx: ValueDict = [:]) -> TemplateError? {
        do {
            _ = try render(template, ctx)
            Issue.record("rendered without an error: \(template)")
        } catch let e as TemplateError {
            #expect(e.kind == .limit, "\(e)")
            return e
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    @Test func stringRepetitionBeyondTheLimitFailsBeforeAllocating() {
        let e = limitError("line one\n  {{ 'x' * 10**10 }}")
        #expect(e?.message.contains("10000000000 bytes") == true)
        #expect(e?.place?.file == "bomb.j2")
        #expect(e?.place?.line == 2)
        #expect(e?.place?.column == 6)
        _ = limitError("{{ 'ab' * 4611686018427387904 }}")
        _ = limitError("{{ 10**10 * 'x' }}")
    }

    @Test func listRepetitionBeyondTheLimitFails() {
        let e = limitError("{{ [0] * 10**9 }}")
        #expect(e?.message.contains("1000000000 items") == true)
        _ = limitError("{{ [0, 1] * 10**18 }}")
        _ = limitError("{{ big + big }}", ["big": .list(Array(repeating: 0, count: 6_000_000))])
    }

    @Test func doublingInALoopStopsAtTheLimit() {
        let e = limitError("{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}")
        #expect(e?.place?.line == 1)
        _ = limitError("{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}")
    }

    @Test func outputGrownByALoopStopsAtTheLimit() {
        _ = limitError("{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}")
    }

    @Test func filtersThatWouldBuildHugeStringsFailBeforeBuilding() {
        let long = String(repeating: "y", count: 1000)
        _ = limitError("{{ ('x' * 1000000) | replace('x', '\(long)') }}")
        _ = limitError("{{ ('x' * 1000000).replace('x', '\(long)') }}")
        _ = limitError("{{ ('x\n' * 100000) | indent(1000) }}")
        _ = limitError("{{ range(100000) | join('\(long)') }}")
    }

    @Test func filtersThatBuildHugeStringsFail() {
        _ = limitError("{{ ('x' * 1000000) | replace('x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx') }}")
    }

    @Test func sharedValuesTooLargeToPrintFail() throws {
        // nine levels of nine shared references: tiny in memory, 387 million items printed
        var bomb: Value = .list(Array(repeating: "lol", count: 9))
        for _ in 0..<8 { bomb = .list(Array(repeating: bomb, count: 9)) }
        #expect(try render("{{ bomb | length }}", ["bomb": bomb]) == "9")
        #expect(try render("{{ bomb[0][0][0][0][0][0][0][0] }}", ["bomb": bomb]) == "['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']")
        _ = limitError("{{ bomb }}", ["bomb": bomb])
        _ = limitError("{{ bomb | tojson }}", ["bomb": bomb])
        _ = limitError("{{ bomb | pprint }}", ["bomb": bomb])
    }

    @Test func sizesBelowTheLimitsRenderAsBefore() throws {
        #expect(try render("{{ ('x' * 20000000) | length }}") == "20000000")
        #expect(try render("{{ ([0] * 2000000) | length }}") == "2000000")
        #expect(try render("{{ 'ab' * 3 }}|{{ 'ab' * 0 }}|{{ [1] * -2 }}|{{ 3 * 'c' }}") == "ababab||[]|ccc")
        // found by swansible-fuzz jinja (seed 22): 10**18 empty lists were made before joining them
        #expect(try render("{{ [] * 10**18 }}|{{ '' * 10**18 }}|{{ 10**18 * [] }}") == "[]||[]")
    }
}

extension TemplateSizeLimitTests {
    @Test func operationsThatPrintASharedValueInFullFail() {
        var bomb: Value = .list(Array(repeating: "lol", count: 9))
        for _ in 0..<8 { bomb = .list(Array(repeating: bomb, count: 9)) }
        _ = limitError("{{ '%s' % bomb }}", ["bomb": bomb])
        _ = limitError("{{ '{}'.format(bomb) }}", ["bomb": bomb])
        _ = limitError("{{ bomb | join(',') }}", ["bomb": bomb])
        _ = limitError("{{ bomb ~ '' }}", ["bomb": bomb])
    }

    @Test func operationsThatLookAtTheTopOfASharedValueWork() throws {
        var bomb: Value = .list(Array(repeating: "lol", count: 9))
        for _ in 0..<8 { bomb = .list(Array(repeating: bomb, count: 9)) }
        #expect(try render("{{ bomb == bomb }}", ["bomb": bomb]) == "True")
        #expect(try render("{{ (bomb | default([])) | length }}", ["bomb": bomb]) == "9")
        #expect(try render("{{ bomb | first | length }}", ["bomb": bomb]) == "9")
        #expect(try render("{{ bomb is sequence }}", ["bomb": bomb]) == "True")
    }
}
