import Foundation
import Testing
@testable import Swansible

/// One differential case: a template, its variables and environment options, from a corpus line.
struct TemplateCase: Sendable, CustomTestStringConvertible {
    var id: String
    /// The corpus file it comes from.
    var file: String
    /// Its key in the answer file: a digest of the line (and of `default-vars.json` when the
    /// line has no `v`), so that the answer follows the case when lines move.
    var key: String
    var template: String
    var variables: ValueDict
    var options: ValueDict
    /// The line as written, passed to the oracle unchanged (plus resolved variables).
    var json: String

    var testDescription: String { "\(id) \(template.prefix(60).debugDescription)" }
}

/// Loads `TemplateCorpus/<prefix>*.jsonl`: one JSON object per line, `t` the template,
/// `v` the variables (default: `default-vars.json`), `o` options. Blank and `//` lines are skipped.
/// The oracle's answers to `<name>.jsonl` are in `<name>.answers.jsonl`.
enum TemplateCorpus {
    static let directory = Oracle.packageRoot.appendingPathComponent("Tests/ConformanceTests/TemplateCorpus")
    static let answersSuffix = ".answers.jsonl"

    static func cases(prefix: String) -> [TemplateCase] {
        let fm = FileManager.default
        let defaultsText = (try? String(contentsOf: directory.appendingPathComponent("default-vars.json"), encoding: .utf8)) ?? ""
        let defaults = (try? JSONReader.parse(defaultsText)) ?? .dict([:])
        let files = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".jsonl") && !$0.hasSuffix(answersSuffix) }.sorted()
        var out: [TemplateCase] = []
        for file in files {
            guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else { continue }
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
                let id = "\(file):\(i + 1)"
                guard case .dict(var d)? = try? JSONReader.parse(trimmed), let t = d["t"]?.stringValue else {
                    out.append(TemplateCase(id: id, file: file, key: InputDigest.of(trimmed), template: "<unparsable corpus line>",
                                            variables: [:], options: [:], json: "{}"))
                    continue
                }
                let key = InputDigest.of(d["v"] == nil ? trimmed + "\n" + defaultsText : trimmed)
                if d["v"] == nil { d["v"] = defaults }
                out.append(TemplateCase(id: id, file: file, key: key, template: t, variables: d["v"]?.dictValue ?? [:],
                                        options: d["o"]?.dictValue ?? [:], json: Value.dict(d).jsonText()))
            }
        }
        return out
    }

    /// The answers to each corpus file of `cases`, by file. The oracle runs `script` once per file
    /// (record and check mode), one JSON line in and one out per case, each line passed through
    /// `portable` before it is stored.
    static func answers(to cases: [TemplateCase], script: String,
                        portable: @escaping @Sendable (String) -> String = { $0 }) -> [String: OracleAnswers] {
        Dictionary(grouping: cases, by: \.file).mapValues { fileCases in
            let name = String(fileCases[0].file.dropLast(".jsonl".count)) + answersSuffix
            return OracleAnswers(file: "Tests/ConformanceTests/TemplateCorpus/" + name,
                                 cases: fileCases.map { AnswerKey(key: $0.key, summary: $0.template) }) {
                let output = try Oracle.run(script: script, input: fileCases.map(\.json).joined(separator: "\n") + "\n")
                let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
                var answers: [String: Value] = [:]
                for (c, line) in zip(fileCases, lines) { answers[c.key] = try Value(jsonText: portable(String(line))) }
                return answers
            }
        }
    }
}

extension [String: OracleAnswers] {
    /// The oracle's outcome for `c`, or nil after recording why there is none.
    func outcome(_ c: TemplateCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> CaseOutcome? {
        guard let answers = self[c.file] else {
            Issue.record("no answers for corpus file \(c.file)", sourceLocation: sourceLocation)
            return nil
        }
        return answers.answer(for: c.key, sourceLocation: sourceLocation).map(CaseOutcome.init(answer:))
    }
}

/// What a side produced for a case: its output text, or that it failed (with a message).
enum CaseOutcome: Equatable, CustomStringConvertible {
    case output(String)
    case failure(String)

    var description: String {
        switch self {
        case .output(let s): return "output \(s.debugDescription)"
        case .failure(let m): return "error: \(m)"
        }
    }

    /// Both failing counts as agreement: messages differ between implementations.
    func agrees(with other: CaseOutcome) -> Bool {
        switch (self, other) {
        case (.output(let a), .output(let b)): return a == b
        case (.failure, .failure): return true
        default: return false
        }
    }

    /// Reads the oracle's `{"ok": ...}` / `{"err": ..., "msg": ...}` answer.
    init(answer: Value) {
        if let ok = answer["ok"]?.stringValue { self = .output(ok) } else {
            self = .failure("\(answer["err"]?.stringValue ?? "?"): \(answer["msg"]?.stringValue ?? "")")
        }
    }
}
