import Foundation
import Testing
@testable import Swansible

/// Host ranges in an inventory file multiply (`w[0:99999]x[0:99999]` is ten billion hosts):
/// the whole pattern is held to what one range may give, with an inventory error.
@Suite struct HostRangeBoundTests {
    @Test func nestedRangesBeyondTheBoundAreRefused() throws {
        #expect(throws: InventoryError.self) { try InventoryAddress.expandRanges("w[0:99999]x[0:99999]") }
        #expect(throws: InventoryError.self) { try Inventory.parseINIText("[web]\nw[0:9999]-[0:9999]-[0:9]\n", path: "hosts") }
    }

    @Test func rangesWithinTheBoundExpandAsBefore() throws {
        #expect(try InventoryAddress.expandRanges("w[1:2]x[a:b]") == ["w1xa", "w1xb", "w2xa", "w2xb"])
        #expect(try InventoryAddress.expandRanges("h[0:99]x[0:999]").count == 100_000)
    }
}

extension HostRangeBoundTests {
    /// Adding a host to a group used to search the group's whole host list: 40,000 hosts from
    /// one range took about a minute (found by `swansible-fuzz ini` as a hang).
    @Test func aLargeRangeIsReadInLinearTime() throws {
        let start = Date()
        try Inventory.parseINIText("[web]\nw[0:39999].example.com\n[db]\nw[0:9999].example.com\n", path: "hosts")
        #expect(Date().timeIntervalSince(start) < 15)
    }
}
