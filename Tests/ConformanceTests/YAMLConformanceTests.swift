import Foundation
import Testing
@testable import Swansible
@testable import SwansibleYAML

/// Compares `YAMLLoader` with PyYAML's `CSafeLoader` (timestamps kept as text, like ours) over
/// `YAMLCorpus`: same values (as `json.dumps` text with `str()` keys), or an error at the same place.
@Suite struct YAMLConformanceTests {
    static let oracleScript = #"""
import sys, json, yaml
class Loader(yaml.CSafeLoader): pass
Loader.add_constructor('tag:yaml.org,2002:timestamp', lambda loader, node: loader.construct_scalar(node))
def norm(v):
    if isinstance(v, dict): return {(k if isinstance(k, str) else str(k)): norm(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)): return [norm(x) for x in v]
    if isinstance(v, bytes): return v.decode('utf-8', 'replace')
    if isinstance(v, set): return {(k if isinstance(k, str) else str(k)): None for k in sorted(v, key=str)}  # Python sets have no order
    return v
out = []
for doc in json.load(sys.stdin):
    try:
        out.append({'ok': json.dumps([norm(d) for d in yaml.load_all(doc, Loader=Loader)])})
    except yaml.MarkedYAMLError as e:
        m = e.problem_mark
        out.append({'error': [m.line + 1, m.column + 1] if m else None})
    except Exception:
        out.append({'error': None})
print(json.dumps(out))
"""#

    struct Outcome: Decodable { var ok: String?; var error: [Int]? }

    @Test(.enabled(if: Oracle.isAvailable, "no oracle python"))
    func corpusMatchesPyYAML() throws {
        let input = Value.list(YAMLCorpus.documents.map { .string($0) }).jsonText()
        let output = try Oracle.run(script: Self.oracleScript, input: input)
        let expected = try JSONDecoder().decode([Outcome].self, from: Data(output.utf8))
        #expect(expected.count == YAMLCorpus.documents.count)
        var matched = 0
        for (doc, oracle) in zip(YAMLCorpus.documents, expected) {
            let ours: Outcome
            do {
                let nodes = try YAMLLoader.loadDocuments(doc, file: "<unicode string>")
                ours = Outcome(ok: Value.list(nodes.map(\.value)).jsonText(asciiOnly: true), error: nil)
            } catch let error as YAMLError {
                let at = error.parserLocation ?? error.location
                ours = Outcome(ok: nil, error: [at.line, at.column])
            }
            let same: Bool
            if let ok = oracle.ok {
                same = ours.ok == ok
            } else {
                // Where PyYAML has no mark (a ValueError in a constructor), any error of ours will do.
                same = ours.ok == nil && (oracle.error == nil || ours.error == oracle.error)
            }
            #expect(same, "document \(String(reflecting: doc))\n  PyYAML: \(oracle.ok ?? "error at \(oracle.error.map { "\($0)" } ?? "?")")\n  ours:   \(ours.ok ?? "error at \(ours.error.map { "\($0)" } ?? "?")")")
            if same { matched += 1 }
        }
        #expect(YAMLCorpus.documents.count >= 80)
        print("YAML conformance: \(matched)/\(YAMLCorpus.documents.count) documents match PyYAML")
    }
}
