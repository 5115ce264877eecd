import Foundation
import Testing
@testable import Swansible
import SwansibleYAML

/// YAML error reports against ansible-core's (`DataLoader.load_from_file`): the message, the
/// `Origin:` and the annotated source lines (the help examples are our own words). ansible-core's
/// reports are stored in `Answers/YAMLErrorConformanceTests.jsonl`, keyed by the document; each
/// document is read from `{dir}/case.yml`, which is what the reports name.
@Suite struct YAMLErrorConformanceTests {
    static let documents: [String] = [
        "a: b: c\n",
        "- debug:\n    msg: {{ x }}\n",
        "- debug:\n    msg: {{ x }} and more\n",
        "a:\n\tb: 1\n",
        "- when: \"web\" in groups\n",
        "- when: \"a\" in \"abc\"\n",
        "x: [1, 2\ny: 3\n",
        "a: !foo x\n",
        "a: 1\n- b\n",
        "a: *nope\n",
        "- hosts: all\n  tasks:\n    - name: one\n      shell: echo hi\n     - name: two\n",
        "a: 'unterminated\n",
        "{[1]: 2}\n",
        "a: &x 1\nb: &x 2\n",
        "- one\n---\n- two\n",
        "key: value\n  bad: indent\n",
        "a: {b: 1, c\n",
        "a: !vault 12\n",
        "a: |\n  text\n b: 1\n",
        "key: " + String(repeating: "x", count: 150) + ": y\n",
        "key: " + String(repeating: "x", count: 100) + ": y\n",
        "- name: ok\n  shell: " + String(repeating: "é", count: 130) + " [1, 2\n",
        "\n\n\n\n\n\n\n\n\n\n- a: [1\n",
    ]

    static let script = #"""
import json, os, sys, tempfile
from ansible.parsing.dataloader import DataLoader
out = []
for text in json.load(sys.stdin):
    d = tempfile.mkdtemp(prefix='swansible-yamlerr-')
    path = os.path.join(d, 'case.yml')
    with open(path, 'w') as f: f.write(text)
    def portable(s): return None if s is None else s.replace(d, '{dir}')
    try:
        DataLoader().load_from_file(path)
        out.append({'path': portable(path), 'message': None, 'context': None})
    except Exception as e:
        out.append({'path': portable(path), 'message': portable(getattr(e, 'message', str(e))), 'context': portable(getattr(e, '_formatted_source_context', None))})
    os.remove(path)
    os.rmdir(d)
print(json.dumps(out))
"""#

    /// Where we say more than ansible-core on purpose (the alias and anchor names, the first
    /// anchor's place): ours → ansible's wording.
    static let deliberateDifferences: [String: String] = [
        "YAML parsing failed: Found undefined alias 'nope'.": "YAML parsing failed: Found undefined alias.",
        "YAML parsing failed: Found duplicate anchor 'x'; first occurrence at line 1, column 4, second occurrence.":
            "YAML parsing failed: Found duplicate anchor; first occurrence second occurrence.",
    ]

    struct Report: Decodable { var path: String; var message: String?; var context: String? }

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/YAMLErrorConformanceTests.jsonl",
                                       cases: documents.map { AnswerKey(key: $0) }) {
        let output = try Oracle.run(script: script, input: Value.list(documents.map(Value.string)).jsonText())
        guard case .list(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(zip(documents, results), uniquingKeysWith: { a, _ in a })
    }

    @Test func errorReportsMatchAnsible() throws {
        var compared = 0
        for doc in Self.documents {
            guard let answer = Self.answers.answer(for: doc) else { continue }
            let report = try JSONDecoder().decode(Report.self, from: Data(answer.jsonText().utf8))
            compared += 1
            var ours: (message: String, context: String)?
            do {
                _ = try YAMLLoader.loadNode(doc, file: report.path)
            } catch let error as YAMLError {
                var context = "Origin: \(error.location)"
                if let snippet = error.snippet { context += "\n\n" + snippet.description }
                let message = "YAML parsing failed: " + error.message
                ours = (Self.deliberateDifferences[message] ?? message, context)
            }
            #expect(ours?.message == report.message, "document \(String(reflecting: doc))\n  ansible: \(report.message ?? "no error")\n  ours:    \(ours?.message ?? "no error")")
            if let context = report.context {
                #expect(ours?.context == context, "document \(String(reflecting: doc))\n  ansible:\n\(context)\n  ours:\n\(ours?.context ?? "-")")
            }
        }
        Self.answers.printTally(compared, of: Self.documents.count)
    }
}
