import Foundation
import SwansibleYAML

/// Reads inventory sources into an `InventoryGraph` the way ansible-core's inventory manager
/// does: a string with a comma is a host list; a directory is every file in it (sorted, skipping
/// hidden files, `group_vars`, `host_vars`, ignored extensions and patterns); a file is tried as
/// an executable script, then as YAML, then as INI. A source no format accepts is skipped with a
/// warning, as ansible does.
struct InventorySourceReader {
    var graph = InventoryGraph()
    var ignoredExtensions = [".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".cfg", ".retry"]
    var ignoredPatterns: [NSRegularExpression] = []
    /// What a repeated key in a YAML inventory or vars file does (ansible.cfg `duplicate_dict_key`).
    var duplicateKeys = YAMLDuplicateKeys.warn
    let onWarning: (String) -> Void
    /// Directories whose group_vars/host_vars belong to the inventory, in source order.
    private(set) var varsDirectories: [String] = []
    private(set) var parsedAny = false

    init(onWarning: @escaping (String) -> Void) {
        self.onWarning = onWarning
    }

    mutating func read(_ source: String) throws {
        let fm = FileManager.default
        if source.contains(","), !fm.fileExists(atPath: source) {
            readHostList(source)
            return
        }
        let path = ConfigPath.resolve(source, base: fm.currentDirectoryPath, environment: ProcessInfo.processInfo.environment)
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDirectory)
        // Like ansible-core, even a missing source's directory is searched for group_vars/host_vars.
        varsDirectories.append(exists && isDirectory.boolValue ? path : ConfigPath.directory(of: path))
        if !(try readPath(path)) {
            if path != "/etc/ansible/hosts" || exists {
                onWarning("Unable to parse \(path) as an inventory source")
            }
        }
    }

    /// `host1,host2:2222,` — each a host of `ungrouped`.
    private mutating func readHostList(_ list: String) {
        for item in list.split(separator: ",") {
            let text = String(item.iniTrimmed)
            guard !text.isEmpty else { continue }
            let parsed = InventoryAddress.parse(text, allowRanges: false)
            let host = parsed?.host ?? text
            if graph.hosts[host] == nil {
                graph.addHost(host, group: "ungrouped", port: parsed?.port, file: list, directory: nil)
            }
        }
        parsedAny = true
    }

    /// Whether something was read from `path` (a directory counts when any file in it was read).
    private mutating func readPath(_ path: String) throws -> Bool {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue {
            var any = false
            for entry in ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted() where !isIgnored(entry) {
                let child = path + "/" + entry
                if try readPath(child) { any = true } else {
                    onWarning("Unable to parse \(child) as an inventory source")
                }
            }
            return any
        }
        guard fm.isReadableFile(atPath: path) else { return false }
        var failures: [(String, String)] = []
        if fm.isExecutableFile(atPath: path) {
            do {
                var script = InventoryScriptSource(path: path, graph: graph)
                try script.read()
                graph = script.graph
                parsedAny = true
                return true
            } catch {
                failures.append(("script", "\(error)"))
            }
        }
        guard let raw = fm.contents(atPath: path) else { return false }
        let text = String(decoding: try DataLoader.decrypted(raw, file: path), as: UTF8.self)
        let ext = InventoryVarsFiles.pathExtension(String(path.split(separator: "/").last ?? ""))
        if ext.isEmpty || [".yaml", ".yml", ".json"].contains(ext) {
            do {
                let document = try YAMLInventoryParser.document(text, path: path, duplicateKeys: duplicateKeys, onWarning: onWarning)
                var parser = YAMLInventoryParser(path: path, directory: ConfigPath.directory(of: path), graph: graph, onWarning: onWarning)
                try parser.parse(document)
                graph = parser.graph
                parsedAny = true
                return true
            } catch let rejection as YAMLInventoryParser.Rejection {
                failures.append(("yaml", Self.describe(rejection)))
            } catch {
                failures.append(("yaml", "\(error)"))
            }
        }
        if ext != ".toml" {
            do {
                var parser = INIInventoryParser(path: path, directory: ConfigPath.directory(of: path), graph: graph)
                try parser.parse(text)
                graph = parser.graph
                parsedAny = true
                return true
            } catch {
                failures.append(("ini", "\(error)"))
            }
        }
        for (plugin, message) in failures {
            onWarning("Failed to parse inventory with '\(plugin)' plugin.\n\(message)")
        }
        return false
    }

    private static func describe(_ rejection: YAMLInventoryParser.Rejection) -> String {
        switch rejection {
        case .notYAML(let error): return error.description
        case .empty: return "Parsed empty YAML file"
        case .notAMapping: return "YAML inventory has invalid structure, it should be a dictionary"
        case .pluginConfiguration: return "Plugin configuration YAML file, not YAML inventory"
        }
    }

    /// ansible's IGNORED: hidden names, group_vars, host_vars, vars_plugins, ignored endings and patterns.
    private func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix(".") || ["host_vars", "group_vars", "vars_plugins"].contains(name) { return true }
        if ignoredExtensions.contains(where: { name.hasSuffix($0) }) { return true }
        let range = NSRange(location: 0, length: (name as NSString).length)
        return ignoredPatterns.contains { $0.firstMatch(in: name, range: range) != nil }
    }
}
