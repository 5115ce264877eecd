import Foundation
import Testing
import Swansible
import SwansibleTesting

/// git over SSH on a simulated Python-free Debian 12 host: without git it fails with
/// ansible-core's message; once apt has installed git, check mode predicts a clone without
/// making it, the clone is made, a second run changes nothing in one remote round trip, a new
/// commit upstream is fetched and checked out, and an archive of it is written once.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["gitfree-01"]))
struct GitModuleIntegrationTests {
    static let host = "gitfree-01"

    static func run(_ name: String, tasks: String, checkMode: Bool = false, profile: Bool = false) async throws -> (code: Int32, output: String) {
        let cluster = try ClusterScope.cluster()
        let (playbook, inventory) = try cluster.writeTasksPlaybook(name, tasks: tasks)
        var options = RunOptions()
        options.checkMode = checkMode
        options.profile = profile
        return await PlaybookIntegrationTests.runPlaybook(playbook, inventory: inventory, options: options)
    }

    static func shell(_ command: String) async throws -> String {
        try await PlaybookIntegrationTests.shell(try ClusterScope.cluster(), host, command)
    }

    static func changed(_ output: String) -> Int? { PlaybookIntegrationTests.recap(output)[host]?.changed }

    static let clone = "    - git: {repo: /srv/upstream.git, dest: /srv/checkout, version: main}"

    static func commit(_ text: String) -> String {
        "cd /srv/src && echo \(text) >> file.txt && git add file.txt && git -c user.name=t -c user.email=t@e commit -qm \(text) && git push -q /srv/upstream.git main && git rev-parse HEAD"
    }

    @Test func clonesUpdatesAndStaysPutWithoutPython() async throws {
        #expect(try await Self.shell("command -v python3 python; echo none") == "none", "the host should have no Python")
        _ = try await Self.shell("rm -f /usr/bin/git; rm -rf /srv/src /srv/upstream.git /srv/checkout /tmp/checkout.tar.gz")
        let missing = try await Self.run("git-missing", tasks: Self.clone)
        #expect(missing.code != 0 && missing.output.contains("Failed to find required executable \\\"git\\\" in paths: "), "\(missing.output)")

        _ = try await Self.shell("export DEBIAN_FRONTEND=noninteractive; apt-get install --reinstall -y -q --no-install-recommends git >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install --reinstall -y -q --no-install-recommends git >/dev/null 2>&1; }")
        #expect(try await Self.shell("command -v git") == "/usr/bin/git")
        _ = try await Self.shell("mkdir -p /srv/src && cd /srv/src && git init -q -b main . && git -c user.name=t -c user.email=t@e commit -q --allow-empty -m start && git clone -q --bare /srv/src /srv/upstream.git")
        let first = try await Self.shell(Self.commit("one"))

        let predicted = try await Self.run("git-check", tasks: Self.clone, checkMode: true)
        #expect(predicted.code == 0 && Self.changed(predicted.output) == 1, "\(predicted.output)")
        #expect(try await Self.shell("test -e /srv/checkout && echo there || echo absent") == "absent")

        let cloned = try await Self.run("git-clone", tasks: Self.clone)
        #expect(cloned.code == 0 && Self.changed(cloned.output) == 1, "\(cloned.output)")
        #expect(try await Self.shell("git -C /srv/checkout rev-parse HEAD") == first)

        let again = try await Self.run("git-again", tasks: Self.clone, profile: true)
        #expect(again.code == 0 && Self.changed(again.output) == 0, "\(again.output)")
        #expect(again.output.contains("Remote: 1 round trips"), "\(again.output)")

        let second = try await Self.shell(Self.commit("two"))
        let updated = try await Self.run("git-update", tasks: Self.clone + "\n      register: r\n    - assert: {that: [r.before == '\(first)', r.after == '\(second)', not r.remote_url_changed]}")
        #expect(updated.code == 0 && Self.changed(updated.output) == 1, "\(updated.output)")
        #expect(try await Self.shell("git -C /srv/checkout rev-parse HEAD") == second)

        let archive = "    - git: {repo: /srv/upstream.git, dest: /srv/checkout, version: main, archive: /tmp/checkout.tar.gz, archive_prefix: c/}"
        let archived = try await Self.run("git-archive", tasks: archive)
        #expect(archived.code == 0 && Self.changed(archived.output) == 1, "\(archived.output)")
        #expect(try await Self.shell("tar -tzf /tmp/checkout.tar.gz | sort | tr '\\n' ' '") == "c/ c/file.txt ")
        let rearchived = try await Self.run("git-archive-again", tasks: archive)
        #expect(rearchived.code == 0 && Self.changed(rearchived.output) == 0, "\(rearchived.output)")
    }
}
