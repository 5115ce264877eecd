import SwansibleYAML

/// The YAML inventory format, read like ansible-core's `yaml` plugin: top-level keys are groups;
/// each group may have `hosts` (host pattern → variables), `vars` and `children` (nested groups).
struct YAMLInventoryParser {
    let path: String
    let directory: String?
    var graph: InventoryGraph
    var onWarning: (String) -> Void
    /// Group definitions read so far: a group reached again through YAML aliases is read again
    /// (as ansible-core does), so nested aliases could make this exponential.
    var groupsRead = 0
    /// Far above any real inventory (a group is defined once per place it is listed, and real
    /// files list thousands); beyond it, the file is refused with its place.
    static let maxGroupDefinitions = 100_000

    /// Why a YAML document is not a YAML inventory (so that the INI format may be tried instead).
    enum Rejection: Error { case notYAML(YAMLError), empty, notAMapping, pluginConfiguration }

    /// The document, when the text is a YAML inventory at all.
    static func document(_ text: String, path: String, duplicateKeys: YAMLDuplicateKeys = .warn,
                         onWarning: (String) -> Void) throws(Rejection) -> YAMLNode {
        let node: YAMLNode?
        do { node = try DataLoader.loadYAML(text: text, file: path, duplicateKeys: duplicateKeys, onWarning: onWarning) } catch let error as YAMLError {
            throw .notYAML(error)
        } catch {
            throw .empty
        }
        guard let node, !isNull(node), node.pairs?.isEmpty != true else { throw .empty }
        guard let pairs = node.pairs else { throw .notAMapping }
        if let plugin = pairs.first(where: { $0.key == "plugin" }), plugin.value.value.isTruthy { throw .pluginConfiguration }
        return node
    }

    mutating func parse(_ document: YAMLNode) throws(InventoryError) {
        for pair in document.pairs ?? [] {
            _ = try parseGroup(pair.key, pair.value)
        }
    }

    private func fail(_ message: String, at node: YAMLNode) -> InventoryError {
        InventoryError(message: message, file: path, line: node.start.line)
    }

    /// The scalar of a node (nil for collections), without building a collection's value.
    private static func scalar(_ node: YAMLNode) -> Value? {
        if case .scalar(let v) = node.kind { return v }
        return nil
    }

    static func isNull(_ node: YAMLNode) -> Bool { scalar(node)?.isNull ?? false }

    private mutating func parseGroup(_ name: String, _ node: YAMLNode) throws(InventoryError) -> String {
        guard Self.isNull(node) || node.pairs != nil else {
            onWarning("Skipping '\(name)' as this is not a valid group definition")
            return name
        }
        groupsRead += 1
        if groupsRead > Self.maxGroupDefinitions {
            throw fail("The inventory defines groups more than \(Self.maxGroupDefinitions) times once its YAML aliases are expanded (group '\(name)').", at: node)
        }
        graph.addGroup(name)
        guard let pairs = node.pairs else { return name }
        for section in ["vars", "children", "hosts"] {
            if let value = node[section], !Self.isNull(value), value.pairs == nil, Self.scalar(value)?.stringValue == nil {
                throw fail("Invalid \"\(section)\" entry for \"\(name)\" group, requires a dictionary, found \"\(Self.typeName(value))\" instead.", at: value)
            }
        }
        for pair in pairs {
            // A lone string stands for a mapping with one key and no value.
            var entries: [(key: String, value: YAMLNode?)] = []
            if let text = Self.scalar(pair.value)?.stringValue, ["vars", "children", "hosts"].contains(pair.key) {
                entries = [(text, nil)]
            } else if let p = pair.value.pairs {
                entries = p.map { ($0.key, $0.value) }
            } else if Self.isNull(pair.value) {
                continue
            } else {
                onWarning("Skipping key (\(pair.key)) in group (\(name)) as it is not a mapping, it is a \(Self.typeName(pair.value))")
                continue
            }
            switch pair.key {
            case "vars":
                for (key, value) in entries {
                    do { try graph.setGroupVariable(name, key, value?.value ?? .null) } catch {
                        throw fail(error.message, at: value ?? pair.value)
                    }
                }
            case "children":
                for (child, value) in entries {
                    let childName = try parseGroup(child, value ?? YAMLNode(kind: .scalar(.null), start: pair.value.start, end: pair.value.end))
                    do { try graph.addChild(childName, to: name) } catch { throw fail(error.message, at: pair.value) }
                }
            case "hosts":
                for (index, (pattern, value)) in entries.enumerated() {
                    let keyNode = pair.value.pairs?[index].keyNode ?? pair.value
                    if case .scalar(let key) = keyNode.kind, key.stringValue == nil, pair.value.pairs != nil {
                        throw fail("Host pattern \(pattern) must be a string. Enclose integers/floats in quotation marks.", at: keyNode)
                    }
                    let (hosts, port) = try INIInventoryParser.expandHostPattern(pattern) { fail($0, at: keyNode) }
                    let variables = value?.pairs ?? []
                    if let value, !Self.isNull(value), value.pairs == nil {
                        throw fail("Invalid data from file, expected dictionary and got:\n\n\(value.value.pythonString)", at: value)
                    }
                    for host in hosts {
                        graph.addHost(host, group: name, port: port, file: path, directory: directory)
                        for v in variables { graph.setHostVariable(host, v.key, v.value.value) }
                    }
                }
            default:
                onWarning("Skipping unexpected key (\(pair.key)) in group (\(name)), only \"vars\", \"children\" and \"hosts\" are valid")
            }
        }
        return name
    }

    /// Python's type repr, as the plugin's messages show it.
    private static func typeName(_ node: YAMLNode) -> String {
        "<class '\(node.value.pythonTypeName)'>"
    }
}
