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
