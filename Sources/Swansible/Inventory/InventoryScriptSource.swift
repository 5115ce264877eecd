import Foundation
import SwansibleYAML

/// An executable inventory: `SCRIPT --list` prints JSON, `{group: {hosts, vars, children}}` or
/// `{group: [hosts]}`, with `_meta.hostvars`; without `_meta`, `SCRIPT --host NAME` is asked
/// for each host, as ansible-core's `script` plugin does.
struct InventoryScriptSource {
    let path: String
    var graph: InventoryGraph

    mutating func read() throws {
        let list = try run(["--list"])
        guard case .dict(let data) = list else {
            throw InventoryError(message: "the inventory script must print a JSON object", file: path)
        }
        var hostVars: ValueDict?
        if let meta = data["_meta"]?.dictValue { hostVars = meta["hostvars"]?.dictValue ?? [:] }
        var seenHosts: [String] = []
        for (group, entry) in data where group != "_meta" {
            graph.addGroup(group)
            var hosts: [Value] = []
            switch entry {
            case .list(let l): hosts = l
            case .dict(let d):
                hosts = d["hosts"]?.listValue ?? []
                for (key, value) in d["vars"]?.dictValue ?? [:] {
                    try graph.setGroupVariable(group, key, value)
                }
                for child in d["children"]?.listValue ?? [] {
                    guard let name = child.stringValue else { continue }
                    graph.addGroup(name)
                    try graph.addChild(name, to: group)
                }
            default: continue
            }
            for host in hosts {
                guard let name = host.stringValue else { continue }
                graph.addHost(name, group: group, port: nil, file: path, directory: ConfigPath.directory(of: path))
                seenHosts.append(name)
            }
        }
        for host in seenHosts {
            let vars = try hostVars.map { $0[host]?.dictValue ?? [:] } ?? (try run(["--host", host]).dictValue ?? [:])
            for (key, value) in vars { graph.setHostVariable(host, key, value) }
        }
    }

    /// Runs the script and reads its standard output as JSON (through the YAML loader, to keep order).
    private func run(_ arguments: [String]) throws -> Value {
        let output = Pipe(), errors = Pipe()
        let done = DispatchSemaphore(value: 0)
        let process = try ChildProcessIO.start {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            process.terminationHandler = { _ in done.signal() }
            return process
        }
        let stderrBox = ScriptErrorBuffer()
        let reader = Thread { stderrBox.data = ChildProcessIO.readAll(errors.fileHandleForReading) }
        reader.start()
        let data = ChildProcessIO.readAll(output.fileHandleForReading)
        done.wait()
        while reader.isExecuting { usleep(1000) }
        guard process.terminationStatus == 0 else {
            throw InventoryError(message: "the inventory script failed (rc \(process.terminationStatus)): \(String(decoding: stderrBox.data, as: UTF8.self))", file: path)
        }
        return try YAMLLoader.loadValue(String(decoding: data, as: UTF8.self), file: path + " " + arguments.joined(separator: " "))
    }
}

private final class ScriptErrorBuffer: @unchecked Sendable { var data = Data() }
