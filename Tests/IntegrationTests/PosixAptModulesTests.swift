import Foundation
import Testing
import Swansible
import SwansibleTesting

/// authorized_key, apt_key, apt_repository, deb822_repository and package_facts over SSH on a
/// simulated Python-free Debian 12 host: each first run changes, a second changes nothing,
/// check mode predicts without touching the host, and the host is looked at from outside.
@Suite(.serialized, .timeLimit(.minutes(8)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["posixapt-01"]))
struct PosixAptModulesTests {
    static let host = "posixapt-01"

    static func run(_ name: String, tasks: String, checkMode: Bool = false) async throws -> (code: Int32, output: String) {
        try await RemoteLayerIntegrationTests.run(name, tasks: tasks, checkMode: checkMode)
    }

    static func shell(_ command: String) async throws -> String {
        try await PlaybookIntegrationTests.shell(try ClusterScope.cluster(), host, command)
    }

    static func changed(_ output: String) -> Int? { PlaybookIntegrationTests.recap(output)[host]?.changed }

    /// Check mode (unless `checkFirst` is false) predicts `changes` and leaves the host as it
    /// was (the `untouched` command answers as given); the first run makes them; the second none.
    static func expectConverges(_ name: String, tasks: String, changes: Int, checkFirst: Bool = true,
                                untouched: (command: String, answer: String)? = nil) async throws {
        if checkFirst {
            let predicted = try await run(name + "-check", tasks: tasks, checkMode: true)
            #expect(predicted.code == 0 && changed(predicted.output) == changes, "\(predicted.output)")
            if let untouched {
                let seen = try await shell(untouched.command)
                #expect(seen == untouched.answer, "check mode changed the host: \(seen)")
            }
        }
        let first = try await run(name, tasks: tasks)
        #expect(first.code == 0 && changed(first.output) == changes, "\(first.output)")
        let second = try await run(name, tasks: tasks)
        #expect(second.code == 0 && changed(second.output) == 0, "second run changed:\n\(second.output)")
    }

    /// Whether `tool` is missing on the host.
    static func lacks(_ tool: String) async throws -> Bool {
        try await shell("command -v \(tool) >/dev/null; echo $?") != "0"
    }

    /// Installs `package` with apt-get (after an update when the lists lack it).
    static func install(_ package: String) async throws {
        _ = try await shell("export DEBIAN_FRONTEND=noninteractive; apt-get install -y -q \(package) >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install -y -q \(package) >/dev/null 2>&1; }")
    }

    static let alice = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyOfAlice alice@laptop"
    static let bob = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQKeyOfBob bob@desk"

    @Test func authorizedKeyAddsKeysOnceWithTheirModesAndRemovesThem() async throws {
        _ = try await Self.shell("id keyuser >/dev/null 2>&1 || useradd -m keyuser; rm -rf /home/keyuser/.ssh")
        let tasks = """
              - authorized_key:
                  user: keyuser
                  key: "\(Self.alice)"
                register: first
              - authorized_key:
                  user: keyuser
                  key: "\(Self.bob)"
                  key_options: no-pty,from="10.0.0.1"
              - assert:
                  that:
                    - first.keyfile == '/home/keyuser/.ssh/authorized_keys'
                    - first.user == 'keyuser' and first.state == 'present' and first.manage_dir and not first.exclusive
        """
        try await Self.expectConverges("authorized-key", tasks: tasks, changes: 2,
                                  untouched: ("test -e /home/keyuser/.ssh; echo $?", "1"))
        let seen = try await Self.shell("stat -c '%a %U %G' /home/keyuser/.ssh /home/keyuser/.ssh/authorized_keys; cat /home/keyuser/.ssh/authorized_keys")
        #expect(seen == "700 keyuser keyuser\n600 keyuser keyuser\n\(Self.alice)\nno-pty,from=\"10.0.0.1\" \(Self.bob)", "\(seen)")

        let removal = """
              - authorized_key:
                  user: keyuser
                  key: "\(Self.alice)"
                  state: absent
              - authorized_key:
                  user: keyuser
                  key: "\(Self.bob)"
                  exclusive: true
              - authorized_key:
                  user: nobody-here
                  key: "\(Self.bob)"
                register: missing
                ignore_errors: true
              - authorized_key:
                  user: keyuser
                  key: not-a-key
                register: invalid
                ignore_errors: true
              - authorized_key:
                  user: keyuser
                  key: http://deb.debian.org/swansible-no-such.keys
                register: unfetched
                ignore_errors: true
              - assert:
                  that:
                    - missing.msg == expected
                    - invalid.msg == 'invalid key specified: not-a-key'
                    - "unfetched.msg == 'Error getting key from' ~ ': http://deb.debian.org/swansible-no-such.keys'"
                vars:
                  expected: >-
                    Failed to lookup user nobody-here: "getpwnam(): name not found: 'nobody-here'"
        """
        try await Self.expectConverges("authorized-key-absent", tasks: removal, changes: 2, checkFirst: false)
        #expect(try await Self.shell("cat /home/keyuser/.ssh/authorized_keys") == Self.bob)
    }

    @Test func aptRepositoryAddsTheLineInItsOwnFileOnceAndRemovesIt() async throws {
        let line = "deb http://deb.debian.org/debian bookworm-backports main"
        let file = "/etc/apt/sources.list.d/deb_debian_org_debian.list"
        _ = try await Self.shell("rm -f \(file) /etc/apt/sources.list.d/extra.list")
        let tasks = """
              - apt_repository:
                  repo: "\(line)"
                register: added
              - apt_repository:
                  repo: deb http://deb.debian.org/debian bookworm-proposed-updates main
                  filename: extra
                  mode: '0640'
                  update_cache: false
              - assert:
                  that:
                    - added.repo == '\(line)'
                    - added.state == 'present'
              - apt_repository:
                  repo: ppa:nginx/stable
                register: ppa
                ignore_errors: true
              - apt_repository:
                  repo: http://nowhere.example/ stable main
                register: invalid
                ignore_errors: true
              - assert:
                  that:
                    - ppa is failed
                    - "invalid.msg == 'Invalid repository string' ~ ': http://nowhere.example/ stable main'"
        """
        try await Self.expectConverges("apt-repository", tasks: tasks, changes: 2,
                                  untouched: ("ls /etc/apt/sources.list.d/", ""))
        let seen = try await Self.shell("cat \(file); stat -c %a \(file) /etc/apt/sources.list.d/extra.list; ls /var/lib/apt/lists | grep -c backports")
        #expect(seen == "\(line)\n644\n640\n" + seen.split(separator: "\n").last!, "\(seen)")
        #expect(Int(seen.split(separator: "\n").last!) ?? 0 > 0, "apt-get update fetched the new suite's lists: \(seen)")

        let removal = """
              - apt_repository:
                  repo: "\(line)"
                  state: absent
                register: removed
              - assert:
                  that: ["removed.sources_removed == ['\(file)']"]
                when: removed is changed
        """
        try await Self.expectConverges("apt-repository-absent", tasks: removal, changes: 1, checkFirst: false)
        #expect(try await Self.shell("test -e \(file); echo $?") == "1")
        _ = try await Self.shell("rm -f /etc/apt/sources.list.d/extra.list")
    }

    @Test func packageFactsListsDpkgsPackagesWithAnsibleCoresFields() async throws {
        _ = try await Self.shell("apt-get update -q >/dev/null 2>&1")
        let bash = try await Self.shell("dpkg-query -W -f='${Version} ${Section}' bash")
        let count = try await Self.shell("dpkg-query -W -f='${db:Status-Abbrev}\\n' | grep -c '^.i'")
        let tasks = """
              - package_facts:
                register: facts
              - assert:
                  that:
                    - facts is not changed
                    - ansible_facts.packages | length == \(count)
                    - ansible_facts.packages.bash | length == 1
                    - ansible_facts.packages.bash[0].keys() | sort == ['arch', 'category', 'name', 'origin', 'source', 'version']
                    - ansible_facts.packages.bash[0].source == 'apt'
                    - ansible_facts.packages.bash[0].name == 'bash'
                    - ansible_facts.packages.bash[0].arch == 'amd64'
                    - (ansible_facts.packages.bash[0].version ~ ' ' ~ ansible_facts.packages.bash[0].category) == '\(bash)'
                    - ansible_facts.packages['base-files'][0].origin in ['Debian', '']
                    - ansible_facts.packages.values() | map('first') | selectattr('origin', 'equalto', 'Debian') | list | length > 0
              - package_facts:
                  manager: rpm
                register: rpm
                ignore_errors: true
              - package_facts:
                  manager: nosuch
                register: unknown
                ignore_errors: true
              - assert:
                  that:
                    - rpm is failed
                    - unknown.msg == 'Unsupported package managers requested' ~ ':' ~ ' nosuch'
        """
        let checked = try await Self.run("package-facts-check", tasks: tasks, checkMode: true)
        #expect(checked.code == 0 && Self.changed(checked.output) == 0, "\(checked.output)")
        let ran = try await Self.run("package-facts", tasks: tasks)
        #expect(ran.code == 0 && Self.changed(ran.output) == 0, "\(ran.output)")
    }

    @Test func deb822RepositoryWritesTheSourcesFileAndTheFetchedKeyOnceAndRemovesThem() async throws {
        _ = try await Self.shell("rm -f /etc/apt/sources.list.d/*.sources /etc/apt/keyrings/*")
        let tasks = """
              - deb822_repository:
                  name: Debian Backports
                  uris: http://deb.debian.org/debian
                  suites: bookworm-backports
                  components: [main, contrib]
                  signed_by: /usr/share/keyrings/debian-archive-keyring.gpg
                register: backports
              - deb822_repository:
                  name: fetched_key
                  uris: http://deb.debian.org/debian
                  suites: bookworm
                  components: main
                  enabled: false
                  signed_by: http://deb.debian.org/debian/dists/bookworm/Release.gpg
                register: fetched
              - assert:
                  that:
                    - backports.dest == '/etc/apt/sources.list.d/debian-backports.sources'
                    - backports.key_filename is none
                    - fetched.key_filename == '/etc/apt/keyrings/fetched-key.gpg'
        """
        try await Self.expectConverges("deb822", tasks: tasks, changes: 2,
                                  untouched: ("ls /etc/apt/sources.list.d/ /etc/apt/keyrings/ | grep -c . ; true", "2"))
        let written = try await Self.shell("cat /etc/apt/sources.list.d/debian-backports.sources; stat -c '%a' /etc/apt/sources.list.d/debian-backports.sources /etc/apt/keyrings/fetched-key.gpg")
        #expect(written == """
            Components: main contrib
            X-Repolib-Name: Debian Backports
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
            Suites: bookworm-backports
            Types: deb
            URIs: http://deb.debian.org/debian
            644
            644
            """, "\(written)")
        #expect(try await Self.shell("grep -c '^Enabled: no$' /etc/apt/sources.list.d/fetched-key.sources") == "1")

        let removal = """
              - deb822_repository: {name: fetched_key, state: absent}
              - deb822_repository: {name: Debian Backports, state: absent}
        """
        try await Self.expectConverges("deb822-absent", tasks: removal, changes: 2, checkFirst: false)
        #expect(try await Self.shell("ls /etc/apt/sources.list.d/ /etc/apt/keyrings/ | grep -c . ; true") == "2")
    }

    @Test func aptKeyAddsAKeyFromAFileOrDataOnceAndRemovesIt() async throws {
        let source = "/etc/apt/trusted.gpg.d/debian-archive-bookworm-stable.asc"
        if try await Self.lacks("gpg") {
            let missing = try await Self.run("apt-key-no-gpg", tasks: """
                  - apt_key: {file: \(source), keyring: /etc/apt/keyrings/never.gpg}
                    register: nogpg
                  - assert:
                      that:
                        - nogpg is not failed and nogpg is not changed
                        - nogpg.msg is search('Failed to find required executable .gpg.')
            """)
            #expect(missing.code == 0 && Self.changed(missing.output) == 0, "\(missing.output)")
        }
        try await Self.install("gpg")
        _ = try await Self.shell("rm -f /etc/apt/keyrings/swansible-*.gpg*")
        let armored = try await Self.shell("cat \(source)")
        let indented = armored.split(separator: "\n", omittingEmptySubsequences: false).map { "              " + $0 }.joined(separator: "\n")
        let tasks = """
              - apt_key:
                  file: \(source)
                  keyring: /etc/apt/keyrings/swansible-file.gpg
                register: fromfile
              - apt_key:
                  keyring: /etc/apt/keyrings/swansible-data.gpg
                  data: |
        \(indented)
                register: fromdata
              - assert:
                  that:
                    - fromfile.fp | length == 16 and fromfile.short_id == fromfile.fp[-8:]
                    - fromdata.fp == fromfile.fp
        """
        try await Self.expectConverges("apt-key", tasks: tasks, changes: 2,
                                  untouched: ("ls /etc/apt/keyrings | grep -c swansible; true", "0"))
        let fingerprint = try await Self.shell("gpg --with-colons --show-keys \(source) | awk -F: '$1 == \"pub\" { print $5; exit }'")
        let listed = try await Self.shell("apt-key --keyring /etc/apt/keyrings/swansible-file.gpg adv --list-public-keys --keyid-format=long 2>/dev/null | grep -c '^pub.*\(fingerprint)'")
        #expect(listed == "1", "the key is in the keyring: \(listed)")

        let removal = """
              - apt_key: {id: "\(fingerprint)", keyring: /etc/apt/keyrings/swansible-file.gpg, state: absent}
        """
        try await Self.expectConverges("apt-key-absent", tasks: removal, changes: 1, checkFirst: false)
    }

    @Test func aclSetsAnEntryAndADefaultEntryOnceAndRemovesThem() async throws {
        _ = try await Self.shell("id aclreader >/dev/null 2>&1 || useradd aclreader; rm -rf /srv/acl-test; mkdir -p /srv/acl-test; touch /srv/acl-test/conf")
        if try await Self.lacks("setfacl") {
            let missing = try await Self.run("acl-missing", tasks: """
                  - acl: {path: /srv/acl-test}
                    register: nosetfacl
                    ignore_errors: true
                  - assert:
                      that: [nosetfacl is failed, "nosetfacl.msg is search('Failed to find required executable .getfacl.')"]
            """)
            #expect(missing.code == 0, "\(missing.output)")
        }
        try await Self.install("acl")
        let tasks = """
              - acl:
                  path: /srv/acl-test/conf
                  entity: aclreader
                  etype: user
                  permissions: r
                  state: present
                register: set
              - acl:
                  path: /srv/acl-test
                  entry: default:user:aclreader:rwx
                  state: present
              - acl: {path: /srv/acl-test/conf}
                register: read
              - assert:
                  that:
                    - set.msg == 'user:aclreader:r is present'
                    - "ansible_check_mode or 'user:aclreader:r--' in read.acl"
                    - read.msg == 'current acl'
        """
        try await Self.expectConverges("acl", tasks: tasks, changes: 2,
                                  untouched: ("getfacl --omit-header /srv/acl-test/conf 2>/dev/null | grep -c aclreader; true", "0"))
        let seen = try await Self.shell("getfacl --omit-header --absolute-names /srv/acl-test/conf /srv/acl-test | grep aclreader")
        #expect(seen == "user:aclreader:r--\ndefault:user:aclreader:rwx", "\(seen)")
        let removal = """
              - acl: {path: /srv/acl-test/conf, entity: aclreader, etype: user, state: absent}
              - acl: {path: /srv/acl-test, entry: 'default:user:aclreader', state: absent}
        """
        try await Self.expectConverges("acl-absent", tasks: removal, changes: 2, checkFirst: false)
        let left = try await Self.shell("getfacl --omit-header /srv/acl-test/conf /srv/acl-test 2>/dev/null | grep -c aclreader; true")
        #expect(left == "0")
    }
}
