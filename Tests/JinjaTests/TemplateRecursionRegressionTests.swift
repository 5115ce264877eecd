import Testing
@testable import Jinja

/// Recursion the fuzzer found: errors, not stack overflows.
@Suite struct TemplateRecursionRegressionTests {
    @Test func aBlockThatCallsItselfIsARecursionError() {
        // found by swansible-fuzz jinja (seed 7): a stack overflow
        let template = "{% block x %}one}} endblock %}{{ self.x() }}{% endblock %}{{ self.x() }}"
        do {
            _ = try JinjaTemplate(template).render([:])
            Issue.record("rendered")
        } catch let e as TemplateError {
            #expect(e.kind == .recursion, "\(e)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
