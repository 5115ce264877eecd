import Foundation
import SwansibleTestSupport
import Testing
@testable import Swansible

/// Generated template files, rendered by ansible-core's `template` module (a real
/// `ansible-playbook` run) and by Swansible's: the bytes written must be the same. The generator
/// mixes what hand-written corpora miss: statements that print nothing, lone expressions of
/// every type, whitespace control on every tag, blank lines and trailing newlines. The seed is
/// fixed; ansible-core's files are stored in `Answers/TemplateModuleFuzzTests.jsonl` by a digest
/// of each template (a change to the generator is a missing answer, not a pass).
@Suite struct TemplateModuleFuzzTests {
    static let variables: ValueDict = [
        "name": "world", "number": 42, "ratio": 2.5, "flag": true, "nothing": .null, "empty": "",
        "items": [1, "two", 3.5], "mapping": ["a": 1, "b": ["x"]], "text_nl": "line\n", "accented": "café",
    ]

    struct Generator {
        var random: SplitMix64

        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

        /// A tag's delimiters with or without whitespace control on either side.
        mutating func tag(_ open: String, _ body: String, _ close: String) -> String {
            let left = chance(30) ? "-" : (open == "{%" && chance(10) ? "+" : "")
            let right = chance(30) ? "-" : (close == "%}" && chance(10) ? "+" : "")
            return open + left + " " + body + " " + right + close
        }

        mutating func text() -> String {
            pick(["", "text", " ", "  ", "\n", "\n\n", "a\n", "  indented\n", "x ", "\t", "end\n  ", "é\n"])
        }

        mutating func expression() -> String {
            tag("{{", pick([
                "1", "-3", "2.50", "1e3", "'s'", "\"q\"", "true", "false", "none", "None", "[]", "[1, 'a']", "{}", "{'k': 'v'}",
                "(1, 2)", "name", "number", "ratio", "flag", "nothing", "empty", "items", "mapping", "text_nl", "accented",
                "10 / 4", "7 // 2", "'x' * 3", "number | string", "items | length", "missing | default('d')",
                "nothing is none", "mapping.b", "items[1]", "'a\\nb'", "'trailing\\n'", "''", "name ~ '!'", "range(3) | list",
                "mapping | dict2items", "lookup('vars', 'name')", "ratio | int", "number > 3", "items | join(',')",
            ]), "}}")
        }

        /// A statement that prints nothing by itself (its body may print).
        mutating func statement() -> String {
            switch Int.random(in: 0..<8, using: &random) {
            case 0: return tag("{%", "set v = \(pick(["1", "'s'", "items", "none"]))", "%}")
            case 1: return tag("{%", "if \(pick(["flag", "false", "nothing", "items"]))", "%}") + body() + tag("{%", "endif", "%}")
            case 2: return tag("{%", "if false", "%}") + body() + tag("{%", "else", "%}") + body() + tag("{%", "endif", "%}")
            case 3: return tag("{%", "for i in \(pick(["[]", "items", "range(2)"]))", "%}") + body() + tag("{%", "endfor", "%}")
            case 4: return tag("{#", pick(["a comment", "{{ not rendered }}"]), "#}")
            case 5: return "{% raw %}" + pick(["{{ raw }}", "", "\n"]) + "{% endraw %}"
            case 6: return tag("{%", "set block_var", "%}") + body() + tag("{%", "endset", "%}")
            default: return tag("{%", "for k, v in mapping.items()", "%}") + "{{ k }}=" + body() + tag("{%", "endfor", "%}")
            }
        }

        mutating func body() -> String {
            (0..<Int.random(in: 0...2, using: &random)).map { _ in chance(50) ? text() : expression() }.joined()
        }

        mutating func template() -> String {
            // One lone expression sometimes, as a whole template; else a mix.
            if chance(12) { return expression() + pick(["", "\n", "\n\n"]) }
            var pieces: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0: pieces.append(text())
                case 1: pieces.append(expression())
                default: pieces.append(statement())
                }
                if chance(35) { pieces.append("\n") }
            }
            return pieces.joined() + pick(["", "\n", "\n\n", " \n", "\n  "])
        }
    }

    static let templates: [String] = {
        var generator = Generator(random: SplitMix64(seed: 7))
        var seen = Set<String>(), templates: [String] = []
        while templates.count < 160 {
            let template = generator.template()
            if seen.insert(template).inserted { templates.append(template) }
        }
        return templates
    }()

    static let answerKeys: [AnswerKey] = templates.map { AnswerKey(key: InputDigest.of($0), summary: $0) }

    /// ansible-playbook renders every template with the template module in one run (local hosts);
    /// each answer is the file it wrote, or a failure when it wrote none.
    static let script = #"""
import json, os, subprocess, sys, tempfile
request = json.load(sys.stdin)
d = tempfile.mkdtemp(prefix='swansible-tplfuzz-')
for i, t in enumerate(request['templates']):
    with open(os.path.join(d, 't%d.j2' % i), 'w', encoding='utf-8', newline='') as f: f.write(t)
with open(os.path.join(d, 'vars.json'), 'w') as f: json.dump(request['vars'], f)
# Four local hosts share the templates, so that forks render four at a time.
with open(os.path.join(d, 'hosts'), 'w') as f: f.write(''.join('h%d ansible_connection=local\n' % h for h in range(4)))
with open(os.path.join(d, 'site.yml'), 'w') as f:
    f.write("- hosts: all\n  gather_facts: false\n  tasks:\n"
            "    - template: src=t{{ item }}.j2 dest=out/{{ item }}\n"
            "      loop: '{{ range(groups.all.index(inventory_hostname), %d, 4) | list }}'\n      ignore_errors: true\n"
            % len(request['templates']))
os.makedirs(os.path.join(d, 'out'))
cfg = os.path.join(d, 'ansible.cfg'); open(cfg, 'w').close()
env = dict(os.environ, ANSIBLE_CONFIG=cfg, ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING='0',
           ANSIBLE_NOCOLOR='1', ANSIBLE_DEPRECATION_WARNINGS='0', ANSIBLE_RETRY_FILES_ENABLED='0')
exe = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
subprocess.run([exe, '-i', 'hosts', '-f', '4', '-e', '@vars.json', 'site.yml'], cwd=d, env=env,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for i in range(len(request['templates'])):
    p = os.path.join(d, 'out', str(i))
    if os.path.exists(p):
        with open(p, encoding='utf-8', newline='') as f: print(json.dumps({'ok': f.read()}))
    else:
        print(json.dumps({'err': 'failed', 'msg': 'no file written'}))
"""#

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/TemplateModuleFuzzTests.jsonl", cases: answerKeys) {
        let request: Value = ["templates": .list(templates.map(Value.string)), "vars": .dict(variables)]
        let lines = try Oracle.run(script: script, input: request.jsonText()).split(separator: "\n")
        guard lines.count == templates.count else { throw OracleError(message: "\(lines.count) answers for \(templates.count) templates") }
        return Dictionary(uniqueKeysWithValues: try zip(answerKeys.map(\.key), lines).map { ($0, try Value(jsonText: String($1))) })
    }

    /// What Swansible's template module writes for `source`.
    static func ours(_ source: String) -> CaseOutcome {
        let templar = AnsibleTemplar(variables: StaticTemplateVariables(variables), options: TemplarOptions())
        do {
            let path = "/fuzz/t.j2"
            return .output(try templar.renderFile(source, path: path,
                                                  extraVariables: TemplateFileModule.templateVariables(path: path, dest: "/fuzz/out")))
        } catch {
            return .failure("\(error)")
        }
    }

    @Test func generatedTemplatesWriteWhatAnsibleCoreWrites() {
        var compared = 0
        for (key, template) in zip(Self.answerKeys.map(\.key), Self.templates) {
            guard let answer = Self.answers.answer(for: key) else { continue }
            compared += 1
            let theirs = CaseOutcome(answer: answer), mine = Self.ours(template)
            #expect(mine.agrees(with: theirs), "template: \(template.debugDescription)\n  ansible-core: \(theirs)\n  swansible:    \(mine)")
        }
        Self.answers.printTally(compared, of: Self.answerKeys.count)
    }
}
