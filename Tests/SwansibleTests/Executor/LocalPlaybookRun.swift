import Foundation
@testable import Swansible

/// A playbook and its files in a temporary directory, run on the local connection against
/// `localhost,` (or the given inventory) with the default callback into a buffer.
struct LocalPlaybookRun {
    let directory = NSTemporaryDirectory() + "swansible-run-\(UInt32.random(in: 0 ... .max))"

    /// Writes `files` (paths relative to the directory, `site.yml` among them).
    init(_ files: [String: String]) throws {
        for (path, text) in files {
            let full = directory + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    /// Runs site.yml; the exit code, standard output and standard error.
    func run(inventory: String = "localhost,", environment: [String: String] = [:],
             configure: (inout RunOptions) -> Void = { _ in }) async -> (code: Int32, output: String, errors: String) {
        var options = RunOptions()
        options.inventorySources = [inventory]
        options.connection = "local"
        options.interactive = false
        configure(&options)
        let sink = BufferSink()
        let code = await PlaybookCLI(
            options: options, playbooks: ["site.yml"],
            environment: ["ANSIBLE_CONFIG": directory + "/none.cfg"].merging(environment) { $1 },
            currentDirectory: directory, callback: DefaultCallback(sink: sink)
        ).run()
        return (code, sink.text, sink.errorText)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
