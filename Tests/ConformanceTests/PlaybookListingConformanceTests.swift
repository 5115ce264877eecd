import Foundation
import Testing
@testable import Swansible

/// Playbooks loaded by us and by `ansible-playbook --list-tasks --list-tags`: same plays,
/// same task names in the same order, same tags. ansible's listings are stored in
/// `Answers/PlaybookListingConformanceTests.jsonl`, keyed by fixture and flags.
@Suite struct PlaybookListingConformanceTests {
    static let fixtures = Oracle.packageRoot.appendingPathComponent("Tests/SwansibleTests/Fixtures/playbooks").path

    static let modules: Set<String> = [
        "debug", "command", "shell", "set_fact", "wait_for", "uri", "template", "systemd", "service",
        "ansible.builtin.debug",
    ]

    /// Runs ansible-playbook in `dir` with `arguments`; returns stdout, stderr and the exit code.
    static func ansiblePlaybook(in dir: String, _ arguments: [String]) throws -> (out: String, err: String, rc: Int) {
        let script = """
            import os, sys, subprocess, json
            exe = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
            env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_DEPRECATION_WARNINGS="False")
            env.pop("ANSIBLE_CONFIG", None)
            p = subprocess.run([exe] + sys.argv[2:], cwd=sys.argv[1], env=env, capture_output=True, text=True)
            print(json.dumps([p.stdout, p.stderr, p.returncode]))
            """
        let output = try Oracle.run(script: script, arguments: [dir] + arguments)
        let parts = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any] ?? []
        return (parts[0] as? String ?? "", parts[1] as? String ?? "", parts[2] as? Int ?? -1)
    }

    /// ansible-core prints a play's own tags in Python set order; sort them to compare.
    static func normalized(_ listing: String) -> String {
        listing.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("  play #"), let open = line.range(of: "\tTAGS: [") else { return String(line) }
            let tags = line[open.upperBound...].dropLast().split(separator: ",").sorted()
            return line[..<open.upperBound] + tags.joined(separator: ",") + "]"
        }.joined(separator: "\n")
    }

    static func ours(_ dir: String, listTasks: Bool = true, listTags: Bool = true,
                     selection: TagSelection? = nil) throws -> String
    {
        let loader = PlaybookLoader(isKnownModule: { modules.contains($0) })
        let playbook = try loader.load(path: dir + "/site.yml")
        return TaskListing.render(playbook, shownPath: "site.yml", listTasks: listTasks, listTags: listTags,
                                  selected: (selection ?? TaskListing.selection(tags: [], skipTags: [], listTags: listTags)).shouldRun)
    }

    static let selectedListings: [(String, [String])] = [
        ("roles-and-tags", ["--list-tasks", "--tags", "imp,rtag"]),
        ("roles-and-tags", ["--list-tasks"]),
        ("roles-and-tags", ["--list-tags"]),
        ("roles-and-tags", ["--list-tasks", "--list-tags", "--tags", "nv"]),
        ("roles-and-tags", ["--list-tasks", "--tags", "never"]),
        ("roles-and-tags", ["--list-tasks", "--list-tags", "--skip-tags", "blk,deptag"]),
        ("roles-and-tags", ["--list-tags", "--tags", "tagged"]),
        ("roles-and-tags", ["--list-tasks", "--tags", "untagged"]),
        ("kubernetes-era", ["--list-tasks", "--tags", "test"]),
        ("kubernetes-era", ["--list-tasks", "--skip-tags", "etcd,network"]),
        ("role-paths", ["--list-tasks", "--tags", "etcd", "--skip-tags", "ir"]),
    ]
    static let fullListings = ["roles-and-tags", "role-dedupe", "role-paths", "import-playbook", "kubernetes-era"]
    static let fullFlags = ["--list-tasks", "--list-tags"]

    /// `<fixture> <flags>`, with a digest of the fixture's files.
    static func answerKey(_ name: String, _ flags: [String]) -> AnswerKey {
        AnswerKey(key: ([name] + flags).joined(separator: " "), input: InputDigest.of(directory: fixtures + "/" + name))
    }

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/PlaybookListingConformanceTests.jsonl",
                                       cases: selectedListings.map { answerKey($0.0, $0.1) } + fullListings.map { answerKey($0, fullFlags) })

    /// ansible-playbook's listing (`normalized`) of fixture `name` with `flags`: `{"rc": ..., "stdout": ..., "stderr": ...}`.
    static func answer(_ name: String, _ flags: [String]) -> Value? {
        answers.answer(for: answerKey(name, flags).key) {
            let ansible = try ansiblePlaybook(in: fixtures + "/" + name, ["-i", "localhost,", "site.yml"] + flags)
            return ["rc": .int(ansible.rc), "stdout": .string(normalized(ansible.out)), "stderr": .string(ansible.err)]
        }
    }

    /// `--tags` / `--skip-tags` narrowing the listing, and each list flag on its own.
    @Test(arguments: selectedListings)
    func selectedListingMatchesAnsible(_ name: String, _ flags: [String]) throws {
        let dir = Self.fixtures + "/" + name
        guard let ansible = Self.answer(name, flags) else { return }
        #expect(ansible["rc"] == Value.int(0), "ansible-playbook failed: \(ansible["stderr"]?.stringValue ?? "")")
        func values(_ flag: String) -> [String] {
            flags.indices.filter { flags[$0] == flag && $0 + 1 < flags.count }.map { flags[$0 + 1] }
        }
        let selection = TaskListing.selection(tags: values("--tags"), skipTags: values("--skip-tags"),
                                              listTags: flags.contains("--list-tags"))
        let actual = try Self.ours(dir, listTasks: flags.contains("--list-tasks"), listTags: flags.contains("--list-tags"),
                                   selection: selection)
        let expected = ansible["stdout"]?.stringValue ?? ""
        #expect(actual == expected, "\n--- ours\n\(actual)\n--- ansible-playbook \(flags)\n\(expected)")
    }

    @Test(arguments: fullListings)
    func listingMatchesAnsible(_ name: String) throws {
        let dir = Self.fixtures + "/" + name
        guard let ansible = Self.answer(name, Self.fullFlags) else { return }
        #expect(ansible["rc"] == Value.int(0), "ansible-playbook failed: \(ansible["stderr"]?.stringValue ?? "")")
        let expected = ansible["stdout"]?.stringValue ?? ""
        let actual = try Self.ours(dir)
        #expect(actual == expected, "\n--- ours\n\(actual)\n--- ansible-playbook\n\(expected)")
    }
}
