import Foundation
import Testing
@testable import Swansible

/// Broken playbooks: ansible-playbook --syntax-check and our loader both reject them, with
/// the same message and the same `Origin:` position. ansible's exit code, message and origin are
/// stored in `Answers/PlaybookErrorConformanceTests.jsonl` (the playbook's directory written `{dir}`).
@Suite struct PlaybookErrorConformanceTests {
    static let cases: [(name: String, playbook: String)] = [
        ("unknown task keyword", "- hosts: all\n  tasks:\n    - name: x\n      debug: msg=1\n      listen: y\n"),
        ("static is not a task keyword", "- hosts: all\n  tasks:\n    - debug: msg=1\n      static: yes\n"),
        ("two modules", "- hosts: all\n  tasks:\n    - copy: src=a dest=b\n      file: path=x\n"),
        ("module and unknown key", "- hosts: all\n  tasks:\n    - debug: msg=1\n      foo: 1\n"),
        ("no action", "- hosts: all\n  tasks:\n    - name: x\n      when: true\n"),
        ("unknown module", "- hosts: all\n  tasks:\n    - name: x\n      foomod: a=1\n"),
        ("loop then with_items", "- hosts: all\n  tasks:\n    - debug: msg=1\n      loop: [1]\n      with_items: [2]\n"),
        ("two with_ loops", "- hosts: all\n  tasks:\n    - debug: msg=1\n      with_dict: {}\n      with_items: [2]\n"),
        ("unknown play keyword", "- hosts: all\n  foo: 1\n  tasks: []\n"),
        ("task keyword on a block", "- hosts: all\n  tasks:\n    - block: []\n      register: x\n"),
        ("module beside rescue", "- hosts: all\n  tasks:\n    - debug: msg=1\n      rescue: []\n"),
        ("unknown loop_control key", "- hosts: all\n  tasks:\n    - debug: msg=1\n      loop: [1]\n      loop_control: {foo: 1}\n"),
        ("tags as a mapping", "- hosts: all\n  tasks:\n    - debug: msg=1\n      tags: {a: 1}\n"),
        ("tasks as a mapping", "- hosts: all\n  tasks:\n    debug: msg=1\n"),
        ("no hosts", "- tasks:\n    - debug: msg=1\n"),
        ("integer action value", "- hosts: all\n  tasks:\n    - debug: 3\n"),
        ("unbalanced quotes", "- hosts: all\n  tasks:\n    - debug: msg='oops\n"),
        ("action and local_action", "- hosts: all\n  tasks:\n    - action: debug msg=1\n      local_action: debug msg=2\n"),
        ("vars as a list of scalars", "- hosts: all\n  tasks:\n    - debug: msg=1\n      vars: [1]\n"),
        ("play entry that is a string", "- hosts: all\n  tasks: []\n- just a string\n"),
        ("missing imported task file", "- hosts: all\n  tasks:\n    - import_tasks: nosuch.yml\n"),
        ("missing imported playbook", "- import_playbook: nosuch.yml\n"),
        ("become on include_role", "- hosts: all\n  tasks:\n    - include_role: name=r1\n      become: true\n"),
        ("environment on include_tasks", "- hosts: all\n  tasks:\n    - include_tasks: t.yml\n      environment: {a: 1}\n"),
        ("become on a handler include", "- hosts: all\n  handlers:\n    - include_tasks: t.yml\n      become: true\n"),
        ("unknown include_tasks argument", "- hosts: all\n  tasks:\n    - include_tasks: file=t.yml foo=1\n"),
        ("apply on import_tasks", "- hosts: all\n  tasks:\n    - import_tasks: t.yml\n      args:\n        apply: {tags: x}\n"),
        ("unknown include_role argument", "- hosts: all\n  tasks:\n    - include_role: name=r1 foo=1\n"),
        ("unknown import_role argument", "- hosts: all\n  tasks:\n    - import_role: name=r1 foo=1\n"),
        ("include_tasks without a file", "- hosts: all\n  tasks:\n    - include_tasks:\n        apply: {}\n"),
        ("apply that is not a mapping", "- hosts: all\n  tasks:\n    - include_tasks: t.yml\n      args:\n        apply: x\n"),
        ("roles as a string", "- hosts: all\n  roles: somerole\n"),
        ("nested list as a play", "- - hosts: all\n"),
        ("playbook that is a mapping", "hosts: all\n"),
        ("unknown key on import_playbook", "- import_playbook: t.yml\n  foo: 1\n"),
        ("include_role without a name", "- hosts: all\n  tasks:\n    - include_role:\n        tasks_from: x\n"),
        ("import_role without a name", "- hosts: all\n  tasks:\n    - import_role:\n        tasks_from: x\n"),
        ("import_role of a missing tasks file", "- hosts: all\n  tasks:\n    - import_role:\n        name: r1\n        tasks_from: nosuch\n"),
        ("role entry without a name", "- hosts: all\n  roles:\n    - {tags: x}\n"),
        ("dependencies that are not a list", "- hosts: all\n  roles:\n    - baddep\n"),
        ("block keyword in a handler list", "- hosts: all\n  handlers:\n    - debug: msg=1\n      register: x\n      when: y\n      until: z\n      serial: 1\n"),
    ]

    static let modules: Set<String> = ["debug", "copy", "file", "command"]

    /// Files the broken playbooks may name, so that only the error under test remains.
    static let companions = [
        "t.yml": "- debug: msg=t\n", "roles/r1/tasks/main.yml": "- debug: msg=r1\n",
        "roles/baddep/meta/main.yml": "dependencies: nope\n", "roles/baddep/tasks/main.yml": "- debug: msg=1\n",
    ]

    /// ansible's first error line without `[ERROR]: `, and its `Origin: ` position (line:column).
    static func ansibleError(_ stderr: String) -> (message: String, origin: String?) {
        let lines = stderr.split(separator: "\n").map(String.init)
        var message = lines.first { $0.hasPrefix("[ERROR]: ") }.map { String($0.dropFirst(9)) } ?? stderr
        // 2.19 names its tagged wrappers of Python types; we name the plain types.
        for (tagged, plain) in [("Dict", "dict"), ("List", "list"), ("Int", "int"), ("Str", "str"), ("Float", "float")] {
            message = message.replacingOccurrences(of: "ansible.module_utils._internal._datatag._AnsibleTagged\(tagged)", with: plain)
        }
        let origin = lines.first { $0.hasPrefix("Origin: ") }.flatMap { $0.split(separator: ":").suffix(2).joined(separator: ":") }
        return (message, origin)
    }

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/PlaybookErrorConformanceTests.jsonl",
                                       cases: cases.map { AnswerKey(key: $0.name, input: InputDigest.of($0.playbook)) })

    /// A fresh directory with the case's playbook as `site.yml` and, unless the case is about a
    /// missing file, the companion files.
    static func makeDirectory(_ name: String, _ playbook: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swansible-pberr-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try playbook.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
        if !name.hasPrefix("missing") {
            for (path, text) in companions {
                try FileManager.default.createDirectory(atPath: (dir + "/" + path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try text.write(toFile: dir + "/" + path, atomically: true, encoding: .utf8)
            }
        }
        return dir
    }

    /// `{"rc": ..., "message": ..., "origin": ...}` from `ansible-playbook --syntax-check`.
    static func oracleAnswer(_ name: String, _ playbook: String) throws -> Value {
        let dir = try makeDirectory(name, playbook)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ansible = try PlaybookListingConformanceTests.ansiblePlaybook(in: dir, ["-i", "localhost,", "site.yml", "--syntax-check"])
        let error = ansibleError(ansible.err)
        let answer: Value = ["rc": .int(ansible.rc), "message": .string(error.message), "origin": error.origin.map(Value.string) ?? .null]
        return answer.replacingInStrings(dir, with: "{dir}")
    }

    @Test(arguments: cases.map(\.name))
    func bothRejectWithTheSameMessageAndOrigin(_ name: String) throws {
        let playbook = Self.cases.first { $0.name == name }?.playbook ?? ""
        guard let answer = Self.answers.answer(for: name, oracle: { try Self.oracleAnswer(name, playbook) }) else { return }
        #expect(answer["rc"] != Value.int(0), "ansible-playbook accepted it")
        let expected = (message: answer["message"]?.stringValue ?? "", origin: answer["origin"]?.stringValue)

        let dir = try Self.makeDirectory(name, playbook)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let loader = PlaybookLoader(isKnownModule: { Self.modules.contains($0) })
        do {
            _ = try loader.load(path: dir + "/site.yml")
            Issue.record("we accepted it; ansible said: \(expected.message)")
        } catch let error as PlaybookError {
            let origin = error.location.map { "\($0.line):\($0.column)" }
            let firstLine = error.message.split(separator: "\n").first.map(String.init)?.replacingOccurrences(of: dir, with: "{dir}") ?? ""
            #expect(firstLine == expected.message, "\n  ours:    \(error.message)\n  ansible: \(expected.message)")
            if let want = expected.origin {
                #expect(origin == want, "origin: ours \(origin ?? "none"), ansible \(want)")
            }
        }
    }
}
