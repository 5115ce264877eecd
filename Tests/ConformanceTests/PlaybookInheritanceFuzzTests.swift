import Foundation
import Testing
@testable import Swansible

/// Generated playbooks — blocks nested up to three deep, keywords scattered over the play,
/// blocks and tasks — loaded by us and by ansible-core: every task's effective keywords must
/// agree (`PlaybookModelConformanceTests.describe`).
@Suite(.enabled(if: Oracle.isAvailable, "oracle python not found"))
struct PlaybookInheritanceFuzzTests {
    struct Generator {
        var random: SplitMix
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
                if depth < 3 && chance(35) {
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

        mutating func playbook() -> String {
            "- hosts: all\n  gather_facts: false\n" + keywords(indent: "  ", task: false, play: true)
                + "  tasks:\n" + taskList(indent: "    ", depth: 0)
        }
    }

    @Test func generatedPlaybooksInheritLikeAnsible() throws {
        var generator = Generator(random: SplitMix(seed: 22))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swansible-pbfuzz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for index in 0..<16 {
            let text = generator.playbook()
            let file = dir + "/play\(index).yml"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let expected = try Oracle.run(script: PlaybookModelConformanceTests.dumpScript, arguments: [file])
            let actual = try PlaybookModelConformanceTests.ours(file)
            let ours = actual.split(separator: "\n"), theirs = expected.split(separator: "\n")
            #expect(ours.count == theirs.count, "\(text)\n--- ours\n\(actual)\n--- ansible\n\(expected)")
            for (a, b) in zip(ours, theirs) where a != b {
                #expect(a == b, "\n\(text)\n  ours:    \(a)\n  ansible: \(b)")
                break
            }
        }
    }
}
