import Foundation
import Testing
import Swansible
import SwansibleTesting

/// tempfile, fetch, hostname, get_url and cron over SSH on a simulated host without Python: what they do is
/// checked from outside (docker exec on the host, the controller's files), check mode leaves
/// everything alone, and a second run of fetch and hostname changes nothing.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["remote-01"]))
struct RemoteLayerIntegrationTests {
    static let host = "remote-01"

    static func run(_ name: String, tasks: String, become: Bool = true, checkMode: Bool = false) async throws -> (code: Int32, output: String) {
        let cluster = try ClusterScope.cluster()
        let inventory = cluster.workDirectory + "/inventory.ini"
        try cluster.writeInventory(to: inventory)
        let playbook = cluster.workDirectory + "/\(name).yml"
        try """
        - hosts: all
          become: \(become)
          gather_facts: false
          tasks:
        \(tasks)
        """.write(toFile: playbook, atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.checkMode = checkMode
        return await PlaybookIntegrationTests.runPlaybook(playbook, inventory: inventory, options: options)
    }

    static func shell(_ command: String) async throws -> String {
        try await PlaybookIntegrationTests.shell(try ClusterScope.cluster(), host, command)
    }

    static func changed(_ output: String) -> Int? { PlaybookIntegrationTests.recap(output)[host]?.changed }

    @Test func tempfileMakesPrivateFilesAndDirectories() async throws {
        let (code, output) = try await Self.run("tempfile", tasks: """
              - tempfile:
                  state: directory
                  suffix: .work
                register: d
              - tempfile:
                  path: "{{ d.path }}"
                  prefix: conf-
                register: f
              - copy:
                  dest: /tmp/swansible-tempfile-paths
                  content: "{{ d.path }} {{ f.path }} {{ d.state }} {{ f.state }} {{ f.mode }}\\n"
        """)
        #expect(code == 0, "\(output)")
        let recorded = try await Self.shell("cat /tmp/swansible-tempfile-paths").split(separator: " ").map(String.init)
        try #require(recorded.count == 5, "\(recorded)")
        let (dir, file) = (recorded[0], recorded[1])
        #expect(dir.hasPrefix("/tmp/ansible.") && dir.hasSuffix(".work"), "\(dir)")
        #expect(file.hasPrefix(dir + "/conf-"), "\(file)")
        #expect(Array(recorded[2...]) == ["directory", "file", "0600"])
        let seen = try await Self.shell("stat -c '%F %a %U' \(dir) \(file)")
        #expect(seen == "directory 700 root\nregular empty file 600 root", "\(seen)")
    }

    @Test func fetchCopiesToTheControllerOnceWithAndWithoutBecome() async throws {
        let cluster = try ClusterScope.cluster()
        let dest = cluster.workDirectory + "/fetched"
        try? FileManager.default.removeItem(atPath: dest)
        _ = try await Self.shell("mkdir -p /root/secret && printf 'payload\\n' > /root/secret/data.txt && chmod 600 /root/secret/data.txt")
        let tasks = """
              - fetch:
                  src: /root/secret/data.txt
                  dest: \(dest)
              - fetch:
                  src: /etc/os-release
                  dest: \(dest)/flat/
                  flat: true
                become: false
              - fetch:
                  src: /root/nope
                  dest: \(dest)
                  fail_on_missing: false
        """
        let first = try await Self.run("fetch", tasks: tasks)
        #expect(first.code == 0 && Self.changed(first.output) == 2, "\(first.output)")
        let second = try await Self.run("fetch", tasks: tasks)
        #expect(second.code == 0 && Self.changed(second.output) == 0, "second run changed:\n\(second.output)")
        #expect(try String(contentsOfFile: dest + "/\(Self.host)/root/secret/data.txt", encoding: .utf8) == "payload\n")
        let osRelease = try await Self.shell("cat /etc/os-release")
        #expect(try String(contentsOfFile: dest + "/flat/os-release", encoding: .utf8) == osRelease + "\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: dest + "/\(Self.host)/root/secret")
        #expect(left == ["data.txt"], "\(left)")
        #expect(!FileManager.default.fileExists(atPath: dest + "/\(Self.host)/root/nope"))
    }

    @Test func checkModeCreatesAndFetchesNothing() async throws {
        let cluster = try ClusterScope.cluster()
        let dest = cluster.workDirectory + "/fetched-check"
        let before = try await Self.shell("ls /tmp | sort")
        let (code, output) = try await Self.run("check", tasks: """
              - tempfile: {}
              - fetch:
                  src: /etc/os-release
                  dest: \(dest)
              - hostname:
                  name: never-set
                  use: generic
        """, checkMode: true)
        #expect(code == 0, "\(output)")
        #expect(PlaybookIntegrationTests.recap(output)[Self.host]?.skipped == 2, "\(output)")
        #expect(Self.changed(output) == 1, "\(output)")
        #expect(try await Self.shell("ls /tmp | sort") == before)
        #expect(!FileManager.default.fileExists(atPath: dest))
        #expect(try await Self.shell("hostname; cat /etc/hostname").contains("never-set") == false)
    }

    /// get_url's check mode on a host without Python: a file:// source is read (like
    /// ansible-core's) and compared with dest, and nothing is written beside or over it.
    @Test func getURLCheckModeComparesAndWritesNothing() async throws {
        _ = try await Self.shell("mkdir -p /srv/geturl && printf 'one\\n' > /srv/geturl/src && printf 'one\\n' > /srv/geturl/same && printf 'two\\n' > /srv/geturl/other")
        let (code, output) = try await Self.run("get-url-check", tasks: """
              - get_url: {url: "file:///srv/geturl/src", dest: /srv/geturl/missing}
              - get_url: {url: "file:///srv/geturl/src", dest: /srv/geturl/same}
              - get_url: {url: "file:///srv/geturl/src", dest: /srv/geturl/other}
        """, checkMode: true)
        #expect(code == 0, "\(output)")
        #expect(Self.changed(output) == 2, "\(output)")
        #expect(try await Self.shell("ls -A /srv/geturl; cat /srv/geturl/other") == "other\nsame\nsrc\ntwo")
    }

    @Test func hostnameSetsTheRunningAndPermanentNameOnce() async throws {
        let tasks = """
              - hostname:
                  name: node-7.example.test
                  use: generic
                register: h
              - assert:
                  that:
                    - h.name == 'node-7.example.test'
                    - ansible_hostname == 'node-7'
                    - ansible_nodename == 'node-7.example.test'
              - hostname:
                  name: node-7.example.test
        """
        let first = try await Self.run("hostname", tasks: tasks)
        #expect(first.code == 0 && Self.changed(first.output) == 1, "\(first.output)")
        let second = try await Self.run("hostname", tasks: tasks)
        #expect(second.code == 0 && Self.changed(second.output) == 0, "second run changed:\n\(second.output)")
        let names = try await Self.shell("hostname; cat /etc/hostname; hostnamectl --static status")
        #expect(names == "node-7.example.test\nnode-7.example.test\nnode-7.example.test", "\(names)")
    }

    @Test func timezoneIsSetOnceWithTimedatectlAndCheckModeOnlyPredicts() async throws {
        let tasks = """
              - timezone: name=Europe/Paris hwclock=UTC
                register: tz
              - assert:
                  that:
                    - "tz.diff.after == {'name': 'Europe/Paris', 'hwclock': 'UTC'}"
              - timezone: name=Asia/Tokyo
                check_mode: true
                register: predicted
              - assert:
                  that:
                    - predicted is changed
                    - predicted.diff.before.name == 'Europe/Paris'
              - timezone: name=Nowhere/Else
                register: unknown
                ignore_errors: true
              - assert:
                  that:
                    - unknown.msg.splitlines() == ['Error message:', 'given timezone "Nowhere/Else" is not available']
        """
        // The check-mode task predicts a change on both runs; it changes nothing.
        let first = try await Self.run("timezone", tasks: tasks)
        #expect(first.code == 0 && Self.changed(first.output) == 2, "\(first.output)")
        let second = try await Self.run("timezone", tasks: tasks)
        #expect(second.code == 0 && Self.changed(second.output) == 1, "second run changed:\n\(second.output)")
        let zone = try await Self.shell("timedatectl show -p Timezone --value")
        #expect(zone == "Europe/Paris", "\(zone)")
        _ = try await Self.shell("sudo timedatectl set-timezone Etc/UTC")
    }

    @Test func mountKeepsTheFstabEntryAndTheMountOnceAndRemovesBoth() async throws {
        let tasks = """
              - mount: name=none src=/swapfile fstype=swap opts=sw state=present
              - mount: path=/mnt/scratch src=tmpfs fstype=tmpfs opts=size=1m state=mounted
              - mount: path=/mnt/scratch src=tmpfs fstype=tmpfs opts=size=2m state=mounted
                check_mode: true
                register: predicted
              - assert:
                  that: [predicted is changed]
        """
        let first = try await Self.run("mount", tasks: tasks)
        #expect(first.code == 0 && Self.changed(first.output) == 3, "\(first.output)")
        let second = try await Self.run("mount", tasks: tasks)
        #expect(second.code == 0 && Self.changed(second.output) == 1, "second run changed:\n\(second.output)")
        let state = try await Self.shell("grep -v '^#' /etc/fstab; findmnt -n -o FSTYPE /mnt/scratch")
        #expect(state == "/swapfile none swap sw 0 0\ntmpfs /mnt/scratch tmpfs size=1m 0 0\ntmpfs", "\(state)")
        let removed = try await Self.run("mount-absent", tasks: """
              - mount: path=/mnt/scratch state=absent
              - mount: name=none src=/swapfile state=absent
        """)
        #expect(removed.code == 0 && Self.changed(removed.output) == 2, "\(removed.output)")
        #expect(try await Self.shell("grep -cv '^#' /etc/fstab; findmnt /mnt/scratch; test -e /mnt/scratch; echo $?") == "0\n1", "the entries, the mount and the mount point are gone")
    }

    @Test func cronFileJobIsWrittenOnceAndRemoved() async throws {
        let tasks = """
              - cron:
                  name: etcd snapshot
                  minute: '0'
                  hour: '2'
                  user: root
                  cron_file: swansible-snapshot
                  job: /opt/bin/snapshot.sh
        """
        let check = try await Self.run("cron-check", tasks: tasks, checkMode: true)
        #expect(check.code == 0 && Self.changed(check.output) == 1, "\(check.output)")
        #expect(try await Self.shell("ls /etc/cron.d/swansible-snapshot 2>/dev/null || echo none") == "none")
        let first = try await Self.run("cron", tasks: tasks)
        #expect(first.code == 0 && Self.changed(first.output) == 1, "\(first.output)")
        let second = try await Self.run("cron", tasks: tasks)
        #expect(second.code == 0 && Self.changed(second.output) == 0, "second run changed:\n\(second.output)")
        let written = try await Self.shell("cat /etc/cron.d/swansible-snapshot; stat -c %a /etc/cron.d/swansible-snapshot")
        #expect(written == "#Ansible: etcd snapshot\n0 2 * * * root /opt/bin/snapshot.sh\n644", "\(written)")
        let removed = try await Self.run("cron-absent", tasks: """
              - cron:
                  name: etcd snapshot
                  cron_file: swansible-snapshot
                  state: absent
        """)
        #expect(removed.code == 0 && Self.changed(removed.output) == 1, "\(removed.output)")
        #expect(try await Self.shell("ls /etc/cron.d/swansible-snapshot 2>/dev/null || echo none") == "none")
    }

    /// The simulated hosts have no crontab command and no /proc/modules (their kernel has no
    /// loadable modules): cron on a user crontab and modprobe fail cleanly, touching nothing.
    /// `meta: reset_connection` ends the host's SSH session: the next task comes from a new TCP
    /// connection (another client port in SSH_CONNECTION), and the one after it reuses that.
    @Test func resetConnectionOpensANewSession() async throws {
        let (code, output) = try await Self.run("reset-connection", tasks: """
              - command: printenv SSH_CONNECTION
                register: first
              - command: printenv SSH_CONNECTION
                register: same
              - meta: reset_connection
              - command: printenv SSH_CONNECTION
                register: renewed
              - copy:
                  dest: /tmp/swansible-reset-connection
                  content: "{{ [first.stdout, same.stdout, renewed.stdout] | map('split') | map(attribute=1) | join(' ') }}\n"
        """, become: false)
        #expect(code == 0, "\(output)")
        let ports = try await Self.shell("cat /tmp/swansible-reset-connection").split(separator: " ").map(String.init)
        try #require(ports.count == 3, "\(ports)")
        #expect(ports[0] == ports[1] && ports[1] != ports[2], "client ports \(ports)")
    }

    @Test func cronAndModprobeFailCleanlyWithoutTheirPrerequisites() async throws {
        let (code, output) = try await Self.run("missing", tasks: """
              - cron:
                  name: x
                  job: /bin/true
                ignore_errors: true
              - modprobe:
                  name: dummy
                  persistent: present
                ignore_errors: true
        """)
        #expect(code == 0, "\(output)")
        #expect(output.contains("Failed to find required executable") && output.contains("crontab"), "\(output)")
        #expect(output.contains("No such file or directory: '/proc/modules'"), "\(output)")
        #expect(try await Self.shell("ls /etc/modules-load.d/dummy.conf 2>/dev/null || echo none") == "none")
    }
}
