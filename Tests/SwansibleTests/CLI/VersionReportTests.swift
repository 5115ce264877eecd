import Foundation
import Testing
@testable import Swansible

@Suite struct VersionReportTests {
    /// The configuration file is found the way the run finds it (here through ANSIBLE_CONFIG),
    /// and the C libraries report the versions they were loaded with.
    @Test func namesTheConfigFileAndTheLibraries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swansible-version-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[defaults]\n".write(toFile: dir + "/custom.cfg", atomically: true, encoding: .utf8)

        let lines = VersionReport.text(program: "swansible-playbook", environment: ["ANSIBLE_CONFIG": dir + "/custom.cfg"],
                                       currentDirectory: dir).split(separator: "\n").map(String.init)
        #expect(lines.first == "swansible-playbook [swansible \(VersionReport.swansibleVersion)]")
        #expect(lines.contains("  config file = \(dir)/custom.cfg"))
        let version = #/^  (libssh2|libyaml) version = \d+\.\d+\.\d+$/#
        #expect(lines.filter { $0.wholeMatch(of: version) != nil }.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("  openssl version = OpenSSL 3.") })
    }

    @Test func saysNoneWithoutAConfigFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swansible-version-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = VersionReport.text(program: "swansible", environment: ["HOME": dir], currentDirectory: dir)
        #expect(text.contains("\n  config file = None\n"))
    }
}
