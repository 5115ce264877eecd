import Foundation
import Testing
@testable import Swansible

/// A templar for module tests: `{{ name }}` substitution from a dict, expressions that are
/// a variable name or `a == b` of literals/names, and conditions from a fixed table.
struct FakeTemplar: TemplateRendering {
    var variables: ValueDict = [:]
    var conditions: [String: Bool] = [:]

    func template(_ value: Value) throws -> Value {
        guard case .string(let s) = value else { return value }
        return .string(substitute(s, extra: [:]))
    }

    func evaluate(_ expression: String) throws -> Value {
        let e = expression.trimmingCharacters(in: .whitespaces)
        if let v = variables[e] { return v }
        if let i = Int(e) { return .int(i) }
        throw FakeUndefined(name: e)
    }

    func evaluateCondition(_ expression: String) throws -> Bool {
        if let c = conditions[expression] { return c }
        let parts = expression.components(separatedBy: "==")
        if parts.count == 2 {
            return try evaluate(parts[0]) == evaluate(parts[1])
        }
        return try evaluate(expression).isTruthy
    }

    func renderFile(_ source: String, path: String, extraVariables: ValueDict) throws -> String {
        substitute(source, extra: extraVariables)
    }

    private func substitute(_ s: String, extra: ValueDict) -> String {
        var out = s
        for (k, v) in variables.merging(extra, uniquingKeysWith: { $1 }) {
            out = out.replacingOccurrences(of: "{{ \(k) }}", with: v.pythonString)
        }
        return out
    }
}

struct FakeUndefined: Error, CustomStringConvertible {
    var name: String
    var description: String { "'\(name)' is undefined" }
}

/// A connection that records commands and answers them from a list of canned results.
actor RecordingConnection: Connection {
    private(set) var commands: [String] = []
    private(set) var puts: [(path: String, data: Data)] = []
    private var responses: [CommandResult]
    private let fallback: CommandResult

    init(responses: [CommandResult] = [], fallback: CommandResult = CommandResult(exitCode: 0, stdout: "", stderr: "")) {
        self.responses = responses
        self.fallback = fallback
    }

    /// Answers stdout `text` (rc 0) to the next commands, in order.
    init(stdouts: [String]) {
        self.init(responses: stdouts.map { CommandResult(exitCode: 0, stdout: $0, stderr: "") })
    }

    func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        commands.append(command)
        return responses.isEmpty ? fallback : responses.removeFirst()
    }

    func put(_ data: Data, to path: String, mode: Int) async throws { puts.append((path, data)) }
    func get(_ path: String) async throws -> Data { Data() }
    func close() async {}
}

/// A fresh directory under the system temp dir, removed by `cleanup()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "swansible-mod-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }
    func write(_ name: String, _ text: String) throws { try text.write(toFile: file(name), atomically: true, encoding: .utf8) }
    func read(_ name: String) throws -> String { try String(contentsOfFile: file(name), encoding: .utf8) }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs module `name` with `args` on the local machine, like a task would.
func runLocal(
    _ name: String, _ args: ValueDict, checkMode: Bool = false, templar: any TemplateRendering = FakeTemplar(),
    searchPaths: [String] = [], connection: any Connection = LocalConnection(), environment: ValueDict = [:]
) async throws -> ModuleResult {
    let context = ModuleContext(
        hostName: "localhost", connection: connection, environment: environment, checkMode: checkMode,
        searchPaths: searchPaths, templar: templar)
    return try await ModuleRegistry.run(name, arguments: args, in: context)
}

extension ModuleResult {
    /// The result without the `invocation` every module adds: what the module itself reports
    /// (`ModuleInvocationTests` pins the invocation).
    var reported: ModuleResult {
        var result = self
        result.fields["invocation"] = nil
        return result
    }
}
