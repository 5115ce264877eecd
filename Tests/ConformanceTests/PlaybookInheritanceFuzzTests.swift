import Foundation
import SwansibleTestSupport
import Testing
@testable import Swansible

/// Generated playbooks — blocks nested up to three deep, keywords scattered over the play,
/// blocks and tasks — loaded by us and by ansible-core: every task's effective keywords must
/// agree (`PlaybookModelConformanceTests.describe`). The seed is fixed, so ansible-core's
/// descriptions are stored in `Answers/PlaybookInheritanceFuzzTests.jsonl`, one per playbook,
/// with a digest of the generated files (a change to the generator is a missing answer, not a pass).
@Suite struct PlaybookInheritanceFuzzTests {
    struct Generator {
        var random: SplitMix64
        var counter = 0

        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

        /// Keyword lines for an object at `indent`; `task` allows the task-only keywords.
        mutating func keywords(indent: String, task: Bool, play: Bool = false) -> String {
            var lines: [String] = []
            if !play, chance(30) { lines.append("when: \(pick(["a", "b is defined", "[c, d]", "e | bool"]))") }
            if chance(30) { lines.append("tags: \(pick(["[t1]", "t2", "[t1, t3]", "'t4,t5'"]))") }
            if chance(25) { lines.append("become: \(pick(["true", "false", "yes"]))") }
            if chance(20) { lines.append("become_user: \(pick(["root", "core", "'{{ u }}'"]))") }
            if chance(20) { lines.append("ignore_errors: \(pick(["true", "no"]))") }
            if chance(20) { lines.append("vars: {v\(counter): \(counter), shared: \(counter)}") }
            if chance(15) { lines.append("environment: {E\(counter): x}") }
            if !play, chance(15) { lines.append("delegate_to: \(pick(["localhost", "h2"]))") }
            if chance(10) { lines.append("run_once: true") }
            if chance(10) { lines.append("no_log: true") }
            if chance(10) { lines.append("any_errors_fatal: true") }
            if chance(10) { lines.append("check_mode: \(pick(["true", "false"]))") }
            if task, chance(15) { lines.append("register: r\(counter)") }
            if task, chance(15) { lines.append("notify: \(pick(["h", "[h, k]"]))") }
            counter += 1
            return lines.map { indent + $0 + "\n" }.joined()
        }

        mutating func taskList(indent: String, depth: Int) -> String {
            var text = ""
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                if chance(12) {
                    text += "\(indent)- import_tasks: \(pick(["shared.yml", "other.yml"]))\n"
                    text += keywords(indent: indent + "  ", task: false)
                } else if chance(8) {
                    text += "\(indent)- import_role:\n\(indent)    name: rd\n"
                    text += keywords(indent: indent + "  ", task: false)
                } else if depth < 3 && chance(35) {
                    text += "\(indent)- block:\n" + taskList(indent: indent + "    ", depth: depth + 1)
                    if chance(30) { text += "\(indent)  rescue:\n" + taskList(indent: indent + "    ", depth: depth + 1) }
                    if chance(30) { text += "\(indent)  always:\n" + taskList(indent: indent + "    ", depth: depth + 1) }
                    text += keywords(indent: indent + "  ", task: false)
                } else {
                    text += "\(indent)- name: task \(counter)\n\(indent)  debug: msg=\(counter)\n"
                    text += keywords(indent: indent + "  ", task: true)
                }
            }
            return text
        }

        mutating func roleEntries() -> String {
            var text = "  roles:\n"
            // Each role once: ansible-core reuses one loaded role for entries that differ only in
            // keywords such as `become`, which no real playbook relies on.
            for name in ["ra", "rb"].shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)) {
                text += "    - role: \(name)\n" + keywords(indent: "      ", task: false)
                if chance(30) { text += "      param\(counter): \(counter)\n" }
            }
            return text
        }

        mutating func playbook() -> String {
            "- hosts: all\n  gather_facts: false\n" + keywords(indent: "  ", task: false, play: true)
                + (chance(60) ? roleEntries() : "") + "  tasks:\n" + taskList(indent: "    ", depth: 0)
        }

        /// Task files and roles the generated playbooks use, themselves with keywords.
        mutating func companions() -> [String: String] {
            [
                "shared.yml": "- name: shared one\n  debug: msg=s\n" + keywords(indent: "  ", task: true),
                "other.yml": taskList(indent: "", depth: 1),
                "roles/ra/tasks/main.yml": taskList(indent: "", depth: 1),
                "roles/rb/tasks/main.yml": "- name: rb task\n  debug: msg=rb\n" + keywords(indent: "  ", task: true),
                "roles/rb/meta/main.yml": "dependencies:\n  - role: rc\n" + keywords(indent: "    ", task: false),
                "roles/rc/tasks/main.yml": taskList(indent: "", depth: 2),
                "roles/rd/tasks/main.yml": taskList(indent: "", depth: 2),
            ]
        }
    }

    /// The generated files: the companions, and `play<n>.yml` for n in 0..<16.
    static let generated: (companions: [String: String], playbooks: [String]) = {
        var generator = Generator(random: SplitMix64(seed: 22))
        let companions = generator.companions()
        return (companions, (0..<16).map { _ in generator.playbook() })
    }()

    static let answerKeys: [AnswerKey] = {
        let companions = generated.companions.sorted { $0.key < $1.key }.map { $0.key + "\n" + $0.value }.joined(separator: "\n\u{0}\n")
        return generated.playbooks.enumerated().map { AnswerKey(key: "play\($0.offset)", input: InputDigest.of(companions + "\n\u{0}\n" + $0.element)) }
    }()

    /// Writes the generated files to a fresh directory; returns it.
    static func writeFiles() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swansible-pbfuzz-\(UUID().uuidString)").path
        let files = generated.companions.map { ($0.key, $0.value) } + generated.playbooks.enumerated().map { ("play\($0.offset).yml", $0.element) }
        for (path, text) in files {
            let full = dir + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// ansible-core's description of each playbook (its directory written `{dir}`), from one
    /// oracle run for all of them: the machine is shared.
    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/PlaybookInheritanceFuzzTests.jsonl", cases: answerKeys) {
        let dir = try writeFiles()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = answerKeys.map { dir + "/" + $0.key + ".yml" }
        let expected = try Oracle.run(script: PlaybookModelConformanceTests.dumpScript, arguments: files)
        let byFile = expected.components(separatedBy: "FILE ").dropFirst().map { "FILE " + $0 }
        guard byFile.count == files.count else { throw OracleError(message: "\(byFile.count) descriptions for \(files.count) files") }
        return Dictionary(uniqueKeysWithValues: zip(answerKeys.map(\.key), byFile.map { Value.string($0.replacingOccurrences(of: dir, with: "{dir}")) }))
    }

    @Test func generatedPlaybooksInheritLikeAnsible() throws {
        let dir = try Self.writeFiles()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var compared = 0
        for (key, text) in zip(Self.answerKeys.map(\.key), Self.generated.playbooks) {
            guard let answer = Self.answers.answer(for: key) else { continue }
            let theirsText = answer.stringValue ?? answer.jsonText()
            compared += 1
            let actual = try PlaybookModelConformanceTests.ours(dir + "/" + key + ".yml").replacingOccurrences(of: dir, with: "{dir}")
            let ours = actual.split(separator: "\n"), theirs = theirsText.split(separator: "\n")
            #expect(ours.count == theirs.count, "\(text)\n--- ours\n\(actual)\n--- ansible\n\(theirsText)")
            for (a, b) in zip(ours, theirs) where a != b {
                #expect(a == b, "\n\(text)\n  ours:    \(a)\n  ansible: \(b)")
                break
            }
        }
        Self.answers.printTally(compared, of: Self.answerKeys.count)
    }
}
