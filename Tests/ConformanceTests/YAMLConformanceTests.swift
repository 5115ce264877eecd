import Foundation
import Testing
@testable import Swansible
@testable import SwansibleYAML

/// Compares `YAMLLoader` with PyYAML's `CSafeLoader` (timestamps kept as text, like ours) over
/// `YAMLCorpus`: same values (as `json.dumps` text with `str()` keys), or an error at the same place.
/// PyYAML's outcomes are stored in `Answers/YAMLConformanceTests.jsonl`, keyed by the document.
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

    /// Answers to `documents` from `oracleScript`, stored in `file`, keyed by the document.
    static func answers(file: String, documents: [String]) -> OracleAnswers {
        OracleAnswers(file: file, cases: documents.map { AnswerKey(key: $0) }) {
            let output = try Oracle.run(script: oracleScript, input: Value.list(documents.map(Value.string)).jsonText())
            guard case .list(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw OracleError(message: "unexpected output: \(output)")
            }
            return Dictionary(zip(documents, results), uniquingKeysWith: { a, _ in a })
        }
    }

    /// The stored (or oracle's) outcome for `doc`; nil after recording why there is none.
    static func outcome(_ answers: OracleAnswers, _ doc: String) throws -> Outcome? {
        guard let answer = answers.answer(for: doc) else { return nil }
        return try JSONDecoder().decode(Outcome.self, from: Data(answer.jsonText().utf8))
    }

    static let answers = answers(file: "Tests/ConformanceTests/Answers/YAMLConformanceTests.jsonl", documents: YAMLCorpus.documents)

    @Test func corpusMatchesPyYAML() throws {
        var matched = 0
        var compared = 0
        for doc in YAMLCorpus.documents {
            guard let oracle = try Self.outcome(Self.answers, doc) else { continue }
            compared += 1
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
        Self.answers.printTally(compared, of: YAMLCorpus.documents.count)
        #expect(YAMLCorpus.documents.count >= 80)
        print("YAML conformance: \(matched)/\(YAMLCorpus.documents.count) documents match PyYAML")
    }
}
