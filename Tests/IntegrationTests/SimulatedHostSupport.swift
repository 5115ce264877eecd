import Foundation
import Testing
import Swansible
import SwansibleTesting

/// When integration tests run: Docker answers, or we are under CI (`CI` set), where a missing
/// Docker must fail the run rather than skip it.
enum IntegrationGate {
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil
    static let dockerAvailable = Docker.isAvailable
    static var shouldRun: Bool { dockerAvailable || isCI }
    static let skipReason: Comment =
        "Docker is not available (start it with scripts/ensure-docker.sh); simulated-host tests skipped"

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Builds the host image with scripts/build-host-image.sh when it is missing.
    static func ensureImage(_ image: String = SimulatedCluster.defaultImage) async throws {
        if await Docker.imageExists(image) { return }
        let script = packageRoot.appendingPathComponent("scripts/build-host-image.sh").path
        let result = try await runScript(script)
        guard result.exitCode == 0 else {
            throw SimulatedClusterError("\(script) failed: \(result.stderr)")
        }
    }

    private static func runScript(_ path: String) async throws -> (exitCode: Int32, stderr: String) {
        try await withCheckedThrowingContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [path]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            process.terminationHandler = { p in
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                continuation.resume(returning: (p.terminationStatus, text))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}

/// The cluster shared by the tests of one suite, started once around the whole suite.
enum ClusterScope {
    @TaskLocal static var current: SimulatedCluster?

    static func cluster() throws -> SimulatedCluster {
        try #require(current, "no simulated cluster: the suite needs the .simulatedCluster trait")
    }
}

/// A suite trait that starts a `SimulatedCluster` before the suite's tests and removes it
/// after them, whatever happens in between.
struct SimulatedClusterTrait: SuiteTrait, TestScoping {
    var names: [String]
    var image: String = SimulatedCluster.defaultImage
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        guard IntegrationGate.dockerAvailable else {
            throw SimulatedClusterError("CI is set but Docker is not available: integration tests cannot run")
        }
        try await IntegrationGate.ensureImage(image)
        try await SimulatedCluster.with(names: names, image: image) { cluster in
            try await ClusterScope.$current.withValue(cluster) { try await function() }
        }
    }
}

extension Trait where Self == SimulatedClusterTrait {
    static func simulatedCluster(_ names: [String], image: String = SimulatedCluster.defaultImage) -> Self {
        SimulatedClusterTrait(names: names, image: image)
    }
}

extension SimulatedCluster {
    /// Writes the cluster's inventory and a playbook of `tasks` (a task list's lines, indented
    /// as a play's) for every host, with become and without facts, into the work directory.
    func writeTasksPlaybook(_ name: String, tasks: String) throws -> (playbook: String, inventory: String) {
        let inventory = workDirectory + "/inventory.ini"
        try writeInventory(to: inventory)
        let playbook = workDirectory + "/\(name).yml"
        try "- hosts: all\n  become: true\n  gather_facts: false\n  tasks:\n\(tasks)\n".write(toFile: playbook, atomically: true, encoding: .utf8)
        return (playbook, inventory)
    }
}
