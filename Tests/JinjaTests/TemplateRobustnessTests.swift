import Foundation
import Testing
@testable import Jinja

/// Bad input must give a located error, never a crash or a hang.
@Suite struct TemplateRobustnessTests {
    func render(_ s: String, _ ctx: ValueDict = [:]) throws -> String {
        try JinjaTemplate(s, options: LexerOptions(trimBlocks: true)).render(ctx)
    }

    @Test func deepExpressionNestingIsAnError() {
        let deep = "{{ " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + " }}"
        #expect(throws: TemplateError.self) { try render(deep) }
        let lists = "{{ " + String(repeating: "[", count: 5000) + " }}"
        #expect(throws: TemplateError.self) { try render(lists) }
        let negations = "{{ " + String(repeating: "not ", count: 5000) + "x }}"
        #expect(throws: TemplateError.self) { try render(negations, ["x": true]) }
    }

    @Test func longOperatorAndFilterChainsAreBounded() throws {
        #expect(try render("{{ 1" + String(repeating: " + 1", count: 300) + " }}") == "301")
        #expect(try render("{{ 'a'" + String(repeating: " | upper", count: 300) + " }}") == "A")
        #expect(throws: TemplateError.self) { try render("{{ 1" + String(repeating: " + 1", count: 20000) + " }}") }
        #expect(throws: TemplateError.self) { try render("{{ x" + String(repeating: ".a", count: 20000) + " }}", ["x": 1]) }
    }

    @Test func deepStatementNestingIsAnError() {
        let deep = String(repeating: "{% if true %}", count: 3000) + "x" + String(repeating: "{% endif %}", count: 3000)
        #expect(throws: TemplateError.self) { try render(deep) }
    }

    @Test func moderateNestingStillWorks() throws {
        let nested = "{{ " + String(repeating: "(", count: 30) + "1" + String(repeating: ")", count: 30) + " }}"
        #expect(try render(nested) == "1")
        let ifs = String(repeating: "{% if true %}", count: 30) + "x" + String(repeating: "{% endif %}", count: 30)
        #expect(try render(ifs) == "x")
    }

    @Test func runawayMacroRecursionStops() {
        #expect(throws: TemplateError.self) { try render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}") }
    }

    @Test func hugeRangesAndRepetitionsAreRefused() {
        #expect(throws: TemplateError.self) { try render("{{ range(100000000) | length }}") }
        #expect(throws: TemplateError.self) { try render("{{ 'x' * 100000000 }}") }
        #expect(throws: TemplateError.self) { try render("{{ 2 ** 100000 }}") }
    }

    @Test func unclosedConstructsNameWhatIsOpen() {
        do {
            _ = try render("{% for x in y %}\n{% if x %}\nbody")
            Issue.record("expected a syntax error")
        } catch let e as TemplateError {
            #expect(e.kind == .syntax)
            #expect(e.message.contains("'endif'"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func errorsCarryLineColumnAndSnippet() {
        do {
            _ = try render("line one\nline {{ 1 + }} two")
            Issue.record("expected a syntax error")
        } catch let e as TemplateError {
            #expect(e.place?.line == 2)
            #expect(e.sourceLine == "line {{ 1 + }} two")
            #expect(e.description.contains("^"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// Every prefix of real templates must either render or throw a TemplateError.
    @Test func truncatedTemplatesNeverCrash() {
        let samples = [
            "{% for k, v in d | dictsort %}{{ k }}={{ v | default('x', true) }}{% if not loop.last %},{% endif %}{% endfor %}",
            "{% macro m(a, b=2) %}{{ a ~ b }}{% endmacro %}{% call m(1) %}inner{% endcall %}{# c #}{% raw %}{{x}}{% endraw %}",
            "{{ 'a\\'b' ~ \"c\" | upper if x is defined else [1, {'k': (1, 2)}][0] }}{%- set ns = namespace(v=1) -%}",
        ]
        for sample in samples {
            let chars = Array(sample)
            for n in 0...chars.count {
                let text = String(chars[0..<n])
                do { _ = try render(text, ["d": ["a": 1], "x": 1]) } catch is TemplateError {} catch {
                    Issue.record("non-template error for \(text.debugDescription): \(error)")
                }
            }
        }
    }
}
