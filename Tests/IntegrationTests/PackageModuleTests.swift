import Foundation
import Testing
import Swansible
import SwansibleTesting

/// apt, package and dnf on a simulated Debian host without Python: the lists start empty and
/// the host reaches the Debian mirror, so the first task refreshes them and installs `tree`.
/// The tests run in order: each builds on the host the one before left.
@Suite(.serialized, .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason), .simulatedCluster(["pkg-01"]))
struct PackageModuleTests {
    static let host = "pkg-01"

    /// Writes `tasks` as a play on the host with become, and runs it.
    static func play(_ name: String, _ tasks: String, check: Bool = false, diff: Bool = false) async throws -> (code: Int32, output: String, stats: HostStats?) {
        let cluster = try ClusterScope.cluster()
        let directory = cluster.workDirectory + "/packages"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let inventory = directory + "/inventory.ini"
        if !FileManager.default.fileExists(atPath: inventory) {
            try cluster.inventoryText().write(toFile: inventory, atomically: true, encoding: .utf8)
        }
        let indented = tasks.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        try "- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n\(indented)\n"
            .write(toFile: directory + "/\(name).yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.checkMode = check
        options.diffMode = diff
        let result = await PlaybookIntegrationTests.runPlaybook(directory + "/\(name).yml", inventory: inventory, options: options)
        return (result.code, result.output, PlaybookIntegrationTests.recap(result.output)[host])
    }

    static func installed(_ package: String) async throws -> Bool {
        let cluster = try ClusterScope.cluster()
        let status = try await PlaybookIntegrationTests.shell(cluster, host, "dpkg-query -W -f='${db:Status-Abbrev}' \(package) 2>/dev/null || true")
        return status.hasPrefix("ii")
    }

    /// A refresh when the lists are older than an hour, then tree.
    static let install = """
        - apt: {update_cache: true, cache_valid_time: 3600}
          register: cache
        - apt: {name: tree}
          register: tree
        """

    @Test func installsThenIsIdempotentWithAValidCache() async throws {
        // The image's emptied lists directory is as old as the image: make it older than the hour.
        _ = try await PlaybookIntegrationTests.shell(try ClusterScope.cluster(), Self.host, "touch -d 2020-01-01 /var/lib/apt/lists")
        let first = try await Self.play("install", Self.install + """

            - assert: {that: [cache.changed, cache.cache_updated, cache.cache_update_time > 1600000000, tree.changed, "'tree' in tree.stdout"]}
            """)
        #expect(first.code == 0, "\(first.output)")
        #expect(first.stats?.changed == 2, "\(first.output)")
        #expect(try await Self.installed("tree"))

        let second = try await Self.play("install", Self.install + """

            - assert: {that: [not cache.changed, not cache.cache_updated, not tree.changed, not tree.cache_updated]}
            """)
        #expect(second.code == 0, "\(second.output)")
        #expect(second.stats?.changed == 0, "second run changed:\n\(second.output)")
    }

    @Test func checkModePredictsWithoutChanging() async throws {
        let checked = try await Self.play("check", """
            - apt: {name: hello}
              register: add
            - apt: {name: tree, state: absent}
              register: drop
            - assert: {that: [add.changed, drop.changed]}
            """, check: true, diff: true)
        #expect(checked.code == 0, "\(checked.output)")
        #expect(checked.stats?.changed == 2, "\(checked.output)")
        #expect(checked.output.contains("hello"), "no prepared diff:\n\(checked.output)")
        #expect(try await !Self.installed("hello"))
        #expect(try await Self.installed("tree"))
    }

    @Test func absentRemovesThenIsIdempotent() async throws {
        let tasks = """
            - apt: {name: [tree], state: absent, purge: true}
              register: gone
            """
        let first = try await Self.play("remove", tasks)
        #expect(first.code == 0 && first.stats?.changed == 1, "\(first.output)")
        #expect(try await !Self.installed("tree"))
        let second = try await Self.play("remove", tasks)
        #expect(second.code == 0 && second.stats?.changed == 0, "\(second.output)")
    }

    @Test func aMissingPackageFailsWithAptsMessage() async throws {
        let result = try await Self.play("missing", "- apt: {name: no-such-package-swansible}")
        #expect(result.code != 0)
        #expect(result.output.contains("No package matching 'no-such-package-swansible' is available"), "\(result.output)")
    }

    @Test func packageRoutesToAptAndDnfSaysItIsNotAvailable() async throws {
        let result = try await Self.play("generic", """
            - package: {name: tree, state: present}
              register: viaPackage
            - package: {name: tree, state: present}
              register: again
            - assert: {that: [viaPackage.changed, not again.changed]}
            - dnf: {name: httpd, state: present}
              when: false
            - yum: {name: httpd}
              ignore_errors: true
              register: rh
            - assert:
                that: [rh.failed, "'not available on this host' in rh.msg"]
            """)
        #expect(result.code == 0, "\(result.output)")
        #expect(result.stats?.changed == 1, "\(result.output)")
        #expect(try await Self.installed("tree"))
    }
}
