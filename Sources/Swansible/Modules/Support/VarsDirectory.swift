import Foundation

/// The files `include_vars: dir=` loads, in ansible-core's order: directories walked (links
/// followed) and sorted by path, down to `depth` (0: all, 1: the directory itself), each one's
/// files sorted by name, kept when they match `files_matching`, match no `ignore_files`
/// pattern (anchored at the end of the name) and, with `ignore_unknown_extensions`, have one
/// of `extensions`.
struct VarsDirectory {
    var root: String
    var depth = 0
    var filesMatching: PythonRegex?
    var ignoreFiles: [String] = []
    var extensions = ["yaml", "yml", "json"]
    var ignoreUnknownExtensions = false

    /// Where `dir` is looked for: inside a role, its `vars/` (unless `dir` starts there);
    /// elsewhere beside the task's file. An absolute `dir` stays as it is.
    static func resolve(_ dir: String, rolePath: String?, taskDirectory: String) -> String {
        guard let rolePath else { return child(taskDirectory, dir) }
        if dir.split(separator: "/", omittingEmptySubsequences: false).first == "vars" {
            let inRole = child(rolePath, dir)
            return FileManager.default.fileExists(atPath: inRole) ? inRole : dir
        }
        return child(child(rolePath, "vars"), dir)
    }

    /// Python's `os.path.join` of two parts: an absolute second part wins; no normalising.
    static func child(_ base: String, _ name: String) -> String {
        if name.hasPrefix("/") || base.isEmpty { return name }
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// The files to load, in order; a name matching no extension is returned too (unless
    /// unknown extensions are ignored), for the caller to refuse.
    func files() throws -> [String] {
        var result: [String] = []
        for directory in directories() {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            for name in names {
                let path = Self.child(directory, name)
                guard !isDirectory(path) else { continue }
                if let filesMatching, filesMatching.firstMatch(in: name) == nil { continue }
                if try ignoreFiles.contains(where: { try PythonRegex($0 + "$").firstMatch(in: name) != nil }) { continue }
                if ignoreUnknownExtensions, !hasValidExtension(name) { continue }
                result.append(path)
            }
        }
        return result
    }

    /// Whether the name's extension (after its last dot, none for a name without one or a
    /// leading dot alone) is one of `extensions`.
    func hasValidExtension(_ name: String) -> Bool {
        let ext = (name as NSString).pathExtension
        return extensions.contains(ext)
    }

    /// The root and the directories below it within `depth`, sorted by path.
    private func directories() -> [String] {
        var found = [root]
        var pending = [(root, 1)]
        while let (directory, level) = pending.popLast() {
            // A link back up would loop for ever: the walk stops 64 levels down.
            guard level < 64 else { continue }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names where isDirectory(Self.child(directory, name)) {
                let path = Self.child(directory, name)
                found.append(path)
                pending.append((path, level + 1))
            }
        }
        let kept = found.filter { depth == 0 || level(of: $0) <= depth }
        return kept.sorted()
    }

    private func level(of directory: String) -> Int {
        let relative = directory.dropFirst(root.count).split(separator: "/")
        return relative.count + 1
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
