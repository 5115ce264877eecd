import Foundation

/// File system questions the loader asks, kept in one place.
enum PathResolution {
    static func directory(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    static func lastComponent(_ path: String) -> String { (path as NSString).lastPathComponent }

    static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        return ((base as NSString).appendingPathComponent(relative) as NSString).standardizingPath
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        return join(FileManager.default.currentDirectoryPath, path)
    }

    static func isFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// The first of `candidates` that is a file.
    static func firstFile(_ candidates: [String]) -> String? { candidates.first(where: isFile) }

    /// A role data file by base name: `main.yml`, `main.yaml`, `main.json`, `main`, or the
    /// files of a `main/` directory in name order.
    static func roleFiles(in dir: String, named name: String) -> [String] {
        let base = join(dir, name)
        if let file = firstFile(["", ".yml", ".yaml", ".json"].map { base + $0 }) { return [file] }
        if isDirectory(base), let entries = try? FileManager.default.contentsOfDirectory(atPath: base) {
            return entries.sorted().filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
                .map { join(base, $0) }.filter(isFile)
        }
        return []
    }
}
