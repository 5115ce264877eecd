import Foundation
import Testing
@testable import Swansible

/// Where the conformance suites take the reference implementations' answers from.
///
/// By default from the answers stored beside each corpus: the oracle is never run, so the suites
/// need no Python. `SWANSIBLE_ORACLE_RECORD=1` asks the oracle and rewrites the stored answers;
/// `SWANSIBLE_ORACLE_CHECK=1` asks the oracle and fails every case whose stored answer differs.
/// `scripts/oracle-answers.sh record|check` (`make oracle-record`, `make oracle-check`) runs them.
enum AnswerMode: Sendable {
    case stored, record, check

    static let current: AnswerMode = {
        if isSet("SWANSIBLE_ORACLE_RECORD") { return .record }
        if isSet("SWANSIBLE_ORACLE_CHECK") { return .check }
        return .stored
    }()

    static func isSet(_ variable: String) -> Bool {
        guard let value = ProcessInfo.processInfo.environment[variable] else { return false }
        return !value.isEmpty && value != "0"
    }

    /// Record and check run the oracle; the stored mode never does.
    var asksOracle: Bool { self != .stored }

    /// For tests that can only compare with a live oracle.
    static let oracleOnlyReason: Comment = "oracle-only: runs with `make oracle-check` (SWANSIBLE_ORACLE_CHECK=1)"
}

/// One case of a corpus, as its answer file names it.
struct AnswerKey: Sendable {
    /// Unique in the corpus and independent of the case's position, so that adding or
    /// reordering cases leaves the other answers alone.
    var key: String
    /// A digest of the case's input, for keys that do not spell the input out (a case name):
    /// a stored answer with another digest was recorded for another input.
    var input: String? = nil
    /// Written beside the answer for people reading the file (a template case's template).
    var summary: String? = nil
}

/// A stored answer and the digest of the input it was recorded for.
struct StoredAnswer: Sendable {
    var answer: Value
    var input: String?
}

/// Where a corpus keeps its answers.
protocol AnswerStorage: Sendable {
    /// The place named in messages, relative to the package.
    var name: String { get }
    func load() throws -> [String: StoredAnswer]
    func save(_ answers: [(key: AnswerKey, answer: StoredAnswer)]) throws
}

/// The oracle's answers to the cases of one corpus.
///
/// `answer(for:)` gives a case's answer: the stored one by default (a missing or outdated one is
/// a test failure that says how to record it); the oracle's in record mode, which also rewrites
/// the storage (answers in corpus order, those of removed cases dropped); the oracle's in check
/// mode, where a stored answer that differs from it is a test failure.
final class OracleAnswers: @unchecked Sendable {
    let storage: AnswerStorage
    let cases: [AnswerKey]
    let mode: AnswerMode
    private let index: [String: AnswerKey]
    private var stored: [String: StoredAnswer] = [:]
    private var fresh: [String: Result<Value, OracleError>] = [:]
    private var problems: [String] = []
    private var problemsReported = false
    private let lock = NSLock()

    /// - Parameter oracle: asks the oracle for every case at once (keyed answers); run only in
    ///   record and check mode. Suites that ask per case pass their oracle to `answer(for:)`.
    init(_ storage: AnswerStorage, cases: [AnswerKey], oracle: (() throws -> [String: Value])? = nil) {
        self.storage = storage
        self.mode = .current
        var seen = Set<String>()
        self.cases = cases.filter { seen.insert($0.key).inserted }
        self.index = Dictionary(self.cases.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        do {
            stored = try storage.load()
        } catch {
            problems.append("cannot read the stored answers in \(storage.name): \(error)")
        }
        if mode == .check {
            let stale = stored.keys.filter { index[$0] == nil }.sorted()
            if !stale.isEmpty {
                problems.append("\(storage.name) has answers for cases no longer in the corpus (`make oracle-record` drops them): "
                                + stale.prefix(5).map { String(reflecting: $0) }.joined(separator: ", ")
                                + (stale.count > 5 ? " and \(stale.count - 5) more" : ""))
            }
        }
        guard mode.asksOracle, let oracle else { return }
        do {
            let answers = try oracle()
            for c in self.cases {
                fresh[c.key] = answers[c.key].map(Self.roundTrip) ?? .failure(OracleError(message: "no answer for this case"))
            }
        } catch {
            for c in self.cases { fresh[c.key] = .failure(OracleError(message: "\(error)")) }
        }
        if mode == .record { save() }
    }

    /// Answers stored in `file` (relative to the package) as JSON Lines.
    convenience init(file: String, cases: [AnswerKey], oracle: (() throws -> [String: Value])? = nil) {
        self.init(JSONLinesAnswers(path: file), cases: cases, oracle: oracle)
    }

    /// The answer to `key`, or nil after recording an issue that says why there is none.
    /// - Parameter oracle: asks the oracle for this case alone (record and check mode), for
    ///   suites that did not give a batch oracle.
    func answer(for key: String, oracle: (() throws -> Value)? = nil,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Value? {
        reportProblemsOnce(sourceLocation)
        func fail(_ message: String) -> Value? {
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
            return nil
        }
        guard let c = index[key] else { return fail("case \(String(reflecting: key)) is not among the cases given for \(storage.name)") }
        let saved = lock.withLock { stored[key] }
        guard mode.asksOracle else {
            guard let saved else {
                return fail("no stored answer for case \(String(reflecting: key)) in \(storage.name); "
                            + "record it with `make oracle-record` (needs the oracle python)")
            }
            if let input = c.input, saved.input != input {
                return fail("the input of case \(String(reflecting: key)) changed since its answer in \(storage.name) was recorded; "
                            + "record it again with `make oracle-record`")
            }
            return saved.answer
        }
        let result = freshAnswer(for: key, oracle: oracle)
        guard case .success(let answer) = result else {
            if case .failure(let error) = result { return fail("\(error) (case \(String(reflecting: key)))") }
            return nil
        }
        if mode == .check {
            if let saved {
                if saved.answer != answer {
                    _ = fail("the stored answer for case \(String(reflecting: key)) in \(storage.name) differs from the oracle's:\n"
                             + "  stored: \(saved.answer.jsonText())\n  oracle: \(answer.jsonText())")
                } else if let input = c.input, saved.input != input {
                    _ = fail("the stored answer for case \(String(reflecting: key)) in \(storage.name) was recorded for another input")
                }
            } else {
                _ = fail("no stored answer for case \(String(reflecting: key)) in \(storage.name); the oracle says: \(answer.jsonText())")
            }
        }
        return answer
    }

    /// Prints how many cases a test that loops over its corpus compared, for the test log.
    func printTally(_ compared: Int, of total: Int, test: String = #function) {
        let source = mode == .stored ? "stored answers" : "the oracle's answers"
        print("\(storage.name): \(test) compared \(compared) of \(total) cases with \(source)")
    }

    private func freshAnswer(for key: String, oracle: (() throws -> Value)?) -> Result<Value, OracleError> {
        if let known = lock.withLock({ fresh[key] }) { return known }
        let result: Result<Value, OracleError>
        if let oracle {
            do { result = Self.roundTrip(try oracle()) } catch { result = .failure(OracleError(message: "\(error)")) }
        } else {
            result = .failure(OracleError(message: "no oracle given for this case"))
        }
        lock.withLock { fresh[key] = result }
        if mode == .record { save() }
        return result
    }

    /// The answer as the storage will give it back (JSON text and back: no `unsafe` strings).
    private static func roundTrip(_ value: Value) -> Result<Value, OracleError> {
        do { return .success(try Value(jsonText: value.jsonText())) } catch {
            return .failure(OracleError(message: "the answer is not JSON: \(error)"))
        }
    }

    /// Writes every case's fresh answer, or its stored one when it has no fresh one yet.
    private func save() {
        lock.withLock {
            var out: [(key: AnswerKey, answer: StoredAnswer)] = []
            for c in cases {
                if case .success(let answer)? = fresh[c.key] {
                    out.append((c, StoredAnswer(answer: answer, input: c.input)))
                } else if let old = stored[c.key] {
                    out.append((c, old))
                }
            }
            do { try storage.save(out) } catch { problems.append("cannot write \(storage.name): \(error)"); problemsReported = false }
        }
    }

    private func reportProblemsOnce(_ sourceLocation: Testing.SourceLocation) {
        let pending: [String] = lock.withLock {
            if problemsReported { return [] }
            problemsReported = true
            return problems
        }
        for problem in pending { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
    }
}

/// Answers as JSON Lines, one `{"case": key, "input": digest, "summary": text, "answer": value}`
/// per case (`input` and `summary` when the case has them), in corpus order.
struct JSONLinesAnswers: AnswerStorage {
    /// Relative to the package.
    var path: String
    var name: String { path }
    var url: URL { Oracle.packageRoot.appendingPathComponent(path) }

    func load() throws -> [String: StoredAnswer] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let text = try String(contentsOf: url, encoding: .utf8)
        var answers: [String: StoredAnswer] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let entry = try? Value(jsonText: String(line))
            guard let key = entry?["case"]?.stringValue, let answer = entry?["answer"] else {
                throw OracleError(message: "line \(number + 1) is not {\"case\": ..., \"answer\": ...}")
            }
            answers[key] = StoredAnswer(answer: answer, input: entry?["input"]?.stringValue)
        }
        return answers
    }

    func save(_ answers: [(key: AnswerKey, answer: StoredAnswer)]) throws {
        let lines = answers.map { key, stored -> String in
            var entry: ValueDict = ["case": .string(key.key)]
            if let input = stored.input { entry["input"] = .string(input) }
            if let summary = key.summary { entry["summary"] = .string(summary) }
            entry["answer"] = stored.answer
            return Value.dict(entry).jsonText()
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: url, options: .atomic)
    }
}

/// Digests of case inputs for `AnswerKey.input`: FNV-1a, 64 bits, as 16 hex digits (short, and
/// the same on every machine).
enum InputDigest {
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Of every file under `directory`: relative paths and contents, in path order.
    static func of(directory: String) -> String {
        let files = (FileManager.default.subpaths(atPath: directory) ?? []).sorted().filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        return of(files.map { path in
            let data = FileManager.default.contents(atPath: directory + "/" + path) ?? Data()
            return path + "\n" + String(decoding: data, as: UTF8.self)
        }.joined(separator: "\n\u{0}\n"))
    }
}

/// Paths that differ from machine to machine, written as placeholders in stored answers.
enum MachinePaths {
    static let home: String? = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.count > 1 ? $0 : nil }

    /// `text` with the home directory (followed by `/`) written `{home}`.
    static func portable(_ text: String) -> String {
        guard let home else { return text }
        return text.replacingOccurrences(of: home + "/", with: "{home}/")
    }
}

extension Value {
    /// Every occurrence of `target` in strings (and keys) replaced, for machine-specific paths.
    func replacingInStrings(_ target: String, with replacement: String) -> Value {
        switch self {
        case .string(let s): return .string(s.replacingOccurrences(of: target, with: replacement))
        case .unsafe(let s): return .unsafe(s.replacingOccurrences(of: target, with: replacement))
        case .list(let l): return .list(l.map { $0.replacingInStrings(target, with: replacement) })
        case .dict(let d):
            var out = ValueDict()
            for (k, v) in d { out[k.replacingOccurrences(of: target, with: replacement)] = v.replacingInStrings(target, with: replacement) }
            return .dict(out)
        default: return self
        }
    }
}
