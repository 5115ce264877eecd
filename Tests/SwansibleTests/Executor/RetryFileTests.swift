import Foundation
import Testing
@testable import Swansible

@Suite struct RetryFileTests {
    @Test func failedHostsAreWrittenSortedBesideThePlaybookAndNamedInTheOutput() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let sink = BufferSink()
        RetryFile.write(failed: ["web2", "db", "web2"], playbook: dir.path + "/site.yml", directory: nil,
                        callback: DefaultCallback(sink: sink))
        #expect(try String(contentsOfFile: dir.path + "/site.retry", encoding: .utf8) == "db\nweb2\n")
        #expect(sink.text == "\tto retry, use: --limit @\(dir.path)/site.retry\n")
    }

    @Test func noFailureWritesNothingAndAnUnwritableDirectoryWarns() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let sink = BufferSink()
        RetryFile.write(failed: [], playbook: dir.path + "/site.yml", directory: nil, callback: DefaultCallback(sink: sink))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/site.retry"))
        let blocker = try dir.write("file", "not a directory")
        RetryFile.write(failed: ["a"], playbook: dir.path + "/site.yml", directory: blocker + "/sub",
                        callback: DefaultCallback(sink: sink))
        #expect(sink.errorText.hasPrefix("[WARNING]: Could not create retry file '\(blocker)/sub/site.retry'."))
    }
}
