import Foundation
import Testing
@testable import Swansible

/// A YAML inventory whose groups list each other through nested aliases (nine levels of nine)
/// makes the reader define groups 9^9 times, as ansible-core does (it hangs on it too): the
/// reader stops at 100,000 definitions with an error at the group.
@Suite struct YAMLInventoryAliasTests {
    static let text: String = {
        var lines = ["all:", "  children:", "    g0: &g0", "      hosts:", "        h0:"]
        for level in 1..<10 {
            let children = (0..<9).map { "k\(level)_\($0): *g\(level - 1)" }.joined(separator: ", ")
            lines.append("    g\(level): &g\(level) {children: {\(children)}}")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func nestedGroupAliasesStopAtTheBound() throws {
        let document = try YAMLInventoryParser.document(Self.text, path: "/inv/hosts.yml", onWarning: { _ in })
        var parser = YAMLInventoryParser(path: "/inv/hosts.yml", directory: "/inv", graph: InventoryGraph(), onWarning: { _ in })
        let start = Date()
        do {
            try parser.parse(document)
            Issue.record("the inventory was read")
        } catch {
            #expect(error.message.contains("more than 100000 times"), "\(error)")
            #expect(error.place?.file == "/inv/hosts.yml")
            #expect(error.place?.line == 3)
        }
        #expect(Date().timeIntervalSince(start) < 60)
    }

    @Test func aFewSharedGroupsAreReadAsBefore() throws {
        let text = "all:\n  children:\n    web: &web\n      hosts: {w1: , w2: }\n    prod:\n      children: {web: *web}\n"
        let document = try YAMLInventoryParser.document(text, path: "/inv/hosts.yml", onWarning: { _ in })
        var parser = YAMLInventoryParser(path: "/inv/hosts.yml", directory: "/inv", graph: InventoryGraph(), onWarning: { _ in })
        try parser.parse(document)
        #expect(parser.graph.groups["web"]?.hosts == ["w1", "w2"])
        #expect(parser.graph.groups["prod"]?.children == ["web"])
    }
}
