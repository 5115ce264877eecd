import Foundation
import Testing
@testable import Swansible
import Jinja

/// Differential tests of the Jinja core against Jinja2 3.1 (trim_blocks=True, StrictUndefined,
/// loopcontrols, do), over `TemplateCorpus/jinja-*.jsonl`, compared byte for byte. When Jinja2
/// refuses the template (`TemplateSyntaxError`, `TemplateAssertionError`) the messages must be
/// equal too, unless the case names why they differ (`o.message_differs`).
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
    mode = o.pop("mode", "template")
    o.pop("message_differs", None)
    loader = jinja2.DictLoader(templates) if templates else None
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"], loader=loader, **o)
    try:
        if mode == "expression":
            out = {"ok": str(env.compile_expression(case["t"])(**case["v"]))}
        else:
            out = {"ok": env.from_string(case["t"]).render(**case["v"])}
    except Exception as e:
        out = {"err": type(e).__name__, "msg": str(e)}
    print(json.dumps(out), flush=True)
"""#

    /// Jinja2's answers, stored in `TemplateCorpus/jinja-*.answers.jsonl`.
    static let answers = TemplateCorpus.answers(to: cases, script: script)

    /// Our outcome, and the message of our error when we fail.
    static func ours(_ c: TemplateCase) -> (outcome: CaseOutcome, message: String?) {
        let options = LexerOptions(trimBlocks: c.options["trim_blocks"]?.isTruthy ?? true,
                                   lstripBlocks: c.options["lstrip_blocks"]?.isTruthy ?? false,
                                   keepTrailingNewline: c.options["keep_trailing_newline"]?.isTruthy ?? false)
        do {
            if c.options["mode"]?.stringValue == "expression" {
                return (.output(try JinjaTemplate.evaluateExpression(c.template, context: c.variables)), nil)
            }
            var templates: [String: String] = [:]
            for (k, v) in c.options["templates"]?.dictValue ?? [:] { templates[k] = v.stringValue }
            return (.output(try JinjaTemplate(c.template, options: options, templates: templates).render(c.variables)), nil)
        } catch let error as TemplateError {
            return (.failure("\(error)"), error.message)
        } catch {
            return (.failure("\(error)"), nil)
        }
    }

    /// Jinja2's message when it refused the template at compile time (the errors ansible-core
    /// shows verbatim as "Syntax error in template"), unless the case opts out.
    static func compileMessage(_ c: TemplateCase) -> String? {
        guard c.options["message_differs"] == nil, let answer = answers[c.file]?.answer(for: c.key),
              let err = answer["err"]?.stringValue, ["TemplateSyntaxError", "TemplateAssertionError"].contains(err) else { return nil }
        return answer["msg"]?.stringValue
    }

    @Test func corpusHasEnoughCases() {
        #expect(Self.cases.count >= 200)
    }

    @Test func messageExceptionsSayWhy() {
        for c in Self.cases where c.options["message_differs"] != nil {
            #expect((c.options["message_differs"]?.stringValue ?? "").count > 10, "\(c.id): message_differs needs a reason")
        }
    }

    @Test(arguments: cases)
    func matchesJinja2(_ c: TemplateCase) {
        guard let theirs = Self.answers.outcome(c) else { return }
        let mine = Self.ours(c)
        #expect(mine.outcome.agrees(with: theirs), "\(c.id) template: \(c.template.debugDescription)\n  jinja2:    \(theirs)\n  swansible: \(mine.outcome)")
        if let expected = Self.compileMessage(c), case .failure = mine.outcome {
            #expect(mine.message == expected, "\(c.id) template: \(c.template.debugDescription)\n  jinja2:    \(expected)\n  swansible: \(mine.message ?? "(no template error)")")
        }
    }
}
