import SwansibleTestSupport
import Testing
@testable import SwansibleYAML

/// Mangled documents must give a value or a `YAMLError`, never a crash or another error.
@Suite struct YAMLRobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures can be replayed.
    static let seeds = [
        "- hosts: all\n  vars:\n    a: &x {b: [1, 2], c: !unsafe '{{ d }}'}\n    e: *x\n    f: {<<: *x, g: 0600}\n  tasks:\n    - debug: msg=hi\n",
        "a: |\n  text\n  more\nb: >-\n  folded\n? [k]\n: v\nc: \"esc\\u00e9\\n\"\nd: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3031\n",
        "--- 1\n--- {a: [b, {c: d}]}\n...\n%YAML 1.1\n--- !!set {x, y}\n",
    ]
    static let alphabet = Array("{}[]:,-?!&*|>'\"#%@`\n\t <<~=.0123456789abcyesnoTrue")

    @Test func mangledDocumentsNeverCrash() {
        var rng = SplitMix64(seed: 42)
        var loaded = 0, refused = 0
        for round in 0..<3000 {
            var chars = Array(Self.seeds[round % Self.seeds.count])
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let i = Int.random(in: 0..<max(chars.count, 1), using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where !chars.isEmpty: chars.remove(at: i)
                case 1: chars.insert(Self.alphabet.randomElement(using: &rng) ?? " ", at: min(i, chars.count))
                default: if !chars.isEmpty { chars[i] = Self.alphabet.randomElement(using: &rng) ?? " " }
                }
            }
            do {
                _ = try YAMLLoader.loadDocuments(String(chars), file: "fuzz.yml").map(\.value)
                loaded += 1
            } catch is YAMLError {
                refused += 1
            } catch {
                Issue.record("round \(round): unexpected error \(error) for \(String(reflecting: String(chars)))")
            }
        }
        #expect(loaded + refused == 3000)
        #expect(loaded > 0 && refused > 0)
    }
}
