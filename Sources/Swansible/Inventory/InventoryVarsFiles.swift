import Foundation
import SwansibleYAML

/// `group_vars/` and `host_vars/` beside an inventory source or a playbook, found and read like
/// ansible-core's `host_group_vars` plugin: for an entity NAME the first of `NAME`, `NAME.yml`,
/// `NAME.yaml`, `NAME.json` that exists is used; when it is a directory, every file in it (sorted,
/// recursively, skipping hidden files and backups `~`, with no extension or a YAML/JSON one) is
/// read in turn, later files overriding earlier ones.
enum InventoryVarsFiles {
    static let extensions = [".yml", ".yaml", ".json"]

    enum Kind: String { case group = "group_vars", host = "host_vars" }

    /// The merged variables of `name` under `directory/group_vars` (or `host_vars`); empty when none.
    static func variables(in directory: String, kind: Kind, name: String, duplicateKeys: YAMLDuplicateKeys = .warn,
                          onWarning: (String) -> Void) throws -> ValueDict {
        guard !name.hasPrefix("/") else { return [:] }
        let base = directory + "/" + kind.rawValue
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory) else { return [:] }
        guard isDirectory.boolValue else {
            onWarning("Found \(kind.rawValue) that is not a directory, skipping: \(base)")
            return [:]
        }
        var result = ValueDict()
        for file in files(in: base, name: name) {
            for (key, value) in try load(file, duplicateKeys: duplicateKeys, onWarning: onWarning) { result[key] = value }
        }
        return result
    }

    /// The files that hold the variables of `name` in `base`.
    static func files(in base: String, name: String) -> [String] {
        let fm = FileManager.default
        for candidate in [""] + extensions {
            let path = base + "/" + name + candidate
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            return isDirectory.boolValue ? filesBelow(path) : [path]
        }
        return []
    }

    private static func filesBelow(_ directory: String) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        for entry in ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).sorted() {
            if entry.hasPrefix(".") || entry.hasSuffix("~") { continue }
            let path = directory + "/" + entry
            let ext = pathExtension(entry)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if ext.isEmpty { found += filesBelow(path) }
            } else if ext.isEmpty || extensions.contains(ext) {
                found.append(path)
            }
        }
        return found
    }

    /// Python's `os.path.splitext(name)[1]`: the last `.suffix`, ignoring leading dots.
    static func pathExtension(_ name: String) -> String {
        let trimmed = name.drop(while: { $0 == "." })
        guard let dot = trimmed.lastIndex(of: ".") else { return "" }
        return String(trimmed[dot...])
    }

    /// One vars file: a mapping (or empty).
    static func load(_ path: String, duplicateKeys: YAMLDuplicateKeys = .warn, onWarning: (String) -> Void) throws -> ValueDict {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw InventoryError(message: "could not read the variables file", file: path)
        }
        let value = try DataLoader.loadYAML(path, duplicateKeys: duplicateKeys, onWarning: onWarning)?.value ?? .null
        switch value {
        case .null: return [:]
        case .dict(let d): return d
        default:
            throw InventoryError(message: "variables files must hold a mapping, found \(value.pythonTypeName)", file: path)
        }
    }
}
