import Foundation
import Testing
@testable import Swansible
import SwansibleYAML

/// YAML error reports against ansible-core's (`DataLoader.load_from_file`): the message, the
/// `Origin:` and the annotated source lines (the help examples are our own words).
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
d = tempfile.mkdtemp(prefix='swansible-yamlerr-')
for i, text in enumerate(json.load(sys.stdin)):
    path = os.path.join(d, 'doc%d.yml' % i)
    with open(path, 'w') as f: f.write(text)
    try:
        DataLoader().load_from_file(path)
        out.append({'path': path, 'message': None, 'context': None})
    except Exception as e:
        out.append({'path': path, 'message': getattr(e, 'message', str(e)), 'context': getattr(e, '_formatted_source_context', None)})
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

    @Test(.enabled(if: Oracle.isAvailable, "no oracle python"))
    func errorReportsMatchAnsible() throws {
        let output = try Oracle.run(script: Self.script, input: Value.list(Self.documents.map(Value.string)).jsonText())
        let reports = try JSONDecoder().decode([Report].self, from: Data(output.utf8))
        for (doc, report) in zip(Self.documents, reports) {
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
        if let first = reports.first { try? FileManager.default.removeItem(atPath: (first.path as NSString).deletingLastPathComponent) }
    }
}
