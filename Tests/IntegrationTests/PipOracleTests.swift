import Foundation
import Testing
import Swansible
import SwansibleTesting

/// pip against ansible-core 2.19 on the simulated Debian hosts with Python: the same playbook
/// runs with ansible-playbook on one host and with Swansible on the other, at once. The hosts
/// first have Python without pip (python3-packaging only, which ansible-core's module needs),
/// then Debian's python3-pip and python3-venv (apt, inside the playbook); packages come from
/// wheels built on the controller (`PipWheels`) and copied to /srv/wheels, never from PyPI.
/// The printed output (host names read `HOST`) and every registered result must be equal,
/// apart from what only ansible-core's Python adds (`invocation`, `exception`, the discovered
/// interpreter and its warning).
///
/// Oracle-only: `SWANSIBLE_ORACLE_CHECK=1 swift test --filter PipOracleTests`, with `.oracle-venv`
/// (`make oracle`) and the Python host image (`scripts/build-host-image.sh --with-python`).
@Suite(.serialized, .timeLimit(.minutes(8)),
       .enabled(if: AccountOracleGate.enabled, "oracle-only: SWANSIBLE_ORACLE_CHECK=1, .oracle-venv and the Python host image"),
       .simulatedCluster(["ora-01", "swa-01"], image: "swansible/coreos-sim-python:latest"))
struct PipOracleTests {
    static let apt = "apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends"
    static let offline = "--no-index --find-links /srv/wheels"

    static let tasks: [(name: String, task: String)] = [
        ("packaging", "shell: \(apt) python3-packaging >/dev/null 2>&1"),
        ("m0", "{pip: {name: swansible-demo}, ignore_errors: true}"),
        ("m1", "{pip: {name: swansible-demo, executable: pip}, ignore_errors: true}"),
        ("m2", "{pip: {name: swansible-demo, version: '1.0', state: latest}, ignore_errors: true}"),
        ("install", "shell: \(apt) python3-pip python3-venv >/dev/null 2>&1"),
        ("wheels", "copy: {src: wheels/, dest: /srv/wheels/}"),
        ("p0", "{pip: {name: swansible-demo, extra_args: '\(offline)'}, ignore_errors: true}"),
        ("p1", "{pip: {name: swansible-demo, extra_args: '\(offline)', break_system_packages: true}}"),
        ("p2", "{pip: {name: swansible-demo, extra_args: '\(offline)', break_system_packages: true}}"),
        ("p3", "{pip: {name: Swansible_Demo, state: absent}, check_mode: true}"),
        ("p4", "{pip: {name: 'swansible-demo==1.0', extra_args: '\(offline)', break_system_packages: true}}"),
        ("p5", "{pip: {name: ['swansible-demo>=1.0', '<2.0']}, check_mode: true}"),
        ("p6", "{pip: {name: swansible-demo, version: '2.0'}, check_mode: true}"),
        ("p7", "{pip: {name: swansible-demo, state: latest, extra_args: '\(offline)', break_system_packages: true}}"),
        ("p8", "{pip: {name: swansible-demo, state: latest, extra_args: '\(offline)', break_system_packages: true}}"),
        ("p9", "{pip: {name: [swansible-demo, swansible-extra], state: forcereinstall, extra_args: '\(offline)', break_system_packages: true}}"),
        ("p14", "{pip: {name: ['swansible-demo~=2.0', 'swansible-extra==1.*']}, check_mode: true}"),
        ("p15", "{pip: {name: 'swansible-demo!=2.*'}, check_mode: true}"),
        ("p16", "{pip: {name: 'swansible-demo>=1.0,<2.0,swansible-extra'}, check_mode: true}"),
        ("p10", "{pip: {name: swansible-demo, state: forcereinstall}, check_mode: true}"),
        ("p11", "{pip: {name: swansible-demo, state: absent, break_system_packages: true}}"),
        ("p12", "{pip: {name: swansible-demo, state: absent, break_system_packages: true}}"),
        ("p13", "{pip: {name: [swansible-demo, nosuch], state: absent}, check_mode: true}"),
        ("requirements", "shell: printf 'swansible-demo==1.0\\nswansible-extra\\n' > /srv/req.txt"),
        ("r0", "{pip: {requirements: /srv/req.txt, extra_args: '\(offline)'}, check_mode: true}"),
        ("r1", "{pip: {requirements: /srv/req.txt, extra_args: '\(offline)', break_system_packages: true}}"),
        ("r2", "{pip: {requirements: req.txt, chdir: /srv, extra_args: '\(offline)', break_system_packages: true}}"),
        ("r3", "{pip: {requirements: /srv/nosuch.txt, break_system_packages: true}, ignore_errors: true}"),
        ("v0", "{pip: {name: swansible-demo, virtualenv: /srv/venv, virtualenv_command: python3 -m venv, extra_args: '\(offline)'}, check_mode: true}"),
        ("v1", "{pip: {name: swansible-demo, virtualenv: /srv/venv, virtualenv_command: python3 -m venv, extra_args: '\(offline)'}}"),
        ("v2", "{pip: {name: swansible-demo, virtualenv: /srv/venv, virtualenv_command: python3 -m venv, extra_args: '\(offline)'}}"),
        ("v3", "{pip: {name: swansible-demo, virtualenv: /srv/venv}, check_mode: true}"),
        ("v4", "{pip: {name: swansible-demo, virtualenv: venv, chdir: /srv, state: absent}}"),
        ("v5", "{pip: {name: swansible-extra, virtualenv: /srv/venv2, virtualenv_command: python3 -m venv, virtualenv_site_packages: true, extra_args: '\(offline)'}}"),
        ("v6", "{pip: {name: swansible-demo, virtualenv: /srv/venv3, virtualenv_command: python3 -m venv, virtualenv_python: python3}, ignore_errors: true}"),
        ("v7", "{pip: {name: swansible-demo, virtualenv: /srv/venv4, virtualenv_command: nosuchcmd}, ignore_errors: true}"),
        ("v8", "{pip: {name: swansible-demo, virtualenv: /srv/venv5}, ignore_errors: true}"),
        ("hollow", "shell: mkdir -p /srv/hollow/bin && touch /srv/hollow/bin/activate"),
        ("v9", "{pip: {name: swansible-demo, virtualenv: /srv/hollow}, ignore_errors: true}"),
        ("fake", #"""
            copy:
                dest: /srv/fakevenv
                mode: '0755'
                content: |
                  #!/bin/sh
                  if [ "$1" = --help ]; then echo 'usage: fakevenv [--clear] DEST'; echo '  --no-site-packages  (ignored)'; exit 0; fi
                  echo "args: $*"; echo oops >&2; exit 3
            """#),
        ("v10", "{pip: {name: swansible-demo, virtualenv: /srv/venv6, virtualenv_command: /srv/fakevenv}, ignore_errors: true}"),
        ("v11", "{pip: {name: swansible-demo, virtualenv: /srv/venv6, virtualenv_command: /srv/fakevenv --clear, virtualenv_python: python3, virtualenv_site_packages: true}, ignore_errors: true}"),
        ("v12", "{pip: {name: swansible-extra, virtualenv: /srv/venv7, virtualenv_command: python3 -m venv, umask: '0077', extra_args: '\(offline)'}}"),
        ("modes", "shell: stat -c '%a %n' /srv/venv7 /srv/venv7/lib/python3*/site-packages/swansible_extra/__init__.py"),
        ("f0", "{pip: {name: nosuch, extra_args: '\(offline)', break_system_packages: true}, ignore_errors: true}"),
        ("f1", "{pip: {name: /srv/wheels/swansible_extra-1.0-py3-none-any.whl, editable: true, extra_args: '\(offline)', break_system_packages: true}, ignore_errors: true}"),
        ("f2", "{pip: {name: swansible-demo, executable: /usr/bin/nopip}, ignore_errors: true}"),
        ("f3", "{pip: {name: swansible-demo, executable: nopip}, ignore_errors: true}"),
        ("e0", "{pip: {name: ['swansible-demo>=1.0', '<2.0', swansible-extra], executable: pip3, umask: '0022', extra_args: '\(offline)', break_system_packages: true}}"),
        ("e1", "{pip: {name: swansible-demo, version: '1.0', executable: /usr/bin/pip3, extra_args: '\(offline)', break_system_packages: true}}"),
        ("e2", "{pip: {name: 'Swansible.Demo[b,a] >=1.0 , <3', extra_args: '\(offline)', break_system_packages: true}}"),
        ("b0", "{pip: {name: [swansible-demo, swansible-extra], version: '1.0'}, ignore_errors: true}"),
        ("b1", "{pip: {name: 'swansible-demo>1', version: '1.0'}, ignore_errors: true}"),
        ("b2", "{pip: {name: swansible-demo, requirements: /srv/req.txt}, ignore_errors: true}"),
        ("b3", "{pip: {name: swansible-demo, executable: pip3, virtualenv: /srv/venv}, ignore_errors: true}"),
        ("b4", "{pip: {name: swansible-demo, umask: '0x2'}, ignore_errors: true}"),
        ("b5", "{pip: {name: swansible-demo, state: bogus}, ignore_errors: true}"),
        ("b6", "{pip: {name: swansible-demo, bogus: 1}, ignore_errors: true}"),
        ("b7", "{pip: {state: present}, ignore_errors: true}"),
        ("b8", "{pip: {name: []}}"),
    ]

    /// Shell and copy tasks that prepare the hosts, not registered.
    static let unregistered: Set<String> = ["packaging", "install", "wheels", "requirements", "hollow", "fake"]
    static var registered: [String] { tasks.map(\.name).filter { !unregistered.contains($0) } }

    static var playbook: String {
        """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
        \(tasks.map { entry in
            unregistered.contains(entry.name)
                ? "    - " + entry.task.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n      ")
                : entry.task.hasPrefix("{") ? "    - \(entry.task.dropLast()), register: \(entry.name)}" : "    - {\(entry.task), register: \(entry.name)}"
        }.joined(separator: "\n"))
            - copy:
                dest: /tmp/results.json
                content: "{{ dict(names | zip(values)) | to_nice_json }}"
              vars:
                names: [\(registered.joined(separator: ", "))]
                values: [\(registered.map { "\"{{ \($0)\($0 == "modes" ? ".stdout" : "") }}\"" }.joined(separator: ", "))]
        """
    }

    /// Keys only ansible-core's Python adds.
    static let pythonOnly: Set<String> = ["invocation", "exception"]

    /// The printed output with the host named `HOST`, its warnings apart and sorted (Swansible's
    /// standard error, where they go, comes after its standard output), without the interpreter
    /// warning only ansible-core's Python earns.
    static func printed(_ output: String, host: String) -> (text: String, warnings: [String]) {
        let lines = output.replacingOccurrences(of: host, with: "HOST").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("[WARNING]: Host '") }
        let warnings = lines.filter { $0.hasPrefix("[WARNING]: ") }.map(String.init).sorted()
        let text = lines.filter { !$0.hasPrefix("[WARNING]: ") }.joined(separator: "\n")
        return (text.trimmingCharacters(in: .whitespacesAndNewlines), warnings)
    }

    /// A registered result without what only ansible-core's Python adds: the interpreter it
    /// discovered (a fact and a warning) and its traceback placeholder.
    static func comparable(_ result: Value?) -> Value {
        if let result, result.dictValue == nil { return result }
        var d = (result?.dictValue ?? [:]).filter { !pythonOnly.contains($0.key) }
        if var facts = d["ansible_facts"]?.dictValue {
            facts["discovered_interpreter_python"] = nil
            d["ansible_facts"] = facts.isEmpty ? nil : .dict(facts)
        }
        if let warnings = d["warnings"]?.listValue {
            let kept = warnings.filter { !($0.stringValue ?? "").hasPrefix("Host '") }
            d["warnings"] = kept.isEmpty ? nil : .list(kept)
        }
        return .dict(d)
    }

    @Test func resultsAndOutputMatchAnsibleCore() async throws {
        let cluster = try ClusterScope.cluster()
        try PipWheels.build(into: cluster.workDirectory + "/pip-oracle/wheels")
        let (_, oracleOutput, ours) = try await OracleSideBySide.run(
            Self.playbook, named: "pip-oracle", environment: ["ANSIBLE_PIPELINING": "True"], concurrently: true)
        #expect(ours.code == 0, "\(ours.output)")
        #expect(oracleOutput.contains("failed=0"), "\(oracleOutput)")
        let (myText, myWarnings) = Self.printed(ours.output, host: "swa-01")
        let (theirText, theirWarnings) = Self.printed(oracleOutput, host: "ora-01")
        #expect(myText == theirText && myWarnings == theirWarnings, "swansible:\n\(ours.output)\nansible-core:\n\(oracleOutput)")
        #expect(theirWarnings == ["[WARNING]: No valid name or requirements file found."], "\(theirWarnings)")

        func results(_ host: String) async throws -> ValueDict {
            let text = try await PlaybookIntegrationTests.shell(cluster, host, "cat /tmp/results.json")
            return try Value(jsonText: text.replacingOccurrences(of: host, with: "HOST")).dictValue ?? [:]
        }
        let theirs = try await results("ora-01"), mine = try await results("swa-01")
        #expect(theirs.count == Self.registered.count, "\(oracleOutput)")
        // The outcomes this suite exists for, on ansible-core's side: pip missing, idempotence.
        #expect(theirs["m0"]?.dictValue?["msg"]?.stringValue == PipPythonFreeTests.missingPip)
        #expect(theirs["p1"]?.dictValue?["changed"] == .bool(true) && theirs["p2"]?.dictValue?["changed"] == .bool(false))
        #expect(theirs["v1"]?.dictValue?["changed"] == .bool(true) && theirs["v2"]?.dictValue?["changed"] == .bool(false))
        // The virtualenv command as ansible-core builds it (help probed, `-p` added), and the umask.
        #expect(theirs["v10"]?.dictValue?["cmd"]?.listValue?.contains("--no-site-packages") == true, "\(String(describing: theirs["v10"]))")
        #expect(theirs["modes"]?.stringValue?.hasPrefix("700 /srv/venv7\n600 ") == true, "\(String(describing: theirs["modes"]))")
        for (task, result) in theirs.sorted(by: { $0.key < $1.key }) {
            let expected = Self.comparable(result), actual = Self.comparable(mine[task])
            #expect(actual == expected, "\(task):\n  ansible-core \(expected.jsonText())\n  swansible    \(actual.jsonText())")
        }
    }
}

/// Two tiny pure-Python wheels in three versions (swansible-demo 1.0 and 2.0, swansible-extra
/// 1.0), written with the oracle venv's Python and its standard library alone (a wheel is a
/// zip of the package, its METADATA, WHEEL and RECORD), so that the hosts install offline.
enum PipWheels {
    static let builder = #"""
        import base64, hashlib, sys, zipfile
        out = sys.argv[1]
        for spec in sys.argv[2:]:
            dist, version = spec.split("==")
            mod = dist.replace("-", "_")
            info = f"{mod}-{version}.dist-info"
            files = {
                f"{mod}/__init__.py": f"VERSION = '{version}'\n",
                f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n",
                f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: swansible-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
            }
            record = []
            for path, text in files.items():
                digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
                record.append(f"{path},sha256={digest},{len(text.encode())}")
            files[f"{info}/RECORD"] = "\n".join(record + [f"{info}/RECORD,,"]) + "\n"
            with zipfile.ZipFile(f"{out}/{mod}-{version}-py3-none-any.whl", "w") as z:
                for path, text in files.items():
                    z.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), text)
        """#

    static func build(into directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let python = Process()
        python.executableURL = IntegrationGate.packageRoot.appendingPathComponent(".oracle-venv/bin/python")
        python.arguments = ["-c", builder, directory, "swansible-demo==1.0", "swansible-demo==2.0", "swansible-extra==1.0"]
        try python.run()
        python.waitUntilExit()
        guard python.terminationStatus == 0 else { throw PipWheelsError() }
    }

    struct PipWheelsError: Error {}
}

/// pip on a simulated CoreOS host, which has no Python: every way of finding pip fails with
/// the message ansible-core gives when it cannot find pip (`PipOracleTests` checks the oracle's
/// wording, `m0`, on a Python host without pip), and nothing is installed.
@Suite(.serialized, .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason), .simulatedCluster(["nopy-01"]))
struct PipPythonFreeTests {
    static let missingPip = "Unable to find any of pip3 to use.  pip needs to be installed."

    @Test func failsAsAnsibleCoreDoesWhenPipIsMissing() async throws {
        let cluster = try ClusterScope.cluster()
        let directory = cluster.workDirectory + "/pip-python-free"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try cluster.inventoryText().write(toFile: directory + "/inventory.ini", atomically: true, encoding: .utf8)
        try """
            - hosts: all
              gather_facts: false
              become: true
              tasks:
                - {pip: {name: requests}, register: plain, ignore_errors: true}
                - {pip: {name: requests, state: absent}, check_mode: true, register: checked, ignore_errors: true}
                - {pip: {name: requests, executable: pip}, register: named, ignore_errors: true}
                - {pip: {name: requests, virtualenv: /srv/venv, virtualenv_command: python3 -m venv}, register: venv, ignore_errors: true}
                - assert:
                    that:
                      - plain is failed and plain.msg == '\(Self.missingPip)'
                      - checked is failed and checked.msg == '\(Self.missingPip)'
                      - named is failed and named.msg == 'Unable to find any of pip to use.  pip needs to be installed.'
                      - venv is failed and venv.msg.startswith('Failed to find required executable') and '"python3" in paths' in venv.msg
            """.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        let run = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/inventory.ini")
        #expect(run.code == 0, "\(run.output)")
        #expect(run.output.contains("fatal: [nopy-01]: FAILED! => {\"changed\": false, \"msg\": \"\(Self.missingPip)\"}"), "\(run.output)")
        let left = try await PlaybookIntegrationTests.shell(cluster, "nopy-01", "ls /srv/venv 2>&1; command -v python3 pip3 || echo none")
        #expect(left.contains("No such file") && left.contains("none"), "\(left)")
    }
}
