import Foundation
import Testing
import Swansible
import SwansibleTesting

/// systemd, service, unarchive, assemble and get_url against ansible-core's on the same
/// kind of host: the same playbook runs with ansible-playbook (the oracle venv) on one simulated
/// host that has Python and with Swansible on another; each registered result's `changed` and
/// `failed`, its keys, and the files and units it leaves must agree; get_url's results against an
/// HTTP server on each host (check mode included) must be equal in their values too. The image
/// has no cron: both must refuse a user crontab alike (`CronOracleTests` installs it).
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
            - shell: |
                mkdir -p /srv/www /srv/dldir && printf 'hello\\n' > /srv/www/file.txt && : > /srv/www/empty
                touch -d '2001-01-01' /srv/www/file.txt /srv/www/empty
                printf 'hello\\n' > /srv/dl-current; printf 'hello\\n' > /srv/dl-old; printf 'stale\\n' > /srv/dl-stale; : > /srv/dl-empty
                touch -d '2000-01-01' /srv/dl-old /srv/dl-stale /srv/dl-empty
                setsid nohup python3 -m http.server 8089 --bind 127.0.0.1 --directory /srv/www </dev/null >/dev/null 2>&1 &
                for i in $(seq 50); do curl -fs -o /dev/null http://127.0.0.1:8089/file.txt && break; sleep 0.1; done
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-missing}, check_mode: true, register: gc0}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-current}, check_mode: true, register: gc1}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-old}, check_mode: true, register: gc2}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-old, checksum: "sha256:\(Self.helloSHA256)"}, check_mode: true, register: gc3}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-old, checksum: "sha256:\(Self.helloSHA256)", mode: "0600"}, check_mode: true, register: gc4}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-stale, checksum: "sha256:\(Self.helloSHA256)"}, check_mode: true, register: gc5}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-current, force: true}, check_mode: true, register: gc6}
            - {get_url: {url: "http://127.0.0.1:8089/missing", dest: /srv/dl-missing}, check_mode: true, register: gc7, ignore_errors: true}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dldir}, check_mode: true, register: gc8}
            - {get_url: {url: "http://127.0.0.1:8089/empty", dest: /srv/dl-empty}, check_mode: true, register: gc9}
            - {get_url: {url: "file:///srv/frags/01-a", dest: /srv/fetched}, check_mode: true, register: gc10}
            - {get_url: {url: "file:///srv/www/file.txt", dest: /srv/fetched}, check_mode: true, register: gc11}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/no-such-dir/x}, check_mode: true, register: gc12, ignore_errors: true}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-old, checksum: "sha256:\(Self.helloSHA256)"}, register: gh0}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-missing}, register: gh1}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dl-missing}, register: gh2}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dldir}, register: gh3}
            - {get_url: {url: "http://127.0.0.1:8089/file.txt", dest: /srv/dldir}, register: gh4}
            - {get_url: {url: "http://127.0.0.1:8089/missing", dest: /srv/dl-none}, register: gh5, ignore_errors: true}
            - copy:
                dest: /tmp/results.json
                content: "{{ dict(names | zip(values)) | to_nice_json }}"
              vars:
                names: [c0, s0, s1, s2, s3, s4, s5, s6, u0, u1, u2, u3, a1, a2, g1, g2, \(Self.getURLTasks.joined(separator: ", "))]
                values: ["{{ c0 }}", "{{ s0 }}", "{{ s1 }}", "{{ s2 }}", "{{ s3 }}", "{{ s4 }}", "{{ s5 }}", "{{ s6 }}", "{{ u0 }}", "{{ u1 }}", "{{ u2 }}", "{{ u3 }}", "{{ a1 }}", "{{ a2 }}", "{{ g1 }}", "{{ g2 }}", \(Self.getURLTasks.map { "\"{{ \($0) }}\"" }.joined(separator: ", "))]
        """

    /// sha256 of the served file.txt (`hello` and a newline).
    static let helloSHA256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"

    /// get_url against an HTTP server on each host (Python's http.server on 127.0.0.1, which
    /// answers HEAD and If-Modified-Since): check mode (gc: dest missing, current, older, with a
    /// matching or stale checksum, forced, a 404, a directory, an empty file, file:// URLs, a
    /// missing directory), then real downloads (gh); their values are compared too.
    static let getURLTasks = (0...12).map { "gc\($0)" } + (0...5).map { "gh\($0)" }

    /// Keys only ansible-core adds (its Python, tracebacks) or whose values
    /// differ between two hosts and runs by nature (times, temporary paths).
    static let notCompared: Set<String> = ["warnings", "deprecations", "exception", "elapsed", "src", "status"]

    @Test func resultsAndHostsMatchAnsibleCore() async throws {
        let (cluster, oracleOutput, ours) = try await OracleSideBySide.run(Self.playbook, named: "system-oracle")
        #expect(ours.code == 0, "\(ours.output)")
        #expect(oracleOutput.contains("failed=0") && oracleOutput.contains("ignored=5"), "\(oracleOutput)")

        let theirs = try Value(jsonText: try await PlaybookIntegrationTests.shell(cluster, "ora-01", "cat /tmp/results.json"))
        let mine = try Value(jsonText: try await PlaybookIntegrationTests.shell(cluster, "swa-01", "cat /tmp/results.json"))
        for (task, result) in (theirs.dictValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let expected = (result.dictValue ?? [:]).filter { !Self.notCompared.contains($0.key) }
            let actual = (mine.dictValue?[task]?.dictValue ?? [:]).filter { !Self.notCompared.contains($0.key) }
            #expect(actual["changed"] == expected["changed"] && actual["failed"] == expected["failed"],
                    "\(task): ansible-core \(Value.dict(expected).jsonText()) swansible \(Value.dict(actual).jsonText())")
            #expect(Set(actual.keys) == Set(expected.keys),
                    "\(task) keys: only ansible-core \(Set(expected.keys).subtracting(actual.keys).sorted()), only swansible \(Set(actual.keys).subtracting(expected.keys).sorted()); ansible-core \(Value.dict(expected).jsonText()) swansible \(Value.dict(actual).jsonText())")
            if Self.getURLTasks.contains(task) {
                #expect(Value.dict(actual) == Value.dict(expected),
                        "\(task):\n  ansible-core \(Value.dict(expected).jsonText())\n  swansible    \(Value.dict(actual).jsonText())")
            }
        }
        let look = "systemctl is-enabled oracle; systemctl is-active oracle; find /srv/out | sort; cat /srv/assembled; stat -c '%a %s' /srv/fetched; ls /srv /srv/dldir; md5sum /srv/dl-*"
        let theirHost = try await PlaybookIntegrationTests.shell(cluster, "ora-01", look + " || true")
        let myHost = try await PlaybookIntegrationTests.shell(cluster, "swa-01", look + " || true")
        #expect(myHost == theirHost, "ansible-core's host:\n\(theirHost)\nswansible's host:\n\(myHost)")
    }
}
