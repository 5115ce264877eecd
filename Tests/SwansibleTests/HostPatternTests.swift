import Testing
@testable import Swansible

@Suite struct HostPatternTests {
    /// web: w1 w2 w3 · db: d1 · prod: web + db · staging: w3 s1
    func inventory() throws -> Inventory {
        var g = InventoryGraph()
        for (group, hosts) in [("web", ["w1", "w2", "w3"]), ("db", ["d1"]), ("staging", ["w3", "s1"])] {
            g.addGroup(group)
            for h in hosts { g.addHost(h, group: group, port: nil) }
        }
        g.addGroup("prod")
        try g.addChild("web", to: "prod")
        try g.addChild("db", to: "prod")
        try g.reconcile()
        return Inventory(graph: g, varsDirectories: [])
    }

    @Test(arguments: [
        // all's children are ungrouped, staging, prod (web and db already have a parent): breadth first
        ("all", ["w3", "s1", "w1", "w2", "d1"]),
        ("*", ["w3", "s1", "w1", "w2", "d1"]),
        ("web", ["w1", "w2", "w3"]),
        ("web:db", ["w1", "w2", "w3", "d1"]),
        ("db,web", ["d1", "w1", "w2", "w3"]),
        ("prod:&staging", ["w3"]),
        ("prod:!staging", ["w1", "w2", "d1"]),
        ("!staging", ["w1", "w2", "d1"]),
        ("w*", ["w1", "w2", "w3"]),
        ("~[ws]\\d", ["w1", "w2", "w3", "s1"]),
        ("web[0]", ["w1"]),
        ("web[-1]", ["w3"]),
        ("web[0:1]", ["w1", "w2"]),
        ("web[1:]", ["w2", "w3"]),
        ("s1:w2", ["s1", "w2"]),
        ("nosuch", []),
        ("localhost", ["localhost"]),
        ("web:&nosuch", []),
    ])
    func patternsSelectLikeAnsible(_ pattern: String, _ expected: [String]) throws {
        #expect(try inventory().hosts(matching: pattern) == expected)
    }

    @Test func subscriptOutOfRangeIsAnError() throws {
        #expect(throws: InventoryError.self) { try inventory().hosts(matching: "web[7]") }
        #expect(try inventory().hosts(matching: "web[7:9]") == [])
    }

    @Test func splittingKeepsAddressesAndRanges() {
        #expect(HostPattern.split("a:b:&c:!d") == ["a", "b", "&c", "!d"])
        #expect(HostPattern.split("web[1:3]") == ["web[1:3]"])
        #expect(HostPattern.split(" a , b ") == ["a", "b"])
        #expect(HostPattern.split("fe80::1") == ["fe80::1"])
        #expect(HostPattern.split("g[0]:h[1:2]") == ["g[0]", "h[1:2]"])
    }

    @Test func invalidRegexIsAnError() throws {
        #expect(throws: InventoryError.self) { try inventory().hosts(matching: "~(") }
    }
}
