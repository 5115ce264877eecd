import Foundation

/// The playbook path the YAML target loads: the loader wants a file that exists, whose text the
/// fuzzer then serves from memory. An empty file in a private temporary directory, removed at the
/// end of the run.
enum FuzzPlaybookFile {
    static let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("swansible-fuzz-\(ProcessInfo.processInfo.processIdentifier)").path
    static let path: String = {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/site.yml", contents: Data())
        return directory + "/site.yml"
    }()

    static func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
