import Foundation
import SwansibleTestSupport
import Testing
@testable import Swansible
@testable import SwansibleYAML

/// Randomly mangled documents (fixed seed), loaded by PyYAML and by us: the same values, or an
/// error on both sides. Where the error is reported may differ when a document has several
/// (PyYAML constructs document by document and lazily, we compose the stream first); those are
/// counted and printed, not failed. PyYAML's outcomes are stored in
/// `Answers/YAMLMutationConformanceTests.jsonl`, keyed by the mutant.
@Suite struct YAMLMutationConformanceTests {
    static let seeds = [
        "- hosts: all\n  vars:\n    a: &x {b: [1, 2], c: '{{ d }}'}\n    e: *x\n    f: {<<: *x, g: 0600}\n  tasks:\n    - debug: msg=hi\n      when: x is defined\n",
        "a: |\n  text\n  more\nb: >-\n  folded\n  lines\nc: \"esc\\u00e9\\n\"\nd: [yes, No, 0x1F, 1_000, 1:30, .5, -.inf, ~, 2001-01-01]\n",
        "--- 1\n--- {a: [b, {c: d}], 'e': \"f\"}\n...\n---\n? complex\n: value\n",
    ]
    static let pieces = ["{", "}", "[", "]", ":", ": ", ",", "- ", "? ", "!", "&a ", "*a", "|", ">", "'", "\"", "#", "\n", "\n  ",
                         " ", "<<", "~", "=", ".", "0", "1", "yes", "on", "0o7", "07", "1e3", "1.5", "1:20", "null", "\t", "---", "...", "é"]

    static func mutants(count: Int) -> [String] {
        var rng = SplitMix64(seed: 2026)
        var docs: [String] = []
        for round in 0..<count {
            var text = Array(seeds[round % seeds.count].unicodeScalars)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0...text.count, using: &rng)
                let piece = Array((pieces.randomElement(using: &rng) ?? " ").unicodeScalars)
                if Bool.random(using: &rng), i < text.count {
                    text.replaceSubrange(i..<min(text.count, i + piece.count), with: piece)
                } else {
                    text.insert(contentsOf: piece, at: i)
                }
            }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: text)
            docs.append(String(s))
        }
        return docs
    }

    static let documents = mutants(count: 600)
    static let answers = YAMLConformanceTests.answers(file: "Tests/ConformanceTests/Answers/YAMLMutationConformanceTests.jsonl",
                                                      documents: documents)

    @Test func mutantsMatchPyYAML() throws {
        let docs = Self.documents
        var failures = 0
        var elsewhere = 0
        var compared = 0
        for doc in docs {
            guard let oracle = try YAMLConformanceTests.outcome(Self.answers, doc) else { failures += 1; continue }
            compared += 1
            var ours = YAMLConformanceTests.Outcome(ok: nil, error: nil)
            do {
                let nodes = try YAMLLoader.loadDocuments(doc, file: "<unicode string>")
                ours.ok = Value.list(nodes.map(\.value)).jsonText(asciiOnly: true)
            } catch let error as YAMLError {
                let at = error.parserLocation ?? error.location
                ours.error = [at.line, at.column]
            }
            let same = oracle.ok != nil ? ours.ok == oracle.ok : ours.ok == nil
            if same, oracle.ok == nil, oracle.error != nil, ours.error != oracle.error { elsewhere += 1 }
            if !same {
                failures += 1
                if failures <= 10 {
                    Issue.record("document \(String(reflecting: doc))\n  PyYAML: \(oracle.ok ?? "error at \(oracle.error.map { "\($0)" } ?? "?")")\n  ours:   \(ours.ok ?? "error at \(ours.error.map { "\($0)" } ?? "?")")")
                }
            }
        }
        Self.answers.printTally(compared, of: docs.count)
        print("YAML mutants: \(docs.count - failures)/\(docs.count) match PyYAML (\(elsewhere) errors reported at another place)")
    }
}
