import Foundation
import Testing
@testable import Swansible

/// One differential case: a template, its variables and environment options, from a corpus line.
struct TemplateCase: Sendable, CustomTestStringConvertible {
    var id: String
    var template: String
    var variables: ValueDict
    var options: ValueDict
    /// The line as written, passed to the oracle unchanged (plus resolved variables).
    var json: String

    var testDescription: String { "\(id) \(template.prefix(60).debugDescription)" }
}

/// Loads `TemplateCorpus/<prefix>*.jsonl`: one JSON object per line, `t` the template,
/// `v` the variables (default: `default-vars.json`), `o` options. Blank and `//` lines are skipped.
enum TemplateCorpus {
    static let directory = Oracle.packageRoot.appendingPathComponent("Tests/ConformanceTests/TemplateCorpus")

    static func cases(prefix: String) -> [TemplateCase] {
        let fm = FileManager.default
        let defaults = (try? String(contentsOf: directory.appendingPathComponent("default-vars.json"), encoding: .utf8))
            .flatMap { try? JSONReader.parse($0) } ?? .dict([:])
        let files = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".jsonl") }.sorted()
        var out: [TemplateCase] = []
        for file in files {
            guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else { continue }
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
                guard case .dict(var d)? = try? JSONReader.parse(trimmed), let t = d["t"]?.stringValue else {
                    out.append(TemplateCase(id: "\(file):\(i + 1)", template: "<unparsable corpus line>", variables: [:], options: [:], json: "{}"))
                    continue
                }
                if d["v"] == nil { d["v"] = defaults }
                out.append(TemplateCase(id: "\(file):\(i + 1)", template: t, variables: d["v"]?.dictValue ?? [:],
                                        options: d["o"]?.dictValue ?? [:], json: Value.dict(d).jsonText()))
            }
        }
        return out
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

    /// Parses the oracle's `{"ok": ...}` / `{"err": ..., "msg": ...}` line.
    init(oracleLine: String) {
        guard case .dict(let d)? = try? JSONReader.parse(oracleLine) else { self = .failure("bad oracle line: \(oracleLine)"); return }
        if let ok = d["ok"]?.stringValue { self = .output(ok) } else {
            self = .failure("\(d["err"]?.stringValue ?? "?"): \(d["msg"]?.stringValue ?? "")")
        }
    }
}
