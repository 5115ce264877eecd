import Foundation
import Testing

/// A play whose `vars` hold a "billion laughs" (480 bytes, 3.4 billion items expanded), run by
/// `swansible-playbook` in a child process with 1 GB of address space: unused, it costs nothing
/// (it used to grow the controller past 10 GB); used in full, it is a task error.
@Suite struct AliasBombPlaybookTests {
    static let bombVars = "  vars:\n    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + (1..<10).map { "    l\($0): &l\($0) [\(Array(repeating: "*l\($0 - 1)", count: 9).joined(separator: ", "))]\n" }.joined()

    static func playbook(_ tasks: String) -> String {
        "- hosts: localhost\n  gather_facts: false\n" + bombVars + "  tasks:\n" + tasks
    }

    func run(_ playbook: String, _ options: [String]) throws -> BuiltProduct.Outcome {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alias-bomb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try playbook.write(to: dir.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        let product = try BuiltProduct("swansible-playbook")
        return try product.run(["-i", "localhost,", "-c", "local", "site.yml"] + options, in: dir, memoryMegabytes: 1024, timeout: 60)
    }

    @Test func unusedBombPassesTheSyntaxCheckQuickly() throws {
        let outcome = try run(Self.playbook("    - debug: msg=hello\n"), ["--syntax-check"])
        #expect(outcome.status == 0 && !outcome.signalled, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("playbook: site.yml"))
    }

    @Test func unusedBombCostsNothingInARun() throws {
        let outcome = try run(Self.playbook("    - debug: msg=hello\n    - debug: msg=\"{{ l9 | length }}\"\n"), [])
        #expect(outcome.status == 0 && !outcome.signalled, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("\"msg\": 9"))
    }

    @Test func printingTheBombIsATaskErrorAtItsPlace() throws {
        let outcome = try run(Self.playbook("    - debug: var=l9\n"), [])
        #expect(outcome.status == 2 && !outcome.signalled && !outcome.timedOut, "\(outcome.stdout)\n\(outcome.stderr)")
        let all = outcome.stdout + outcome.stderr
        #expect(all.contains("too large to print or walk in full"))
        #expect(all.contains("site.yml:15:7"))
    }
}
