import Testing
@testable import Jinja

@Suite struct JinjaSmokeTests {
    func render(_ s: String, _ ctx: ValueDict = [:], trim: Bool = false) throws -> String {
        try JinjaTemplate(s, options: LexerOptions(trimBlocks: trim)).render(ctx)
    }

    @Test func rendersExpressionsAndStatements() throws {
        #expect(try render("a{{ 1 + 2 }}b") == "a3b")
        #expect(try render("{% for x in xs %}{{ loop.index }}:{{ x }}{% if not loop.last %},{% endif %}{% endfor %}", ["xs": ["a", "b"]]) == "1:a,2:b")
        #expect(try render("{{ 'a,b' .split(',') | join('-') }}") == "a-b")
        #expect(try render("{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}") == "3")
        #expect(try render("{{ [3,1,2] | sort | list }}") == "[1, 2, 3]")
        #expect(try render("{{ d.items() | list }}", ["d": ["a": 1]]) == "[['a', 1]]")
    }

    @Test func undefinedNameIsAnErrorWithLocation() throws {
        #expect(throws: TemplateError.self) { try render("x\n{{ nope }}") }
        do { _ = try render("x\n{{ nope }}") } catch let e as TemplateError {
            #expect(e.message == "'nope' is undefined")
            #expect(e.place?.line == 2)
        }
    }
}
