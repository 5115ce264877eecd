import Foundation
import Testing
import Swansible
import SwansibleTesting

/// systemd, service, unarchive, assemble and get_url against ansible-core's on the same
/// kind of host: the same playbook runs with ansible-playbook (the oracle venv) on one simulated
/// host that has Python and with Swansible on another; each registered result's `changed` and
/// `failed`, its keys, and the files and units it leaves must agree. The image has no cron:
/// both must refuse `cron` alike.
///
/// Oracle-only: `SWANSIBLE_ORACLE_CHECK=1 swift test --filter SystemModulesOracleTests`, with
/// `.oracle-venv` (`make oracle`) and the Python host image (`scripts/build-host-image.sh --with-python`).
@Suite(.serialized, .timeLimit(.minutes(4)),
       .enabled(if: AccountOracleGate.enabled, "oracle-only: SWANSIBLE_ORACLE_CHECK=1, .oracle-venv and the Python host image"),
       .simulatedCluster(["ora-01", "swa-01"], image: "swansible/coreos-sim-python:latest"))
struct SystemModulesOracleTests {
    static let playbook = """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - shell: |
                mkdir -p /srv/src/app /srv/frags /srv/out
                echo one > /srv/src/app/one; echo two > /srv/src/app/two
                tar -C /srv/src -czf /srv/app.tgz app
                printf 'a\\n' > /srv/frags/01-a; printf 'b\\n' > /srv/frags/02-b
                printf '[Unit]\\nDescription=oracle\\n[Service]\\nExecStart=/bin/sleep 1000\\n[Install]\\nWantedBy=multi-user.target\\n' > /etc/systemd/system/oracle.service
            - {cron: {name: nightly, minute: "5", hour: "2", job: /bin/true}, register: c0, ignore_errors: true}
            - {systemd: {daemon_reload: true}, register: s0}
            - {systemd: {name: oracle, state: started}, check_mode: true, register: s1}
            - {systemd: {name: oracle, state: started, enabled: true}, register: s2}
            - {systemd: {name: oracle, state: started, enabled: true}, register: s3}
            - {service: {name: oracle, state: stopped}, register: s4}
            - {service: {name: oracle, state: stopped}, register: s5}
            - {systemd: {name: no-such-unit, state: started}, register: s6, ignore_errors: true}
            - {unarchive: {src: /srv/app.tgz, dest: /srv/out, remote_src: true}, check_mode: true, register: u0}
            - {unarchive: {src: /srv/app.tgz, dest: /srv/out, remote_src: true}, register: u1}
            - {unarchive: {src: /srv/app.tgz, dest: /srv/out, remote_src: true}, register: u2}
            - {unarchive: {src: /srv/app.tgz, dest: /srv/out, remote_src: true, creates: /srv/out/app/one}, register: u3}
            - {assemble: {src: /srv/frags, dest: /srv/assembled}, register: a1}
            - {assemble: {src: /srv/frags, dest: /srv/assembled}, register: a2}
            - {get_url: {url: "file:///srv/frags/01-a", dest: /srv/fetched, mode: "0600"}, register: g1}
            - {get_url: {url: "file:///srv/frags/01-a", dest: /srv/fetched, mode: "0600"}, register: g2}
            - copy:
                dest: /tmp/results.json
                content: "{{ dict(names | zip(values)) | to_nice_json }}"
              vars:
                names: [c0, s0, s1, s2, s3, s4, s5, s6, u0, u1, u2, u3, a1, a2, g1, g2]
                values: ["{{ c0 }}", "{{ s0 }}", "{{ s1 }}", "{{ s2 }}", "{{ s3 }}", "{{ s4 }}", "{{ s5 }}", "{{ s6 }}", "{{ u0 }}", "{{ u1 }}", "{{ u2 }}", "{{ u3 }}", "{{ a1 }}", "{{ a2 }}", "{{ g1 }}", "{{ g2 }}"]
        """

    /// Keys only ansible-core adds (its Python, module arguments, tracebacks) or whose values
    /// differ between two hosts and runs by nature (times, temporary paths).
    static let notCompared: Set<String> = ["invocation", "warnings", "deprecations", "exception", "elapsed", "src", "status"]

    @Test func resultsAndHostsMatchAnsibleCore() async throws {
        let (cluster, oracleOutput, ours) = try await OracleSideBySide.run(Self.playbook, named: "system-oracle")
        #expect(ours.code == 0, "\(ours.output)")
        #expect(oracleOutput.contains("failed=0") && oracleOutput.contains("ignored=2"), "\(oracleOutput)")

        let theirs = try Value(jsonText: try await PlaybookIntegrationTests.shell(cluster, "ora-01", "cat /tmp/results.json"))
        let mine = try Value(jsonText: try await PlaybookIntegrationTests.shell(cluster, "swa-01", "cat /tmp/results.json"))
        for (task, result) in (theirs.dictValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let expected = (result.dictValue ?? [:]).filter { !Self.notCompared.contains($0.key) }
            let actual = (mine.dictValue?[task]?.dictValue ?? [:]).filter { !Self.notCompared.contains($0.key) }
            #expect(actual["changed"] == expected["changed"] && actual["failed"] == expected["failed"],
                    "\(task): ansible-core \(Value.dict(expected).jsonText()) swansible \(Value.dict(actual).jsonText())")
            #expect(Set(actual.keys) == Set(expected.keys),
                    "\(task) keys: only ansible-core \(Set(expected.keys).subtracting(actual.keys).sorted()), only swansible \(Set(actual.keys).subtracting(expected.keys).sorted()); ansible-core \(Value.dict(expected).jsonText()) swansible \(Value.dict(actual).jsonText())")
        }
        let look = "systemctl is-enabled oracle; systemctl is-active oracle; find /srv/out | sort; cat /srv/assembled; stat -c '%a %s' /srv/fetched"
        let theirHost = try await PlaybookIntegrationTests.shell(cluster, "ora-01", look + " || true")
        let myHost = try await PlaybookIntegrationTests.shell(cluster, "swa-01", look + " || true")
        #expect(myHost == theirHost, "ansible-core's host:\n\(theirHost)\nswansible's host:\n\(myHost)")
    }
}
