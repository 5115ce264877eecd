import Foundation
import Testing
@testable import Swansible

/// Playbooks loaded by us and by `ansible-playbook --list-tasks --list-tags`: same plays,
/// same task names in the same order, same tags.
@Suite(.enabled(if: Oracle.isAvailable, "oracle python not found"))
struct PlaybookListingConformanceTests {
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

    static func ours(_ dir: String) throws -> String {
        let loader = PlaybookLoader(isKnownModule: { modules.contains($0) })
        let playbook = try loader.load(path: dir + "/site.yml")
        return TaskListing.render(playbook, shownPath: "site.yml", listTasks: true, listTags: true)
    }

    @Test(arguments: ["roles-and-tags", "role-dedupe", "role-paths", "import-playbook", "kubernetes-era"])
    func listingMatchesAnsible(_ name: String) throws {
        let dir = Self.fixtures + "/" + name
        let ansible = try Self.ansiblePlaybook(in: dir, ["-i", "localhost,", "site.yml", "--list-tasks", "--list-tags"])
        #expect(ansible.rc == 0, "ansible-playbook failed: \(ansible.err)")
        let expected = Self.normalized(ansible.out)
        let actual = try Self.ours(dir)
        #expect(actual == expected, "\n--- ours\n\(actual)\n--- ansible-playbook\n\(expected)")
    }
}
