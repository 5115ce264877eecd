import Foundation

/// `retry_files_enabled`: like ansible-playbook, a run with failed or unreachable hosts writes
/// them, sorted, one per line, to `<directory>/<playbook name>.retry` (the directory defaults
/// to the playbook's) and says how to run them again with `--limit @file`.
enum RetryFile {
    static func write(failed hosts: [String], playbook: String, directory: String?, callback: any OutputCallback) {
        guard !hosts.isEmpty else { return }
        let base = ((playbook as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = directory ?? (playbook as NSString).deletingLastPathComponent
        let path = (folder as NSString).appendingPathComponent(base + ".retry")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // written whole or not at all: a temp file beside it, then a rename
            let data = Data(Set(hosts).sorted().map { $0 + "\n" }.joined().utf8)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            callback.plain("\tto retry, use: --limit @\(path)")
        } catch {
            callback.warning("Could not create retry file '\(path)'.\n\t\(error.localizedDescription)")
        }
    }
}
