import Foundation

/// Finds a controller-side `src:` the way ansible's search path does: an absolute path as is;
/// a relative one under `<dir>/<kind>/` then `<dir>/` for each search path, most specific first.
/// A leading `~` or `~user` is the controller's home directory (ansible expands no `$NAME` here).
enum SourceFile {
    /// `kind` is `files` (copy, script) or `templates` (template).
    static func locate(_ src: String, kind: String, in context: ModuleContext) -> String? {
        let fm = FileManager.default
        let src = src.hasPrefix("~") ? (src as NSString).expandingTildeInPath : src
        if src.hasPrefix("/") { return fm.fileExists(atPath: src) ? src : nil }
        var candidates: [String] = []
        for dir in context.searchPaths {
            candidates.append(dir + "/" + kind + "/" + src)
            candidates.append(dir + "/" + src)
        }
        candidates.append(fm.currentDirectoryPath + "/" + src)
        return candidates.first { fm.fileExists(atPath: $0) }
    }

    /// The message ansible gives when `src` is nowhere on the search path.
    static func notFound(_ src: String, kind: String, in context: ModuleContext) -> String {
        var lines = ["Could not find or access '\(src)'", "Searched in:"]
        for dir in context.searchPaths {
            lines.append("\t\(dir)/\(kind)/\(src)")
            lines.append("\t\(dir)/\(src)")
        }
        return lines.joined(separator: "\n") + " on the Ansible Controller.\n" + remoteSourceHint
    }

    /// The line ansible adds under a file the controller does not have.
    static let remoteSourceHint = "If you are using a module and expect the file to exist on the remote, see the remote_src option"
}
