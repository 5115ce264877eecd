import Foundation
import Testing
@testable import Swansible

/// Compares `AnsibleConfig` with `ansible-config dump` run in the same directory and environment.
/// The answers (the settings compared, the scenario's directory written `{dir}`) are stored in
/// `Answers/ConfigConformanceTests.jsonl`.
@Suite struct ConfigConformanceTests {
    static let script = #"""
import json, os, subprocess, sys
req = json.load(sys.stdin)
env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'HOME': req['home']}
env.update(req['env'])
exe = os.path.join(os.path.dirname(sys.executable), 'ansible-config')
out = subprocess.run([exe, 'dump', '--format', 'json'], cwd=req['cwd'], env=env, capture_output=True, text=True, check=True).stdout
print(json.dumps({e['name']: e['value'] for e in json.loads(out) if e.get('name') in req['names']}))
"""#

    /// The settings compared (`DEFAULT_MANAGED_STR` only when ours has one).
    static let names = ["CONFIG_FILE", "DEFAULT_HOST_LIST", "DEFAULT_ROLES_PATH", "HOST_KEY_CHECKING", "DEFAULT_FORKS",
                        "DEFAULT_REMOTE_USER", "DEFAULT_PRIVATE_KEY_FILE", "DEFAULT_TIMEOUT", "DEFAULT_BECOME",
                        "DEFAULT_BECOME_USER", "DEFAULT_BECOME_METHOD", "DEFAULT_GATHERING", "RETRY_FILES_ENABLED",
                        "DEFAULT_MANAGED_STR", "INVENTORY_IGNORE_EXTS"]

    struct Scenario: Sendable, CustomStringConvertible {
        var name: String
        var cfg: String?
        var env: [String: String]
        var description: String { name }

        var answerKey: AnswerKey {
            let env = self.env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
            return AnswerKey(key: name, input: InputDigest.of((cfg ?? "<no ansible.cfg>") + "\n\u{0}\n" + env))
        }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "defaults", cfg: nil, env: [:]),
        Scenario(name: "file", cfg: """
            [defaults]
            inventory = hosts.ini, ./more, /abs/inv
            remote_user = core
            roles_path = roles:~/shared:../up
            host_key_checking = False
            forks = 20
            retry_files_enabled = t
            private_key_file = 'keys/id_ed25519'
            timeout = 30
            gathering = smart
            ansible_managed = Managed {file}
            [privilege_escalation]
            become = y
            become_user = admin
            become_method = su
            """, env: [:]),
        Scenario(name: "environment", cfg: "[defaults]\nforks = 20\nremote_user = core\ninventory = a\n",
                 env: ["ANSIBLE_FORKS": "3", "ANSIBLE_HOST_KEY_CHECKING": "0", "ANSIBLE_INVENTORY": "inv/a, /abs/b",
                       "ANSIBLE_ROLES_PATH": "r1:/r2", "ANSIBLE_BECOME": "on", "ANSIBLE_PRIVATE_KEY_FILE": "~/k",
                       "ANSIBLE_TIMEOUT": "5", "ANSIBLE_GATHERING": "explicit"]),
    ]

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/ConfigConformanceTests.jsonl",
                                       cases: scenarios.map(\.answerKey))

    /// `ansible-config dump`'s settings for `scenario`, the scenario's directory written `{dir}`.
    static func oracleDump(_ scenario: Scenario) throws -> Value {
        let dir = try TemporaryTree()
        defer { dir.cleanup() }
        let cwd = dir.path + "/project"
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        if let cfg = scenario.cfg { try dir.write("project/ansible.cfg", cfg) }
        let request: Value = ["cwd": .string(cwd), "home": .string(dir.path + "/home"), "names": .list(names.map(Value.string)),
                              "env": .dict(ValueDict(uniqueKeysWithValues: scenario.env.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }))]
        let output = try Oracle.run(script: Self.script, input: request.jsonText())
        return try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)).replacingInStrings(dir.path, with: "{dir}")
    }

    @Test(arguments: scenarios)
    func settingsMatchAnsibleConfigDump(_ scenario: Scenario) throws {
        guard let answer = Self.answers.answer(for: scenario.name, oracle: { try Self.oracleDump(scenario) }) else { return }
        let dump = try JSONSerialization.jsonObject(with: Data(answer.jsonText().utf8)) as? [String: Any] ?? [:]
        let dir = try TemporaryTree()
        defer { dir.cleanup() }
        let cwd = dir.path + "/project"
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        if let cfg = scenario.cfg { try dir.write("project/ansible.cfg", cfg) }
        var env = scenario.env
        env["HOME"] = dir.path + "/home"
        let ours = try AnsibleConfig.load(environment: env, currentDirectory: cwd)

        func check(_ name: String, _ mine: Any?) {
            let theirs = dump[name].flatMap { $0 is NSNull ? nil : $0 }
            let mineText = String(describing: mine.map(Self.normalize)).replacingOccurrences(of: dir.path, with: "{dir}")
            let same = String(describing: theirs.map(Self.normalize)) == mineText
            #expect(same, "\(name): ansible-config \(String(describing: theirs)) / ours \(String(describing: mine))")
        }
        check("CONFIG_FILE", ours.path)
        check("DEFAULT_HOST_LIST", ours.inventory)
        check("DEFAULT_ROLES_PATH", ours.rolesPath)
        check("HOST_KEY_CHECKING", ours.hostKeyChecking)
        check("DEFAULT_FORKS", ours.forks)
        check("DEFAULT_REMOTE_USER", ours.remoteUser)
        check("DEFAULT_PRIVATE_KEY_FILE", ours.privateKeyFile)
        check("DEFAULT_TIMEOUT", ours.timeout)
        check("DEFAULT_BECOME", ours.become)
        check("DEFAULT_BECOME_USER", ours.becomeUser)
        check("DEFAULT_BECOME_METHOD", ours.becomeMethod)
        check("DEFAULT_GATHERING", ours.gathering)
        check("RETRY_FILES_ENABLED", ours.retryFilesEnabled)
        if ours.ansibleManaged != nil { check("DEFAULT_MANAGED_STR", ours.ansibleManaged) }
        check("INVENTORY_IGNORE_EXTS", ours.inventoryIgnoreExtensions)
    }

    /// JSON numbers and booleans both come back as NSNumber: compare their text.
    static func normalize(_ v: Any) -> String {
        switch v {
        case let b as Bool: return b ? "true" : "false"
        case let n as NSNumber: return n.stringValue
        case let a as [Any]: return "[" + a.map(normalize).joined(separator: ",") + "]"
        case let a as [String]: return "[" + a.joined(separator: ",") + "]"
        case is NSNull: return "nil"
        default: return "\(v)"
        }
    }

    /// A fresh directory under the system temp directory.
    struct TemporaryTree {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "swansible-conf-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let full = path + "/" + name
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
            return full
        }
        func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    }
}
