import Foundation
import Testing
import Swansible
import SwansibleTesting

/// A 100 MB `copy` cut short while its upload is in flight: the destination keeps its old
/// content, and no upload file stays in the host's /tmp — removed by the interrupted run
/// itself (Ctrl-C), or by the next run's first connection when the process was killed.
///
/// The signal is sent once the upload file appears on the host; on a loaded machine the upload
/// may still finish first (the run then exits 0), and the attempt is made again, up to 3 times.
@Suite(.serialized, .timeLimit(.minutes(4)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["upload-01"]))
struct InterruptedUploadTests {
    static let leftovers = "ls -a /tmp | grep -c '^\\.swansible-' || true"

    /// Writes the play, an old destination and a 50 MB source; starts swansible-playbook and
    /// returns it once the upload file exists on the host.
    static func startUpload(_ cluster: SimulatedCluster) async throws -> (PlaybookProcess, String) {
        let host = try #require(cluster.host(named: "upload-01"))
        let directory = cluster.workDirectory + "/upload-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try cluster.writeInventory(to: directory + "/hosts")
        var big = Data(count: 100 * 1024 * 1024)
        big.withUnsafeMutableBytes { raw in
            var generator = SystemRandomNumberGenerator()
            for i in stride(from: 0, to: raw.count, by: 8) { raw.storeBytes(of: generator.next() as UInt64, toByteOffset: i, as: UInt64.self) }
        }
        try big.write(to: URL(fileURLWithPath: directory + "/big.bin"))
        try """
        - hosts: all
          gather_facts: false
          tasks:
            - name: Upload
              copy:
                src: big.bin
                dest: /home/core/big.bin
        """.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        try await cluster.dockerExec(host, "rm -f /tmp/.swansible-*; printf 'old\\n' > /home/core/big.bin; chown core:core /home/core/big.bin")
        let watcher = Task {
            try await cluster.dockerExec(host, "i=0; until ls /tmp/.swansible-* >/dev/null 2>&1; do i=$((i+1)); [ $i -gt 6000 ] && exit 1; sleep 0.005; done")
        }
        let run = try PlaybookProcess(["-i", "hosts", "site.yml"], in: directory)
        try await watcher.value
        return (run, directory)
    }

    /// Starts the upload and sends `signal` while it is in flight; returns the run, its exit
    /// status and its directory. Tries again when the upload won the race and the run ended well.
    static func interruptUpload(_ cluster: SimulatedCluster, with signal: Int32) async throws -> (PlaybookProcess, Int32, String) {
        for attempt in 1...3 {
            let (run, directory) = try await startUpload(cluster)
            run.signal(signal)
            let status = try await run.waitForExit(within: 20)
            if status != 0 || attempt == 3 { return (run, status, directory) }
        }
        preconditionFailure("unreachable")
    }

    static func runAgain(_ directory: String) async -> (code: Int32, output: String) {
        var options = RunOptions()
        options.inventorySources = ["hosts"]
        let sink = BufferSink()
        try? "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: \"true\"\n"
            .write(toFile: directory + "/again.yml", atomically: true, encoding: .utf8)
        let code = await PlaybookCLI(options: options, playbooks: ["again.yml"], environment: [:], currentDirectory: directory,
                                     callback: DefaultCallback(sink: sink)).run()
        return (code, sink.text + sink.errorText)
    }

    @Test func ctrlCDuringTheUploadKeepsTheOldFileAndRemovesTheUpload() async throws {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "upload-01"))
        let (run, status, directory) = try await Self.interruptUpload(cluster, with: SIGINT)
        #expect(status == ExitCode.interrupted, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr == "[ERROR]: User interrupted execution\n")
        #expect(try await cluster.dockerExec(host, "cat /home/core/big.bin") == "old")
        #expect(try await cluster.dockerExec(host, Self.leftovers) == "0", "the interrupted run left its upload")
        let again = await Self.runAgain(directory)
        #expect(again.code == 0, "\(again.output)")
        #expect(try await cluster.dockerExec(host, Self.leftovers) == "0")
    }

    @Test func aKilledRunsUploadIsRemovedByTheNextRun() async throws {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "upload-01"))
        let (_, status, directory) = try await Self.interruptUpload(cluster, with: SIGKILL)
        #expect(status == 128 + SIGKILL)
        #expect(try await cluster.dockerExec(host, "cat /home/core/big.bin") == "old")
        #expect(try await cluster.dockerExec(host, Self.leftovers) == "1", "the killed run had nothing in flight")
        #expect(try await cluster.dockerExec(host, "stat -c %a /tmp/.swansible-*") == "600")
        let again = await Self.runAgain(directory)
        #expect(again.code == 0, "\(again.output)")
        #expect(try await cluster.dockerExec(host, Self.leftovers) == "0", "the next run kept the killed run's upload")
    }
}
