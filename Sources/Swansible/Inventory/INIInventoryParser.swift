import SwansibleYAML

/// The INI inventory format, read like ansible-core's `ini` plugin.
///
/// Hosts before any section are ungrouped. `[g]` lists hosts (a host pattern, then `key=value`
/// words split like a shell with `#` comments); `[g:vars]` holds `key = value` lines; `[g:children]`
/// names child groups, which may be declared later in the file. Every value is read as a Python
/// literal when it is one (`1`, `True`, `[1, 2]`, `'text'`), else kept as text.
struct INIInventoryParser {
    let path: String
    let directory: String?
    var graph: InventoryGraph

    private enum State: String { case hosts, vars, children }

    private struct Pending {
        var state: State
        var line: Int
        var parents: [String] = []
    }

    mutating func parse(_ text: String) throws(InventoryError) {
        var group = "ungrouped"
        var state = State.hosts
        var pending: OrderedDictionary<String, Pending> = [:]
        var lineNumber = 0
        let path = self.path
        for rawLine in text.configFileLines {
            lineNumber += 1
            let line = String(rawLine.iniTrimmed)
            guard let first = line.first, first != "#", first != ";" else { continue }
            func fail(_ message: String) -> InventoryError { InventoryError(message: message, file: path, line: lineNumber) }

            if let (name, kind) = Self.sectionHeader(line) {
                guard let newState = State(rawValue: kind ?? "hosts") else {
                    throw fail("Section [\(name):\(kind ?? "")] has unknown type: \(kind ?? "")")
                }
                group = name
                state = newState
                if graph.groups[name] == nil {
                    if state == .vars && pending[name] == nil { pending[name] = Pending(state: .vars, line: lineNumber) }
                    graph.addGroup(name)
                }
                if let declared = pending[name], state != .vars {
                    if declared.state == .children { try addPendingChildren(of: name, &pending) }
                    else { pending[name] = nil }
                }
                continue
            }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                throw fail("Invalid section entry: '\(line)'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters")
            }
            switch state {
            case .hosts:
                try parseHostLine(line, group: group, fail: fail)
            case .vars:
                guard let equals = line.firstIndex(of: "=") else { throw fail("Expected key=value, got: \(line)") }
                let key = String(line[..<equals].iniTrimmed)
                let value = String(line[line.index(after: equals)...].iniTrimmed)
                do { try graph.setGroupVariable(group, key, Self.value(value)) } catch { throw fail(error.message) }
            case .children:
                guard let child = Self.groupName(line) else { throw fail("Expected group name, got: \(line)") }
                if graph.groups[child] == nil {
                    if pending[child] == nil { pending[child] = Pending(state: .children, line: lineNumber, parents: [group]) }
                    else { pending[child]?.parents.append(group) }
                } else {
                    do { try graph.addChild(child, to: group) } catch { throw fail(error.message) }
                }
            }
        }
        for (name, declaration) in pending {
            let message = declaration.state == .vars
                ? "Section [\(name):vars] not valid for undefined group '\(name)'."
                : "Section [\(declaration.parents.last ?? ""):children] includes undefined group '\(name)'."
            throw InventoryError(message: message, file: path, line: declaration.line)
        }
    }

    private mutating func parseHostLine(_ line: String, group: String, fail: (String) -> InventoryError) throws(InventoryError) {
        let words: [String]
        do { words = try ShellWords.split(line, comments: true) } catch {
            throw fail("Error parsing host definition '\(line)': No closing quotation")
        }
        guard let pattern = words.first else { return }
        let (hosts, port) = try Self.expandHostPattern(pattern, fail: fail)
        var variables: [(String, Value)] = []
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else { throw fail("Expected key=value host variable assignment, got: \(word)") }
            variables.append((String(word[..<equals]), Self.value(String(word[word.index(after: equals)...]))))
        }
        for host in hosts {
            graph.addHost(host, group: group, port: port, file: path, directory: directory)
            for (key, value) in variables { graph.setHostVariable(host, key, value) }
        }
    }

    /// A host pattern of an inventory file: ranges expanded, `:port` split off.
    static func expandHostPattern(_ pattern: String, fail: (String) -> InventoryError) throws(InventoryError) -> ([String], Int?) {
        let parsed = InventoryAddress.parse(pattern, allowRanges: true)
        let host = parsed?.host ?? pattern
        if pattern.iniTrimmed.hasSuffix(":") && parsed?.port == nil {
            throw fail("Invalid host pattern '\(pattern)' supplied, ending in ':' is not allowed, this character is reserved to provide a port.")
        }
        let hosts: [String]
        do { hosts = host.contains("[") ? try InventoryAddress.expandRanges(host) : [host] } catch { throw fail(error.message) }
        if hosts.contains(where: { $0.iniTrimmed == "---" }) {
            throw fail("Invalid host pattern '\(pattern)' supplied, '---' is normally a sign this is a YAML file.")
        }
        return (hosts, parsed?.port)
    }

    /// A value of the INI format: a Python literal when it is one, else the text itself.
    static func value(_ text: String) -> Value {
        PythonLiteral.evaluate(text) ?? .string(text)
    }

    /// `[name]` or `[name:kind]`, optionally followed by a `#` comment.
    static func sectionHeader(_ line: String) -> (String, String?)? {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
        let after = line[line.index(after: close)...].iniTrimmed
        guard after.isEmpty || after.hasPrefix("#") else { return nil }
        let inside = line[line.index(after: line.startIndex)..<close]
        let parts = inside.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0]
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "]" }) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            return (String(name), String(parts[1]))
        }
        return (String(name), nil)
    }

    /// A child group line: one name, optionally followed by a `#` comment.
    static func groupName(_ line: String) -> String? {
        let name = line.prefix { !$0.isWhitespace && $0 != ":" && $0 != "]" && $0 != "#" }
        let rest = line[name.endIndex...].iniTrimmed
        guard !name.isEmpty, rest.isEmpty || rest.hasPrefix("#") else { return nil }
        return String(name)
    }

    /// ansible's rule for names usable as variables: a letter or `_`, then letters, digits, `_`.
    static func isValidGroupName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    private mutating func addPendingChildren(of group: String, _ pending: inout OrderedDictionary<String, Pending>) throws(InventoryError) {
        for parent in pending[group]?.parents ?? [] {
            try graph.addChild(group, to: parent)
            if pending[parent]?.state == .children { try addPendingChildren(of: parent, &pending) }
        }
        pending[group] = nil
    }
}
