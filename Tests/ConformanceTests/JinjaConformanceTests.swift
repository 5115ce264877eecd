import Foundation
import Testing
@testable import Swansible
import Jinja

/// Differential tests of the Jinja core against Jinja2 3.1 (trim_blocks=True, StrictUndefined,
/// loopcontrols, do), over `TemplateCorpus/jinja-*.jsonl`, compared byte for byte.
@Suite struct JinjaConformanceTests {
    static let cases = TemplateCorpus.cases(prefix: "jinja-")

    static let script = #"""
import json, sys
import jinja2
for line in sys.stdin:
    case = json.loads(line)
    o = {"trim_blocks": True, "lstrip_blocks": False, "keep_trailing_newline": False}
    o.update(case.get("o", {}))
    templates = o.pop("templates", None)
    loader = jinja2.DictLoader(templates) if templates else None
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"], loader=loader, **o)
    try:
        out = {"ok": env.from_string(case["t"]).render(**case["v"])}
    except Exception as e:
        out = {"err": type(e).__name__, "msg": str(e)}
    print(json.dumps(out), flush=True)
"""#

    /// Jinja2's answers, stored in `TemplateCorpus/jinja-*.answers.jsonl`.
    static let answers = TemplateCorpus.answers(to: cases, script: script)

    static func ours(_ c: TemplateCase) -> CaseOutcome {
        let options = LexerOptions(trimBlocks: c.options["trim_blocks"]?.isTruthy ?? true,
                                   lstripBlocks: c.options["lstrip_blocks"]?.isTruthy ?? false,
                                   keepTrailingNewline: c.options["keep_trailing_newline"]?.isTruthy ?? false)
        do {
            var templates: [String: String] = [:]
            for (k, v) in c.options["templates"]?.dictValue ?? [:] { templates[k] = v.stringValue }
            return .output(try JinjaTemplate(c.template, options: options, templates: templates).render(c.variables))
        } catch {
            return .failure("\(error)")
        }
    }

    @Test func corpusHasEnoughCases() {
        #expect(Self.cases.count >= 200)
    }

    @Test(arguments: cases)
    func matchesJinja2(_ c: TemplateCase) {
        guard let theirs = Self.answers.outcome(c) else { return }
        let mine = Self.ours(c)
        #expect(mine.agrees(with: theirs), "\(c.id) template: \(c.template.debugDescription)\n  jinja2:    \(theirs)\n  swansible: \(mine)")
    }
}
