import Foundation
import Testing
@testable import Swansible

/// `--profile`: after the recap, the slowest tasks, the time per role and the run's counters.
@Suite struct ProfileCallbackTests {
    /// Runs `playbook` (with a role `r` whose one task runs a command) on localhost with
    /// `options` changed by `configure`; returns the output.
    static func run(_ playbook: String, environment: [String: String] = [:], configure: (inout RunOptions) -> Void) async throws -> String {
        let dir = NSTemporaryDirectory() + "swansible-profile-\(UInt32.random(in: 0 ... .max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/roles/r/tasks", withIntermediateDirectories: true)
        try playbook.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
        try "- {name: in the role, command: echo role}\n".write(toFile: dir + "/roles/r/tasks/main.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inventorySources = ["localhost,"]
        options.connection = "local"
        configure(&options)
        let sink = BufferSink()
        let status = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], environment: ["ANSIBLE_CONFIG": dir + "/none.cfg"].merging(environment) { $1 },
            currentDirectory: dir, callback: DefaultCallback(sink: sink)
        ).run()
        #expect(status == 0, "\(sink.text)")
        return sink.text
    }

    static let playbook = """
        - hosts: localhost
          gather_facts: false
          roles: [r]
          tasks:
            - {name: quick, debug: {msg: hi}}
            - {name: slow, command: sleep 0.4}
            - {name: three items, command: "echo {{ item }}", loop: [1, 2, 3]}

        """

    @Test func theReportFollowsTheRecapWithTasksRolesAndCounters() async throws {
        let output = try await Self.run(Self.playbook) { $0.profile = true }
        let afterRecap = try #require(output.range(of: "PLAY RECAP").map { String(output[$0.upperBound...]) })
        let lines = afterRecap.split(separator: "\n").map(String.init)
        let report = try #require(lines.firstIndex { $0.hasPrefix("PROFILE ***") })
        #expect(lines[report + 1] == "Slowest tasks:")
        // Every task once, slowest first, in rows 79 columns wide like the banners.
        let rows = Array(lines[(report + 2)...].prefix { $0.hasPrefix("  ") })
        #expect(Set(rows.map { $0.split(separator: " -")[0] }) == ["  slow", "  quick", "  three items", "  r : in the role"], "\(afterRecap)")
        #expect(rows.allSatisfy { $0.count == 79 }, "\(rows)")
        let seconds = rows.map { Double($0.split(separator: " ").last!.dropLast())! }
        #expect(seconds == seconds.sorted(by: >), "\(rows)")
        let roles = try #require(lines.firstIndex(of: "Roles:"))
        #expect(lines[roles + 1].hasPrefix("  r ---"))
        // 4 host-tasks (the role's, debug, sleep, the loop once); 5 commands: role, sleep, 3 items.
        let run = try #require(lines.first { $0.hasPrefix("Run: ") })
        #expect(run.contains(" 4 host-tasks; controller "), "\(run)")
        let threads = try #require(run.split(separator: " ").dropLast(3).last.flatMap { Int($0) }, "\(run)")
        #expect(run.hasSuffix(" threads at most") && threads >= 1, "\(run)")
        let remote = try #require(lines.first { $0.hasPrefix("Remote: ") })
        #expect(remote.hasPrefix("Remote: 5 round trips (1.25 per host-task: 5 commands, 0 uploads, 0 downloads)"), "\(remote)")
    }

    @Test func callbacksEnabledNamingProfileTasksTurnsItOn() async throws {
        let on = try await Self.run(Self.playbook, environment: ["ANSIBLE_CALLBACKS_ENABLED": "timer,ansible.posix.profile_tasks"]) { _ in }
        #expect(on.contains("PROFILE ***"))
        let off = try await Self.run(Self.playbook, environment: ["ANSIBLE_CALLBACKS_ENABLED": "timer"]) { _ in }
        #expect(!off.contains("PROFILE ***"))
    }

    @Test func rowsKeepAtLeastThreeDashesForLongNames() {
        #expect(ProfileCallback.row("short", 1.234) == "  short " + String(repeating: "-", count: 65) + " 1.23s")
        let long = String(repeating: "x", count: 90)
        #expect(ProfileCallback.row(long, 0).hasSuffix("x --- 0.00s"))
    }

    @Test func bytesAreShownInBinaryUnits() {
        #expect(ProfileCallback.bytes(512) == "512 B")
        #expect(ProfileCallback.bytes(1536) == "1.5 KiB")
        #expect(ProfileCallback.bytes(3 * 1024 * 1024) == "3.0 MiB")
    }
}
