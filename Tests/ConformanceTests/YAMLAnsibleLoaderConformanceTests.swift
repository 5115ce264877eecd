import Foundation
import Testing
@testable import Swansible
import SwansibleYAML

/// Ansible's own tags (`!unsafe`, `!vault`) and merge/duplicate handling, against ansible-core's
/// `AnsibleLoader` (strings it does not trust, i.e. `!unsafe` ones, come back marked).
@Suite struct YAMLAnsibleLoaderConformanceTests {
    static let documents: [String] = [
        "a: !unsafe '{{ x }}'\nb: x\nc: !unsafe 12\nd: !unsafe {k: v, n: [a, 1]}\n",
        "e: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3031\nf: !vault-encrypted |\n  $ANSIBLE_VAULT;1.1;AES256\n  3032\n",
        "a: !unsafe yes\nb: !unsafe '12'\nk: !unsafe\nl: !unsafe [yes, '{{ y }}', 0600]\n",
        "base: &b {x: '{{ a }}', y: 2}\nm:\n  <<: *b\n  y: 3\n  z: !unsafe '{% raw %}'\n",
        "a: 1\na: 2\nb: {c: 1, c: 2}\n",
        "- hosts: all\n  vars:\n    secret: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      6162\n    msg: !unsafe 'literal {{ braces }}'\n",
        "!unsafe [a, b]\n",
        "x: !unsafe\n  - !unsafe 'n'\n  - {k: !unsafe '1.5'}\n",
        "a: &a ['{{ x }}', y]\nb: &b !unsafe [*a, *a]\nc: [*a, *b]\nd: !unsafe {k: *b, l: *a}\n",
    ]

    static let script = #"""
import json, sys
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible._internal._datatag._tags import TrustedAsTemplate
from ansible.parsing.vault import EncryptedString
def norm(v):
    if isinstance(v, EncryptedString): return {'__vault__': v._ciphertext}
    if isinstance(v, dict): return {str(k): norm(x) for k, x in v.items()}
    if isinstance(v, list): return [norm(x) for x in v]
    if isinstance(v, str): return str(v) if TrustedAsTemplate.is_tagged_on(v) else {'__unsafe__': str(v)}
    if isinstance(v, float): return {'__float__': repr(v)}
    return v
out = []
for doc in json.load(sys.stdin):
    try:
        out.append({'ok': norm(AnsibleLoader(TrustedAsTemplate().tag(doc)).get_single_data())})
    except Exception as e:
        out.append({'error': type(e).__name__})
print(json.dumps(out))
"""#

    /// Our node tree in the oracle's shape.
    static func shape(_ node: YAMLNode) -> Value {
        if node.tag == "!vault" || node.tag == "!vault-encrypted" { return ["__vault__": node.value] }
        switch node.kind {
        case .scalar(.unsafe(let s)): return ["__unsafe__": .string(s)]
        case .scalar(.float(let f)): return ["__float__": .string(Value.pythonFloatRepr(f))]
        case .scalar(let v): return v
        case .sequence(let items): return .list(items.map(shape))
        case .mapping(let pairs):
            var d = ValueDict()
            for p in pairs { d[p.key] = shape(p.value) }
            return .dict(d)
        }
    }

    /// `{"ok": ...}` or `{"error": ...}` per document, stored in `Answers/YAMLAnsibleLoaderConformanceTests.jsonl`.
    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/YAMLAnsibleLoaderConformanceTests.jsonl",
                                       cases: documents.map { AnswerKey(key: $0) }) {
        let output = try Oracle.run(script: script, input: Value.list(documents.map(Value.string)).jsonText())
        guard case .list(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(zip(documents, results), uniquingKeysWith: { a, _ in a })
    }

    @Test func ansibleTagsMatchAnsibleLoader() throws {
        var compared = 0
        for doc in Self.documents {
            guard let answer = Self.answers.answer(for: doc) else { continue }
            let oracle = try JSONDecoder().decode(InventoryConformanceTests.JSONValue.self, from: Data(answer.jsonText().utf8))
            compared += 1
            let ours: String
            do {
                ours = try YAMLLoader.loadNode(doc, file: "t.yml").map { Self.shape($0).jsonText(sortKeys: true) } ?? "null"
            } catch {
                ours = "error"
            }
            let theirs = oracle.value["ok"].map { $0.jsonText(sortKeys: true) } ?? "error"
            #expect(ours == theirs, "document \(String(reflecting: doc))\n  ansible: \(theirs)\n  ours:    \(ours)")
        }
        Self.answers.printTally(compared, of: Self.documents.count)
    }
}
