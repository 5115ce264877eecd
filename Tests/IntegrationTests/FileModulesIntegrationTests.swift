import Foundation
import Testing
import Swansible
import SwansibleTesting

/// blockinfile, replace and find over SSH on a simulated host without Python: the first run
/// changes the host, the second changes nothing, and the files hold what ansible would write.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["files-01"]))
struct FileModulesIntegrationTests {
    static let host = "files-01"

    /// Runs `tasks` (YAML, indented for a play's task list) as a play for the host, twice.
    static func runTwice(_ name: String, tasks: String) async throws -> (first: (code: Int32, output: String), second: (code: Int32, output: String)) {
        let cluster = try ClusterScope.cluster()
        let inventory = cluster.workDirectory + "/inventory.ini"
        try cluster.writeInventory(to: inventory)
        let playbook = cluster.workDirectory + "/\(name).yml"
        try """
        - hosts: all
          become: true
          gather_facts: false
          tasks:
        \(tasks)
        """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let first = await PlaybookIntegrationTests.runPlaybook(playbook, inventory: inventory)
        let second = await PlaybookIntegrationTests.runPlaybook(playbook, inventory: inventory)
        return (first, second)
    }

    static func shell(_ command: String) async throws -> String {
        try await PlaybookIntegrationTests.shell(try ClusterScope.cluster(), host, command)
    }

    @Test func theHostHasNoPython() async throws {
        let found = try await Self.shell("command -v python3 python python2 || echo none")
        #expect(found == "none", "python on the host: \(found)")
    }

    @Test func blockinfileInsertsThenChangesNothing() async throws {
        _ = try await Self.shell("printf 'a\\n[x]\\nb\\n' > /etc/swansible-block")
        let (first, second) = try await Self.runTwice("block", tasks: """
              - blockinfile:
                  path: /etc/swansible-block
                  insertafter: '^\\[x\\]'
                  block: |
                    k=1
                    k=2
                  mode: "0640"
              - blockinfile:
                  path: /etc/swansible-new/block
                  create: true
                  marker: "// {mark} swansible"
                  block: only
        """)
        #expect(first.code == 0, "\(first.output)")
        #expect(PlaybookIntegrationTests.recap(first.output)[Self.host]?.changed == 2, "\(first.output)")
        #expect(second.code == 0, "\(second.output)")
        #expect(PlaybookIntegrationTests.recap(second.output)[Self.host]?.changed == 0, "second run changed:\n\(second.output)")
        let content = try await Self.shell("cat /etc/swansible-block; stat -c %a /etc/swansible-block; cat /etc/swansible-new/block; ls -a /etc | grep -c swansible-tmp || true")
        #expect(content == "a\n[x]\n# BEGIN ANSIBLE MANAGED BLOCK\nk=1\nk=2\n# END ANSIBLE MANAGED BLOCK\nb\n640\n// BEGIN swansible\nonly\n// END swansible\n0", "\(content)")
    }

    /// copy with remote_src and a directory on the host: check mode predicts the change and
    /// writes nothing (the first task's target is still missing after it); the first run copies the tree (into an existing target too, keeping its
    /// own files and replacing the one that differs), the second changes nothing.
    @Test func copyOfAHostDirectoryThenChangesNothing() async throws {
        _ = try await Self.shell("""
            rm -rf /srv/rsrc /srv/rnew /srv/rold && mkdir -p /srv/rsrc/sub /srv/rold/rsrc && echo one > /srv/rsrc/one && \\
            echo two > /srv/rsrc/sub/two && chmod 600 /srv/rsrc/sub/two && ln -s one /srv/rsrc/link && \\
            echo old > /srv/rold/rsrc/one && echo keep > /srv/rold/rsrc/extra
            """)
        let tasks = """
              - copy: {src: /srv/rsrc, dest: /srv/rnew, remote_src: true, owner: nobody}
                check_mode: true
              - copy: {src: /srv/rsrc, dest: /srv/rnew, remote_src: true, owner: nobody}
              - copy: {src: /srv/rsrc, dest: /srv/rold, remote_src: true}
        """
        let (first, second) = try await Self.runTwice("remote-directory", tasks: tasks)
        #expect(first.code == 0, "\(first.output)")
        #expect(PlaybookIntegrationTests.recap(first.output)[Self.host]?.changed == 3, "\(first.output)")
        #expect(second.code == 0, "\(second.output)")
        #expect(PlaybookIntegrationTests.recap(second.output)[Self.host]?.changed == 0, "second run changed:\n\(second.output)")
        let tree = try await Self.shell("cd /srv && find rnew rold | sort | while read -r f; do printf '%s %s %s %s\\n' \"$f\" \"$(stat -c '%F %a %U' \"$f\")\" \"$(readlink \"$f\")\" \"$(cat \"$f\" 2>/dev/null)\"; done")
        #expect(tree == """
            rnew directory 755 root  
            rnew/rsrc directory 755 nobody  
            rnew/rsrc/link symbolic link 777 nobody one one
            rnew/rsrc/one regular file 644 nobody  one
            rnew/rsrc/sub directory 755 nobody  
            rnew/rsrc/sub/two regular file 600 nobody  two
            rold directory 755 root  
            rold/rsrc directory 755 root  
            rold/rsrc/extra regular file 644 root  keep
            rold/rsrc/link symbolic link 777 root one one
            rold/rsrc/one regular file 644 root  one
            rold/rsrc/sub directory 755 root  
            rold/rsrc/sub/two regular file 600 root  two
            """, "\(tree)")
    }

    @Test func replaceSubstitutesThenChangesNothing() async throws {
        _ = try await Self.shell("printf 'port 80\\n[s]\\nport 81\\nport 82\\n' > /etc/swansible-replace")
        let (first, second) = try await Self.runTwice("replace", tasks: """
              - replace:
                  path: /etc/swansible-replace
                  after: '\\[s\\]'
                  regexp: '^port (\\d+)$'
                  replace: 'listen \\1'
                register: replaced
              - assert:
                  that:
                    - replaced.msg in ['2 replacements made', '']
        """)
        #expect(first.code == 0, "\(first.output)")
        #expect(PlaybookIntegrationTests.recap(first.output)[Self.host]?.changed == 1, "\(first.output)")
        #expect(second.code == 0, "\(second.output)")
        #expect(PlaybookIntegrationTests.recap(second.output)[Self.host]?.changed == 0, "second run changed:\n\(second.output)")
        let content = try await Self.shell("cat /etc/swansible-replace")
        #expect(content == "port 80\n[s]\nlisten 81\nlisten 82", "\(content)")
    }

    @Test func findReportsWhatTheFirstRunCreated() async throws {
        let (first, second) = try await Self.runTwice("find", tasks: """
              - file: {path: /srv/swansible-find/sub, state: directory}
              - copy: {content: "port=80\\n", dest: /srv/swansible-find/a.conf}
              - copy: {content: "x\\n", dest: /srv/swansible-find/sub/b.conf}
              - copy: {content: "y\\n", dest: /srv/swansible-find/c.txt}
              - find:
                  paths: /srv/swansible-find
                  patterns: '*.conf'
                  recurse: true
                register: found
              - find:
                  paths: /srv/swansible-find
                  contains: 'port=\\d+'
                register: containing
              - assert:
                  that:
                    - found.matched == 2
                    - found.examined == 4
                    - found.files | map(attribute='path') | sort == ['/srv/swansible-find/a.conf', '/srv/swansible-find/sub/b.conf']
                    - containing.files | map(attribute='path') | list == ['/srv/swansible-find/a.conf']
                    - found is not changed
        """)
        #expect(first.code == 0, "\(first.output)")
        #expect(PlaybookIntegrationTests.recap(first.output)[Self.host]?.changed == 4, "\(first.output)")
        #expect(second.code == 0, "\(second.output)")
        #expect(PlaybookIntegrationTests.recap(second.output)[Self.host]?.changed == 0, "second run changed:\n\(second.output)")
    }
}
