import Foundation
import Testing
@testable import Swansible

/// Everything a no_log run prints, at the highest verbosity and with --diff, grepped for the
/// secret: it may surface only where ansible-core's own answer (recorded at -v) shows it —
/// a diff of a task that is not hidden (and, from -vvv, its result's `diff`), and fail's and assert's message on the [ERROR] line.
@Suite struct NoLogAuditTests {
    static let directory = PlaybookOutputConformanceTests.casesDirectory.appendingPathComponent("no-log-diff").path
    static let secret = "s3cr3t-audit"

    static func linesWithSecret(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.contains(secret) }
    }

    @Test func theSecretShowsNowhereAnsibleHidesIt() async throws {
        let expected = try String(contentsOfFile: Self.directory + "/expected.stdout", encoding: .utf8)
        let allowed = Self.linesWithSecret(expected)
        #expect(allowed.count == 4, "the recorded answer changed: \(allowed)")
        var options = RunOptions()
        options.inventorySources = ["localhost,"]
        options.connection = "local"
        options.diffMode = true
        options.verbosity = 4
        // Its own directory: the conformance case may run the same playbook at the same time.
        options.extraVars = ["dir=" + NSTemporaryDirectory() + "swansible-no-log-audit-" + UUID().uuidString]
        let sink = BufferSink()
        let code = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], environment: PlaybookOutputConformanceTests.environment,
            currentDirectory: Self.directory, callback: DefaultCallback(sink: sink, verbosity: 4)
        ).run()
        #expect(code == 0)
        // From -vvv on, ansible-core also prints a result's `diff` in its JSON: the texts of the
        // visible lineinfile task (which its -v answer shows as a diff).
        let verboseDiff = [
            #"            "after": "s3cr3t-audit\nmore s3cr3t-audit\nshown\n","#,
            #"            "before": "s3cr3t-audit\nmore s3cr3t-audit\n","#,
        ]
        #expect(Self.linesWithSecret(sink.text).sorted() == (allowed + verboseDiff).sorted(), "\(sink.text)")
        #expect(Self.linesWithSecret(sink.errorText).isEmpty, "\(sink.errorText)")
        #expect(sink.text.contains("(item=(censored due to no_log))"))
    }
}
