import Foundation
import Testing
import Swansible
import SwansibleTesting

/// cron against ansible-core 2.19 on hosts that have `crontab`: the same playbook runs with
/// ansible-playbook on one simulated host that has Python and with Swansible on another, after
/// both have installed Debian's `cron` package (apt-get, on both hosts at once; the image has no
/// crontab); the two playbooks run at once, each on its host. The printed
/// output (with its --diff and warnings), every registered result (check mode, first run, second run, failures
/// with their messages) and the crontabs and cron files left must be equal, apart from what only
/// ansible-core's Python adds; the host names read `HOST`.
///
/// One difference is deliberate and checked as such: without `crontab` (hidden for task n0),
/// ansible-core's cron refuses even a `cron_file` (it looks for the crontab binary first), while
/// Swansible writes the cron file, which cron on CoreOS-like hosts without `crontab` reads all
/// the same (`RemoteLayerIntegrationTests` pins that side).
///
/// Oracle-only: `SWANSIBLE_ORACLE_CHECK=1 swift test --filter CronOracleTests`, with `.oracle-venv`
/// (`make oracle`) and the Python host image (`scripts/build-host-image.sh --with-python`).
@Suite(.serialized, .timeLimit(.minutes(4)),
       .enabled(if: AccountOracleGate.enabled, "oracle-only: SWANSIBLE_ORACLE_CHECK=1, .oracle-venv and the Python host image"),
       .simulatedCluster(["ora-01", "swa-01"], image: "swansible/coreos-sim-python:latest"))
struct CronOracleTests {
    static let tasks: [(name: String, task: String)] = [
        ("hide", "shell: mv /usr/bin/crontab /usr/bin/crontab.hidden"),
        ("n0", "{cron: {name: early, job: /bin/early, user: root, cron_file: early-jobs}, ignore_errors: true}"),
        ("install", """
            shell: |
                mv /usr/bin/crontab.hidden /usr/bin/crontab
                useradd -m cronuser
            """),
        ("j0", "{cron: {name: nightly, minute: '5', hour: '2', job: /bin/true}, check_mode: true, diff: true}"),
        ("j1", "{cron: {name: nightly, minute: '5', hour: '2', job: /bin/true}, diff: true}"),
        ("j2", "{cron: {name: nightly, minute: '5', hour: '2', job: /bin/true}}"),
        ("j3", "{cron: {name: nightly, minute: '5', hour: '3', job: /bin/true}, diff: true}"),
        ("j4", "{cron: {name: daily job, special_time: daily, job: /bin/daily}}"),
        ("j5", "{cron: {name: daily job, special_time: daily, job: /bin/daily}}"),
        ("j6", "{cron: {name: nightly, minute: '5', hour: '3', job: /bin/true, disabled: true}, diff: true}"),
        ("j7", "{cron: {name: nightly, minute: '5', hour: '3', job: /bin/true, disabled: true}}"),
        ("j8", "{cron: {name: reboot, special_time: reboot, job: /bin/boot, minute: '1'}, ignore_errors: true}"),
        ("e0", "{cron: {name: PATH, env: true, job: '/usr/bin:/bin'}, check_mode: true, diff: true}"),
        ("e1", "{cron: {name: PATH, env: true, job: '/usr/bin:/bin'}, diff: true}"),
        ("e2", "{cron: {name: PATH, env: true, job: '/usr/bin:/bin'}}"),
        ("e3", "{cron: {name: MAILTO, env: true, job: '', insertafter: PATH}}"),
        ("e4", "{cron: {name: SHELL, env: true, job: /bin/sh, insertbefore: PATH}, diff: true}"),
        ("e5", "{cron: {name: PATH, env: true, job: '/usr/local/bin:/usr/bin:/bin'}, diff: true}"),
        ("e6", "{cron: {name: HOME, env: true, job: /root, insertafter: NOPE}, ignore_errors: true}"),
        ("e7", "{cron: {name: SHELL, env: true, state: absent}, check_mode: true}"),
        ("e8", "{cron: {name: SHELL, env: true, state: absent}, diff: true}"),
        ("e9", "{cron: {name: SHELL, env: true, state: absent}}"),
        ("e10", "{cron: {name: 'BAD NAME', env: true, job: x}, ignore_errors: true}"),
        ("e11", "{cron: {name: nightly, job: /bin/x, insertafter: PATH}, ignore_errors: true}"),
        ("u0", "{cron: {name: user job, user: cronuser, minute: '*/10', job: 'echo hi >/dev/null'}, check_mode: true, diff: true}"),
        ("u1", "{cron: {name: user job, user: cronuser, minute: '*/10', job: 'echo hi >/dev/null'}, diff: true}"),
        ("u2", "{cron: {name: user job, user: cronuser, minute: '*/10', job: 'echo hi >/dev/null'}}"),
        ("u3", "{cron: {name: LANG, env: true, user: cronuser, job: C.UTF-8}}"),
        ("u4", "{cron: {name: user job, user: cronuser, state: absent}, check_mode: true, diff: true}"),
        ("u5", "{cron: {name: user job, user: cronuser, state: absent}}"),
        ("u6", "{cron: {name: user job, user: cronuser, state: absent}}"),
        ("f0", "{cron: {name: f job, user: root, cron_file: oracle-jobs, hour: '4', job: /bin/f}, check_mode: true, diff: true}"),
        ("f1", "{cron: {name: f job, user: root, cron_file: oracle-jobs, hour: '4', job: /bin/f}, diff: true}"),
        ("f2", "{cron: {name: f job, user: root, cron_file: oracle-jobs, hour: '4', job: /bin/f}}"),
        ("f3", "{cron: {name: f hourly, user: cronuser, cron_file: oracle-jobs, special_time: hourly, job: /bin/g}}"),
        ("f4", "{cron: {name: TZ, env: true, user: root, cron_file: /etc/cron.d/oracle-jobs, job: UTC}, diff: true}"),
        ("f5", "{cron: {name: f job, cron_file: oracle-jobs, job: /bin/f}, ignore_errors: true}"),
        ("f6", "{cron: {name: f job, cron_file: /etc/crontab, user: root, job: /bin/f}, ignore_errors: true}"),
        ("f7", "{cron: {name: f job, cron_file: oracle-jobs, state: absent}}"),
        ("f8", "{cron: {name: TZ, env: true, cron_file: oracle-jobs, state: absent}}"),
        ("f9", "{cron: {name: f hourly, cron_file: oracle-jobs, state: absent}, check_mode: true, diff: true}"),
        ("f10", "{cron: {name: f hourly, cron_file: oracle-jobs, state: absent}, diff: true}"),
        ("f11", "{cron: {name: f hourly, cron_file: oracle-jobs, state: absent}}"),
        ("f12", "{cron: {name: one, user: root, cron_file: oracle-one, job: /bin/one}}"),
        ("f13", "{cron: {name: one, cron_file: oracle-one, state: absent}}"),
        ("w0", "{cron: {name: dotted, user: root, cron_file: oracle.dotted, job: /bin/dot}}"),
        ("w1", "{cron: {name: broken, job: \"/bin/a\\n/bin/b\\n\"}, check_mode: true}"),
        ("r0", "{cron: {name: daily job, state: absent}, check_mode: true, diff: true}"),
        ("r1", "{cron: {name: daily job, state: absent}, diff: true}"),
        ("r2", "{cron: {name: daily job, state: absent}}"),
        ("unterminated", "shell: |\n    printf '#Ansible: raw\\n1 1 * * * root /bin/raw' > /etc/cron.d/oracle-raw"),
        ("t0", "{cron: {name: raw, user: root, cron_file: oracle-raw, minute: '1', hour: '1', job: /bin/raw}, diff: true}"),
        ("t1", "{cron: {name: unnamed, user: root, cron_file: oracle-raw, minute: '1', hour: '1', job: /bin/raw}}"),
        ("t2", "{cron: {name: raw, user: root, cron_file: oracle-raw, minute: '1', hour: '1', job: /bin/raw}}"),
    ]

    /// Shell tasks that prepare the hosts, not compared.
    static let unregistered: Set<String> = ["hide", "install", "unterminated"]

    /// Debian's cron package, installed on both hosts at once before the playbooks run.
    static let installCron = """
        apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cron >/dev/null 2>&1
        command -v crontab
        """

    static var playbook: String { OracleSideBySide.registeringPlaybook(tasks, unregistered: unregistered) }


    /// n0, before `crontab` exists: ansible-core refuses the cron_file, Swansible writes it.
    static let deliberateDifferences: Set<String> = ["n0"]

    /// What ansible-playbook prints from the task that brings crontab back to the recap (n0's
    /// lines and counts differ on purpose), with the host named `HOST`; its warnings apart,
    /// sorted (Swansible's standard error, where they go, comes after its standard output);
    /// without the interpreter warning only ansible-core's Python earns.
    static func printed(_ output: String, host: String) -> (text: String, warnings: [String]) {
        let lines = output.replacingOccurrences(of: host, with: "HOST").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("[WARNING]: Host '") && !$0.hasPrefix("[WARNING]: Deprecation warnings can be disabled") }
        let warnings = lines.filter { $0.hasPrefix("[WARNING]: ") }.map(String.init).sorted()
        let text = lines.filter { !$0.hasPrefix("[WARNING]: ") }.joined(separator: "\n")
        let n0 = text.range(of: "TASK [cron]")?.upperBound ?? text.startIndex
        let start = text.range(of: "TASK [shell]", range: n0..<text.endIndex)?.lowerBound ?? text.startIndex
        let end = text.range(of: "PLAY RECAP")?.lowerBound ?? text.endIndex
        return (String(text[start..<max(start, end)]), warnings)
    }

    /// The crontabs and cron files the module leaves, read the same way on both hosts.
    static let look = """
        echo "== root"; crontab -l 2>&1; echo "== cronuser"; crontab -u cronuser -l 2>&1
        for f in /etc/cron.d/oracle-jobs /etc/cron.d/oracle-one /etc/cron.d/oracle-raw /etc/cron.d/oracle.dotted /etc/cron.d/early-jobs; do
          echo "== $f"; [ -e "$f" ] && stat -c '%a %U %G' "$f" && cat "$f"
        done
        echo "== spool"; stat -c '%n %a %U %G' /var/spool/cron/crontabs/* 2>&1
        """

    @Test func resultsAndCrontabsMatchAnsibleCore() async throws {
        let hosts = try ClusterScope.cluster()
        try await withThrowingTaskGroup(of: String.self) { group in
            for host in ["ora-01", "swa-01"] { group.addTask { try await PlaybookIntegrationTests.shell(hosts, host, Self.installCron) } }
            try await group.waitForAll()
        }
        let (cluster, oracleOutput, ours) = try await OracleSideBySide.run(Self.playbook, named: "cron-oracle", concurrently: true)
        #expect(ours.code == 0, "\(ours.output)")
        #expect(oracleOutput.contains("failed=0"), "\(oracleOutput)")
        let (myText, myWarnings) = Self.printed(ours.output, host: "swa-01")
        let (theirText, theirWarnings) = Self.printed(oracleOutput, host: "ora-01")
        #expect(myText == theirText && myWarnings == theirWarnings, "swansible:\n\(ours.output)\nansible-core:\n\(oracleOutput)")
        #expect(theirWarnings.contains { $0.contains("Filename portion of cron_file (\"oracle.dotted\")") }
                && theirWarnings.contains { $0.contains("Job should not contain line breaks") }, "\(theirWarnings)")

        func results(_ host: String) async throws -> ValueDict {
            let text = try await PlaybookIntegrationTests.shell(cluster, host, "cat /tmp/results.json")
            return try Value(jsonText: text.replacingOccurrences(of: host, with: "HOST")).dictValue ?? [:]
        }
        let theirs = try await results("ora-01"), mine = try await results("swa-01")
        #expect(theirs.count == Self.tasks.count - Self.unregistered.count, "\(oracleOutput)")
        #expect(theirs["n0"]?.dictValue?["msg"]?.stringValue?.hasPrefix("Failed to find required executable \"crontab\"") == true
                && mine["n0"]?.dictValue?["changed"] == .bool(true),
                "n0: ansible-core \(String(describing: theirs["n0"])) swansible \(String(describing: mine["n0"]))")
        OracleSideBySide.expectSameResults(theirs, mine, except: Self.deliberateDifferences)
        // Swansible's host keeps n0's early-jobs file; ansible-core's has none.
        let theirHost = try await PlaybookIntegrationTests.shell(cluster, "ora-01", Self.look)
        let myHost = try await PlaybookIntegrationTests.shell(cluster, "swa-01", Self.look)
        let early = "== /etc/cron.d/early-jobs\n644 root root\n#Ansible: early\n* * * * * root /bin/early\n"
        #expect(myHost.replacingOccurrences(of: early, with: "== /etc/cron.d/early-jobs\n") == theirHost && myHost.contains(early),
                "ansible-core's host:\n\(theirHost)\nswansible's host:\n\(myHost)")
    }
}
