import Foundation
import Testing
@testable import SwansibleYAML

/// "Billion laughs" documents: nested aliases stay shared references, so loading, converting
/// and walking them costs what their text does (PyYAML shares them too; ansible-core loads
/// such a file in under a second).
@Suite struct YAMLAliasBombTests {
    /// Ten levels of nine references: 9^10 (3.4 billion) leaves once expanded, 480 bytes of text.
    static func bomb(leaf: String = "lol", tag: String = "") -> String {
        "l0: &l0 [\(Array(repeating: leaf, count: 9).joined(separator: ", "))]\n" + levels(tag: tag)
    }

    /// `l1` to `l9`, each a list of nine aliases of the level below.
    static func levels(tag: String = "") -> String {
        (1..<10).map { "l\($0): &l\($0) \(tag)[\(Array(repeating: "*l\($0 - 1)", count: 9).joined(separator: ", "))]\n" }.joined()
    }

    /// Runs `body` and fails when it takes longer than a generous bound (the bug took minutes).
    func withinSeconds<T>(_ seconds: Double, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        let result = try body()
        #expect(Date().timeIntervalSince(start) < seconds, "took \(Date().timeIntervalSince(start)) s")
        return result
    }

    @Test func nestedAliasesLoadAsSharedValues() throws {
        let node = try withinSeconds(5) { try YAMLLoader.loadNode(Self.bomb(), file: "bomb.yml") }
        let value = try #require(node?.value)
        #expect(value["l9"]?.listValue?.count == 9)
        #expect(value["l9"]?.listValue?.first?.listValue?.count == 9)
        #expect(value["l9"]?.expandedCount(exceeds: 10_000_000) == true)
        #expect(withinSeconds(5) { node?.containsVault } == false)
    }

    @Test func nestedAliasesInsideUnsafeGiveTheNodeAsFirstBuilt() throws {
        // like ansible-core's loader: an alias inside `!unsafe` is the node as its anchor built it
        let text = "u0: &u0 !unsafe ['{{ x }}', y]\n" + Self.bomb(leaf: "'{{ x }}'", tag: "!unsafe ")
            + "u1: !unsafe [*u0, *l9]\n"
        let value = try withinSeconds(5) { try YAMLLoader.loadValue(text, file: "bomb.yml") }
        var item = value["l9"]
        for _ in 0..<10 { item = item?.listValue?.first }
        #expect(item == .string("{{ x }}"))
        #expect(value["u1"]?.listValue?.first == [.unsafe("{{ x }}"), .unsafe("y")])
    }

    @Test func mergeKeysOverNestedAliasesAreMergedOnce() throws {
        var text = "m0: &m0 {k: 0, j: 1}\n"
        for level in 1..<12 {
            text += "m\(level): &m\(level) {<<: [\(Array(repeating: "*m\(level - 1)", count: 9).joined(separator: ", "))], k: \(level)}\n"
        }
        let value = try withinSeconds(5) { try YAMLLoader.loadValue(text, file: "merge.yml") }
        #expect(value["m11"] == ["k": 11, "j": 1])
        #expect(value["m1"] == ["k": 1, "j": 1])
    }

    @Test func vaultWalksVisitASharedVaultOnce() throws {
        // one vault value, reached 9^9 times through the levels above it
        let doc = "l0: &l0\n  - !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      3031\n  - plain\n" + Self.levels()
        let node = try #require(try withinSeconds(5) { try YAMLLoader.loadNode(doc, file: "vault.yml") })
        #expect(node.containsVault)
        var opened = 0
        let value = withinSeconds(5) { node.value(replacingVault: { _ in opened += 1; return "secret" }) }
        #expect(opened == 1)
        var item = value["l9"]
        for _ in 0..<10 { item = item?.listValue?.first }
        #expect(item == "secret")
        opened = 0
        let replaced = withinSeconds(5) { node.replacingVault { _ in opened += 1; return "secret" } }
        #expect(opened == 1)
        #expect(!replaced.containsVault)
        #expect(replaced.value["l1"]?.listValue?.first == ["secret", "plain"])
    }
}
