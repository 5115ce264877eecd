import Foundation
import Testing
import Swansible
import SwansibleTesting

/// Timings of the SSH connection on a simulated host, printed for the record; the bounds are
/// loose (the machine is shared) and only catch a regression by an order of magnitude.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["perf-01"]))
struct ConnectionPerformanceTests {
    private func target() throws -> SSHTarget {
        let cluster = try ClusterScope.cluster()
        return cluster.sshTarget(for: try #require(cluster.host(named: "perf-01")))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    @Test func execRoundTripOfTrueOnALiveSession() async throws {
        let ssh = try await SSHConnection.connect(try target())
        let clock = ContinuousClock()
        _ = try await ssh.exec("true", stdin: nil)
        let runs = 200
        let elapsed = try await clock.measure {
            for _ in 0..<runs { _ = try await ssh.exec("true", stdin: nil) }
        }
        await ssh.close()
        let each = Self.milliseconds(elapsed) / Double(runs)
        print("SSH exec round trip of `true`: \(String(format: "%.2f", each)) ms (mean of \(runs))")
        #expect(each < 50)
    }

    @Test func sessionSetup() async throws {
        let target = try target()
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<10 {
            let elapsed = try await clock.measure {
                let ssh = try await SSHConnection.connect(target)
                await ssh.close()
            }
            samples.append(Self.milliseconds(elapsed))
        }
        samples.sort()
        print("SSH session setup (TCP + handshake + auth + close): median \(String(format: "%.1f", samples[5])) ms, min \(String(format: "%.1f", samples[0])) ms")
        #expect(samples[5] < 500)
    }

    @Test func sftpUploadOfOneMebibyte() async throws {
        let ssh = try await SSHConnection.connect(try target())
        let data = Data(repeating: 0x5a, count: 1 << 20)
        try await ssh.put(data, to: "/tmp/warmup", mode: 0o644)  // starts SFTP
        let clock = ContinuousClock()
        var uploads: [Double] = []
        var downloads: [Double] = []
        for index in 0..<5 {
            uploads.append(Self.milliseconds(try await clock.measure {
                try await ssh.put(data, to: "/tmp/upload-\(index)", mode: 0o644)
            }))
            downloads.append(Self.milliseconds(try await clock.measure {
                _ = try await ssh.get("/tmp/upload-\(index)")
            }))
        }
        await ssh.close()
        uploads.sort()
        downloads.sort()
        print("SFTP 1 MiB: upload median \(String(format: "%.1f", uploads[2])) ms, download median \(String(format: "%.1f", downloads[2])) ms")
        #expect(uploads[2] < 1000)
    }
}
