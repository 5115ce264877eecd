import Foundation
import SwansibleTestSupport
import Testing

/// Runs `swansible-fuzz` on each parser for a few seconds (fixed seed, the project's own files
/// as seeds) in a child process with 2 GB of address space and 15 s per input (generous for a
/// debug build on a busy machine): a trap, a hang or the memory limit fails the test and shows
/// the input, which then becomes a regression test. The four targets together stay within the
/// CI budget of 60 s.
@Suite struct ParserFuzzingTests {
    static let secondsPerTarget = 8

    /// Corpus paths (relative to the package root) whose files seed each target.
    static let corpora: [String: [String]] = [
        "yaml": ["playbooks", "roles", "kubernetes.yml", "group_vars", "Tests/ConformanceTests/Playbooks"],
        "ini": ["inventory"],
        "config": ["ansible.cfg"],
        "jinja": ["Tests/ConformanceTests/TemplateCorpus", "roles", "bench/templates"],
    ]

    @Test(arguments: ["yaml", "ini", "jinja", "config"])
    func parserSurvivesMutatedInputs(target: String) throws {
        let fuzz = try BuiltProduct("swansible-fuzz")
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(target)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: record) }
        var arguments = [target, "--seconds", String(Self.secondsPerTarget), "--seed", "1", "--input-timeout", "15",
                         "--memory-mb", "2048", "--current-input", record.path]
        for path in Self.corpora[target] ?? [] {
            arguments += ["--corpus", BuiltProduct.packageRoot.appendingPathComponent(path).path]
        }
        // the fuzzer limits itself; the shell's limit is a second line of defence
        let outcome = try fuzz.run(arguments, memoryMegabytes: 3072, timeout: Double(Self.secondsPerTarget) + 30)
        let culprit = CurrentInputRecord.read(path: record.path).map { String(reflecting: $0) } ?? "(not recorded)"
        #expect(outcome.status == 0 && !outcome.signalled && !outcome.timedOut,
                "swansible-fuzz \(target) died (status \(outcome.status)\(outcome.signalled ? ", signal" : "")\(outcome.timedOut ? ", timed out" : "")) on input \(culprit)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("\(target): "), "\(outcome.stdout)")
    }
}
