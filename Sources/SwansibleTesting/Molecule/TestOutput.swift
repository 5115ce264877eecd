import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `swansible test` prints around the playbooks' own output: molecule's step banners,
/// notices and warnings on stderr, and the summary table.
public struct TestOutput: Sendable {
    public init() {}

    public enum StepResult: String, Sendable { case ok = "passed", failed, skipped, interrupted }

    public struct StepRecord: Sendable {
        public var step: TestStep
        public var result: StepResult
        public var seconds: Double
        public var detail: String?
    }

    func banner(_ scenario: String, _ step: TestStep, _ text: String) {
        write("INFO     \(scenario) ➜ \(step.displayName): \(text)\n")
    }

    public func notice(_ message: String) { write("INFO     \(message)\n") }
    public func warning(_ message: String) { write("WARNING  \(message)\n", error: true) }
    public func error(_ message: String) { write("ERROR    \(message)\n", error: true) }

    func summary(role: RoleUnderTest, scenario: String, results: [StepRecord]) {
        guard !results.isEmpty else { return }
        var text = "\nSUMMARY  role \(role.name), scenario \(scenario)\n"
        text += "  " + pad("step", 14) + pad("result", 13) + "duration\n"
        for record in results {
            text += "  " + pad(record.step.displayName, 14) + pad(record.result.rawValue, 13)
                + String(format: "%7.1fs", record.seconds)
                + (record.detail.map { "  (\($0))" } ?? "") + "\n"
        }
        let failed = results.contains { $0.result == .failed || $0.result == .interrupted }
        text += failed ? "FAILED\n" : "PASSED\n"
        write(text)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private func write(_ text: String, error: Bool = false) {
        StandardStream.write(Data(text.utf8), to: error ? STDERR_FILENO : STDOUT_FILENO)
    }
}

/// Writes that never end the process: with SIGPIPE ignored (see `TestHarness`), a closed
/// terminal or pipe (`swansible test role | head`) loses the text but the run goes on to
/// destroy its instances.
enum StandardStream {
    static func write(_ data: Data, to descriptor: Int32 = STDOUT_FILENO) {
        data.withUnsafeBytes { raw in
            guard var base = raw.baseAddress else { return }
            var left = raw.count
            while left > 0 {
                let written = Glibc.write(descriptor, base, left)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                left -= written
                base = base.advanced(by: written)
            }
        }
    }
}
