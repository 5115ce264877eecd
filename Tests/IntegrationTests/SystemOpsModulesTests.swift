import Foundation
import Testing
import Swansible
import SwansibleTesting

/// reboot, make, ufw and firewalld over SSH on a simulated Python-free Debian 12 host: what
/// they did is checked from outside (docker exec), check mode only predicts, a second run
/// changes nothing (reboot, which always reboots, aside), and a host without the tool gets
/// ansible's message naming it.
@Suite(.serialized, .timeLimit(.minutes(10)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason),
       .simulatedCluster(["sysops-01"]))
struct SystemOpsModulesTests {
    static let host = "sysops-01"

    static func run(_ name: String, tasks: String, checkMode: Bool = false) async throws -> (code: Int32, output: String) {
        try await RemoteLayerIntegrationTests.run(name, tasks: tasks, checkMode: checkMode)
    }

    /// Runs `task` (one line), which must fail, and checks its result against `conditions`.
    static func expectFailure(_ name: String, task: String, _ conditions: [String]) async throws {
        let (code, output) = try await run(name, tasks: """
              - \(task)
                register: failed_task
                ignore_errors: true
              - assert:
                  that:
                    - failed_task is failed
        \(conditions.map { "            - " + $0 }.joined(separator: "\n"))
        """)
        #expect(code == 0, "\(output)")
    }

    /// apt-get install from Debian's mirror, updating the lists first if they are stale.
    static func aptInstall(_ packages: String) async throws {
        let install = "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \(packages) >/dev/null"
        _ = try await shell("\(install) 2>&1 || { apt-get update -q >/dev/null && \(install); }")
    }

    static func shell(_ command: String) async throws -> String {
        try await PlaybookIntegrationTests.shell(try ClusterScope.cluster(), host, command)
    }

    static func changed(_ output: String) -> Int? { PlaybookIntegrationTests.recap(output)[host]?.changed }

    /// A container cannot reboot (systemd as PID 1 would stop it, and docker would give it
    /// another SSH port): the "reboot" here writes a new boot id where `boot_time_command`
    /// reads it and kills every sshd, the one serving this run's session included, a second
    /// after the command returned, as shutdown does. The task must then reconnect.
    static let simulatedReboot = """
        reboot:
                  boot_time_command: cat /var/lib/sysops-boot-id
                  reboot_command: systemd-run --on-active=1 /bin/sh -c 'cat /proc/sys/kernel/random/uuid >/var/lib/sysops-boot-id; pkill -KILL -x sshd; systemctl restart ssh'
                  test_command: touch /var/lib/sysops-tested
                  connect_timeout: 5
                  reboot_timeout: 120
        """

    @Test func rebootWaitsForANewBootIdOverAFreshConnection() async throws {
        _ = try await Self.shell("echo first-boot >/var/lib/sysops-boot-id; rm -f /var/lib/sysops-tested")
        let (code, output) = try await Self.run("reboot", tasks: """
              - \(Self.simulatedReboot)
                register: r
              - assert:
                  that:
                    - r is changed
                    - r.rebooted
                    - r.elapsed is integer
              - command: cat /var/lib/sysops-boot-id
                register: after
              - assert:
                  that: [after.stdout != 'first-boot']
        """)
        #expect(code == 0 && Self.changed(output) == 2, "\(output)")
        let seen = try await Self.shell("cat /var/lib/sysops-boot-id; test -e /var/lib/sysops-tested && echo tested")
        #expect(!seen.hasPrefix("first-boot") && seen.hasSuffix("tested"), "\(seen)")
    }

    @Test func rebootInCheckModeOnlyPredicts() async throws {
        _ = try await Self.shell("echo still-first >/var/lib/sysops-boot-id; rm -f /var/lib/sysops-tested")
        let (code, output) = try await Self.run("reboot-check", tasks: """
              - \(Self.simulatedReboot)
                register: r
              - assert:
                  that: [r is changed, r.rebooted, r.elapsed == 0]
        """, checkMode: true)
        #expect(code == 0 && Self.changed(output) == 1, "\(output)")
        #expect(try await Self.shell("cat /var/lib/sysops-boot-id; ls /var/lib/sysops-tested 2>/dev/null; true") == "still-first")
    }

    @Test func rebootFailuresUseAnsibleWording() async throws {
        let (code, output) = try await Self.run("reboot-failures", tasks: """
              - reboot:
                  boot_time_command: cat /nonexistent/boot-id
                register: no_boot_id
                ignore_errors: true
              - reboot:
                  search_paths: [/nonexistent]
                register: no_shutdown
                ignore_errors: true
              - assert:
                  that:
                    - no_boot_id is failed
                    - "no_boot_id.msg.startswith('reboot: failed to get host boot time info, rc: 1, stdout: , stderr: ')"
                    - no_shutdown is failed
                    - "no_shutdown.msg == 'Unable to find command \\"shutdown\\" in search paths: [\\\\'/nonexistent\\\\']'"
        """)
        #expect(code == 0, "\(output)")
    }

    @Test func makeRunsOnlyOutOfDateTargets() async throws {
        _ = try await Self.shell("mkdir -p /opt/sysops-proj && rm -rf /opt/sysops-proj/out")
        try await Self.expectFailure("make-missing", task: "make: chdir=/opt/sysops-proj", [
            #""failed_task.msg.startswith('Failed to find required executable \"make\" in paths: ')""#,
        ])
        try await Self.aptInstall("make")
        _ = try await Self.shell("""
            cd /opt/sysops-proj && printf 'hello\\n' >src.txt && printf 'out/hello.txt: src.txt\\n\\tmkdir -p out && sed "s/^/$(GREETING) /" src.txt >out/hello.txt\\n' >Makefile
            """)
        let tasks = """
              - make:
                  chdir: /opt/sysops-proj
                  target: out/hello.txt
                  params:
                    GREETING: hi
                register: built
              - assert:
                  that:
                    - built.command.endswith('make out/hello.txt GREETING=hi')
                    - built.chdir == '/opt/sysops-proj'
        """
        let first = try await Self.run("make", tasks: tasks)
        #expect(first.code == 0 && Self.changed(first.output) == 1, "\(first.output)")
        let second = try await Self.run("make", tasks: tasks)
        #expect(second.code == 0 && Self.changed(second.output) == 0, "second run changed:\n\(second.output)")
        #expect(try await Self.shell("cat /opt/sysops-proj/out/hello.txt") == "hi hello")

        _ = try await Self.shell("sleep 1; printf 'again\\n' >/opt/sysops-proj/src.txt")
        let predicted = try await Self.run("make-check", tasks: tasks, checkMode: true)
        #expect(predicted.code == 0 && Self.changed(predicted.output) == 1, "\(predicted.output)")
        #expect(try await Self.shell("cat /opt/sysops-proj/out/hello.txt") == "hi hello", "check mode built nothing")

        let failing = try await Self.run("make-fail", tasks: """
              - make: chdir=/opt/sysops-proj target=nothing-to-make-this
                register: m
                ignore_errors: true
              - assert:
                  that:
                    - m is failed
                    - m.rc == 2
                    - "'No rule to make target' in m.msg"
        """)
        #expect(failing.code == 0, "\(failing.output)")
    }

    @Test func ufwRulesStateAndLoggingOnceAndCheckModeOnlyPredicts() async throws {
        try await Self.expectFailure("ufw-missing", task: "ufw: state=enabled", [
            #""failed_task.msg.startswith('Failed to find required executable \"ufw\" in paths: ')""#,
        ])
        try await Self.aptInstall("ufw")
        let tasks = """
              - ufw:
                  rule: allow
                  port: '22'
                  proto: tcp
                  comment: ssh
              - community.general.ufw:
                  state: enabled
                  policy: deny
              - ufw:
                  rule: allow
                  src: 10.0.0.0/8
                  port: '8080'
                  proto: tcp
              - ufw:
                  logging: medium
                register: logged
              - assert:
                  that:
                    - "'Logging: on (medium)' in logged.msg"
                    - logged.commands[-1].endswith('grep -h \\'^### tuple\\' /lib/ufw/user.rules /lib/ufw/user6.rules /etc/ufw/user.rules /etc/ufw/user6.rules /var/lib/ufw/user.rules /var/lib/ufw/user6.rules')
        """
        let first = try await Self.run("ufw", tasks: tasks)
        #expect(first.code == 0 && Self.changed(first.output) == 4, "\(first.output)")
        let second = try await Self.run("ufw", tasks: tasks)
        #expect(second.code == 0 && Self.changed(second.output) == 0, "second run changed:\n\(second.output)")
        let status = try await Self.shell("ufw status verbose")
        #expect(status.contains("Status: active") && status.contains("Logging: on (medium)"), "\(status)")
        #expect(status.contains("22/tcp                     ALLOW IN    Anywhere                   # ssh"), "\(status)")
        #expect(status.contains("8080/tcp                   ALLOW IN    10.0.0.0/8"), "\(status)")

        let predicted = try await Self.run("ufw-check", tasks: """
              - ufw: rule=allow port=9090 proto=tcp
                register: new_rule
              - ufw: rule=allow port=22 proto=tcp comment=ssh
                register: same_rule
              - ufw: state=disabled
                register: turned_off
              - assert:
                  that: [new_rule is changed, same_rule is not changed, turned_off is changed]
        """, checkMode: true)
        #expect(predicted.code == 0 && Self.changed(predicted.output) == 2, "\(predicted.output)")
        let after = try await Self.shell("ufw status verbose")
        #expect(after == status, "check mode changed the firewall")

        let removed = try await Self.run("ufw-delete", tasks: """
              - ufw: rule=allow src=10.0.0.0/8 port=8080 proto=tcp delete=true
              - ufw: state=disabled
        """)
        #expect(removed.code == 0 && Self.changed(removed.output) == 2, "\(removed.output)")
        let off = try await Self.shell("ufw status verbose")
        #expect(off.hasPrefix("Status: inactive") && !off.contains("8080"), "\(off)")
    }

    /// firewalld installed without being started (a policy-rc.d refuses it, and there is no
    /// system bus either): the permanent configuration is edited offline, as ansible.posix does.
    /// firewalld needs /etc/protocols (netbase), which its package does not pull in.
    @Test func firewalldPermanentSettingsOfflineOnceAndCheckModeOnlyPredicts() async throws {
        try await Self.expectFailure("firewalld-missing", task: "firewalld: service=http permanent=true state=enabled", [
            "failed_task.msg.startswith('Python Module not found')",
            "failed_task.msg.endswith('version 0.2.11 or newer required (0.3.9 or newer for offline operations)')",
        ])
        try await Self.installFirewalldStopped()
        let tasks = """
              - firewalld: service=http permanent=true state=enabled
                register: http
              - ansible.posix.firewalld:
                  port: 8080/tcp
                  zone: internal
                  permanent: true
                  state: enabled
              - firewalld: zone=sysops permanent=true state=present
              - firewalld: source=10.9.0.0/16 zone=sysops permanent=true state=enabled
              - firewalld: service=https state=enabled
                register: running
                ignore_errors: true
              - assert:
                  that:
                    - running is failed
                    - running.msg == 'firewall is not currently running, unable to perform immediate actions without a running firewall daemon'
                    - http.msg.startswith('Permanent operation')
                    - http.msg.endswith('(offline operation: only on-disk configs were altered)')
        """
        let first = try await Self.run("firewalld", tasks: tasks)
        #expect(first.code == 0 && Self.changed(first.output) == 4, "\(first.output)")
        let second = try await Self.run("firewalld", tasks: tasks)
        #expect(second.code == 0 && Self.changed(second.output) == 0, "second run changed:\n\(second.output)")
        let seen = try await Self.shell("firewall-offline-cmd --list-services; firewall-offline-cmd --zone=internal --list-ports; firewall-offline-cmd --get-zones; firewall-offline-cmd --zone=sysops --list-sources")
        let lines = seen.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(seen)")
        #expect(lines[0].split(separator: " ").contains("http"), "\(seen)")
        #expect(lines[1].split(separator: " ").contains("8080/tcp"), "\(seen)")
        #expect(lines[2].split(separator: " ").contains("sysops"), "\(seen)")
        #expect(lines[3] == "10.9.0.0/16", "\(seen)")

        let predicted = try await Self.run("firewalld-check", tasks: """
              - firewalld: service=ftp permanent=true state=enabled
              - firewalld: service=http permanent=true state=disabled
              - firewalld: service=http permanent=true state=enabled
        """, checkMode: true)
        #expect(predicted.code == 0 && Self.changed(predicted.output) == 2, "\(predicted.output)")
        #expect(try await Self.shell("firewall-offline-cmd --list-services") == lines[0], "check mode changed the configuration")

        let removed = try await Self.run("firewalld-remove", tasks: """
              - firewalld: service=http permanent=true state=disabled
              - firewalld: zone=sysops permanent=true state=absent
        """)
        #expect(removed.code == 0 && Self.changed(removed.output) == 2, "\(removed.output)")
        let after = try await Self.shell("firewall-offline-cmd --list-services; firewall-offline-cmd --get-zones")
        #expect(!after.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains("http") && !after.contains("sysops"), "\(after)")
    }

    /// firewalld installed and not started: a policy-rc.d refuses the start, and there is no
    /// system bus either. firewalld needs /etc/protocols (netbase), which its package does
    /// not pull in.
    static func installFirewalldStopped() async throws {
        let present = try await shell("command -v firewall-cmd || true")
        guard present.isEmpty else { return }
        _ = try await shell("printf '#!/bin/sh\\nexit 101\\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d")
        try await aptInstall("firewalld netbase")
        _ = try await shell("rm -f /usr/sbin/policy-rc.d")
    }
}
