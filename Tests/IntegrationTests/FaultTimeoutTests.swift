import Foundation
import Testing
import Swansible
import SwansibleTesting

/// A host that stops answering in the middle of a run (`docker pause`: its TCP stack still
/// accepts bytes, nothing answers them): only that host is given up, as UNREACHABLE when the
/// SSH keepalives find it dead, or as a failed task when its `timeout:` runs out first; the
/// other host finishes its play.
@Suite(.serialized, .timeLimit(.minutes(4)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["stall-01", "steady-01"]))
struct FaultTimeoutTests {
    static let play = """
        - hosts: all
          gather_facts: false
          tasks:
            - name: Reach both
              command: echo up
            - name: Long enough to stall in
              command: sleep {{ busy_seconds | default(12) }}
              timeout: "{{ stall_timeout | default(0) }}"
            - name: After
              command: echo after
        """

    /// Runs the play with `sshExtraArgs` for every host, pauses stall-01 once the middle task
    /// has started, and unpauses it when the run is over.
    static func runStalling(sshExtraArgs: String, extraVars: [String] = []) async throws -> (code: Int32, output: String) {
        let cluster = try ClusterScope.cluster()
        let stall = try #require(cluster.host(named: "stall-01"))
        let directory = cluster.workDirectory + "/stall-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try (cluster.inventoryText() + "\n[all:vars]\nansible_ssh_extra_args='\(sshExtraArgs)'\n")
            .write(toFile: directory + "/hosts", atomically: true, encoding: .utf8)
        try play.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inventorySources = ["hosts"]
        options.extraVars = extraVars
        let sink = BufferSink()
        let run = Task {
            await PlaybookCLI(options: options, playbooks: ["site.yml"], environment: [:], currentDirectory: directory,
                              callback: DefaultCallback(sink: sink)).run()
        }
        let deadline = Date().addingTimeInterval(60)
        while !sink.text.contains("TASK [Long enough to stall in]"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
        try await Self.pause(stall.containerName)
        let code = await run.value
        try await Docker.run(["unpause", stall.containerName])
        return (code, sink.text + sink.errorText)
    }

    @Test func keepalivesGiveUpTheSilentHostAndTheOtherFinishes() async throws {
        // Dead after ten silent seconds (a margin for a loaded machine); the live host's command
        // runs longer than that, answering keepalives all along.
        let run = try await Self.runStalling(sshExtraArgs: "-o ServerAliveInterval=2 -o ServerAliveCountMax=4")
        #expect(run.code == ExitCode.hostUnreachable, "\(run.output)")
        #expect(run.output.contains("fatal: [stall-01]: UNREACHABLE! => {\"changed\": false, \"msg\": \"Task failed: Failed to connect to the host via ssh: Timeout, server 127.0.0.1 not responding.\", \"unreachable\": true}"), "\(run.output)")
        let recap = PlaybookIntegrationTests.recap(run.output)
        #expect(recap["stall-01"]?.unreachable == 1 && recap["stall-01"]?.ok == 1, "\(run.output)")
        #expect(recap["steady-01"]?.ok == 3 && recap["steady-01"]?.failed == 0, "\(run.output)")
    }

    /// `docker pause`, tried again when the cgroup freezer is busy: under load it sometimes
    /// answers "unable to freeze" for a moment (seen in CI), which says nothing about Swansible.
    static func pause(_ container: String) async throws {
        for attempt in 1...5 {
            do {
                _ = try await Docker.run(["pause", container])
                return
            } catch where attempt < 5 {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    @Test func aTaskTimeoutEndsTheStalledTaskAsFailed() async throws {
        // Keepalives far apart: only the task's own timeout can end the wait.
        let run = try await Self.runStalling(sshExtraArgs: "-o ServerAliveInterval=600", extraVars: ["stall_timeout=7", "busy_seconds=3"])
        #expect(run.code == ExitCode.hostFailed, "\(run.output)")
        #expect(run.output.contains("fatal: [stall-01]: FAILED! => {\"changed\": false, \"msg\": \"Task failed: Timed out after 7 second(s).\""), "\(run.output)")
        let recap = PlaybookIntegrationTests.recap(run.output)
        #expect(recap["stall-01"]?.failed == 1 && recap["stall-01"]?.unreachable == 0, "\(run.output)")
        #expect(recap["steady-01"]?.ok == 3 && recap["steady-01"]?.failed == 0, "\(run.output)")
    }

    /// `-T`: a host that accepts the TCP connection but never says hello is given up after
    /// that many seconds, in OpenSSH's words, and the other host runs its play.
    @Test func theConnectTimeoutBoundsASilentHandshake() async throws {
        let cluster = try ClusterScope.cluster()
        let stall = try #require(cluster.host(named: "stall-01"))
        let directory = cluster.workDirectory + "/connect-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try cluster.writeInventory(to: directory + "/hosts")
        try Self.play.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inventorySources = ["hosts"]
        options.timeout = 2
        options.extraVars = ["busy_seconds=1"]
        let sink = BufferSink()
        try await Self.pause(stall.containerName)
        let code = await PlaybookCLI(options: options, playbooks: ["site.yml"], environment: [:], currentDirectory: directory,
                                     callback: DefaultCallback(sink: sink)).run()
        try await Docker.run(["unpause", stall.containerName])
        let output = sink.text + sink.errorText
        #expect(code == ExitCode.hostUnreachable, "\(output)")
        #expect(output.contains("fatal: [stall-01]: UNREACHABLE!") && output.contains("Connection timed out during banner exchange"), "\(output)")
        let recap = PlaybookIntegrationTests.recap(output)
        #expect(recap["stall-01"]?.unreachable == 1 && recap["steady-01"]?.ok == 3, "\(output)")
    }
}
