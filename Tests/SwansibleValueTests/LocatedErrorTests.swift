import Testing
@testable import SwansibleValue

@Suite struct LocatedErrorTests {
    struct Sample: LocatedError {
        var message: String
        var place: SourcePlace?
        var description: String { placedMessage }
    }

    @Test func placeShowsAsMuchAsIsKnown() {
        #expect(SourcePlace(file: "a.yml", line: 3, column: 7).description == "a.yml:3:7")
        #expect(SourcePlace(file: "a.cfg", line: 3).description == "a.cfg:3")
        #expect(SourcePlace(file: "hosts").description == "hosts")
        #expect(SourcePlace(file: "x", column: 2).description == "x", "a column without a line says nothing")
        #expect(SourcePlace(file: "a.yml", line: 3, column: 7).location == SourceLocation(file: "a.yml", line: 3, column: 7))
        #expect(SourcePlace(file: "a.cfg", line: 3).location == nil)
    }

    @Test func placedMessageNeedsAFile() {
        #expect(Sample(message: "bad", place: SourcePlace(file: "f", line: 2)).description == "f:2: bad")
        #expect(Sample(message: "bad", place: SourcePlace(file: nil, line: 2)).description == "bad")
        #expect(Sample(message: "bad", place: nil).description == "bad")
    }
}
