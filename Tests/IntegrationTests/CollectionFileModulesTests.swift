import Foundation
import Testing
import Swansible
import SwansibleTesting

/// community.general's file-editing modules that published roles use (ini_file, pam_limits,
/// locale_gen, alternatives) over SSH on a simulated Python-free Debian 12 host: each test runs
/// its tasks in check mode (a predicted change, nothing touched), then twice (a change, then
/// none), and looks at the host from outside.
@Suite(.serialized, .timeLimit(.minutes(10)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["cgfiles-01"]))
struct CollectionFileModulesTests {
    static let host = "cgfiles-01"

    /// Runs `tasks` as a play for the suite's host, with become (the cluster is the suite's).
    static func run(_ name: String, tasks: String, checkMode: Bool = false) async throws -> (code: Int32, output: String) {
        try await RemoteLayerIntegrationTests.run(name, tasks: tasks, checkMode: checkMode)
    }

    static func shell(_ command: String) async throws -> String {
        try await PlaybookIntegrationTests.shell(try ClusterScope.cluster(), host, command)
    }

    static func changed(_ output: String) -> Int? { PlaybookIntegrationTests.recap(output)[host]?.changed }

    /// Check mode predicts `changes` and leaves `probe`'s answer alone; the first run makes
    /// them, the second makes none.
    static func converge(_ name: String, tasks: String, changes: Int, probe: String) async throws {
        let untouched = try await shell(probe)
        let check = try await run(name + "-check", tasks: tasks, checkMode: true)
        #expect(check.code == 0 && changed(check.output) == changes, "check mode:\n\(check.output)")
        #expect(try await shell(probe) == untouched, "check mode changed the host")
        let first = try await run(name, tasks: tasks)
        #expect(first.code == 0 && changed(first.output) == changes, "\(first.output)")
        let second = try await run(name, tasks: tasks)
        #expect(second.code == 0 && changed(second.output) == 0, "second run changed:\n\(second.output)")
    }

    @Test func iniFileAddsChangesAndRemovesOptionsOnce() async throws {
        _ = try await Self.shell("mkdir -p /etc/cgf && printf '[main]\\n# color = blue\\nsize = 1\\n\\n[old]\\nx = 1\\n' > /etc/cgf/app.ini && ln -sf /etc/cgf/app.ini /etc/cgf/link.ini")
        let tasks = """
              - community.general.ini_file:
                  path: /etc/cgf/app.ini
                  section: main
                  option: color
                  value: red
                register: activated
              - ini_file:
                  dest: /etc/cgf/app.ini
                  section: servers
                  option: server
                  values: [10.3.0.10, 10.3.0.11]
                  no_extra_spaces: true
              - community.general.ini_file:
                  path: /etc/cgf/app.ini
                  section: old
                  state: absent
              - community.general.ini_file:
                  path: /etc/cgf/new/created.ini
                  section: null
                  option: top
                  value: "1"
                  mode: '0600'
                  owner: nobody
              - community.general.ini_file:
                  path: /etc/cgf/link.ini
                  follow: true
                  section: main
                  option: size
                  value: "2"
              - assert:
                  that:
                    - activated.msg in ['option changed', 'OK']
                    - activated.path == '/etc/cgf/app.ini'
        """
        try await Self.converge("ini-file", tasks: tasks, changes: 5, probe: "cat /etc/cgf/app.ini; ls /etc/cgf")
        let written = try await Self.shell("cat /etc/cgf/app.ini; test -L /etc/cgf/link.ini && echo link")
        #expect(written == "[main]\ncolor = red\nsize = 2\n\n[servers]\nserver=10.3.0.10\nserver=10.3.0.11\nlink", "\(written)")
        let created = try await Self.shell("cat /etc/cgf/new/created.ini; stat -c '%a %U' /etc/cgf/new/created.ini")
        #expect(created == "top = 1\n\n600 nobody", "\(created)")
    }

    @Test func iniFileReportsItsDiffMessagesAndFailures() async throws {
        _ = try await Self.shell("mkdir -p /etc/cgf && printf '[a]\\nx = 1\\n' > /etc/cgf/diff.ini")
        let (code, output) = try await Self.run("ini-diff", tasks: """
              - community.general.ini_file: path=/etc/cgf/diff.ini section=a option=x value=2 backup=true
                diff: true
                register: changed
              - community.general.ini_file: path=/etc/cgf/diff.ini section=b option=y value=3
                register: added
              - community.general.ini_file: path=/etc/cgf/diff.ini section=b option=z allow_no_value=true
                register: bare
              - community.general.ini_file: path=/etc/cgf/missing.ini section=a option=x value=1 create=false
                register: missing
                ignore_errors: true
              - community.general.ini_file: path=/etc/cgf/diff.ini section=a option=x
                register: novalue
                ignore_errors: true
              - assert:
                  that:
                    - changed.msg == 'option changed'
                    - changed.backup_file is match('/etc/cgf/diff.ini[.]')
                    - changed.diff.before == '[a]\\nx = 1\\n'
                    - changed.diff.after == '[a]\\nx = 2\\n'
                    - changed.diff.before_header == '/etc/cgf/diff.ini (content)'
                    - added.msg == 'section and option added'
                    - bare.msg == 'option added'
                    - missing is failed and missing.msg == 'Destination /etc/cgf/missing.ini does not exist!' and missing.rc == 257
                    - novalue is failed
                    - "novalue.msg == \\"Parameter 'value(s)' must be defined if state=present and allow_no_value=False.\\""
        """)
        #expect(code == 0, "\(output)")
        #expect(output.contains("+x = 2") && output.contains("-x = 1"), "the diff is shown:\n\(output)")
        let written = try await Self.shell("cat /etc/cgf/diff.ini; ls /etc/cgf | grep -c '^diff.ini[.]'")
        #expect(written == "[a]\nx = 2\n[b]\ny = 3\nz\n1", "\(written)")
    }

    @Test func pamLimitsSetsEachLimitOnceAndKeepsTheLargerWithUseMax() async throws {
        _ = try await Self.shell("printf '# limits\\n@staff hard nproc 50\\netcd hard core 200000\\n' > /etc/security/limits.d/cgf.conf")
        let tasks = """
              - community.general.pam_limits:
                  domain: '*'
                  limit_type: '-'
                  limit_item: nofile
                  value: 65536
                  dest: /etc/security/limits.d/cgf.conf
              - pam_limits:
                  domain: etcd
                  limit_type: hard
                  limit_item: core
                  value: 100000
                  use_max: true
                  dest: /etc/security/limits.d/cgf.conf
              - community.general.pam_limits:
                  domain: '@staff'
                  limit_type: hard
                  limit_item: nproc
                  value: 20
                  comment: fewer
                  dest: /etc/security/limits.d/cgf.conf
                  backup: true
              - community.general.pam_limits:
                  domain: joe
                  limit_type: soft
                  limit_item: nice
                  value: -5
                  dest: /etc/security/limits.d/new.conf
        """
        try await Self.converge("pam-limits", tasks: tasks, changes: 3, probe: "cat /etc/security/limits.d/*; ls /etc/security/limits.d")
        let written = try await Self.shell("cat /etc/security/limits.d/cgf.conf /etc/security/limits.d/new.conf; ls /etc/security/limits.d | grep -c '^cgf.conf[.]'")
        #expect(written == "# limits\n@staff\thard\tnproc\t20\t#fewer\netcd hard core 200000\n*\t-\tnofile\t65536\njoe\tsoft\tnice\t-5\n1", "\(written)")
        let (code, output) = try await Self.run("pam-limits-fail", tasks: """
              - community.general.pam_limits: domain=joe limit_type=soft limit_item=nofile value=lots dest=/etc/security/limits.d/cgf.conf
                register: invalid
                ignore_errors: true
              - community.general.pam_limits: domain=joe limit_type=soft limit_item=nofile value=1 dest=/nowhere/limits.conf
                register: nodir
                ignore_errors: true
              - community.general.pam_limits: domain=joe limit_type=soft limit_item=nofile value=1 use_min=true use_max=true
                register: both
                ignore_errors: true
              - assert:
                  that:
                    - invalid.msg is match(" Value of 'lots' for item 'nofile' is invalid[.] Value must either be 'unlimited'")
                    - nodir.msg == 'directory /nowhere is not writable (check presence, access rights, use sudo)'
                    - both.msg == 'Cannot use use_min and use_max at the same time.'
        """)
        #expect(code == 0 && Self.changed(output) == 0, "\(output)")
    }

    /// The simulated host starts without the `locales` package: locale_gen says so and changes
    /// nothing; once it is installed, locales are generated and removed once each.
    @Test func localeGenNeedsTheLocalesPackageThenGeneratesAndRemovesOnce() async throws {
        let missing = try await Self.run("locale-missing", tasks: """
              - community.general.locale_gen: name=en_US.UTF-8
                register: nolocales
                ignore_errors: true
              - assert:
                  that:
                    - nolocales is failed
                    - "nolocales.msg == '/var/lib/locales/supported.d and /etc/locale.gen are missing. Is the package \\"locales\\" installed?'"
        """)
        #expect(missing.code == 0 && Self.changed(missing.output) == 0, "\(missing.output)")
        _ = try await Self.shell("apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales >/dev/null 2>&1; echo")
        try #require(try await Self.shell("test -e /etc/locale.gen && command -v locale-gen") == "/usr/sbin/locale-gen",
                     "apt-get install locales did not work on the simulated host")
        let tasks = """
              - community.general.locale_gen:
                  name: [en_US.UTF-8, de_DE.UTF-8]
              - locale_gen: name=C.UTF-8
        """
        try await Self.converge("locale-gen", tasks: tasks, changes: 1, probe: "locale -a; grep -v '^#' /etc/locale.gen")
        let generated = try await Self.shell("locale -a | grep -E '^(de_DE|en_US)' | sort; grep -E '^(de_DE|en_US)' /etc/locale.gen")
        #expect(generated == "de_DE.utf8\nen_US.utf8\nde_DE.UTF-8 UTF-8\nen_US.UTF-8 UTF-8", "\(generated)")
        let removed = try await Self.run("locale-absent", tasks: """
              - community.general.locale_gen: name=de_DE.UTF-8 state=absent
              - community.general.locale_gen: name=xx_YY.UTF-8
                register: unknown
                ignore_errors: true
              - assert:
                  that:
                    - "unknown.msg == 'The following locales you have entered are not available on your system: xx_YY.UTF-8'"
        """)
        #expect(removed.code == 0 && Self.changed(removed.output) == 1, "\(removed.output)")
        let left = try await Self.shell("locale -a | grep -E '^(de_DE|en_US)'; grep -c '^# de_DE.UTF-8 UTF-8$' /etc/locale.gen")
        #expect(left == "en_US.utf8\n1", "\(left)")
    }

    @Test func alternativesInstallsSelectsAndRemovesOnce() async throws {
        _ = try await Self.shell("mkdir -p /opt/cgf /usr/local/share/man/man1 && for t in a b; do printf '#!/bin/sh\\necho %s\\n' $t > /opt/cgf/$t; chmod 755 /opt/cgf/$t; : > /opt/cgf/$t.1; done")
        let tasks = """
              - community.general.alternatives:
                  name: cgf-tool
                  link: /usr/local/bin/cgf-tool
                  path: /opt/cgf/a
                  priority: 10
                  subcommands:
                    - name: cgf-tool.1
                      link: /usr/local/share/man/man1/cgf-tool.1
                      path: /opt/cgf/a.1
              - alternatives:
                  name: cgf-tool
                  link: /usr/local/bin/cgf-tool
                  path: /opt/cgf/b
                  priority: 20
                  state: present
              - community.general.alternatives: name=pager path=/bin/more
        """
        try await Self.converge("alternatives", tasks: tasks, changes: 3,
                                probe: "update-alternatives --display cgf-tool 2>&1; update-alternatives --display pager")
        let selected = try await Self.shell("cgf-tool; readlink /etc/alternatives/cgf-tool.1; update-alternatives --query cgf-tool | grep -E '^(Status|Priority):'; readlink /etc/alternatives/pager")
        #expect(selected == "a\n/opt/cgf/a.1\nStatus: manual\nPriority: 10\nPriority: 20\n/bin/more", "\(selected)")
        let (code, output) = try await Self.run("alternatives-auto", tasks: """
              - community.general.alternatives: name=cgf-tool path=/opt/cgf/a state=auto
                register: auto
              - community.general.alternatives: name=cgf-tool path=/opt/cgf/b state=absent
                register: removed
              - community.general.alternatives: name=pager path=/bin/more state=auto
              - community.general.alternatives: name=cgf-tool path=/opt/cgf/c
                register: nopath
                ignore_errors: true
              - community.general.alternatives: name=cgf-new path=/opt/cgf/a
                register: nolink
                ignore_errors: true
              - community.general.alternatives: name=pager path=/bin/more
                environment:
                  PATH: /nowhere
                register: notool
                ignore_errors: true
              - assert:
                  that:
                    - "auto.msg == \\"Set alternative to auto for 'cgf-tool'.\\""
                    - "removed.msg == \\"Remove alternative '/opt/cgf/b' from 'cgf-tool'.\\""
                    - nopath.msg == 'Specified path /opt/cgf/c does not exist'
                    - nolink.msg == 'Needed to install the alternative, but unable to do so as we are missing the link'
                    - "notool.msg == 'Failed to find required executable \\"update-alternatives\\" in paths: /nowhere'"
        """)
        #expect(code == 0 && Self.changed(output) == 3, "\(output)")
        let auto = try await Self.shell("cgf-tool; update-alternatives --query cgf-tool | grep -E '^(Status|Alternative):'; readlink /etc/alternatives/pager")
        #expect(auto == "a\nStatus: auto\nAlternative: /opt/cgf/a\n/usr/bin/less", "\(auto)")
    }
}
