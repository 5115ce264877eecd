import Foundation
import Swansible

/// The containers `swansible test` has running, found by their labels.
public enum TestInstances {
    /// A table of every `swansible test` container on this Docker engine.
    public static func listing() async throws -> String {
        let format = "{{.Names}}\t{{.Label \"swansible.test.scenario\"}}\t{{.Status}}\t{{.Ports}}\t{{.Label \"swansible.test.role\"}}"
        let lines = try await Docker.run(["ps", "-a", "--filter", "label=swansible.test", "--format", format])
        var rows = [["Instance", "Scenario", "Status", "Ports", "Role"]]
        rows += lines.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        if rows.count == 1 { return "No instances." }
        let widths = (0..<5).map { column in rows.map { $0.count > column ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }.joined()
        }.joined(separator: "\n")
    }

    /// The container of `host` (or of the only instance) of the selected scenario.
    public static func container(options: TestHarness.Options, host: String?) async throws -> String {
        let harness = TestHarness(options: options)
        let role = try RoleUnderTest.find(options.role, currentDirectory: options.currentDirectory,
                                          rolesPath: TestHarness.rolesPath(options))
        guard let run = try harness.scenarioRuns(for: role).first else { throw ScenarioError("no scenario") }
        let state = run.workspace.loadState()
        guard !state.instances.isEmpty else { throw ScenarioError("no instances: run swansible test create first") }
        if let host {
            guard let record = state.instances.first(where: { $0.name == host }) else {
                throw ScenarioError("no instance \(host); instances: \(state.instances.map(\.name).joined(separator: ", "))")
            }
            return record.container
        }
        guard state.instances.count == 1 else {
            throw ScenarioError("several instances (\(state.instances.map(\.name).joined(separator: ", "))): choose one with --host")
        }
        return state.instances[0].container
    }
}
