import Foundation
import Testing
@testable import Swansible

/// Coarse guards against pathological slowness (not benchmarks): generous bounds.
@Suite struct TemplatePerformanceTests {
    @Test func manySmallTemplatingCallsAreFast() throws {
        var vars: ValueDict = ["base": "/opt/{{ app }}", "app": "web", "ports": .list((0..<50).map { .int(8000 + $0) })]
        for i in 0..<500 { vars["var\(i)"] = .string("value \(i)") }
        let templar = AnsibleTemplar(variables: StaticTemplateVariables(vars))
        let start = Date()
        for _ in 0..<2000 {
            _ = try templar.template("{{ base }}/conf/{{ ports | map('string') | join(',') }}")
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 10, "2000 templating calls took \(elapsed)s")
    }

    @Test func bigLoopRendersInLinearTime() throws {
        let items: [Value] = (0..<20000).map { .dict(["name": .string("item\($0)"), "n": .int($0)]) }
        let t = try JinjaTemplate("{% for i in items %}{{ i.name }}={{ i.n * 2 }}{% if not loop.last %},{% endif %}{% endfor %}")
        let start = Date()
        let out = try t.render(["items": .list(items)])
        let elapsed = Date().timeIntervalSince(start)
        #expect(out.hasPrefix("item0=0,item1=2"))
        #expect(elapsed < 10, "20000-item loop took \(elapsed)s")
    }
}
